package org.tandem.measure;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * CMS2 (FHIR) v0.2.000, Preventive Care and Screening: Screening for Depression and Follow-Up Plan, following
 * {@code ecqm/PCSDepressionScreenAndFollowUpFHIR/PCSDepressionScreenAndFollowUpFHIR.cql} (quoted below as "CQL") with
 * QICoreCommon 2.1.000 and FHIRHelpers 4.4.000. Proportion scoring: denominator = initial population; the numerator
 * counts only patients in the denominator and not excluded; an exception only patients neither excluded nor in the
 * numerator.
 */
final class Cms2 implements MeasureLogic {

    static final String ID = "PCSDepressionScreenAndFollowUpFHIR";

    // Value sets (CQL lines 11-21)
    static final String ADOLESCENT_DEPRESSION_MEDICATIONS = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1567";
    static final String ADULT_DEPRESSION_MEDICATIONS = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1566";
    static final String BIPOLAR_DISORDER = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.67.1.101.1.128";
    static final String ENCOUNTER_TO_SCREEN_FOR_DEPRESSION = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.600.1916";
    static final String FOLLOW_UP_FOR_ADOLESCENT_DEPRESSION = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1569";
    static final String FOLLOW_UP_FOR_ADULT_DEPRESSION = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1568";
    static final String MEDICAL_REASON = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1007";
    static final String PHYSICAL_THERAPY_EVALUATION = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1022";
    static final String REFERRAL_FOR_ADOLESCENT_DEPRESSION = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1570";
    static final String REFERRAL_FOR_ADULT_DEPRESSION = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1571";
    static final String TELEPHONE_VISITS = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1080";

    // Direct-reference codes (CQL lines 23-27)
    static final String LOINC = "http://loinc.org";
    static final String SNOMEDCT = "http://snomed.info/sct";
    /** code "Adolescent depression screening assessment": '73831-0' from "LOINC". */
    static final String ADOLESCENT_SCREENING = "73831-0";
    /** code "Adult depression screening assessment": '73832-8' from "LOINC". */
    static final String ADULT_SCREENING = "73832-8";
    /** code "Depression screening declined (situation)": '720834000' from "SNOMEDCT". */
    static final String SCREENING_DECLINED = "720834000";
    /** code "Depression screening negative (finding)": '428171000124102' from "SNOMEDCT". */
    static final String SCREENING_NEGATIVE = "428171000124102";
    /** code "Depression screening positive (finding)": '428181000124104' from "SNOMEDCT". */
    static final String SCREENING_POSITIVE = "428181000124104";

    /** QICoreCommon "problem-list-item" (ConditionCategory) and "health-concern" (US Core condition category). */
    static final String CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category";
    static final String US_CORE_CONDITION_CATEGORY = "http://hl7.org/fhir/us/core/CodeSystem/condition-category";

    private static final Set<String> VALUE_SETS = Set.of(ADOLESCENT_DEPRESSION_MEDICATIONS, ADULT_DEPRESSION_MEDICATIONS, BIPOLAR_DISORDER,
            ENCOUNTER_TO_SCREEN_FOR_DEPRESSION, FOLLOW_UP_FOR_ADOLESCENT_DEPRESSION, FOLLOW_UP_FOR_ADULT_DEPRESSION, MEDICAL_REASON,
            PHYSICAL_THERAPY_EVALUATION, REFERRAL_FOR_ADOLESCENT_DEPRESSION, REFERRAL_FOR_ADULT_DEPRESSION, TELEPHONE_VISITS);

    @Override
    public String measureId() {
        return ID;
    }

    @Override
    public Set<String> valueSets() {
        return VALUE_SETS;
    }

    @Override
    public EnumSet<Population> evaluate(MeasurePatient patient, MeasurePeriod period, ValueSetIndex vs, ZoneId zone) {
        EnumSet<Population> result = EnumSet.noneOf(Population.class);
        // AgeInYearsAt(date from start of "Measurement Period")
        Integer age = patient.birthDate() == null ? null : Cql.ageInYears(patient.birthDate(), period.start());
        if (age == null || age < 12) {
            return result;
        }
        List<MeasureEncounter> qualifying = qualifyingEncounters(patient, period, vs, zone);
        // "Initial Population": age >= 12 and exists "Qualifying Encounter During Measurement Period"
        if (qualifying.isEmpty()) {
            return result;
        }
        result.add(Population.INITIAL_POPULATION);
        result.add(Population.DENOMINATOR);
        if (historyOfBipolar(patient, qualifying, vs, zone)) {
            result.add(Population.DENOMINATOR_EXCLUSION);
            return result;
        }
        Screenings adolescent = new Screenings(patient, qualifying, ADOLESCENT_SCREENING, zone);
        Screenings adult = new Screenings(patient, qualifying, ADULT_SCREENING, zone);
        boolean adolescentMet = adolescent.mostRecentNegative()
                || adolescent.positiveWithFollowUp(followUps(patient, vs, ADOLESCENT_DEPRESSION_MEDICATIONS, REFERRAL_FOR_ADOLESCENT_DEPRESSION,
                        FOLLOW_UP_FOR_ADOLESCENT_DEPRESSION), qualifying, period, zone);
        boolean adultMet = adult.mostRecentNegative()
                || adult.positiveWithFollowUp(followUps(patient, vs, ADULT_DEPRESSION_MEDICATIONS, REFERRAL_FOR_ADULT_DEPRESSION,
                        FOLLOW_UP_FOR_ADULT_DEPRESSION), qualifying, period, zone);
        // "Numerator": 12-16 adolescent tool; 17 either tool; 18+ adult tool
        boolean numerator = (age <= 16 && adolescentMet) || (age == 17 && (adolescentMet || adultMet)) || (age >= 18 && adultMet);
        if (numerator) {
            result.add(Population.NUMERATOR);
            return result;
        }
        // "Denominator Exceptions": a reason for not screening with a tool, and no screening with that tool
        if ((notScreenedForReason(patient, qualifying, ADOLESCENT_SCREENING, vs, zone) && !adolescent.hasScreening())
                || (notScreenedForReason(patient, qualifying, ADULT_SCREENING, vs, zone) && !adult.hasScreening())) {
            result.add(Population.DENOMINATOR_EXCEPTION);
        }
        return result;
    }

    /**
     * "Qualifying Encounter During Measurement Period": an Encounter typed in "Encounter to Screen for Depression",
     * "Physical Therapy Evaluation" or "Telephone Visits", whose period is during day of the measurement period, with
     * status 'finished'.
     */
    static List<MeasureEncounter> qualifyingEncounters(MeasurePatient patient, MeasurePeriod period, ValueSetIndex vs, ZoneId zone) {
        List<MeasureEncounter> out = new ArrayList<>();
        for (MeasureEncounter e : patient.encounters()) {
            if ("finished".equals(e.status())
                    && (vs.containsAny(ENCOUNTER_TO_SCREEN_FOR_DEPRESSION, e.types()) || vs.containsAny(PHYSICAL_THERAPY_EVALUATION, e.types())
                            || vs.containsAny(TELEPHONE_VISITS, e.types()))
                    && Cql.includedInDays(Cql.period(e), period.start(), period.end(), zone)) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * "History of Bipolar Diagnosis Before Qualifying Encounter": a Condition in "Bipolar Disorder", a problem-list
     * item or health concern, whose prevalenceInterval() starts before the period of a qualifying encounter (whatever
     * its clinical status: remission and resolved histories count).
     */
    static boolean historyOfBipolar(MeasurePatient patient, List<MeasureEncounter> qualifying, ValueSetIndex vs, ZoneId zone) {
        for (MeasureEvent c : patient.events()) {
            if (!"Condition".equals(c.resourceType()) || !vs.containsAny(BIPOLAR_DISORDER, c.codes())) {
                continue;
            }
            if (!Cql.has(c.categories(), CONDITION_CATEGORY, "problem-list-item") && !Cql.has(c.categories(), US_CORE_CONDITION_CATEGORY, "health-concern")) {
                continue;
            }
            Cql.Span prevalence = Cql.prevalence(c);
            for (MeasureEncounter e : qualifying) {
                Cql.Span p = Cql.period(e);
                // starts before: start of prevalence < start of the encounter period (millisecond precision)
                if (p != null && Cql.less(prevalence.low(), prevalence.lowDay(), p.low(), false, zone)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * "Follow Up Intervention for Positive ... Depression Screening": a MedicationRequest in the medications value set
     * (status active or completed, intent 'order'), a ServiceRequest in the referral value set (status active or
     * completed), or a Procedure in the follow-up value set (status completed).
     */
    static List<MeasureEvent> followUps(MeasurePatient patient, ValueSetIndex vs, String medications, String referrals, String procedures) {
        List<MeasureEvent> out = new ArrayList<>();
        for (MeasureEvent e : patient.events()) {
            switch (e.resourceType()) {
                case "MedicationRequest" -> {
                    if (activeOrCompleted(e) && "order".equals(e.intent()) && vs.containsAny(medications, e.codes())) {
                        out.add(e);
                    }
                }
                case "ServiceRequest" -> {
                    if (activeOrCompleted(e) && vs.containsAny(referrals, e.codes())) {
                        out.add(e);
                    }
                }
                case "Procedure" -> {
                    if ("completed".equals(e.status()) && vs.containsAny(procedures, e.codes())) {
                        out.add(e);
                    }
                }
                default -> {
                }
            }
        }
        return out;
    }

    private static boolean activeOrCompleted(MeasureEvent e) {
        return "active".equals(e.status()) || "completed".equals(e.status());
    }

    /**
     * "Medical or Patient Reason for Not Screening ... for Depression": an ObservationNotDone with code ~ the screening
     * code, issued during a qualifying encounter's period, status 'cancelled', whose notDoneReason ~ "Depression
     * screening declined (situation)" or is in "Medical Reason".
     */
    static boolean notScreenedForReason(MeasurePatient patient, List<MeasureEncounter> qualifying, String screeningCode, ValueSetIndex vs,
            ZoneId zone) {
        for (MeasureEvent o : patient.events()) {
            if (!"Observation".equals(o.resourceType()) || !"cancelled".equals(o.status()) || !Cql.has(o.codes(), LOINC, screeningCode)) {
                continue;
            }
            if (!Cql.has(o.notDoneReasons(), SNOMEDCT, SCREENING_DECLINED) && !vs.containsAny(MEDICAL_REASON, o.notDoneReasons())) {
                continue;
            }
            for (MeasureEncounter e : qualifying) {
                if (o.authoredOn() != null && Cql.in(o.authoredOn(), false, Cql.period(e), zone)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The screenings with one tool (adolescent or adult LOINC code) that qualify against the encounters. */
    private static final class Screenings {

        /** Final screenings with a value, ending 14 days or less on or before day of start of a qualifying encounter. */
        private final List<MeasureEvent> qualifying = new ArrayList<>();
        private final MeasureEvent mostRecent;
        private final ZoneId zone;

        Screenings(MeasurePatient patient, List<MeasureEncounter> encounters, String code, ZoneId zone) {
            this.zone = zone;
            for (MeasureEvent o : patient.events()) {
                if ("Observation".equals(o.resourceType()) && "final".equals(o.status()) && o.hasValue() && Cql.has(o.codes(), LOINC, code)) {
                    Cql.Span effective = Cql.timing(o);
                    for (MeasureEncounter e : encounters) {
                        // effective.toInterval() 14 days or less on or before day of start of QualifyingEncounter.period:
                        // the day of the END of the effective interval within [start - 14 days, start] (ELM: In, precision Day)
                        if (effective != null && effective.high() != null && withinFourteenDaysBefore(effective.high(), e)) {
                            qualifying.add(o);
                            break;
                        }
                    }
                }
            }
            // "Most Recent ... Depression Screening": Last(... sort by start of effective.toInterval())
            mostRecent = Cql.last(qualifying);
        }

        private boolean withinFourteenDaysBefore(Instant t, MeasureEncounter e) {
            Cql.Span p = Cql.period(e);
            if (p == null || p.low() == null) {
                return false;
            }
            LocalDate encounterDay = Cql.day(p.low(), zone);
            return Cql.inDays(t, encounterDay.minusDays(14), encounterDay, zone);
        }

        /** "Has ... Depression Screening". */
        boolean hasScreening() {
            return !qualifying.isEmpty();
        }

        /** "Has Most Recent ... Screening Negative": the most recent screening's value ~ negative finding. */
        boolean mostRecentNegative() {
            return mostRecent != null && Cql.has(mostRecent.valueCodes(), SNOMEDCT, SCREENING_NEGATIVE);
        }

        /**
         * "Most Recent ... Depression Screening Positive and Follow Up Provided": the most recent screening starts 14
         * days or less on or before day of start of a qualifying encounter, its value ~ positive finding, and a follow-up
         * either started (performed) during that encounter's period or was authored 2 days or less on or after day of
         * its end; and the follow-up's Coalesce(start of performed, authoredOn) is during day of the measurement period.
         */
        boolean positiveWithFollowUp(List<MeasureEvent> followUps, List<MeasureEncounter> encounters, MeasurePeriod period, ZoneId zone) {
            if (mostRecent == null || !Cql.has(mostRecent.valueCodes(), SNOMEDCT, SCREENING_POSITIVE)) {
                return false;
            }
            Cql.Span effective = Cql.timing(mostRecent);
            if (effective == null || effective.low() == null) {
                return false;
            }
            for (MeasureEncounter e : encounters) {
                if (!withinFourteenDaysBefore(effective.low(), e)) {
                    continue;
                }
                Cql.Span p = Cql.period(e);
                for (MeasureEvent f : followUps) {
                    Instant performedStart = "Procedure".equals(f.resourceType()) ? performedStart(f) : null;
                    boolean duringEncounter = performedStart != null && Cql.in(performedStart, f.dateOnly(), p, zone);
                    boolean authoredAfter = false;
                    if (f.authoredOn() != null && p.high() != null && !p.high().equals(Cql.MAX)) {
                        LocalDate endDay = Cql.day(p.high(), zone);
                        authoredAfter = Cql.inDays(f.authoredOn(), endDay, endDay.plusDays(2), zone);
                    }
                    Instant when = performedStart != null ? performedStart : f.authoredOn();
                    if ((duringEncounter || authoredAfter) && Cql.inDays(when, period.start(), period.end(), zone)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static Instant performedStart(MeasureEvent procedure) {
            Cql.Span s = Cql.timing(procedure);
            return s == null ? null : s.low();
        }
    }
}
