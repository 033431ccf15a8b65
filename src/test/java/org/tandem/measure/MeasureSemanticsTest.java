package org.tandem.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The CQL semantics the deck does not pin down (or pins at one point only), on hand-built patients and the official
 * value sets: age on the boundary day, the 14-day and 2-day windows at day precision, open and closed prevalence
 * intervals, status filters, uncertain day-precision comparisons and "day of" in a practice zone that is not UTC.
 */
class MeasureSemanticsTest {

    private static final ExpansionIndex VS = MeasureLogicDeckTest.valueSets();
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final MeasurePeriod Y2025 = MeasurePeriod.year(2025);
    private static final Cms2 CMS2 = new Cms2();
    private static final Cms159 CMS159 = new Cms159();

    private static final MeasureCode OFFICE_VISIT = new MeasureCode("http://www.ama-assn.org/go/cpt", "99213");
    private static final MeasureCode PSYCH_EVAL = new MeasureCode("http://www.ama-assn.org/go/cpt", "90791");
    private static final MeasureCode PHQ9 = new MeasureCode("http://loinc.org", "44261-6");
    private static final MeasureCode ADULT_SCREEN = new MeasureCode("http://loinc.org", "73832-8");
    private static final MeasureCode NEGATIVE = new MeasureCode("http://snomed.info/sct", "428171000124102");
    private static final MeasureCode POSITIVE = new MeasureCode("http://snomed.info/sct", "428181000124104");
    private static final MeasureCode REFERRAL = new MeasureCode("http://snomed.info/sct", "183524004");
    private static final MeasureCode MAJOR_DEPRESSION = new MeasureCode("http://hl7.org/fhir/sid/icd-10-cm", "F32.1");
    private static final MeasureCode BIPOLAR = new MeasureCode("http://hl7.org/fhir/sid/icd-10-cm", "F30.10");
    private static final MeasureCode HOSPICE_DX = new MeasureCode("http://snomed.info/sct", "170935008");
    private static final MeasureCode HOSPICE_ENCOUNTER = new MeasureCode("https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "G9473");
    private static final MeasureCode ACTIVE = new MeasureCode("http://terminology.hl7.org/CodeSystem/condition-clinical", "active");
    private static final MeasureCode REMISSION = new MeasureCode("http://terminology.hl7.org/CodeSystem/condition-clinical", "remission");
    private static final MeasureCode CONFIRMED = new MeasureCode("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed");
    private static final MeasureCode PROBLEM_LIST = new MeasureCode("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item");

    // ------------------------------------------------------------------------------------------------------- CMS2

    @Test
    void cms2AgeIsTwelveOnTheFirstDayOfThePeriodWhenBornThatDayTwelveYearsBefore() {
        MeasureEncounter visit = encounter("finished", OFFICE_VISIT, "2025-03-10T14:00:00Z", "2025-03-10T14:30:00Z");
        assertThat(CMS2.evaluate(patient(LocalDate.of(2013, 1, 1), List.of(visit)), Y2025, VS, UTC)).contains(Population.INITIAL_POPULATION);
        assertThat(CMS2.evaluate(patient(LocalDate.of(2013, 1, 2), List.of(visit)), Y2025, VS, UTC)).isEmpty();
    }

    @Test
    void cms2OnlyFinishedEncountersEntirelyWithinTheDaysOfThePeriodQualify() {
        LocalDate adult = LocalDate.of(1980, 5, 5);
        assertThat(CMS2.evaluate(patient(adult, List.of(encounter("in-progress", OFFICE_VISIT, "2025-03-10T14:00:00Z", "2025-03-10T14:30:00Z"))),
                Y2025, VS, UTC)).isEmpty();
        // ends on the next day after the period: not during day of the period
        assertThat(CMS2.evaluate(patient(adult, List.of(encounter("finished", OFFICE_VISIT, "2025-12-31T23:00:00Z", "2026-01-01T00:30:00Z"))),
                Y2025, VS, UTC)).isEmpty();
        // no end: FHIRHelpers closes the interval at the maximum date time, never during the period
        assertThat(CMS2.evaluate(patient(adult, List.of(encounter("finished", OFFICE_VISIT, "2025-03-10T14:00:00Z", null))), Y2025, VS, UTC))
                .isEmpty();
    }

    @Test
    void cms2DayOfTheMeasurementPeriodIsTheDayInThePracticeZone() {
        LocalDate adult = LocalDate.of(1980, 5, 5);
        // 2025-01-01T02:00Z is 2024-12-31 21:00 in New York: in the 2025 period in UTC, not in New York
        MeasurePatient early = patient(adult, List.of(encounter("finished", OFFICE_VISIT, "2025-01-01T02:00:00Z", "2025-01-01T02:30:00Z")));
        assertThat(CMS2.evaluate(early, Y2025, VS, UTC)).contains(Population.INITIAL_POPULATION);
        assertThat(CMS2.evaluate(early, Y2025, VS, NEW_YORK)).isEmpty();
        // 2026-01-01T03:00Z is 2025-12-31 22:00 in New York: the other way round
        MeasurePatient late = patient(adult, List.of(encounter("finished", OFFICE_VISIT, "2026-01-01T03:00:00Z", "2026-01-01T03:30:00Z")));
        assertThat(CMS2.evaluate(late, Y2025, VS, UTC)).isEmpty();
        assertThat(CMS2.evaluate(late, Y2025, VS, NEW_YORK)).contains(Population.INITIAL_POPULATION);
    }

    @Test
    void cms2ScreeningCountsFourteenDaysOrLessBeforeTheDayOfTheEncounterWhateverTheHour() {
        LocalDate adult = LocalDate.of(1980, 5, 5);
        MeasureEncounter visit = encounter("finished", OFFICE_VISIT, "2025-03-15T08:00:00Z", "2025-03-15T08:30:00Z");
        // 2025-03-01T23:00 is 13 days 9 hours before, but 14 days before by day: counts
        assertThat(CMS2.evaluate(patient(adult, List.of(visit), screening("2025-03-01T23:00:00Z", NEGATIVE)), Y2025, VS, UTC))
                .contains(Population.NUMERATOR);
        // 15 days before by day (14 days 9 hours): does not
        assertThat(CMS2.evaluate(patient(adult, List.of(visit), screening("2025-02-28T23:00:00Z", NEGATIVE)), Y2025, VS, UTC))
                .doesNotContain(Population.NUMERATOR);
        // later the same day as the encounter start (after it began): still "on or before day of"
        assertThat(CMS2.evaluate(patient(adult, List.of(visit), screening("2025-03-15T20:00:00Z", NEGATIVE)), Y2025, VS, UTC))
                .contains(Population.NUMERATOR);
        // the next day: after
        assertThat(CMS2.evaluate(patient(adult, List.of(visit), screening("2025-03-16T07:00:00Z", NEGATIVE)), Y2025, VS, UTC))
                .doesNotContain(Population.NUMERATOR);
    }

    @Test
    void cms2TheMostRecentScreeningDecidesAndAPositiveNeedsAFollowUpWithinTwoDaysOfTheEncounterEnd() {
        LocalDate adult = LocalDate.of(1980, 5, 5);
        MeasureEncounter visit = encounter("finished", OFFICE_VISIT, "2025-03-15T08:00:00Z", "2025-03-15T08:30:00Z");
        // negative then positive: the positive (most recent) decides, without follow-up no numerator
        MeasurePatient noFollowUp = patient(adult, List.of(visit), screening("2025-03-10T09:00:00Z", NEGATIVE), screening("2025-03-15T08:05:00Z", POSITIVE));
        assertThat(CMS2.evaluate(noFollowUp, Y2025, VS, UTC)).containsExactly(Population.INITIAL_POPULATION, Population.DENOMINATOR);
        // referral authored two days after the day the encounter ended, late in the day: counts
        MeasurePatient twoDays = patient(adult, List.of(visit), screening("2025-03-15T08:05:00Z", POSITIVE), referral("2025-03-17T23:30:00Z", "active"));
        assertThat(CMS2.evaluate(twoDays, Y2025, VS, UTC)).contains(Population.NUMERATOR);
        // three days after: does not
        MeasurePatient threeDays = patient(adult, List.of(visit), screening("2025-03-15T08:05:00Z", POSITIVE), referral("2025-03-18T00:30:00Z", "active"));
        assertThat(CMS2.evaluate(threeDays, Y2025, VS, UTC)).doesNotContain(Population.NUMERATOR);
        // a revoked referral is not a follow-up
        MeasurePatient revoked = patient(adult, List.of(visit), screening("2025-03-15T08:05:00Z", POSITIVE), referral("2025-03-16T10:00:00Z", "revoked"));
        assertThat(CMS2.evaluate(revoked, Y2025, VS, UTC)).doesNotContain(Population.NUMERATOR);
    }

    @Test
    void cms2ABipolarHistoryExcludesWhateverItsStatusWhenItStartedBeforeTheEncounter() {
        LocalDate adult = LocalDate.of(1980, 5, 5);
        MeasureEncounter visit = encounter("finished", OFFICE_VISIT, "2025-03-15T08:00:00Z", "2025-03-15T08:30:00Z");
        MeasureEvent inRemission = condition(BIPOLAR, "2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z", REMISSION, PROBLEM_LIST);
        assertThat(CMS2.evaluate(patient(adult, List.of(visit), inRemission), Y2025, VS, UTC)).contains(Population.DENOMINATOR_EXCLUSION);
        // starting after the encounter started: not a history before it
        MeasureEvent later = condition(BIPOLAR, "2025-03-15T08:10:00Z", null, ACTIVE, PROBLEM_LIST);
        assertThat(CMS2.evaluate(patient(adult, List.of(visit), later), Y2025, VS, UTC)).doesNotContain(Population.DENOMINATOR_EXCLUSION);
        // an encounter diagnosis (neither problem list nor health concern) does not count
        MeasureEvent encounterDiagnosis = condition(BIPOLAR, "2020-01-01T00:00:00Z", null, ACTIVE,
                new MeasureCode("http://terminology.hl7.org/CodeSystem/condition-category", "encounter-diagnosis"));
        assertThat(CMS2.evaluate(patient(adult, List.of(visit), encounterDiagnosis), Y2025, VS, UTC)).doesNotContain(Population.DENOMINATOR_EXCLUSION);
    }

    // ----------------------------------------------------------------------------------------------------- CMS159

    /** Depression active since 2024-01-01, office visit 2024-03-01, PHQ-9 of 15 that day: index 2024-03-01, MAP 2025-01-01..2025-04-30. */
    private static List<MeasureEvent> depressionWithIndex(MeasureEvent... more) {
        List<MeasureEvent> events = new ArrayList<>();
        events.add(condition(MAJOR_DEPRESSION, "2024-01-01T00:00:00Z", null, ACTIVE, PROBLEM_LIST));
        events.add(phq9("2024-03-01T10:10:00Z", 15, "final"));
        events.addAll(Arrays.asList(more));
        return events;
    }

    private static final MeasureEncounter DEPRESSION_VISIT = encounter("finished", PSYCH_EVAL, "2024-03-01T10:00:00Z", "2024-03-01T10:40:00Z");

    @Test
    void cms159AnActiveDiagnosisWithoutAbatementIsOpenEndedAndAResolvedOneWithoutAbatementIsNotActive() {
        LocalDate adult = LocalDate.of(1980, 5, 5);
        MeasurePatient open = new MeasurePatient(UUID.randomUUID(), adult, "female", false, null, null, List.of(DEPRESSION_VISIT), depressionWithIndex());
        assertThat(CMS159.evaluate(open, Y2025, VS, UTC)).containsExactly(Population.INITIAL_POPULATION, Population.DENOMINATOR);

        Cql.Span active = Cql.prevalence(condition(MAJOR_DEPRESSION, "2024-01-01T00:00:00Z", null, ACTIVE));
        assertThat(active.high()).isEqualTo(Cql.MAX);
        Cql.Span resolved = Cql.prevalence(condition(MAJOR_DEPRESSION, "2024-01-01T00:00:00Z", null, REMISSION));
        assertThat(resolved.high()).as("open end, unknown").isNull();
        assertThat(Cql.overlaps(resolved, Cql.Span.of(Instant.parse("2024-06-01T00:00:00Z"), Instant.parse("2024-06-02T00:00:00Z")), UTC)).isFalse();
        Cql.Span noOnset = Cql.prevalence(condition(MAJOR_DEPRESSION, null, null, ACTIVE));
        assertThat(noOnset.low()).as("closed null start: unbounded").isEqualTo(Cql.MIN);
    }

    @Test
    void cms159AnEncounterBeforeTheDiagnosisStartsIsNoDepressionEncounter() {
        LocalDate adult = LocalDate.of(1980, 5, 5);
        List<MeasureEvent> events = List.of(condition(MAJOR_DEPRESSION, "2024-03-02T00:00:00Z", null, ACTIVE, PROBLEM_LIST),
                phq9("2024-03-01T10:10:00Z", 15, "final"));
        MeasurePatient p = new MeasurePatient(UUID.randomUUID(), adult, "female", false, null, null, List.of(DEPRESSION_VISIT), events);
        assertThat(CMS159.evaluate(p, Y2025, VS, UTC)).isEmpty();
    }

    @Test
    void cms159TheIndexAssessmentMayBeSevenDaysBeforeTheDepressionEncounterByDay() {
        LocalDate adult = LocalDate.of(1980, 5, 5);
        MeasureEvent depression = condition(MAJOR_DEPRESSION, "2024-01-01T00:00:00Z", null, ACTIVE, PROBLEM_LIST);
        // encounter 2024-03-01T10:00; 2024-02-23T01:00 is 7 days before by day (7 days 9 hours): index
        MeasurePatient sevenDays = new MeasurePatient(UUID.randomUUID(), adult, "female", false, null, null, List.of(DEPRESSION_VISIT),
                List.of(depression, phq9("2024-02-23T01:00:00Z", 15, "final")));
        assertThat(CMS159.evaluate(sevenDays, Y2025, VS, UTC)).contains(Population.INITIAL_POPULATION);
        MeasurePatient eightDays = new MeasurePatient(UUID.randomUUID(), adult, "female", false, null, null, List.of(DEPRESSION_VISIT),
                List.of(depression, phq9("2024-02-22T23:00:00Z", 15, "final")));
        assertThat(CMS159.evaluate(eightDays, Y2025, VS, UTC)).isEmpty();
        // a score of 9 is not greater than 9
        MeasurePatient nine = new MeasurePatient(UUID.randomUUID(), adult, "female", false, null, null, List.of(DEPRESSION_VISIT),
                List.of(depression, phq9("2024-03-01T10:10:00Z", 9, "final")));
        assertThat(CMS159.evaluate(nine, Y2025, VS, UTC)).isEmpty();
    }

    @Test
    void cms159AgeIsTakenOnTheIndexAssessmentDay() {
        MeasurePatient twelveThatDay = new MeasurePatient(UUID.randomUUID(), LocalDate.of(2012, 3, 1), "female", false, null, null,
                List.of(DEPRESSION_VISIT), depressionWithIndex());
        assertThat(CMS159.evaluate(twelveThatDay, Y2025, VS, UTC)).contains(Population.INITIAL_POPULATION);
        MeasurePatient twelveNextDay = new MeasurePatient(UUID.randomUUID(), LocalDate.of(2012, 3, 2), "female", false, null, null,
                List.of(DEPRESSION_VISIT), depressionWithIndex());
        assertThat(CMS159.evaluate(twelveNextDay, Y2025, VS, UTC)).isEmpty();
    }

    @Test
    void cms159RemissionIsTheLastFinalPhq9InTheAssessmentPeriodBelowFive() {
        LocalDate adult = LocalDate.of(1980, 5, 5);
        // MAP: 2025-03-01 +/- 60 days = 2024-12-31 .. 2025-04-30
        MeasurePatient remitted = new MeasurePatient(UUID.randomUUID(), adult, "female", false, null, null, List.of(DEPRESSION_VISIT),
                depressionWithIndex(phq9("2024-12-31T12:00:00Z", 3, "final")));
        assertThat(CMS159.evaluate(remitted, Y2025, VS, UTC)).contains(Population.NUMERATOR);
        MeasurePatient tooEarly = new MeasurePatient(UUID.randomUUID(), adult, "female", false, null, null, List.of(DEPRESSION_VISIT),
                depressionWithIndex(phq9("2024-12-30T23:59:00Z", 3, "final")));
        assertThat(CMS159.evaluate(tooEarly, Y2025, VS, UTC)).doesNotContain(Population.NUMERATOR);
        MeasurePatient lastDay = new MeasurePatient(UUID.randomUUID(), adult, "female", false, null, null, List.of(DEPRESSION_VISIT),
                depressionWithIndex(phq9("2025-04-30T23:59:00Z", 4, "final")));
        assertThat(CMS159.evaluate(lastDay, Y2025, VS, UTC)).contains(Population.NUMERATOR);
        MeasurePatient tooLate = new MeasurePatient(UUID.randomUUID(), adult, "female", false, null, null, List.of(DEPRESSION_VISIT),
                depressionWithIndex(phq9("2025-05-01T00:01:00Z", 4, "final")));
        assertThat(CMS159.evaluate(tooLate, Y2025, VS, UTC)).doesNotContain(Population.NUMERATOR);
        // a later score of 7 in the period is the last one: not remitted
        MeasurePatient relapsed = new MeasurePatient(UUID.randomUUID(), adult, "female", false, null, null, List.of(DEPRESSION_VISIT),
                depressionWithIndex(phq9("2025-02-01T12:00:00Z", 3, "final"), phq9("2025-04-30T12:00:00Z", 7, "final")));
        assertThat(CMS159.evaluate(relapsed, Y2025, VS, UTC)).doesNotContain(Population.NUMERATOR);
        // a preliminary result is not read
        MeasurePatient preliminary = new MeasurePatient(UUID.randomUUID(), adult, "female", false, null, null, List.of(DEPRESSION_VISIT),
                depressionWithIndex(phq9("2025-02-01T12:00:00Z", 3, "preliminary")));
        assertThat(CMS159.evaluate(preliminary, Y2025, VS, UTC)).doesNotContain(Population.NUMERATOR);
    }

    @Test
    void cms159AHospiceDiagnosisAbatedBeforeTheWindowOrAnUnknownStatusHospiceEncounterDoesNotExclude() {
        LocalDate adult = LocalDate.of(1980, 5, 5);
        // window: start of DIP (2023-11-01) .. end of MAP (2025-04-30)
        MeasureEvent abatedBefore = condition(HOSPICE_DX, "2023-01-01T00:00:00Z", "2023-10-31T12:00:00Z", ACTIVE);
        MeasurePatient p1 = new MeasurePatient(UUID.randomUUID(), adult, "female", false, null, null, List.of(DEPRESSION_VISIT),
                depressionWithIndex(abatedBefore));
        assertThat(CMS159.evaluate(p1, Y2025, VS, UTC)).doesNotContain(Population.DENOMINATOR_EXCLUSION);
        MeasureEvent abatedInside = condition(HOSPICE_DX, "2023-01-01T00:00:00Z", "2023-11-01T12:00:00Z", ACTIVE);
        MeasurePatient p2 = new MeasurePatient(UUID.randomUUID(), adult, "female", false, null, null, List.of(DEPRESSION_VISIT),
                depressionWithIndex(abatedInside));
        assertThat(CMS159.evaluate(p2, Y2025, VS, UTC)).contains(Population.DENOMINATOR_EXCLUSION);

        MeasureEncounter unknown = encounter("unknown", HOSPICE_ENCOUNTER, "2025-01-10T10:00:00Z", "2025-01-10T11:00:00Z");
        MeasurePatient p3 = new MeasurePatient(UUID.randomUUID(), adult, "female", false, null, null, List.of(DEPRESSION_VISIT, unknown),
                depressionWithIndex());
        assertThat(CMS159.evaluate(p3, Y2025, VS, UTC)).doesNotContain(Population.DENOMINATOR_EXCLUSION);
        MeasureEncounter planned = encounter("planned", HOSPICE_ENCOUNTER, "2025-04-30T10:00:00Z", "2025-04-30T11:00:00Z");
        MeasurePatient p4 = new MeasurePatient(UUID.randomUUID(), adult, "female", false, null, null, List.of(DEPRESSION_VISIT, planned),
                depressionWithIndex());
        assertThat(CMS159.evaluate(p4, Y2025, VS, UTC)).contains(Population.DENOMINATOR_EXCLUSION);
    }

    @Test
    void cms159DeathExcludesUpToTheDayBeforeTheEndOfTheAssessmentPeriodButTheLastDayItselfIsUncertain() {
        LocalDate adult = LocalDate.of(1980, 5, 5);
        // ToDateTime(end of MAP) has day precision: a death at 10:00 on 2025-04-30 compares as uncertain (null)
        MeasurePatient dayBefore = new MeasurePatient(UUID.randomUUID(), adult, "female", true, Instant.parse("2025-04-29T10:00:00Z"), null,
                List.of(DEPRESSION_VISIT), depressionWithIndex());
        assertThat(CMS159.evaluate(dayBefore, Y2025, VS, UTC)).contains(Population.DENOMINATOR_EXCLUSION);
        MeasurePatient lastDay = new MeasurePatient(UUID.randomUUID(), adult, "female", true, Instant.parse("2025-04-30T10:00:00Z"), null,
                List.of(DEPRESSION_VISIT), depressionWithIndex());
        assertThat(CMS159.evaluate(lastDay, Y2025, VS, UTC)).doesNotContain(Population.DENOMINATOR_EXCLUSION);
        // deceasedBoolean: not a date time, so not "on or before"
        MeasurePatient deceasedNoDate = new MeasurePatient(UUID.randomUUID(), adult, "female", true, null, null, List.of(DEPRESSION_VISIT),
                depressionWithIndex());
        assertThat(CMS159.evaluate(deceasedNoDate, Y2025, VS, UTC)).doesNotContain(Population.DENOMINATOR_EXCLUSION);
    }

    @Test
    void aDayPrecisionValueComparedWithATimeOnTheSameDayIsUncertain() {
        Instant dayOnly = Instant.parse("2025-03-01T00:00:00Z");
        assertThat(Cql.compare(dayOnly, true, Instant.parse("2025-03-01T10:00:00Z"), false, UTC)).isNull();
        assertThat(Cql.compare(dayOnly, true, Instant.parse("2025-03-02T10:00:00Z"), false, UTC)).isNegative();
        assertThat(Cql.compare(dayOnly, true, dayOnly, true, UTC)).isZero();
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private static MeasurePatient patient(LocalDate birthDate, List<MeasureEncounter> encounters, MeasureEvent... events) {
        return new MeasurePatient(UUID.randomUUID(), birthDate, "female", false, null, null, encounters, List.of(events));
    }

    private static MeasureEncounter encounter(String status, MeasureCode type, String start, String end) {
        return new MeasureEncounter(UUID.randomUUID().toString(), status, "AMB", List.of(type), Instant.parse(start),
                end == null ? null : Instant.parse(end), List.of(), null);
    }

    private static MeasureEvent screening(String at, MeasureCode result) {
        Instant t = Instant.parse(at);
        return new MeasureEvent("Observation", UUID.randomUUID().toString(), "final", List.of(ADULT_SCREEN), t, t, null, null, List.of(result), null,
                false, List.of(), List.of(), List.of(), List.of(), false);
    }

    private static MeasureEvent phq9(String at, int score, String status) {
        Instant t = Instant.parse(at);
        return new MeasureEvent("Observation", UUID.randomUUID().toString(), status, List.of(PHQ9), t, t, null, BigDecimal.valueOf(score), List.of(),
                null, false, List.of(), List.of(), List.of(), List.of(), false);
    }

    private static MeasureEvent referral(String authoredOn, String status) {
        return new MeasureEvent("ServiceRequest", UUID.randomUUID().toString(), status, List.of(REFERRAL), null, null, Instant.parse(authoredOn), null,
                List.of(), "order", false, List.of(), List.of(), List.of(), List.of(), false);
    }

    /** A confirmed Condition. */
    private static MeasureEvent condition(MeasureCode code, String onset, String abatement, MeasureCode clinical, MeasureCode... categories) {
        return new MeasureEvent("Condition", UUID.randomUUID().toString(), null, List.of(code), onset == null ? null : Instant.parse(onset),
                abatement == null ? null : Instant.parse(abatement), null, null, List.of(), null, false, List.of(categories), List.of(clinical),
                List.of(CONFIRMED), List.of(), false);
    }
}
