package org.tandem.measure;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * CMS159 (FHIR) v0.2.000, Depression Remission at Twelve Months, following
 * {@code ecqm/DepressionRemissionatTwelveMonthsFHIR/DepressionRemissionatTwelveMonthsFHIR.cql} (quoted below as
 * "CQL") with QICoreCommon 2.1.000 and FHIRHelpers 4.4.000. Proportion scoring: denominator = initial population; the
 * numerator counts only patients in the denominator and not excluded. No denominator exceptions.
 */
final class Cms159 implements MeasureLogic {

    static final String ID = "DepressionRemissionatTwelveMonthsFHIR";

    // Value sets (CQL lines 13-28)
    static final String BIPOLAR_DISORDER = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.67.1.101.1.128";
    static final String CONTACT_OR_OFFICE_VISIT = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113762.1.4.1080.5";
    static final String DYSTHYMIA = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.67.1.101.1.254";
    static final String ENCOUNTER_INPATIENT = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.666.5.307";
    static final String HOSPICE_CARE_AMBULATORY = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1584";
    static final String HOSPICE_DIAGNOSIS = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.1165";
    static final String HOSPICE_ENCOUNTER = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.1003";
    /** As published (the OID lacks the ".1" after 840: 2.16.840.113883.3.67.1.101.3.2444). */
    static final String MAJOR_DEPRESSION_INCLUDING_REMISSION = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.113883.3.67.1.101.3.2444";
    static final String PALLIATIVE_CARE_DIAGNOSIS = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.1167";
    static final String PALLIATIVE_CARE_ENCOUNTER = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1090";
    static final String PALLIATIVE_CARE_INTERVENTION = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.198.12.1135";
    static final String PERSONALITY_DISORDER_EMOTIONALLY_LABILE = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.67.1.101.1.246";
    static final String PERVASIVE_DEVELOPMENTAL_DISORDER = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.105.12.1152";
    static final String PHQ9_AND_PHQ9M_TOOLS = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.67.1.101.1.263";
    static final String SCHIZOPHRENIA_OR_PSYCHOTIC_DISORDER = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.105.12.1104";

    // Direct-reference codes (CQL lines 30-34)
    static final String LOINC = "http://loinc.org";
    static final String SNOMEDCT = "http://snomed.info/sct";
    /** code "Discharge to healthcare facility for hospice care (procedure)": '428371000124100' from "SNOMEDCT". */
    static final String DISCHARGE_TO_FACILITY_FOR_HOSPICE = "428371000124100";
    /** code "Discharge to home for hospice care (procedure)": '428361000124107' from "SNOMEDCT". */
    static final String DISCHARGE_TO_HOME_FOR_HOSPICE = "428361000124107";
    /** code "Functional Assessment of Chronic Illness Therapy - Palliative Care Questionnaire (FACIT-Pal)": '71007-9' from "LOINC". */
    static final String FACIT_PAL = "71007-9";
    /** code "Hospice care [Minimum Data Set]": '45755-6' from "LOINC". */
    static final String HOSPICE_CARE_MDS = "45755-6";
    /** code "Yes (qualifier value)": '373066001' from "SNOMEDCT". */
    static final String YES = "373066001";

    private static final Set<String> VALUE_SETS = Set.of(BIPOLAR_DISORDER, CONTACT_OR_OFFICE_VISIT, DYSTHYMIA, ENCOUNTER_INPATIENT,
            HOSPICE_CARE_AMBULATORY, HOSPICE_DIAGNOSIS, HOSPICE_ENCOUNTER, MAJOR_DEPRESSION_INCLUDING_REMISSION, PALLIATIVE_CARE_DIAGNOSIS,
            PALLIATIVE_CARE_ENCOUNTER, PALLIATIVE_CARE_INTERVENTION, PERSONALITY_DISORDER_EMOTIONALLY_LABILE, PERVASIVE_DEVELOPMENTAL_DISORDER,
            PHQ9_AND_PHQ9M_TOOLS, SCHIZOPHRENIA_OR_PSYCHOTIC_DISORDER);

    private static final Set<String> FINAL = Set.of("final", "amended", "corrected");
    private static final Set<String> ENCOUNTER_NOT_HAPPENED = Set.of("cancelled", "entered-in-error", "unknown");
    private static final Set<String> NOT_PERFORMED = Set.of("not-done", "entered-in-error", "unknown");
    private static final Set<String> ORDER_INTENTS = Set.of("order", "original-order", "reflex-order", "filler-order", "instance-order");

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
        if (patient.birthDate() == null) {
            return result;
        }
        // "Denominator Identification Period": Interval[start of MP - 14 months, start of MP - 2 months)
        Instant dipStart = period.start().atStartOfDay(zone).minusMonths(14).toInstant();
        Instant dipEnd = period.start().atStartOfDay(zone).minusMonths(2).toInstant();
        MeasureEvent index = indexAssessment(patient, dipStart, dipEnd, vs, zone);
        if (index == null) {
            return result;
        }
        // "Initial Population": AgeInYearsAt(start of index effective) >= 12
        LocalDate indexDay = Cql.day(Cql.timing(index).low(), zone);
        if (Cql.ageInYears(patient.birthDate(), indexDay) < 12) {
            return result;
        }
        result.add(Population.INITIAL_POPULATION);
        result.add(Population.DENOMINATOR);
        // "Measure Assessment Period": Interval[date of index + 12 months - 60 days, + 12 months + 60 days] (dates)
        LocalDate yearAfter = indexDay.plusMonths(12);
        LocalDate mapStart = yearAfter.minusDays(60);
        LocalDate mapEnd = yearAfter.plusDays(60);
        if (hospice(patient, dipStart, mapEnd, vs, zone) || palliative(patient, dipStart, mapEnd, vs, zone) || expired(patient, mapEnd, zone)
                || mentalHealthDisorder(patient, mapEnd, vs, zone)) {
            result.add(Population.DENOMINATOR_EXCLUSION);
            return result;
        }
        if (numerator(patient, mapStart, mapEnd, vs, zone)) {
            result.add(Population.NUMERATOR);
        }
        return result;
    }

    /**
     * "Depression Diagnoses": Conditions in "Major Depression Including Remission" or "Dysthymia" that are
     * isConfirmedActiveDiagnosis() (active, recurrence or relapse, and verificationStatus ~ confirmed).
     */
    static List<MeasureEvent> depressionDiagnoses(MeasurePatient patient, ValueSetIndex vs) {
        List<MeasureEvent> out = new ArrayList<>();
        for (MeasureEvent c : patient.events()) {
            if ("Condition".equals(c.resourceType()) && Cql.isConfirmedActive(c)
                    && (vs.containsAny(MAJOR_DEPRESSION_INCLUDING_REMISSION, c.codes()) || vs.containsAny(DYSTHYMIA, c.codes()))) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * "Depression Encounter": a finished Encounter in "Contact or Office Visit" whose period overlaps the
     * prevalenceInterval() of a depression diagnosis and ends during the denominator identification period.
     */
    static List<MeasureEncounter> depressionEncounters(MeasurePatient patient, Instant dipStart, Instant dipEnd, ValueSetIndex vs, ZoneId zone) {
        List<MeasureEvent> diagnoses = depressionDiagnoses(patient, vs);
        List<MeasureEncounter> out = new ArrayList<>();
        if (diagnoses.isEmpty()) {
            return out;
        }
        for (MeasureEncounter e : patient.encounters()) {
            if (!"finished".equals(e.status()) || !vs.containsAny(CONTACT_OR_OFFICE_VISIT, e.types())) {
                continue;
            }
            Cql.Span p = Cql.period(e);
            // ends during "Denominator Identification Period" (closed start, open end)
            if (p == null || p.high() == null || p.high().isBefore(dipStart) || !p.high().isBefore(dipEnd)) {
                continue;
            }
            for (MeasureEvent d : diagnoses) {
                if (Cql.overlaps(p, Cql.prevalence(d), zone)) {
                    out.add(e);
                    break;
                }
            }
        }
        return out;
    }

    /**
     * "Index Depression Assessment": the first (by start of effective) PHQ-9/PHQ-9M Observation with value > 9 and
     * status final, amended or corrected whose effective interval is during day of
     * Interval[ToDate(start of a depression encounter - 7 days), end of that encounter].
     */
    static MeasureEvent indexAssessment(MeasurePatient patient, Instant dipStart, Instant dipEnd, ValueSetIndex vs, ZoneId zone) {
        List<MeasureEncounter> encounters = depressionEncounters(patient, dipStart, dipEnd, vs, zone);
        if (encounters.isEmpty()) {
            return null;
        }
        List<MeasureEvent> candidates = new ArrayList<>();
        for (MeasureEvent o : patient.events()) {
            if (!"Observation".equals(o.resourceType()) || !FINAL.contains(o.status()) || !vs.containsAny(PHQ9_AND_PHQ9M_TOOLS, o.codes())) {
                continue;
            }
            Integer value = Cql.integerValue(o);
            if (value == null || value <= 9) {
                continue;
            }
            Cql.Span effective = Cql.timing(o);
            for (MeasureEncounter e : encounters) {
                Cql.Span p = Cql.period(e);
                if (p.low() != null && Cql.includedInDays(effective, Cql.day(p.low(), zone).minusDays(7), Cql.day(p.high(), zone), zone)) {
                    candidates.add(o);
                    break;
                }
            }
        }
        MeasureEvent first = Cql.first(candidates);
        // AgeInYearsAt(start of ...) needs a start; an assessment without one cannot be the index
        return first == null || Cql.timing(first).low() == null ? null : first;
    }

    /**
     * "Has Hospice Services in the Measure Assessment Period", every branch over day of
     * Interval[start of "Denominator Identification Period", end of "Measure Assessment Period"].
     */
    static boolean hospice(MeasurePatient patient, Instant dipStart, LocalDate mapEnd, ValueSetIndex vs, ZoneId zone) {
        LocalDate from = Cql.day(dipStart, zone);
        for (MeasureEncounter e : patient.encounters()) {
            Cql.Span p = Cql.period(e);
            // Encounter Inpatient discharged to hospice, finished, period ends during day of the interval
            if ("finished".equals(e.status()) && vs.containsAny(ENCOUNTER_INPATIENT, e.types())
                    && (Cql.has(e.dischargeDisposition(), SNOMEDCT, DISCHARGE_TO_HOME_FOR_HOSPICE)
                            || Cql.has(e.dischargeDisposition(), SNOMEDCT, DISCHARGE_TO_FACILITY_FOR_HOSPICE))
                    && p != null && p.high() != null && !p.high().equals(Cql.MAX) && Cql.inDays(p.high(), from, mapEnd, zone)) {
                return true;
            }
            // Hospice Encounter overlapping day of the interval, status not cancelled, entered-in-error or unknown
            if (vs.containsAny(HOSPICE_ENCOUNTER, e.types()) && !ENCOUNTER_NOT_HAPPENED.contains(String.valueOf(e.status()))
                    && Cql.overlapsDays(p, from, mapEnd, zone)) {
                return true;
            }
        }
        for (MeasureEvent x : patient.events()) {
            switch (x.resourceType()) {
                case "Observation" -> {
                    // Hospice care [Minimum Data Set] with value ~ Yes, final, effective overlaps day of the interval
                    if (Cql.has(x.codes(), LOINC, HOSPICE_CARE_MDS) && Cql.has(x.valueCodes(), SNOMEDCT, YES) && FINAL.contains(x.status())
                            && Cql.overlapsDays(Cql.timing(x), from, mapEnd, zone)) {
                        return true;
                    }
                }
                case "ServiceRequest" -> {
                    // Hospice Care Ambulatory order authored during day of the interval, active/completed, an order
                    // intent, doNotPerform is not true
                    if (vs.containsAny(HOSPICE_CARE_AMBULATORY, x.codes()) && Cql.inDays(x.authoredOn(), from, mapEnd, zone)
                            && ("active".equals(x.status()) || "completed".equals(x.status())) && ORDER_INTENTS.contains(String.valueOf(x.intent()))
                            && !x.doNotPerform()) {
                        return true;
                    }
                }
                case "Procedure" -> {
                    // Hospice Care Ambulatory performed overlapping day of the interval, not not-done/entered-in-error/unknown
                    if (vs.containsAny(HOSPICE_CARE_AMBULATORY, x.codes()) && !NOT_PERFORMED.contains(String.valueOf(x.status()))
                            && Cql.overlapsDays(Cql.timing(x), from, mapEnd, zone)) {
                        return true;
                    }
                }
                case "Condition" -> {
                    // Hospice Diagnosis whose prevalence overlaps day of the interval, confirmed and active
                    if (vs.containsAny(HOSPICE_DIAGNOSIS, x.codes()) && Cql.isConfirmedActive(x) && Cql.overlapsDays(Cql.prevalence(x), from, mapEnd, zone)) {
                        return true;
                    }
                }
                default -> {
                }
            }
        }
        return false;
    }

    /**
     * "Has Palliative Care in the Measure Assessment Period": every branch overlaps (no precision, so the end of the
     * measure assessment period is a day-precision date time) Interval[start of DIP, end of MAP].
     */
    static boolean palliative(MeasurePatient patient, Instant dipStart, LocalDate mapEnd, ValueSetIndex vs, ZoneId zone) {
        // ToDateTime(end of "Measure Assessment Period"): that day, day precision
        Cql.Span window = new Cql.Span(dipStart, mapEnd.atStartOfDay(zone).toInstant(), false, true);
        for (MeasureEncounter e : patient.encounters()) {
            if ("finished".equals(e.status()) && vs.containsAny(PALLIATIVE_CARE_ENCOUNTER, e.types()) && Cql.overlaps(Cql.period(e), window, zone)) {
                return true;
            }
        }
        for (MeasureEvent x : patient.events()) {
            switch (x.resourceType()) {
                case "Observation" -> {
                    if (Cql.has(x.codes(), LOINC, FACIT_PAL) && FINAL.contains(x.status()) && Cql.overlaps(Cql.timing(x), window, zone)) {
                        return true;
                    }
                }
                case "Condition" -> {
                    if (vs.containsAny(PALLIATIVE_CARE_DIAGNOSIS, x.codes()) && Cql.isConfirmedActive(x)
                            && Cql.overlaps(Cql.prevalence(x), window, zone)) {
                        return true;
                    }
                }
                case "Procedure" -> {
                    if (vs.containsAny(PALLIATIVE_CARE_INTERVENTION, x.codes()) && !NOT_PERFORMED.contains(String.valueOf(x.status()))
                            && Cql.overlaps(Cql.timing(x), window, zone)) {
                        return true;
                    }
                }
                default -> {
                }
            }
        }
        return false;
    }

    /**
     * "Patient Expired": (Patient.deceased as DateTime) same or before ToDateTime(end of MAP). A deceasedBoolean is not
     * a DateTime (null); a death on the last day itself is an uncertain comparison (day precision) and so not true.
     */
    static boolean expired(MeasurePatient patient, LocalDate mapEnd, ZoneId zone) {
        return patient.deceasedAt() != null && Cql.lessOrEqual(patient.deceasedAt(), false, mapEnd.atStartOfDay(zone).toInstant(), true, zone);
    }

    /**
     * "Has Mental Health Disorder Diagnoses": a confirmed active Condition in "Bipolar Disorder", "Personality Disorder
     * Emotionally Labile", "Schizophrenia or Psychotic Disorder" or "Pervasive Developmental Disorder" whose
     * prevalence starts (as a date) on or before the end of the measure assessment period.
     */
    static boolean mentalHealthDisorder(MeasurePatient patient, LocalDate mapEnd, ValueSetIndex vs, ZoneId zone) {
        for (MeasureEvent c : patient.events()) {
            if ("Condition".equals(c.resourceType()) && Cql.isConfirmedActive(c)
                    && (vs.containsAny(BIPOLAR_DISORDER, c.codes()) || vs.containsAny(PERSONALITY_DISORDER_EMOTIONALLY_LABILE, c.codes())
                            || vs.containsAny(SCHIZOPHRENIA_OR_PSYCHOTIC_DISORDER, c.codes())
                            || vs.containsAny(PERVASIVE_DEVELOPMENTAL_DISORDER, c.codes()))
                    && !Cql.day(Cql.prevalence(c).low(), zone).isAfter(mapEnd)) {
                return true;
            }
        }
        return false;
    }

    /**
     * "Numerator": the last (by start of effective) PHQ-9/PHQ-9M Observation, status final, amended or corrected,
     * whose start date is in the measure assessment period, has value &lt; 5.
     */
    static boolean numerator(MeasurePatient patient, LocalDate mapStart, LocalDate mapEnd, ValueSetIndex vs, ZoneId zone) {
        List<MeasureEvent> assessments = new ArrayList<>();
        for (MeasureEvent o : patient.events()) {
            if ("Observation".equals(o.resourceType()) && FINAL.contains(o.status()) && vs.containsAny(PHQ9_AND_PHQ9M_TOOLS, o.codes())) {
                Cql.Span effective = Cql.timing(o);
                if (effective != null && Cql.inDays(effective.low(), mapStart, mapEnd, zone)) {
                    assessments.add(o);
                }
            }
        }
        MeasureEvent last = Cql.last(assessments);
        Integer value = last == null ? null : Cql.integerValue(last);
        return value != null && value < 5;
    }
}
