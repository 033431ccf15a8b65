package org.tandem.measure;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The few CQL semantics the measures need, over the patient model (CQL 1.5, "Interval Operators", "Date and Time
 * Operators"; FHIRHelpers 4.4.000 ToInterval(Period); QICoreCommon 2.1.000 toInterval/prevalenceInterval).
 *
 * <p>Date-times are instants; "day of" comparisons take the calendar day in the practice's zone. A CQL comparison
 * that would be null (an unknown boundary, or an uncertain comparison of a day-precision value with a finer one on
 * the same day) is false here: every use in CMS2/CMS159 sits in a {@code where}/{@code such that} conjunction or a
 * disjunction of them, never under {@code not}, so null and false select the same records.
 */
final class Cql {

    /** CQL's minimum and maximum DateTime: a closed boundary given as null (CQL 1.5, "Interval Values"). */
    static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999Z");

    private Cql() {
    }

    /**
     * An Interval&lt;DateTime&gt;: a null boundary is unknown (an open null boundary in CQL); {@link #MIN}/{@link #MAX}
     * are unbounded (a closed null boundary). {@code lowDay}/{@code highDay}: the boundary has day precision.
     */
    record Span(Instant low, Instant high, boolean lowDay, boolean highDay) {

        static Span of(Instant low, Instant high) {
            return new Span(low, high, false, false);
        }
    }

    /** The measurement period as the CQL parameter: [first day 00:00:00.000, last day 23:59:59.999] in the zone. */
    static Span period(MeasurePeriod p, ZoneId zone) {
        return Span.of(p.start().atStartOfDay(zone).toInstant(), p.end().plusDays(1).atStartOfDay(zone).toInstant().minusMillis(1));
    }

    /**
     * FHIRHelpers.ToInterval(Encounter.period): {@code Interval[start, end]}, or {@code Interval(null, end]} (unknown
     * start) when start is absent; a missing end is a closed null boundary (unbounded). Null when there is no period.
     */
    static Span period(MeasureEncounter e) {
        if (e.start() == null && e.end() == null) {
            return null;
        }
        return Span.of(e.start(), e.end() == null ? MAX : e.end());
    }

    /**
     * QICoreCommon toInterval() of Observation.effective / Procedure.performed: a point is {@code Interval[t, t]}, a
     * Period as FHIRHelpers.ToInterval. Null when absent.
     */
    static Span timing(MeasureEvent e) {
        if (e.start() == null && e.end() == null) {
            return null;
        }
        boolean point = e.end() != null && e.end().equals(e.start());
        return new Span(e.start(), e.end() == null ? MAX : e.end(), e.dateOnly(), point && e.dateOnly());
    }

    /**
     * QICoreCommon 2.1.000 prevalenceInterval(): {@code Interval[start of onset, end of abatementInterval()]}, closed
     * when the condition is active, recurrence or relapse; otherwise closed when there is an abatement and open (an
     * unknown end) without one. A missing onset is a closed null start: unbounded.
     */
    static Span prevalence(MeasureEvent condition) {
        Instant low = condition.start() == null ? MIN : condition.start();
        Instant high;
        if (condition.end() != null) {
            high = condition.end();
        } else {
            high = isActive(condition) ? MAX : null;
        }
        return new Span(low, high, condition.dateOnly(), false);
    }

    /** QICoreCommon isActive(): clinicalStatus ~ active, recurrence or relapse. */
    static boolean isActive(MeasureEvent condition) {
        return has(condition.clinicalStatus(), CONDITION_CLINICAL, "active") || has(condition.clinicalStatus(), CONDITION_CLINICAL, "recurrence")
                || has(condition.clinicalStatus(), CONDITION_CLINICAL, "relapse");
    }

    /** CMS159 isConfirmedActiveDiagnosis(): isActive() and verificationStatus ~ QICoreCommon."confirmed". */
    static boolean isConfirmedActive(MeasureEvent condition) {
        return isActive(condition) && has(condition.verificationStatus(), CONDITION_VERIFICATION, "confirmed");
    }

    static final String CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    static final String CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status";

    /** CQL {@code ~} of a CodeableConcept (its codings) with one code. */
    static boolean has(Collection<MeasureCode> codings, String system, String code) {
        for (MeasureCode c : codings) {
            if (ExpansionIndex.sameCode(c, system, code)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------------- comparisons

    /** The calendar day of an instant in the zone; the unbounded sentinels stay unbounded. */
    static LocalDate day(Instant t, ZoneId zone) {
        if (t.equals(MIN)) {
            return LocalDate.MIN;
        }
        if (t.equals(MAX)) {
            return LocalDate.MAX;
        }
        return DayTable.of(zone).day(t);
    }

    /**
     * The zone's UTC offset for every day from 1900 to 2100, so that {@link #day} (called for every encounter and event
     * of every patient in every period: the largest part of a population evaluation) is an array read instead of a
     * {@code ZoneRules} look-up (a binary search, and for dates after the zone's last listed transition a per-year
     * rule computation through a map). Days on which the offset changes, and instants outside the range, fall back to
     * {@link LocalDate#ofInstant}, so the result is always the same.
     */
    private static final class DayTable {

        private static final long FIRST_DAY = LocalDate.of(1900, 1, 1).toEpochDay();
        private static final int DAYS = (int) (LocalDate.of(2101, 1, 1).toEpochDay() - FIRST_DAY);
        /** Marks a UTC day in which the zone's offset changes. */
        private static final int CHANGES = Integer.MIN_VALUE;
        private static final java.util.concurrent.ConcurrentHashMap<ZoneId, DayTable> TABLES = new java.util.concurrent.ConcurrentHashMap<>();
        private static volatile DayTable last;

        private final ZoneId zone;
        private final int[] offsets;

        private DayTable(ZoneId zone) {
            this.zone = zone;
            this.offsets = new int[DAYS];
            java.time.zone.ZoneRules rules = zone.getRules();
            int next = rules.getOffset(Instant.ofEpochSecond(FIRST_DAY * 86_400)).getTotalSeconds();
            for (int i = 0; i < DAYS; i++) {
                long dayStart = (FIRST_DAY + i) * 86_400;
                int start = next;
                next = rules.getOffset(Instant.ofEpochSecond(dayStart + 86_400)).getTotalSeconds();
                java.time.zone.ZoneOffsetTransition transition = rules.nextTransition(Instant.ofEpochSecond(dayStart));
                boolean changes = transition != null && transition.getInstant().getEpochSecond() < dayStart + 86_400;
                offsets[i] = changes || start != next ? CHANGES : start;
            }
        }

        static DayTable of(ZoneId zone) {
            DayTable table = last;
            if (table == null || !table.zone.equals(zone)) {
                table = TABLES.computeIfAbsent(zone, DayTable::new);
                last = table;
            }
            return table;
        }

        LocalDate day(Instant t) {
            long index = Math.floorDiv(t.getEpochSecond(), 86_400) - FIRST_DAY;
            if (index >= 0 && index < DAYS) {
                int offset = offsets[(int) index];
                if (offset != CHANGES) {
                    return LocalDate.ofEpochDay(Math.floorDiv(t.getEpochSecond() + offset, 86_400));
                }
            }
            return LocalDate.ofInstant(t, zone);
        }
    }

    /**
     * Compares two date-times as CQL does without a precision: null when either is unknown, or when one has day
     * precision and both fall on the same day (uncertain).
     */
    static Integer compare(Instant a, boolean aDay, Instant b, boolean bDay, ZoneId zone) {
        if (a == null || b == null) {
            return null;
        }
        if (aDay || bDay) {
            int byDay = day(a, zone).compareTo(day(b, zone));
            if (byDay != 0 || (aDay && bDay)) {
                return byDay;
            }
            return null;
        }
        return a.compareTo(b);
    }

    static boolean lessOrEqual(Instant a, boolean aDay, Instant b, boolean bDay, ZoneId zone) {
        Integer c = compare(a, aDay, b, bDay, zone);
        return c != null && c <= 0;
    }

    static boolean less(Instant a, boolean aDay, Instant b, boolean bDay, ZoneId zone) {
        Integer c = compare(a, aDay, b, bDay, zone);
        return c != null && c < 0;
    }

    /** {@code t in Interval[low, high]} without precision ({@code tDay}: t has day precision). */
    static boolean in(Instant t, boolean tDay, Span s, ZoneId zone) {
        return s != null && lessOrEqual(s.low(), s.lowDay(), t, tDay, zone) && lessOrEqual(t, tDay, s.high(), s.highDay(), zone);
    }

    /** {@code t in day of Interval[low, high]}: the day of t within [low, high] (days). */
    static boolean inDays(Instant t, LocalDate low, LocalDate high, ZoneId zone) {
        if (t == null || low == null || high == null) {
            return false;
        }
        LocalDate d = day(t, zone);
        return !d.isBefore(low) && !d.isAfter(high);
    }

    /** {@code a included in day of [low, high]}: a's start day ≥ low and end day ≤ high. */
    static boolean includedInDays(Span a, LocalDate low, LocalDate high, ZoneId zone) {
        return a != null && a.low() != null && a.high() != null && !day(a.low(), zone).isBefore(low) && !day(a.high(), zone).isAfter(high);
    }

    /** {@code a overlaps day of [low, high]}: a's start day ≤ high and end day ≥ low. */
    static boolean overlapsDays(Span a, LocalDate low, LocalDate high, ZoneId zone) {
        return a != null && a.low() != null && a.high() != null && !day(a.low(), zone).isAfter(high) && !day(a.high(), zone).isBefore(low);
    }

    /** {@code a overlaps b} at millisecond precision: start a ≤ end b and end a ≥ start b. */
    static boolean overlaps(Span a, Span b, ZoneId zone) {
        return a != null && b != null && lessOrEqual(a.low(), a.lowDay(), b.high(), b.highDay(), zone)
                && lessOrEqual(b.low(), b.lowDay(), a.high(), a.highDay(), zone);
    }

    // ------------------------------------------------------------------------------------------------------ values

    /**
     * CQL AgeInYearsAt / CalculateAgeInYearsAt on dates: whole calendar years from the birth date to the date (a
     * birthday on 29 February is reached on 1 March in common years, as CQL's years between).
     */
    static int ageInYears(LocalDate birthDate, LocalDate at) {
        return java.time.Period.between(birthDate, at).getYears();
    }

    /**
     * {@code value as Integer}: the Observation's numeric value when it is a whole number, else null. The CMS159 CQL
     * casts FHIRHelpers.ToValue(value) to Integer (valueInteger in QI-Core 4.1.1). Tandem also accepts a valueQuantity
     * holding a whole number (US Core screening results, e.g. a PHQ-9 total score as {@code {score}}): the same score.
     */
    static Integer integerValue(MeasureEvent o) {
        BigDecimal v = o.valueQuantity();
        if (v == null) {
            return null;
        }
        try {
            return v.intValueExact();
        } catch (ArithmeticException notWhole) {
            return null;
        }
    }

    /**
     * CQL {@code sort by start of effective.toInterval()} (ascending, nulls first, stable), as a comparator on events.
     */
    static final Comparator<MeasureEvent> BY_START = Comparator.comparing(Cql::sortStart, Comparator.nullsFirst(Comparator.naturalOrder()));

    private static Instant sortStart(MeasureEvent e) {
        Span s = timing(e);
        return s == null ? null : s.low();
    }

    /** Last of a list sorted by start (CQL Last after sort), or null. */
    static MeasureEvent last(List<MeasureEvent> events) {
        if (events.isEmpty()) {
            return null;
        }
        List<MeasureEvent> sorted = events.stream().sorted(BY_START).toList();
        return sorted.get(sorted.size() - 1);
    }

    /** First of a list sorted by start, or null. */
    static MeasureEvent first(List<MeasureEvent> events) {
        return events.stream().sorted(BY_START).findFirst().orElse(null);
    }
}
