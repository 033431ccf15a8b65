package org.tandem.screening;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tandem.screening.ProgramRule.OnPositive;
import org.tandem.screening.ProgramRule.Population;

/** The due rule, the suggested default program and the perinatal predicate, on hand-made data. */
class ScreeningRulesTest {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    static final LocalDate DAY = LocalDate.of(2026, 3, 4);

    static final ProgramRule PHQ2 = rule(Instruments.PHQ_2, 12, null, 12, Population.ALL);
    static final ProgramRule PHQ9 = rule(Instruments.PHQ_9, 12, null, 12, Population.ALL);
    static final ProgramRule GAD2 = rule(Instruments.GAD_2, 18, null, 12, Population.ALL);
    static final ProgramRule AUDITC = rule(Instruments.AUDIT_C, 18, null, 12, Population.ALL);
    static final ProgramRule PHQA = rule(Instruments.PHQ_A, 12, 17, 12, Population.ALL);
    static final ProgramRule EPDS = rule(Instruments.EPDS, 12, null, 3, Population.PERINATAL);

    @Test
    void neverScreenedIsDue() {
        ScreeningRules.RuleStatus status = ScreeningRules.status(PHQ2, List.of(), DAY, CHICAGO);
        assertThat(status.due()).isTrue();
        assertThat(status.lastDone()).isNull();
    }

    @Test
    void aResultWithinTheIntervalSatisfiesTheRuleAndTheAnniversaryMakesItDueAgain() {
        ScreeningRules.RuleStatus recent = ScreeningRules.status(PHQ2, List.of(done(Instruments.PHQ_2, "2025-03-05T16:00:00Z")), DAY, CHICAGO);
        assertThat(recent.due()).isFalse();
        assertThat(recent.lastDone()).isEqualTo(LocalDate.of(2025, 3, 5));
        assertThat(recent.lastInstrument()).isEqualTo(Instruments.PHQ_2);

        ScreeningRules.RuleStatus anniversary = ScreeningRules.status(PHQ2, List.of(done(Instruments.PHQ_2, "2025-03-04T16:00:00Z")), DAY, CHICAGO);
        assertThat(anniversary.due()).isTrue();
        assertThat(anniversary.lastDone()).isEqualTo(LocalDate.of(2025, 3, 4));
    }

    @Test
    void theDayOfAResultIsThePracticesLocalDay() {
        // 03:00 UTC on 5 March 2025 is 21:00 on 4 March in Chicago: exactly 12 months before, so due
        ScreeningRules.RuleStatus status = ScreeningRules.status(PHQ2, List.of(done(Instruments.PHQ_2, "2025-03-05T03:00:00Z")), DAY, CHICAGO);
        assertThat(status.lastDone()).isEqualTo(LocalDate.of(2025, 3, 4));
        assertThat(status.due()).isTrue();
    }

    @Test
    void containingInstrumentsCoverTheShortOnes() {
        String lastMonth = "2026-02-02T16:00:00Z";
        assertThat(ScreeningRules.status(PHQ2, List.of(done(Instruments.PHQ_9, lastMonth)), DAY, CHICAGO).due()).isFalse();
        assertThat(ScreeningRules.status(PHQ2, List.of(done(Instruments.PHQ_A, lastMonth)), DAY, CHICAGO).due()).isFalse();
        assertThat(ScreeningRules.status(GAD2, List.of(done(Instruments.GAD_7, lastMonth)), DAY, CHICAGO).due()).isFalse();
        assertThat(ScreeningRules.status(AUDITC, List.of(done(Instruments.AUDIT, lastMonth)), DAY, CHICAGO).due()).isFalse();
        assertThat(ScreeningRules.status(PHQA, List.of(done(Instruments.PHQ_9, lastMonth)), DAY, CHICAGO).due()).isFalse();
        ScreeningRules.RuleStatus viaPhq9 = ScreeningRules.status(PHQ2, List.of(done(Instruments.PHQ_9, lastMonth)), DAY, CHICAGO);
        assertThat(viaPhq9.lastInstrument()).isEqualTo(Instruments.PHQ_9);
    }

    @Test
    void shortOrUnrelatedInstrumentsDoNotCover() {
        String lastMonth = "2026-02-02T16:00:00Z";
        assertThat(ScreeningRules.status(PHQ9, List.of(done(Instruments.PHQ_2, lastMonth)), DAY, CHICAGO).due()).isTrue();
        assertThat(ScreeningRules.status(PHQ2, List.of(done(Instruments.GAD_7, lastMonth)), DAY, CHICAGO).due()).isTrue();
        assertThat(ScreeningRules.status(AUDITC, List.of(done(Instruments.DAST_10, lastMonth)), DAY, CHICAGO).due()).isTrue();
    }

    @Test
    void incompleteResultsAndResultsAfterTheDayDoNotCount() {
        ScreeningEvent incomplete = new ScreeningEvent(Instant.parse("2026-02-02T16:00:00Z"), Instruments.PHQ_9, false, null, null,
                null, null, UUID.randomUUID(), null);
        assertThat(ScreeningRules.status(PHQ2, List.of(incomplete), DAY, CHICAGO).due()).isTrue();
        assertThat(ScreeningRules.status(PHQ2, List.of(done(Instruments.PHQ_2, "2026-03-05T16:00:00Z")), DAY, CHICAGO).due()).isTrue();
    }

    @Test
    void aResultOfTheDayItselfShowsTheDueScreeningWasDone() {
        // 05:00 UTC on 5 March is 23:00 on 4 March in Chicago
        ScreeningRules.RuleStatus sameDay = ScreeningRules.status(PHQ2, List.of(done(Instruments.PHQ_2, "2024-01-10T16:00:00Z"),
                done(Instruments.PHQ_9, "2026-03-05T05:00:00Z")), DAY, CHICAGO);
        assertThat(sameDay.due()).isTrue();
        assertThat(sameDay.doneOnDay()).isEqualTo(Instruments.PHQ_9);
        assertThat(sameDay.stillDue()).isFalse();
        assertThat(sameDay.lastDone()).isEqualTo(LocalDate.of(2024, 1, 10));
        ScreeningRules.RuleStatus notDone = ScreeningRules.status(PHQ2, List.of(done(Instruments.PHQ_2, "2024-01-10T16:00:00Z")), DAY,
                CHICAGO);
        assertThat(notDone.stillDue()).isTrue();
        assertThat(notDone.doneOnDay()).isNull();
    }

    @Test
    void theLatestCoveringResultDecides() {
        ScreeningRules.RuleStatus status = ScreeningRules.status(PHQ2, List.of(done(Instruments.PHQ_2, "2024-06-01T16:00:00Z"),
                done(Instruments.PHQ_9, "2025-09-10T16:00:00Z"), done(Instruments.PHQ_2, "2025-01-10T16:00:00Z")), DAY, CHICAGO);
        assertThat(status.lastDone()).isEqualTo(LocalDate.of(2025, 9, 10));
        assertThat(status.due()).isFalse();
    }

    @Test
    void rulesApplyByAgeAndPopulation() {
        List<ProgramRule> program = List.of(PHQ2, PHQA, GAD2, EPDS);
        assertThat(instruments(ScreeningRules.statuses(program, 11, false, List.of(), DAY, CHICAGO))).isEmpty();
        assertThat(instruments(ScreeningRules.statuses(program, 12, false, List.of(), DAY, CHICAGO)))
                .containsExactly(Instruments.PHQ_2, Instruments.PHQ_A);
        assertThat(instruments(ScreeningRules.statuses(program, 17, false, List.of(), DAY, CHICAGO)))
                .containsExactly(Instruments.PHQ_2, Instruments.PHQ_A);
        assertThat(instruments(ScreeningRules.statuses(program, 18, false, List.of(), DAY, CHICAGO)))
                .containsExactly(Instruments.PHQ_2, Instruments.GAD_2);
        assertThat(instruments(ScreeningRules.statuses(program, 30, true, List.of(), DAY, CHICAGO)))
                .containsExactly(Instruments.PHQ_2, Instruments.GAD_2, Instruments.EPDS);
        assertThat(ScreeningRules.statuses(program, null, true, List.of(), DAY, CHICAGO)).isEmpty();
    }

    @Test
    void suggestedDefaultDependsOnImportedWording() {
        assertThat(ScreeningRules.suggestedDefault(false, false)).extracting(r -> r.instrument() + " " + r.minAge() + "-"
                + r.maxAge() + " " + r.intervalMonths() + " " + r.population().code() + " " + r.onPositive().code())
                .containsExactly("phq-2 12-null 12 all warm-handoff", "audit-c 18-null 12 all pcp-follow-up",
                        "gad-2 18-null 12 all warm-handoff");
        assertThat(ScreeningRules.suggestedDefault(true, false)).extracting(r -> r.instrument() + " " + r.minAge() + "-" + r.maxAge())
                .containsExactly("phq-2 18-null", "phq-a 12-17", "audit-c 18-null", "gad-2 18-null");
        assertThat(ScreeningRules.suggestedDefault(false, true)).extracting(r -> r.instrument() + " " + r.population().code())
                .containsExactly("phq-2 all", "audit-c all", "gad-2 all", "epds perinatal");
        assertThat(ScreeningRules.suggestedDefault(false, false)).extracting(ProgramRule::id)
                .isEqualTo(ScreeningRules.suggestedDefault(false, false).stream().map(ProgramRule::id).toList())
                .doesNotHaveDuplicates();
    }

    @Test
    void perinatalCodesAreIcd10PregnancyCodesAndSnomedPregnancy() {
        for (String code : new String[] { "O09.511", "O80", "Z34.00", "Z3400", "Z3A.20", "z3a.20", "Z33.1" }) {
            assertThat(ScreeningRules.perinatalCode(ScreeningRules.ICD_10_CM, code)).as(code).isTrue();
        }
        for (String code : new String[] { "Z30.0", "Z32.01", "F32.9", "00" }) {
            assertThat(ScreeningRules.perinatalCode(ScreeningRules.ICD_10_CM, code)).as(code).isFalse();
        }
        assertThat(ScreeningRules.perinatalCode(Code.SNOMED, "77386006")).isTrue();
        assertThat(ScreeningRules.perinatalCode(Code.SNOMED, "370143000")).isFalse();
        assertThat(ScreeningRules.perinatalCode("http://hl7.org/fhir/sid/icd-10", "O80")).isFalse();
        assertThat(ScreeningRules.perinatalCode(null, "O80")).isFalse();
    }

    @Test
    void perinatalMeansAPregnancyConditionInTheTwelveMonthsUpToTheDay() {
        assertThat(ScreeningRules.perinatalOn(List.of(LocalDate.of(2025, 3, 5)), DAY)).isTrue();
        assertThat(ScreeningRules.perinatalOn(List.of(DAY), DAY)).isTrue();
        assertThat(ScreeningRules.perinatalOn(List.of(LocalDate.of(2025, 3, 4)), DAY)).isFalse();
        assertThat(ScreeningRules.perinatalOn(List.of(DAY.plusDays(1)), DAY)).isFalse();
        assertThat(ScreeningRules.perinatalOn(null, DAY)).isFalse();
    }

    @Test
    void ruleDetailsAreChecked() {
        assertThat(new ProgramRule.Details("phq-2", 12, null, 12, Population.ALL, OnPositive.WARM_HANDOFF).problems()).isEmpty();
        assertThat(new ProgramRule.Details("phq-3", -1, 130, 0, null, null).problems()).hasSize(6);
        assertThat(new ProgramRule.Details("gad-2", 18, 17, 12, Population.ALL, OnPositive.PCP_FOLLOW_UP).problems())
                .containsExactly("The oldest age must be between the youngest age and 120");
    }

    static ProgramRule rule(String instrument, int minAge, Integer maxAge, int months, Population population) {
        return new ProgramRule(UUID.randomUUID(), instrument, minAge, maxAge, months, population, OnPositive.WARM_HANDOFF, 0);
    }

    static ScreeningEvent done(String instrument, String at) {
        return new ScreeningEvent(Instant.parse(at), instrument, true, 1, null, false, null, UUID.randomUUID(), null);
    }

    static List<String> instruments(List<ScreeningRules.RuleStatus> statuses) {
        return statuses.stream().map(s -> s.rule().instrument()).toList();
    }
}
