package org.tandem.scheduling;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.practice.Practices;
import org.tandem.privacy.AccessPolicy;

/**
 * Builds the practice's demand profile from its own data: primary care visits (patient module), positive screens
 * (screening module) and handoff requests (any {@link DemandSource}, the handoff module's). Counts only.
 */
@Component
public class DemandProfiles {

    /** The longest period a profile is built over (three years). */
    public static final int MAX_DAYS = 3 * 366;

    private final ObjectProvider<DemandSource> sources;
    private final Practices practices;
    private final CurrentActor actors;
    private final AccessPolicy policy;

    DemandProfiles(ObjectProvider<DemandSource> sources, Practices practices, CurrentActor actors, AccessPolicy policy) {
        this.sources = sources;
        this.practices = practices;
        this.actors = actors;
        this.policy = policy;
    }

    /**
     * The profile over [from, to] (whole days in the practice's time zone) of the caller's practice: for every kind a
     * {@link DemandSource} counts, the events of each weekday and local hour divided by the number of weeks in the
     * period (days / 7), i.e. the average per week. Any staff member of the practice may read it (counts only).
     *
     * @throws InvalidScheduleData when a date is missing, {@code to} is before {@code from} or the period is longer than
     *         {@link #MAX_DAYS} days
     */
    @Transactional(readOnly = true)
    public DemandProfile of(LocalDate from, LocalDate to) {
        List<String> problems = new ArrayList<>();
        if (from == null || to == null) {
            problems.add("A demand profile needs the first and the last day of its period");
        } else if (to.isBefore(from)) {
            problems.add("The last day of the period (" + to + ") is before its first day (" + from + ")");
        } else if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            problems.add("A demand profile covers at most " + MAX_DAYS + " days (three years)");
        }
        if (!problems.isEmpty()) {
            throw new InvalidScheduleData(problems);
        }
        policy.requireStaff();
        PracticeId practice = actors.requirePractice();
        ZoneId zone = practices.zoneOf(practice);
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        double weeks = (ChronoUnit.DAYS.between(from, to) + 1) / 7.0;
        Map<DemandKind, double[][]> perWeek = new EnumMap<>(DemandKind.class);
        Map<DemandKind, String> counted = new EnumMap<>(DemandKind.class);
        for (DemandSource source : sources.orderedStream().toList()) {
            String previous = counted.put(source.kind(), source.getClass().getName());
            if (previous != null) {
                throw new IllegalStateException("Two demand sources count " + source.kind() + ": " + previous + " and "
                        + source.getClass().getName());
            }
            perWeek.put(source.kind(), averages(source.countsByWeekdayHour(practice, start, end, zone), weeks));
        }
        return new DemandProfile(zone, from, to, weeks, perWeek);
    }

    static double[][] averages(int[][] counts, double weeks) {
        double[][] averages = new double[7][24];
        for (int day = 0; day < 7; day++) {
            for (int hour = 0; hour < 24; hour++) {
                averages[day][hour] = counts[day][hour] / weeks;
            }
        }
        return averages;
    }

    /** A demand source counts the caller's own practice only. */
    static void requireOwnPractice(CurrentActor actors, PracticeId practice) {
        if (!actors.requirePractice().equals(practice)) {
            throw new AccessDeniedException("Demand is counted for the caller's own practice only");
        }
    }
}
