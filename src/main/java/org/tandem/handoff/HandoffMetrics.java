package org.tandem.handoff;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.platform.Role;
import org.tandem.platform.TenantJdbc;
import org.tandem.practice.Practices;
import org.tandem.privacy.AccessPolicy;

/**
 * Warm handoff metrics of the caller's practice, from the stored requests: how many were made, accepted, completed and
 * missed, how long acceptance took, by week, hour of day, accepting clinician, reason and requesting clinician.
 * Counts only (no patient is named), for practice admins, behavioral health clinicians, PCPs and care managers.
 * <ul>
 * <li><b>requests</b>: requests made in the period (by their request time), whatever became of them.</li>
 * <li><b>accepted</b>: requests a clinician accepted (an acceptance time is recorded), even if the visit did not
 * happen in the end.</li>
 * <li><b>completed</b>: requests closed with the outcome "completed" (the warm handoff took place); a request converted
 * to a scheduled visit is not counted here.</li>
 * <li><b>missed because nobody was available</b>: requests never accepted for which either nobody was available to
 * offer them to when they were made ({@code offered_count = 0}), or nobody accepted in time so that they escalated
 * (an escalation time is recorded), or that were closed with the outcome "not available". A request still waiting
 * for its first clinician to answer, or cancelled (patient left, declined) before it escalated, is not missed.</li>
 * <li><b>median time to accept</b>: the exact median of the time from request to acceptance over the accepted
 * requests, in seconds to the millisecond (the mean of the two middle values when their number is even); shown in
 * minutes.</li>
 * <li><b>acceptance rate</b>: accepted / requests.</li>
 * </ul>
 * Weeks run Monday to Sunday and hours are local to the practice's time zone.
 */
@Component
public class HandoffMetrics {

    /** Who may read the metrics. */
    public static final Set<Role> READERS = Collections.unmodifiableSet(
            EnumSet.of(Role.PRACTICE_ADMIN, Role.BHC, Role.PCP, Role.CARE_MANAGER));
    /** The longest period at once (two years). */
    public static final int MAX_DAYS = 2 * 366;

    private final TenantJdbc jdbc;
    private final Practices practices;
    private final AccessPolicy policy;

    HandoffMetrics(TenantJdbc jdbc, Practices practices, AccessPolicy policy) {
        this.jdbc = jdbc;
        this.practices = practices;
        this.policy = policy;
    }

    /** One stored request, as far as the metrics need it (no patient). */
    record Request(Instant requestedAt, Instant acceptedAt, UUID acceptedBy, String acceptedByName, UUID requester,
            String requesterName, String reason, String outcome, int offeredCount, Instant escalatedAt) {

        boolean accepted() {
            return acceptedAt != null;
        }

        boolean completed() {
            return HandoffOutcome.COMPLETED.code().equals(outcome);
        }

        /** See the class comment: never accepted, and nobody available, escalated, or closed as not available. */
        boolean missed() {
            return acceptedAt == null && (offeredCount == 0 || escalatedAt != null
                    || HandoffOutcome.NOT_AVAILABLE.code().equals(outcome));
        }
    }

    /**
     * The metrics of the caller's practice over a period, optionally for one reason or one requesting clinician.
     *
     * @throws InvalidHandoffData when a date is missing, the last day is before the first or the period is longer than
     *         {@link #MAX_DAYS} days
     */
    @Transactional(readOnly = true)
    public HandoffMetricsReport report(HandoffMetricsReport.Filter filter) {
        List<String> problems = new ArrayList<>();
        if (filter == null || filter.from() == null || filter.to() == null) {
            problems.add("Handoff metrics need the first and the last day of the period");
        } else if (filter.to().isBefore(filter.from())) {
            problems.add("The last day of the period (" + filter.to() + ") is before its first day (" + filter.from() + ")");
        } else if (ChronoUnit.DAYS.between(filter.from(), filter.to()) + 1 > MAX_DAYS) {
            problems.add("Handoff metrics cover at most " + MAX_DAYS + " days (two years) at once");
        }
        if (!problems.isEmpty()) {
            throw new InvalidHandoffData(problems);
        }
        policy.requireStaff(READERS);
        TenantJdbc.Scoped sql = jdbc.current();
        ZoneId zone = practices.zoneOf(sql.practiceId());
        StringBuilder where = new StringBuilder("FROM handoff_request WHERE practice_id = :practiceId "
                + "AND requested_at >= :from AND requested_at < :to");
        Map<String, Object> params = new HashMap<>();
        params.put("from", OffsetDateTime.ofInstant(filter.from().atStartOfDay(zone).toInstant(), ZoneOffset.UTC));
        params.put("to", OffsetDateTime.ofInstant(filter.to().plusDays(1).atStartOfDay(zone).toInstant(), ZoneOffset.UTC));
        if (filter.reason() != null) {
            where.append(" AND reason = :reason");
            params.put("reason", filter.reason().code());
        }
        if (filter.requester() != null) {
            where.append(" AND COALESCE(on_behalf_of, requested_by) = :requester");
            params.put("requester", filter.requester());
        }
        List<Request> requests = sql.query("SELECT requested_at, accepted_at, accepted_by, accepted_by_name, requested_by, "
                + "requested_by_name, on_behalf_of, reason, outcome, offered_count, escalated_at " + where, params,
                HandoffMetrics::toRequest);
        Set<UUID> people = new HashSet<>();
        for (Request r : requests) {
            people.add(r.requester());
            if (r.acceptedBy() != null) {
                people.add(r.acceptedBy());
            }
        }
        return aggregate(filter, zone, requests, practices.displayNames(people));
    }

    private static Request toRequest(ResultSet rs, int n) throws SQLException {
        UUID onBehalfOf = rs.getObject("on_behalf_of", UUID.class);
        UUID requestedBy = rs.getObject("requested_by", UUID.class);
        return new Request(instant(rs, "requested_at"), instant(rs, "accepted_at"), rs.getObject("accepted_by", UUID.class),
                rs.getString("accepted_by_name"), onBehalfOf == null ? requestedBy : onBehalfOf,
                onBehalfOf == null ? rs.getString("requested_by_name") : null, rs.getString("reason"), rs.getString("outcome"),
                rs.getInt("offered_count"), instant(rs, "escalated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** The report from the requests of the period (pure; names of staff accounts by id, for labels). */
    static HandoffMetricsReport aggregate(HandoffMetricsReport.Filter filter, ZoneId zone, List<Request> requests,
            Map<UUID, String> names) {
        Tally total = new Tally();
        Map<LocalDate, Tally> weeks = new LinkedHashMap<>();
        for (LocalDate monday = filter.from().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                !monday.isAfter(filter.to()); monday = monday.plusWeeks(1)) {
            weeks.put(monday, new Tally());
        }
        Tally[] hours = new Tally[24];
        for (int h = 0; h < 24; h++) {
            hours[h] = new Tally();
        }
        Map<UUID, Tally> acceptors = new HashMap<>();
        Map<UUID, String> acceptorNames = new HashMap<>();
        Map<String, Tally> reasons = new HashMap<>();
        Map<UUID, Tally> requesters = new HashMap<>();
        Map<UUID, String> requesterNames = new HashMap<>();
        for (Request r : requests) {
            var local = r.requestedAt().atZone(zone);
            total.add(r);
            weeks.computeIfAbsent(local.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), d -> new Tally())
                    .add(r);
            hours[local.getHour()].add(r);
            reasons.computeIfAbsent(r.reason(), k -> new Tally()).add(r);
            requesters.computeIfAbsent(r.requester(), k -> new Tally()).add(r);
            if (r.requesterName() != null) {
                requesterNames.putIfAbsent(r.requester(), r.requesterName());
            }
            if (r.acceptedBy() != null) {
                acceptors.computeIfAbsent(r.acceptedBy(), k -> new Tally()).add(r);
                if (r.acceptedByName() != null) {
                    acceptorNames.putIfAbsent(r.acceptedBy(), r.acceptedByName());
                }
            }
        }
        List<HandoffMetricsReport.Row> byWeek = new ArrayList<>();
        weeks.forEach((monday, tally) -> byWeek.add(new HandoffMetricsReport.Row(monday.toString(), monday.toString(), tally.counts())));
        List<HandoffMetricsReport.Row> byHour = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            byHour.add(new HandoffMetricsReport.Row(Integer.toString(h), String.format(Locale.ROOT, "%02d:00", h), hours[h].counts()));
        }
        List<HandoffMetricsReport.Row> byReason = new ArrayList<>();
        for (HandoffReason reason : HandoffReason.values()) {
            Tally tally = reasons.remove(reason.code());
            if (tally != null) {
                byReason.add(new HandoffMetricsReport.Row(reason.code(), reason.code(), tally.counts()));
            }
        }
        reasons.forEach((code, tally) -> byReason.add(new HandoffMetricsReport.Row(code, code, tally.counts())));
        return new HandoffMetricsReport(filter, zone, total.counts(), byWeek, byHour, people(acceptors, names, acceptorNames),
                byReason, people(requesters, names, requesterNames));
    }

    private static List<HandoffMetricsReport.Row> people(Map<UUID, Tally> tallies, Map<UUID, String> names,
            Map<UUID, String> fallback) {
        List<HandoffMetricsReport.Row> rows = new ArrayList<>();
        tallies.forEach((id, tally) -> {
            String name = names.get(id);
            if (name == null) {
                name = fallback.getOrDefault(id, id.toString());
            }
            rows.add(new HandoffMetricsReport.Row(id.toString(), name, tally.counts()));
        });
        rows.sort(Comparator.comparing((HandoffMetricsReport.Row r) -> r.label().toLowerCase(Locale.ROOT))
                .thenComparing(HandoffMetricsReport.Row::key));
        return rows;
    }

    /** The exact median of a list of values (the mean of the two middle ones for an even count), or null when empty. */
    static Double median(List<Long> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? (double) sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
    }

    private static final class Tally {
        int requests;
        int accepted;
        int completed;
        int missed;
        final List<Long> millisToAccept = new ArrayList<>();

        void add(Request r) {
            requests++;
            if (r.accepted()) {
                accepted++;
                millisToAccept.add(Math.max(0, Duration.between(r.requestedAt(), r.acceptedAt()).toMillis()));
            }
            if (r.completed()) {
                completed++;
            }
            if (r.missed()) {
                missed++;
            }
        }

        HandoffMetricsReport.Counts counts() {
            Double medianMillis = median(millisToAccept);
            return new HandoffMetricsReport.Counts(requests, accepted, completed, missed,
                    medianMillis == null ? null : medianMillis / 1000.0);
        }
    }
}
