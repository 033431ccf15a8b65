package org.tandem.registry;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.tandem.screening.Instruments;

/**
 * The treat-to-target rules of measurement-based collaborative care: baseline and latest PHQ-9 and GAD-7, change,
 * response and remission, contact and measurement cadence, and the {@link Flag}s of a caseload row. Pure rules on
 * plain facts (no database, no clock), so every threshold is unit-tested by hand.
 *
 * <p>Sources: {@code facts.md} "Measurement-based care" (response, remission, minimal clinically important change,
 * the Washington State registry study of Bao et al. 2015, IMPACT, contact frequency, GAD-7) and issue 4 (the flag
 * list). Days are calendar days in the practice's time zone; "day 28" is 28 days after the day counted from.
 */
public final class TreatToTarget {

    /** facts.md, Bao 2015 (WA registry study): the first follow-up contact within 4 weeks of enrolment. */
    public static final int FOLLOW_UP_DAYS = 28;
    /** facts.md, contact frequency: every 2 weeks in active treatment (also while enrolled, before treatment starts). */
    public static final int ACTIVE_CONTACT_DAYS = 14;
    /** facts.md, contact frequency: every 4 weeks after remission, i.e. in relapse prevention. */
    public static final int RELAPSE_CONTACT_DAYS = 28;
    /** Issue 4: a measurement at least every 4 weeks. */
    public static final int MEASUREMENT_DAYS = 28;
    /**
     * facts.md: Bao 2015, psychiatric consultation in weeks 8-12 if not responding by week 8; IMPACT, psychiatric review
     * of patients not significantly improved at 10-12 weeks. Week 8 starts 49 days after enrolment.
     */
    public static final int REVIEW_WEEK = 8;
    /** facts.md, Bao 2015: improvement is PHQ-9 below 10 (or a 50% drop); 10 or more is not improved. */
    public static final int PHQ9_NOT_IMPROVED_FROM = 10;
    /** facts.md: remission is PHQ-9 below 5. */
    public static final int PHQ9_REMISSION_BELOW = 5;
    /** facts.md: a 5-point PHQ-9 change is the minimal clinically important change; worsening by 5 raises a flag. */
    public static final int PHQ9_WORSENING_POINTS = 5;
    /** Issue 4 applies the same 5-point worsening rule to GAD-7 (above its ~4-point MID, so a flagged rise is a real one). */
    public static final int GAD7_WORSENING_POINTS = 5;
    /** facts.md: the GAD-7 minimal important difference is about 4 points. */
    public static final int GAD7_MID_POINTS = 4;
    /** The baseline is the latest result in the 30 days up to and including the enrolment day (else the first after it). */
    public static final int BASELINE_LOOKBACK_DAYS = 30;
    /** facts.md, collaborative care billing: an episode ends after 6 months without services. */
    public static final int NO_SERVICES_MONTHS = 6;

    static final String PHQ9 = Instruments.PHQ_9;
    static final String GAD7 = Instruments.GAD_7;

    private TreatToTarget() {
    }

    /** The measure an instrument's total counts for: the PHQ-A (PHQ-9 modified for adolescents) counts as PHQ-9. */
    public static String measure(String instrument) {
        return Instruments.PHQ_A.equals(instrument) ? PHQ9 : instrument;
    }

    /**
     * One completed result with a total.
     *
     * @param instrument the instrument as measured (phq-9, phq-a, gad-7, ...)
     * @param on the day in the practice's time zone
     * @param response the Tandem response, or null for a result imported as an Observation
     * @param observation the imported Observation's id, or null for a Tandem response
     */
    public record Measurement(String instrument, LocalDate on, Instant at, int total, UUID response, String observation) {

        /** What it counts for (PHQ-A as PHQ-9). */
        public String measure() {
            return TreatToTarget.measure(instrument);
        }

        public boolean imported() {
            return response == null;
        }
    }

    /**
     * A day with logged time.
     *
     * @param withPatient whether it was a contact with the patient (phone, in person, video, message)
     */
    public record Contact(LocalDate on, boolean withPatient) {
    }

    /**
     * What the rules look at.
     *
     * @param startOn the enrolment day (the referral day while only referred)
     * @param enrolled whether the patient is enrolled (treatment weeks count only then)
     * @param plan the instruments measured in the episode
     * @param measurementCadenceDays days between planned measurements now (the episode's cadence for its status)
     * @param measurements completed results of the patient, any order
     * @param time the episode's time entries, any order
     * @param unreviewedSafetyResults queued results of the patient not yet reviewed whose safety item fired
     * @param lastCaseReview the day of the latest psychiatric case review of the episode, or null
     * @param today today in the practice's time zone
     */
    public record Facts(EpisodeStatus status, LocalDate startOn, boolean enrolled, List<String> plan, int measurementCadenceDays,
            List<Measurement> measurements, List<Contact> time, int unreviewedSafetyResults, LocalDate lastCaseReview,
            LocalDate today) {

        public Facts {
            plan = List.copyOf(plan);
            measurements = List.copyOf(measurements);
            time = List.copyOf(time);
        }

        /** The facts of an episode from its stored data. */
        public static Facts of(Episode episode, List<Measurement> measurements, List<TimeEntry> entries, List<RegistryResult> results,
                LocalDate lastCaseReview, ZoneId zone, LocalDate today) {
            List<Contact> time = new ArrayList<>();
            for (TimeEntry e : entries) {
                time.add(new Contact(e.startedAt().atZone(zone).toLocalDate(), e.patientContact()));
            }
            int safety = (int) results.stream().filter(r -> r.safety() && !r.reviewed()).count();
            return new Facts(episode.status(), episode.startOn(), episode.enrolledOn() != null, episode.instruments(),
                    episode.cadenceDays(), measurements, time, safety, lastCaseReview, today);
        }
    }

    /**
     * Baseline and latest result of one measure and what changed.
     *
     * @param baseline the latest result in the 30 days up to and including enrolment, else the first after it; null if none
     * @param latest the most recent result (the baseline itself while there is no later one)
     * @param followedUp whether there is a result after the baseline
     * @param change latest minus baseline in points (negative is better)
     * @param percentChange change in percent of the baseline, truncated toward zero (so -50 means at least a 50% drop);
     *        null when the baseline is 0
     * @param response PHQ-9 only: at least a 50% drop from baseline (facts.md)
     * @param remission PHQ-9 only: latest below 5 (facts.md); GAD-7 has no standard remission definition
     * @param improvedByMid a drop of at least the minimal important difference: 5 points for PHQ-9, 4 for GAD-7 (facts.md)
     */
    public record Progress(String measure, Integer baseline, LocalDate baselineOn, Integer latest, LocalDate latestOn,
            boolean followedUp, Integer change, Integer percentChange, boolean response, boolean remission, boolean improvedByMid) {

        static Progress none(String measure) {
            return new Progress(measure, null, null, null, null, false, null, null, false, false, false);
        }

        public boolean measured() {
            return baseline != null;
        }
    }

    /**
     * Why a flag was raised, as a message key and its arguments (numbers, dates, instrument names).
     */
    public record Reason(Flag flag, String messageKey, List<Object> arguments) {

        public Reason {
            arguments = java.util.Collections.unmodifiableList(new ArrayList<>(arguments));
        }

        public Object[] argumentArray() {
            return arguments.toArray();
        }
    }

    /**
     * Everything the rules computed for an episode.
     *
     * @param weeksInTreatment full weeks since enrolment (null while referred)
     * @param treatmentWeek the current week of treatment, 1 on the enrolment day and the 6 days after (null while referred)
     * @param lastContact the day of the latest contact with the patient, or null
     * @param daysSinceContact days since that contact, or null
     * @param contacts the number of contacts with the patient logged on the episode
     * @param nextContactDue the last contact (or enrolment) plus 14 days, 28 in relapse prevention
     * @param lastMeasurement the day of the latest result of a plan instrument, or null
     * @param nextMeasurementDue the last plan measurement since enrolment (or enrolment) plus the episode's cadence
     * @param reasons the raised flags with their reasons, safety first
     */
    public record Assessment(Integer weeksInTreatment, Integer treatmentWeek, Progress phq9, Progress gad7, LocalDate lastContact,
            Integer daysSinceContact, int contacts, LocalDate nextContactDue, LocalDate lastMeasurement, LocalDate nextMeasurementDue,
            List<Reason> reasons) {

        public Assessment {
            reasons = List.copyOf(reasons);
        }

        /** The raised flags, each once, safety first. */
        public List<Flag> flags() {
            Set<Flag> flags = new LinkedHashSet<>();
            reasons.forEach(r -> flags.add(r.flag()));
            return List.copyOf(flags);
        }

        public boolean has(Flag flag) {
            return reasons.stream().anyMatch(r -> r.flag() == flag);
        }
    }

    /** Applies the rules. */
    public static Assessment assess(Facts facts) {
        LocalDate today = facts.today();
        LocalDate start = facts.startOn();
        long daysSinceStart = Math.max(0, ChronoUnit.DAYS.between(start, today));
        Integer weeks = facts.enrolled() ? (int) (daysSinceStart / 7) : null;
        Integer week = weeks == null ? null : weeks + 1;
        Progress phq9 = progress(PHQ9, facts.measurements(), start);
        Progress gad7 = progress(GAD7, facts.measurements(), start);

        LocalDate lastContact = null;
        LocalDate lastService = null;
        int contacts = 0;
        boolean followUpAfterStart = false;
        for (Contact c : facts.time()) {
            lastService = later(lastService, c.on());
            if (c.withPatient()) {
                contacts++;
                lastContact = later(lastContact, c.on());
                followUpAfterStart |= c.on().isAfter(start);
            }
        }
        Set<String> plan = new LinkedHashSet<>();
        facts.plan().forEach(i -> plan.add(measure(i)));
        LocalDate lastMeasurement = null;
        for (Measurement m : facts.measurements()) {
            lastService = later(lastService, m.on());
            if (plan.contains(m.measure())) {
                lastMeasurement = later(lastMeasurement, m.on());
            }
        }

        List<Reason> reasons = new ArrayList<>();
        // Issue 4, safety first: a new positive safety item not yet reviewed by the care manager.
        if (facts.unreviewedSafetyResults() > 0) {
            reasons.add(new Reason(Flag.SAFETY, Flag.SAFETY.reasonKey(), List.of(facts.unreviewedSafetyResults())));
        }
        // facts.md: a 5-point change is the minimal clinically important change; issue 4: worsening by >= 5 points.
        if (phq9.followedUp() && phq9.change() >= PHQ9_WORSENING_POINTS) {
            reasons.add(new Reason(Flag.WORSENING, Flag.WORSENING.reasonKey(), List.of("PHQ-9", phq9.baseline(), phq9.latest())));
        }
        if (gad7.followedUp() && gad7.change() >= GAD7_WORSENING_POINTS) {
            reasons.add(new Reason(Flag.WORSENING, Flag.WORSENING.reasonKey(), List.of("GAD-7", gad7.baseline(), gad7.latest())));
        }
        // facts.md: Bao 2015, consultation in weeks 8-12 if not responding by week 8 (improvement = PHQ-9 < 10 or a
        // >= 50% drop); IMPACT, review at 10-12 weeks. A review on or after the first day of week 8 answers the flag.
        if (week != null && week >= REVIEW_WEEK && phq9.measured() && !improved(phq9)) {
            LocalDate weekStarts = start.plusDays(7L * (REVIEW_WEEK - 1));
            if (facts.lastCaseReview() == null || facts.lastCaseReview().isBefore(weekStarts)) {
                reasons.add(new Reason(Flag.NEEDS_PSYCHIATRIC_REVIEW, Flag.NEEDS_PSYCHIATRIC_REVIEW.reasonKey(),
                        List.of(week, phq9.baseline(), phq9.latest())));
            }
        }
        // facts.md: Bao 2015, the first follow-up contact within 4 weeks of enrolment; a contact on the enrolment day
        // itself (the initial assessment) is not a follow-up.
        if (daysSinceStart >= FOLLOW_UP_DAYS && !followUpAfterStart) {
            reasons.add(new Reason(Flag.NO_FOLLOW_UP, Flag.NO_FOLLOW_UP.reasonKey(), List.of(daysSinceStart)));
        }
        // facts.md, contact frequency: every 2 weeks in active treatment, every 4 weeks after remission (relapse
        // prevention); counted from enrolment while there was no contact since.
        int contactDays = contactCadence(facts.status());
        LocalDate contactFrom = later(start, lastContact);
        long sinceContact = ChronoUnit.DAYS.between(contactFrom, today);
        if (sinceContact >= contactDays) {
            reasons.add(lastContact == null || lastContact.isBefore(start)
                    ? new Reason(Flag.NO_RECENT_CONTACT, Flag.NO_RECENT_CONTACT.reasonKey() + ".never", List.of(sinceContact, contactDays))
                    : new Reason(Flag.NO_RECENT_CONTACT, Flag.NO_RECENT_CONTACT.reasonKey(), List.of(sinceContact, contactDays)));
        }
        // Issue 4: a plan measure at least every 4 weeks; counted from enrolment while there was none since.
        LocalDate measuredFrom = later(start, lastMeasurement);
        long sinceMeasurement = ChronoUnit.DAYS.between(measuredFrom, today);
        if (sinceMeasurement >= MEASUREMENT_DAYS) {
            reasons.add(lastMeasurement == null || lastMeasurement.isBefore(start)
                    ? new Reason(Flag.NO_RECENT_MEASUREMENT, Flag.NO_RECENT_MEASUREMENT.reasonKey() + ".never", List.of(sinceMeasurement))
                    : new Reason(Flag.NO_RECENT_MEASUREMENT, Flag.NO_RECENT_MEASUREMENT.reasonKey(), List.of(sinceMeasurement)));
        }
        // facts.md, billing: an episode ends after 6 months without services (no time logged, no measurement); the
        // flag suggests discharging an episode open for longer than that.
        LocalDate sixMonthsAgo = today.minusMonths(NO_SERVICES_MONTHS);
        if (facts.status().open() && start.isBefore(sixMonthsAgo) && (lastService == null || lastService.isBefore(sixMonthsAgo))) {
            reasons.add(lastService == null
                    ? new Reason(Flag.NO_SERVICES_6_MONTHS, Flag.NO_SERVICES_6_MONTHS.reasonKey() + ".never", List.of(start))
                    : new Reason(Flag.NO_SERVICES_6_MONTHS, Flag.NO_SERVICES_6_MONTHS.reasonKey(), List.of(lastService)));
        }
        reasons.sort(Comparator.comparing(Reason::flag));

        Integer daysSince = lastContact == null ? null : (int) ChronoUnit.DAYS.between(lastContact, today);
        return new Assessment(weeks, week, phq9, gad7, lastContact, daysSince, contacts, contactFrom.plusDays(contactDays),
                lastMeasurement, measuredFrom.plusDays(facts.measurementCadenceDays()), reasons);
    }

    /** Days between contacts for a status (facts.md, contact frequency). */
    public static int contactCadence(EpisodeStatus status) {
        return status == EpisodeStatus.RELAPSE_PREVENTION ? RELAPSE_CONTACT_DAYS : ACTIVE_CONTACT_DAYS;
    }

    /**
     * facts.md, Bao 2015: improvement is PHQ-9 below 10 or a drop of at least 50% from baseline. Integer arithmetic,
     * so exactly 50% counts as improved.
     */
    static boolean improved(Progress phq9) {
        int baseline = phq9.baseline();
        int latest = phq9.latest();
        return latest < PHQ9_NOT_IMPROVED_FROM || baseline > 0 && 2 * (baseline - latest) >= baseline;
    }

    /** Baseline, latest and change of one measure. */
    static Progress progress(String measure, List<Measurement> all, LocalDate start) {
        List<Measurement> results = all.stream().filter(m -> m.measure().equals(measure))
                .sorted(Comparator.comparing(Measurement::on).thenComparing(Measurement::at)).toList();
        LocalDate lookback = start.minusDays(BASELINE_LOOKBACK_DAYS);
        Measurement baseline = null;
        for (Measurement m : results) {
            if (!m.on().isBefore(lookback) && !m.on().isAfter(start)) {
                baseline = m; // the latest in the window
            } else if (m.on().isAfter(start) && baseline == null) {
                baseline = m; // none in the window: the first after enrolment
                break;
            }
        }
        if (baseline == null) {
            return Progress.none(measure);
        }
        Measurement latest = results.get(results.size() - 1);
        boolean followedUp = latest != baseline;
        int b = baseline.total();
        int l = latest.total();
        int change = l - b;
        Integer percent = b == 0 ? null : 100 * change / b;
        boolean phq = PHQ9.equals(measure);
        // facts.md: response is a drop of at least 50% (PHQ-9); remission is PHQ-9 below 5. GAD-7 has no standard
        // remission definition (facts.md), and its response (>= 25% at 6 months, MBHR02) is a quality measure, not a
        // treat-to-target rule, so neither is computed for GAD-7; its minimal important difference (~4 points) is.
        boolean response = phq && followedUp && b > 0 && 2 * (b - l) >= b;
        boolean remission = phq && followedUp && l < PHQ9_REMISSION_BELOW;
        boolean mid = followedUp && -change >= (phq ? PHQ9_WORSENING_POINTS : GAD7_MID_POINTS);
        return new Progress(measure, b, baseline.on(), l, latest.on(), followedUp, change, percent, response, remission, mid);
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return b.isAfter(a) ? b : a;
    }
}
