package org.tandem.registry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.patient.PatientId;
import org.tandem.platform.Actor;
import org.tandem.platform.TenantJdbc;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditEntry;
import org.tandem.privacy.AuditOutcome;
import org.tandem.privacy.AuditTrail;
import org.tandem.privacy.DataCategory;
import org.tandem.privacy.Operation;

/**
 * Time spent on patients' behavioral health care: contacts by care managers (phone, in person, video, message) and
 * time logged by the PCP and the psychiatric consultant. Entries are never changed; the billing month counts them.
 */
@Component
public class TimeLog {

    /** The longest single entry: a working day. */
    static final int MAX_MINUTES = 480;

    private final TenantJdbc jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;

    TimeLog(TenantJdbc jdbc, AccessPolicy policy, AuditTrail audit, Clock clock,
            org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Logs time on an episode.
     *
     * @throws InvalidRegistryData when minutes, mode or activity are missing or out of range, the time is in the future
     *         or before the referral, or the current user is not a care manager, BHC, PCP or consultant
     */
    @Transactional
    public TimeEntry log(TimeLogEntry entry) {
        TenantJdbc.Scoped sql = jdbc.current();
        if (entry.episode() == null) {
            throw new InvalidRegistryData("Time is logged on an episode of care");
        }
        Episode episode = Episodes.load(sql, entry.episode());
        Actor actor = policy.require(sql.practiceId(), episode.patient().value(), DataCategory.CLINICAL, Operation.CREATE);
        List<String> problems = new ArrayList<>();
        ClinicianRole role = entry.role();
        if (role == null) {
            role = ClinicianRole.of(actor).orElse(null);
            if (role == null) {
                problems.add("Only care managers, behavioral health clinicians, PCPs and psychiatric consultants log time");
            }
        }
        if (entry.minutes() < 1 || entry.minutes() > MAX_MINUTES) {
            problems.add("Minutes must be between 1 and " + MAX_MINUTES);
        }
        if (entry.mode() == null) {
            problems.add("Say how the contact happened (phone, in person, video, message, or no patient contact)");
        }
        if (entry.activity() == null) {
            problems.add("Say what the time was spent on");
        }
        Instant now = clock.instant();
        Instant started = entry.startedAt() != null ? entry.startedAt() : now.minusSeconds(60L * Math.max(entry.minutes(), 0));
        if (started.isAfter(now.plusSeconds(300))) {
            problems.add("Time cannot be logged in the future");
        }
        if (started.atZone(ZoneOffset.UTC).toLocalDate().isBefore(episode.referredOn().minusDays(1))) {
            problems.add("The time is before the episode began on " + episode.referredOn());
        }
        if (entry.note() != null && entry.note().length() > 4000) {
            problems.add("The note is longer than 4,000 characters");
        }
        if (!problems.isEmpty()) {
            throw new InvalidRegistryData(problems);
        }
        UUID id = UUID.randomUUID();
        UUID account = actor.kind() == Actor.Kind.USER ? parse(actor.id()) : null;
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("episode", episode.id());
        row.put("patient", episode.patient().value());
        row.put("started", OffsetDateTime.ofInstant(started, ZoneOffset.UTC));
        row.put("minutes", entry.minutes());
        row.put("mode", entry.mode().code());
        row.put("activity", entry.activity().code());
        row.put("role", role.code());
        row.put("account", account);
        row.put("by", actor.name());
        row.put("note", Episodes.blankToNull(entry.note()));
        row.put("response", entry.response());
        row.put("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        sql.update("INSERT INTO registry_time_entry (practice_id, id, episode_id, patient_id, started_at, minutes, mode, activity, "
                + "clinician_role, account_id, recorded_by, note, response_id, created_at) VALUES (:practiceId, :id, :episode, :patient, "
                + ":started, :minutes, :mode, :activity, :role, :account, :by, :note, :response, :now)", row);
        audit.record(AuditEntry.patient(AuditAction.CREATE, episode.patient().value(), "TimeEntry", id.toString())
                .withDetail(entry.minutes() + " min " + entry.mode().code() + " " + entry.activity().code()));
        events.publishEvent(new RegistryDataChanged(sql.practiceId()));
        return new TimeEntry(id, episode.id(), episode.patient(), started, entry.minutes(), entry.mode(), entry.activity(), role,
                account, actor.name(), Episodes.blankToNull(entry.note()), entry.response(), now);
    }

    /** The time entries of an episode, newest first (access policy and audit apply). */
    @Transactional
    public List<TimeEntry> of(UUID episodeId) {
        TenantJdbc.Scoped sql = jdbc.current();
        Episode episode = Episodes.load(sql, episodeId);
        policy.require(sql.practiceId(), episode.patient().value(), DataCategory.CLINICAL, Operation.READ);
        List<TimeEntry> entries = sql.query("SELECT * FROM registry_time_entry WHERE practice_id = :practiceId AND episode_id = :episode "
                + "ORDER BY started_at DESC, created_at DESC", Map.of("episode", episodeId), TimeLog::toEntry);
        audit.record(AuditEntry.patient(AuditAction.READ, episode.patient().value(), "TimeEntry", null)
                .withDetail(entries.size() + " entries of episode " + episodeId));
        return entries;
    }

    /** Every time entry of the practice started in [from, to), oldest first (one search in the audit trail). */
    @Transactional
    public List<TimeEntry> between(Instant from, Instant to) {
        policy.requireSearch(DataCategory.CLINICAL);
        TenantJdbc.Scoped sql = jdbc.current();
        List<TimeEntry> entries = sql.query("SELECT * FROM registry_time_entry WHERE practice_id = :practiceId "
                + "AND started_at >= :from AND started_at < :to ORDER BY started_at, created_at",
                Map.of("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC), "to", OffsetDateTime.ofInstant(to, ZoneOffset.UTC)),
                TimeLog::toEntry);
        audit.record(new AuditEntry(AuditAction.SEARCH, null, "TimeEntry", null, AuditOutcome.SUCCESS,
                entries.size() + " entries started between " + from + " and " + to));
        return entries;
    }

    /** Time entries of many episodes (callers have passed the access policy and audit the search). */
    static Map<UUID, List<TimeEntry>> ofEpisodes(TenantJdbc.Scoped sql, List<UUID> episodes) {
        Map<UUID, List<TimeEntry>> byEpisode = new HashMap<>();
        for (int start = 0; start < episodes.size(); start += 500) {
            for (TimeEntry e : sql.query("SELECT * FROM registry_time_entry WHERE practice_id = :practiceId AND episode_id IN (:ids) "
                    + "ORDER BY started_at", Map.of("ids", episodes.subList(start, Math.min(episodes.size(), start + 500))),
                    TimeLog::toEntry)) {
                byEpisode.computeIfAbsent(e.episode(), k -> new ArrayList<>()).add(e);
            }
        }
        return byEpisode;
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static TimeEntry toEntry(ResultSet rs, int n) throws SQLException {
        return new TimeEntry(rs.getObject("id", UUID.class), rs.getObject("episode_id", UUID.class),
                new PatientId(rs.getObject("patient_id", UUID.class)), rs.getObject("started_at", OffsetDateTime.class).toInstant(),
                rs.getInt("minutes"), ContactMode.of(rs.getString("mode")), Activity.of(rs.getString("activity")),
                ClinicianRole.of(rs.getString("clinician_role")), rs.getObject("account_id", UUID.class), rs.getString("recorded_by"),
                rs.getString("note"), rs.getObject("response_id", UUID.class), rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
