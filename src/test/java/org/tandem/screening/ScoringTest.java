package org.tandem.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tandem.screening.TestQuestionnaires.boundLicensed;
import static org.tandem.screening.TestQuestionnaires.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tandem.patient.AdministrativeSex;

/**
 * Scoring boundaries of every instrument. The expected values are written from {@code ../shared/clinical/facts.md}
 * (codes, cut-offs, bands), not read from {@link Instruments}.
 */
class ScoringTest {

    // facts.md: PHQ-9/GAD-7 answers 0-3
    private static final List<String> FREQUENCY = List.of("LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9");
    // facts.md: PHQ-9 items in order, item 9 is 44260-8
    private static final List<String> PHQ9 = List.of("44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2",
            "44252-5", "44253-3", "44260-8");
    // facts.md: GAD-7 items in order
    private static final List<String> GAD7 = List.of("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8",
            "69736-7");
    // facts.md: AUDIT-C items, then AUDIT questions 4-10 (97734-8..97740-5)
    private static final List<String> AUDIT = List.of("68518-0", "68519-8", "68520-6", "97734-8", "97735-5", "97736-3",
            "97737-1", "97738-9", "97739-7", "97740-5");
    // LOINC answer lists of AUDIT question 1, 2 and 3-8, by points 0-4
    private static final List<String> AUDIT_Q1 = List.of("LA6270-8", "LA18926-8", "LA18927-6", "LA18928-4", "LA18929-2");
    private static final List<String> AUDIT_Q2 = List.of("LA15694-5", "LA15695-2", "LA18930-0", "LA18931-8", "LA18932-6");
    private static final List<String> AUDIT_Q3_8 = List.of("LA6270-8", "LA18933-4", "LA18876-5", "LA18891-4", "LA18934-2");
    // AUDIT questions 9-10: No 0, Yes but not in the last year 2, Yes during the last year 4
    private static final Map<Integer, String> AUDIT_Q9_10 = Map.of(0, "LA32-8", 2, "LA32279-4", 4, "LA32280-2");

    private static ScreeningScore score(Instrument instrument, Map<String, Answer> answers) {
        return score(instrument, answers, AdministrativeSex.UNKNOWN, ScoringSettings.DEFAULTS);
    }

    private static ScreeningScore score(Instrument instrument, Map<String, Answer> answers, AdministrativeSex sex,
            ScoringSettings settings) {
        return Scoring.score(instrument, answers, sex, settings);
    }

    /** Frequency answers (0-3) to the items, in order. */
    private static Map<String, Answer> frequency(List<String> items, int... points) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        for (int i = 0; i < points.length; i++) {
            answers.put(items.get(i), Answer.loinc(FREQUENCY.get(points[i])));
        }
        return answers;
    }

    /** Points spread over the items, filling each to 3 from the first: the last item stays 0 as long as possible. */
    private static int[] spread(int total, int items, int max) {
        int[] points = new int[items];
        for (int i = 0; i < items && total > 0; i++) {
            points[i] = Math.min(max, total);
            total -= points[i];
        }
        assertThat(total).as("total fits").isZero();
        return points;
    }

    private static Map<String, Answer> yesNo(Object... linkIdAndYes) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        for (int i = 0; i < linkIdAndYes.length; i += 2) {
            answers.put((String) linkIdAndYes[i], Answer.yes((Boolean) linkIdAndYes[i + 1]));
        }
        return answers;
    }

    @Nested
    class Phq2 {

        @Test
        void phq2OfTwoIsNegativeAndAsksForNothingMore() {
            ScreeningScore score = score(rules("phq-2"), frequency(PHQ9, 1, 1));
            assertThat(score.complete()).isTrue();
            assertThat(score.total()).isEqualTo(2);
            assertThat(score.positive()).isFalse();
            assertThat(score.followOn()).isNull();
        }

        @Test
        void positivePhq2AsksForPhq9InSameSitting() {
            ScreeningScore score = score(rules("phq-2"), frequency(PHQ9, 2, 1));
            assertThat(score.total()).isEqualTo(3);
            assertThat(score.positive()).isTrue();
            assertThat(score.followOn()).isEqualTo("phq-9");
        }

        @Test
        void phq2TopsOutAtSix() {
            assertThat(score(rules("phq-2"), frequency(PHQ9, 3, 3)).total()).isEqualTo(6);
        }

        @Test
        void phq2RejectsAnswersToTheOtherPhq9Items() {
            assertThatThrownBy(() -> score(rules("phq-2"), frequency(PHQ9, 0, 0, 0))).isInstanceOf(InvalidResponse.class)
                    .hasMessageContaining("44259-0");
        }
    }

    @Nested
    class Phq9 {

        @ParameterizedTest(name = "PHQ-9 {0} is {1}")
        @CsvSource({ "0,minimal,false", "4,minimal,false", "5,mild,false", "9,mild,false", "10,moderate,true",
                "14,moderate,true", "15,moderately-severe,true", "19,moderately-severe,true", "20,severe,true",
                "27,severe,true" })
        void phq9BandChangesAtEveryPublishedEdgeAndIsPositiveFromTen(int total, String band, boolean positive) {
            ScreeningScore score = score(rules("phq-9"), frequency(PHQ9, spread(total, 9, 3)));
            assertThat(score.complete()).isTrue();
            assertThat(score.total()).isEqualTo(total);
            assertThat(score.band()).isEqualTo(band);
            assertThat(score.positive()).isEqualTo(positive);
            assertThat(score.followOn()).isNull();
        }

        @Test
        void phq9Item9AboveZeroRaisesSafetySignalEvenWhenTotalIsLow() {
            ScreeningScore score = score(rules("phq-9"), frequency(PHQ9, 0, 0, 0, 0, 0, 0, 0, 0, 1));
            assertThat(score.total()).isEqualTo(1);
            assertThat(score.positive()).isFalse();
            assertThat(score.raisesAlert()).isTrue();
            assertThat(score.safety()).containsExactly(new SafetySignal("phq-9-item-9", "44260-8", false));
        }

        @Test
        void phq9Item9AtZeroRaisesNoSafetySignalEvenWhenSevere() {
            ScreeningScore score = score(rules("phq-9"), frequency(PHQ9, 3, 3, 3, 3, 3, 3, 3, 3, 0));
            assertThat(score.band()).isEqualTo("severe");
            assertThat(score.safety()).isEmpty();
        }

        @Test
        void incompletePhq9HasNoTotalButItem9StillRaisesSafetySignal() {
            Map<String, Answer> answers = frequency(PHQ9, 3, 3, 3, 3, 3, 3, 3, 3, 2);
            answers.remove("44252-5");
            ScreeningScore score = score(rules("phq-9"), answers);
            assertThat(score.complete()).isFalse();
            assertThat(score.total()).isNull();
            assertThat(score.band()).isNull();
            assertThat(score.positive()).isNull();
            assertThat(score.missing()).containsExactly("44252-5");
            assertThat(score.safety()).extracting(SafetySignal::rule).containsExactly("phq-9-item-9");
        }

        @Test
        void answerOutsideTheFrequencyListIsInvalid() {
            Map<String, Answer> answers = frequency(PHQ9, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            answers.put("44250-9", Answer.loinc("LA18934-2"));
            assertThatThrownBy(() -> score(rules("phq-9"), answers)).isInstanceOf(InvalidResponse.class)
                    .satisfies(e -> assertThat(((InvalidResponse) e).problems()).singleElement().asString()
                            .contains("44250-9").contains("LA18934-2"));
        }

        @Test
        void answerFromAnotherCodeSystemIsInvalid() {
            Map<String, Answer> answers = frequency(PHQ9, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            answers.put("44250-9", Answer.coding(Code.SNOMED, "LA6568-5"));
            assertThatThrownBy(() -> score(rules("phq-9"), answers)).isInstanceOf(InvalidResponse.class);
        }

        @Test
        void yesNoAnswerToACodedItemIsInvalid() {
            Map<String, Answer> answers = frequency(PHQ9, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            answers.put("44260-8", Answer.yes(false));
            assertThatThrownBy(() -> score(rules("phq-9"), answers)).isInstanceOf(InvalidResponse.class);
        }

        @Test
        void unknownItemIsInvalid() {
            Map<String, Answer> answers = frequency(PHQ9, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            answers.put("69722-7", Answer.loinc("LA6568-5"));
            assertThatThrownBy(() -> score(rules("phq-9"), answers)).isInstanceOf(InvalidResponse.class)
                    .hasMessageContaining("69722-7");
        }
    }

    @Nested
    class Gad {

        @Test
        void gad2IsPositiveFromThree() {
            assertThat(score(rules("gad-2"), frequency(GAD7, 1, 1)).positive()).isFalse();
            ScreeningScore three = score(rules("gad-2"), frequency(GAD7, 3, 0));
            assertThat(three.total()).isEqualTo(3);
            assertThat(three.positive()).isTrue();
            assertThat(score(rules("gad-2"), frequency(GAD7, 3, 3)).total()).isEqualTo(6);
        }

        @ParameterizedTest(name = "GAD-7 {0} is {1}")
        @CsvSource({ "0,minimal,false", "4,minimal,false", "5,mild,false", "9,mild,false", "10,moderate,true",
                "14,moderate,true", "15,severe,true", "21,severe,true" })
        void gad7BandChangesAt5And10And15AndCallsForEvaluationFromTen(int total, String band, boolean positive) {
            ScreeningScore score = score(rules("gad-7"), frequency(GAD7, spread(total, 7, 3)));
            assertThat(score.total()).isEqualTo(total);
            assertThat(score.band()).isEqualTo(band);
            assertThat(score.positive()).isEqualTo(positive);
            assertThat(score.safety()).isEmpty();
        }

        @Test
        void incompleteGad7HasNoTotal() {
            ScreeningScore score = score(rules("gad-7"), frequency(GAD7, 3, 3, 3, 3, 3, 3));
            assertThat(score.complete()).isFalse();
            assertThat(score.total()).isNull();
            assertThat(score.missing()).containsExactly("69736-7");
        }
    }

    @Nested
    class AuditC {

        private Map<String, Answer> auditC(int q1, int q2, int q3) {
            return Map.of(AUDIT.get(0), Answer.loinc(AUDIT_Q1.get(q1)), AUDIT.get(1), Answer.loinc(AUDIT_Q2.get(q2)),
                    AUDIT.get(2), Answer.loinc(AUDIT_Q3_8.get(q3)));
        }

        @Test
        void auditCOfThreeIsNegativeForMen() {
            ScreeningScore score = score(rules("audit-c"), auditC(1, 1, 1), AdministrativeSex.MALE, ScoringSettings.DEFAULTS);
            assertThat(score.total()).isEqualTo(3);
            assertThat(score.positive()).isFalse();
        }

        @Test
        void auditCOfFourIsPositiveForMen() {
            assertThat(score(rules("audit-c"), auditC(2, 1, 1), AdministrativeSex.MALE, ScoringSettings.DEFAULTS).positive())
                    .isTrue();
        }

        @Test
        void auditCOfThreeIsPositiveForWomen() {
            assertThat(score(rules("audit-c"), auditC(1, 1, 1), AdministrativeSex.FEMALE, ScoringSettings.DEFAULTS).positive())
                    .isTrue();
        }

        @Test
        void auditCOfTwoIsNegativeForWomen() {
            assertThat(score(rules("audit-c"), auditC(1, 1, 0), AdministrativeSex.FEMALE, ScoringSettings.DEFAULTS).positive())
                    .isFalse();
        }

        @Test
        void unrecordedSexUsesTheMoreSensitiveCutOff() {
            assertThat(score(rules("audit-c"), auditC(1, 1, 1), AdministrativeSex.UNKNOWN, ScoringSettings.DEFAULTS).positive())
                    .isTrue();
        }

        @Test
        void practiceCutOffsReplaceTheDefaults() {
            ScoringSettings settings = new ScoringSettings(5, 4, 3, 13);
            assertThat(settings.problems()).isEmpty();
            assertThat(score(rules("audit-c"), auditC(2, 1, 1), AdministrativeSex.MALE, settings).positive()).isFalse();
            assertThat(score(rules("audit-c"), auditC(2, 2, 1), AdministrativeSex.MALE, settings).positive()).isTrue();
            assertThat(score(rules("audit-c"), auditC(1, 1, 1), AdministrativeSex.FEMALE, settings).positive()).isFalse();
            assertThat(score(rules("audit-c"), auditC(2, 1, 1), AdministrativeSex.FEMALE, settings).positive()).isTrue();
        }

        @Test
        void auditCTopsOutAtTwelve() {
            assertThat(score(rules("audit-c"), auditC(4, 4, 4), AdministrativeSex.MALE, ScoringSettings.DEFAULTS).total())
                    .isEqualTo(12);
        }

        @Test
        void question2AnswerCodesAreNotQuestion1Codes() {
            Map<String, Answer> answers = new LinkedHashMap<>(auditC(0, 0, 0));
            answers.put(AUDIT.get(1), Answer.loinc(AUDIT_Q1.get(1)));
            assertThatThrownBy(() -> score(rules("audit-c"), answers)).isInstanceOf(InvalidResponse.class);
        }
    }

    @Nested
    class Audit {

        /** Questions 1-8 at the given points (0-4 each), questions 9 and 10 at 0, 2 or 4. */
        private Map<String, Answer> audit(int[] q1to8, int q9, int q10) {
            Map<String, Answer> answers = new LinkedHashMap<>();
            answers.put(AUDIT.get(0), Answer.loinc(AUDIT_Q1.get(q1to8[0])));
            answers.put(AUDIT.get(1), Answer.loinc(AUDIT_Q2.get(q1to8[1])));
            for (int i = 2; i < 8; i++) {
                answers.put(AUDIT.get(i), Answer.loinc(AUDIT_Q3_8.get(q1to8[i])));
            }
            answers.put(AUDIT.get(8), Answer.loinc(AUDIT_Q9_10.get(q9)));
            answers.put(AUDIT.get(9), Answer.loinc(AUDIT_Q9_10.get(q10)));
            return answers;
        }

        @ParameterizedTest(name = "AUDIT {0} is {1}")
        @CsvSource({ "0,zone-i,false", "7,zone-i,false", "8,zone-ii,true", "15,zone-ii,true", "16,zone-iii,true",
                "19,zone-iii,true", "20,zone-iv,true", "40,zone-iv,true" })
        void auditZonesChangeAt8And16And20AndHazardousFrom8(int total, String band, boolean positive) {
            int q9and10 = total > 32 ? total - 32 : 0;
            ScreeningScore score = score(rules("audit"), audit(spread(total - q9and10, 8, 4), q9and10 / 2, q9and10 / 2));
            assertThat(score.total()).isEqualTo(total);
            assertThat(score.band()).isEqualTo(band);
            assertThat(score.positive()).isEqualTo(positive);
        }

        @ParameterizedTest(name = "questions 9 and 10 at {0}")
        @ValueSource(ints = { 0, 2, 4 })
        void questions9And10ScoreZeroTwoOrFour(int points) {
            int[] none = new int[8];
            assertThat(score(rules("audit"), audit(none, points, 0)).total()).isEqualTo(points);
            assertThat(score(rules("audit"), audit(none, 0, points)).total()).isEqualTo(points);
        }

        @Test
        void injuryAndConcernDuringTheLastYearAloneReachZoneII() {
            ScreeningScore score = score(rules("audit"), audit(new int[8], 4, 4));
            assertThat(score.total()).isEqualTo(8);
            assertThat(score.band()).isEqualTo("zone-ii");
            assertThat(score.positive()).isTrue();
        }

        @Test
        void question9HasNoOnePointAnswer() {
            Map<String, Answer> answers = audit(new int[8], 0, 0);
            answers.put(AUDIT.get(8), Answer.loinc(AUDIT_Q3_8.get(1)));
            assertThatThrownBy(() -> score(rules("audit"), answers)).isInstanceOf(InvalidResponse.class)
                    .hasMessageContaining("97739-7");
        }
    }

    @Nested
    class Dast10 {

        /** DAST-10 answers with this many points: others yes from item 1, item 3 answered yes (0) unless total is 10. */
        private Map<String, Answer> dast(int total) {
            Map<String, Answer> answers = new LinkedHashMap<>();
            int yesLeft = Math.min(total, 9);
            for (int i = 1; i <= 10; i++) {
                if (i == 3) {
                    answers.put("dast-10-3", Answer.yes(total < 10));
                } else {
                    answers.put("dast-10-" + i, Answer.yes(yesLeft-- > 0));
                }
            }
            return answers;
        }

        @Test
        void allNoScoresOneBecauseItem3ScoresNo() {
            Map<String, Answer> answers = new LinkedHashMap<>();
            for (int i = 1; i <= 10; i++) {
                answers.put("dast-10-" + i, Answer.yes(false));
            }
            ScreeningScore score = score(rules("dast-10"), answers);
            assertThat(score.total()).isEqualTo(1);
            assertThat(score.band()).isEqualTo("low");
            assertThat(score.positive()).isFalse();
        }

        @ParameterizedTest(name = "DAST-10 {0} is {1}")
        @CsvSource({ "0,none,false", "1,low,false", "2,low,false", "3,moderate,true", "5,moderate,true",
                "6,substantial,true", "8,substantial,true", "9,severe,true", "10,severe,true" })
        void dastBandsAndProblemFromThree(int total, String band, boolean positive) {
            ScreeningScore score = score(boundLicensed("dast-10"), dast(total));
            assertThat(score.total()).isEqualTo(total);
            assertThat(score.band()).isEqualTo(band);
            assertThat(score.positive()).isEqualTo(positive);
        }

        @Test
        void codedAnswerToAYesNoItemIsInvalid() {
            Map<String, Answer> answers = dast(0);
            answers.put("dast-10-1", Answer.loinc("LA33-6"));
            assertThatThrownBy(() -> score(rules("dast-10"), answers)).isInstanceOf(InvalidResponse.class);
        }
    }

    @Nested
    class Epds {

        /** Answers by position (1-4 from top to bottom) to EPDS items 1-10, with the test questionnaire's codes. */
        private Map<String, Answer> epds(Instrument bound, int... positions) {
            Map<String, Answer> answers = new LinkedHashMap<>();
            for (int i = 0; i < positions.length; i++) {
                Item item = bound.item("epds-" + (i + 1)).orElseThrow();
                Code code = item.options().get(positions[i] - 1).code();
                answers.put(item.linkId(), Answer.coding(code.system(), code.code()));
            }
            return answers;
        }

        @Test
        void items1And2And4ScoreTopToBottomAndTheOthersReversed() {
            Instrument bound = boundLicensed("epds");
            // top answer everywhere: items 1, 2, 4 score 0; items 3, 5-10 score 3 each
            assertThat(score(bound, epds(bound, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)).total()).isEqualTo(21);
            // bottom answer everywhere: items 1, 2, 4 score 3; the others 0
            assertThat(score(bound, epds(bound, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4)).total()).isEqualTo(9);
            // the highest score: bottom on 1, 2, 4, top elsewhere
            assertThat(score(bound, epds(bound, 4, 4, 1, 4, 1, 1, 1, 1, 1, 1)).total()).isEqualTo(30);
        }

        @Test
        void probableDepressionFromThirteenByDefault() {
            Instrument bound = boundLicensed("epds");
            // item 1 bottom (3), items 3, 5, 6 top (3 each), the rest score 0, item 10 at 0: 12
            ScreeningScore twelve = score(bound, epds(bound, 4, 1, 1, 1, 1, 1, 4, 4, 4, 4));
            assertThat(twelve.total()).isEqualTo(12);
            assertThat(twelve.positive()).isFalse();
            // item 2 second answer adds 1: 13
            ScreeningScore thirteen = score(bound, epds(bound, 4, 2, 1, 1, 1, 1, 4, 4, 4, 4));
            assertThat(thirteen.total()).isEqualTo(13);
            assertThat(thirteen.positive()).isTrue();
            assertThat(thirteen.safety()).isEmpty();
        }

        @Test
        void practiceMayChooseTheMoreSensitiveCutOffOfTen() {
            Instrument bound = boundLicensed("epds");
            ScoringSettings ten = new ScoringSettings(4, 3, 3, 10);
            // items 3, 5, 6 top (9)
            ScreeningScore nine = score(bound, epds(bound, 1, 1, 1, 1, 1, 1, 4, 4, 4, 4), AdministrativeSex.FEMALE, ten);
            assertThat(nine.total()).isEqualTo(9);
            assertThat(nine.positive()).isFalse();
            ScreeningScore tenPoints = score(bound, epds(bound, 2, 1, 1, 1, 1, 1, 4, 4, 4, 4), AdministrativeSex.FEMALE, ten);
            assertThat(tenPoints.total()).isEqualTo(10);
            assertThat(tenPoints.positive()).isTrue();
            assertThat(score(bound, epds(bound, 2, 1, 1, 1, 1, 1, 4, 4, 4, 4)).positive()).isFalse();
        }

        @Test
        void item10AboveZeroAlwaysRaisesSafetySignal() {
            Instrument bound = boundLicensed("epds");
            // item 10 third answer scores 1 (reversed), everything else 0
            ScreeningScore score = score(bound, epds(bound, 1, 1, 4, 1, 4, 4, 4, 4, 4, 3));
            assertThat(score.total()).isEqualTo(1);
            assertThat(score.positive()).isFalse();
            assertThat(score.safety()).containsExactly(new SafetySignal("epds-item-10", "epds-10", false));
            assertThat(score(bound, epds(bound, 1, 1, 4, 1, 4, 4, 4, 4, 4, 4)).safety()).isEmpty();
        }

        @Test
        void unboundEpdsCannotScoreAnything() {
            assertThat(rules("epds").bound()).isFalse();
            assertThatThrownBy(() -> score(rules("epds"), Map.of("epds-1", Answer.coding("urn:x", "a"))))
                    .isInstanceOf(InvalidResponse.class);
        }
    }

    @Nested
    class PcPtsd5 {

        private Map<String, Answer> traumaAnd(int yesCount) {
            Map<String, Answer> answers = yesNo("pc-ptsd-5-trauma", true);
            for (int i = 1; i <= 5; i++) {
                answers.put("pc-ptsd-5-" + i, Answer.yes(i <= yesCount));
            }
            return answers;
        }

        @Test
        void noTraumaExposureCompletesTheScreenAtZero() {
            ScreeningScore score = score(rules("pc-ptsd-5"), yesNo("pc-ptsd-5-trauma", false));
            assertThat(score.complete()).isTrue();
            assertThat(score.total()).isZero();
            assertThat(score.positive()).isFalse();
        }

        @Test
        void answeringItemsAfterNoTraumaExposureIsInvalid() {
            assertThatThrownBy(() -> score(rules("pc-ptsd-5"), yesNo("pc-ptsd-5-trauma", false, "pc-ptsd-5-1", true)))
                    .isInstanceOf(InvalidResponse.class).hasMessageContaining("pc-ptsd-5-1");
        }

        @Test
        void traumaExposureWithoutTheFiveItemsIsIncomplete() {
            ScreeningScore score = score(rules("pc-ptsd-5"), yesNo("pc-ptsd-5-trauma", true));
            assertThat(score.complete()).isFalse();
            assertThat(score.missing()).containsExactly("pc-ptsd-5-1", "pc-ptsd-5-2", "pc-ptsd-5-3", "pc-ptsd-5-4", "pc-ptsd-5-5");
        }

        @Test
        void positiveFromThreeByDefault() {
            ScreeningScore two = score(rules("pc-ptsd-5"), traumaAnd(2));
            assertThat(two.total()).isEqualTo(2);
            assertThat(two.positive()).isFalse();
            ScreeningScore three = score(rules("pc-ptsd-5"), traumaAnd(3));
            assertThat(three.total()).isEqualTo(3);
            assertThat(three.positive()).isTrue();
            assertThat(score(rules("pc-ptsd-5"), traumaAnd(5)).total()).isEqualTo(5);
        }

        @Test
        void practiceMayChooseTheVaCutOffOfFour() {
            ScoringSettings four = new ScoringSettings(4, 3, 4, 13);
            assertThat(score(rules("pc-ptsd-5"), traumaAnd(3), AdministrativeSex.MALE, four).positive()).isFalse();
            assertThat(score(rules("pc-ptsd-5"), traumaAnd(4), AdministrativeSex.MALE, four).positive()).isTrue();
        }
    }

    @Nested
    class Asq {

        @Test
        void allNoIsNegativeAndQuestion5IsNotAsked() {
            ScreeningScore score = score(rules("asq"), yesNo("asq-1", false, "asq-2", false, "asq-3", false, "asq-4", false));
            assertThat(score.complete()).isTrue();
            assertThat(score.risk()).isEqualTo("negative");
            assertThat(score.positive()).isFalse();
            assertThat(score.total()).isNull();
            assertThat(score.safety()).isEmpty();
        }

        @Test
        void anyYesWithNoToQuestion5IsANonAcutePositive() {
            ScreeningScore score = score(rules("asq"),
                    yesNo("asq-1", false, "asq-2", true, "asq-3", false, "asq-4", false, "asq-5", false));
            assertThat(score.risk()).isEqualTo("non-acute");
            assertThat(score.positive()).isTrue();
            assertThat(score.safety()).singleElement().satisfies(s -> {
                assertThat(s.acute()).isFalse();
                assertThat(s.linkId()).isEqualTo("asq-2");
            });
        }

        @Test
        void yesToQuestion5IsAnAcutePositive() {
            ScreeningScore score = score(rules("asq"),
                    yesNo("asq-1", true, "asq-2", false, "asq-3", false, "asq-4", false, "asq-5", true));
            assertThat(score.risk()).isEqualTo("acute");
            assertThat(score.positive()).isTrue();
            assertThat(score.safety()).singleElement().satisfies(s -> assertThat(s.acute()).isTrue());
        }

        @Test
        void everTriedAloneIsPositive() {
            ScreeningScore score = score(rules("asq"),
                    yesNo("asq-1", false, "asq-2", false, "asq-3", false, "asq-4", true, "asq-5", false));
            assertThat(score.risk()).isEqualTo("non-acute");
            assertThat(score.raisesAlert()).isTrue();
        }

        @Test
        void question5MissingAfterAYesIsIncompleteButStillAlerts() {
            ScreeningScore score = score(rules("asq"), yesNo("asq-1", false, "asq-2", false, "asq-3", true, "asq-4", false));
            assertThat(score.complete()).isFalse();
            assertThat(score.missing()).containsExactly("asq-5");
            assertThat(score.risk()).isNull();
            assertThat(score.positive()).isNull();
            assertThat(score.raisesAlert()).isTrue();
        }

        @Test
        void question5AfterAllNoIsInvalid() {
            assertThatThrownBy(() -> score(rules("asq"),
                    yesNo("asq-1", false, "asq-2", false, "asq-3", false, "asq-4", false, "asq-5", false)))
                    .isInstanceOf(InvalidResponse.class).hasMessageContaining("asq-5");
        }
    }

    @Nested
    class Cssrs {

        @Test
        void allNoIsNoRisk() {
            ScreeningScore score = score(boundLicensed("cssrs-screener"), yesNo("cssrs-1", false, "cssrs-2", false, "cssrs-6", false));
            assertThat(score.complete()).isTrue();
            assertThat(score.risk()).isEqualTo("none");
            assertThat(score.positive()).isFalse();
            assertThat(score.safety()).isEmpty();
        }

        @Test
        void wishToBeDeadAloneIsLowRiskWithoutAlert() {
            ScreeningScore score = score(rules("cssrs-screener"), yesNo("cssrs-1", true, "cssrs-2", false, "cssrs-6", false));
            assertThat(score.risk()).isEqualTo("low");
            assertThat(score.positive()).isTrue();
            assertThat(score.safety()).isEmpty();
        }

        @Test
        void activeThoughtsWithMethodIsModerateRisk() {
            ScreeningScore score = score(rules("cssrs-screener"), yesNo("cssrs-1", true, "cssrs-2", true, "cssrs-3", true,
                    "cssrs-4", false, "cssrs-5", false, "cssrs-6", false));
            assertThat(score.risk()).isEqualTo("moderate");
            assertThat(score.safety()).isEmpty();
        }

        @ParameterizedTest(name = "yes to {0} is imminent risk")
        @ValueSource(strings = { "cssrs-4", "cssrs-5" })
        void intentOrPlanIsHighRiskAndRaisesAcuteAlert(String linkId) {
            Map<String, Answer> answers = yesNo("cssrs-1", true, "cssrs-2", true, "cssrs-3", false, "cssrs-4", false,
                    "cssrs-5", false, "cssrs-6", false);
            answers.put(linkId, Answer.yes(true));
            ScreeningScore score = score(rules("cssrs-screener"), answers);
            assertThat(score.risk()).isEqualTo("high");
            assertThat(score.safety()).containsExactly(new SafetySignal("cssrs-imminent", linkId, true));
        }

        @Test
        void behaviourInThePast3MonthsIsHighRiskAndBehaviourLongerAgoModerate() {
            ScreeningScore recent = score(rules("cssrs-screener"),
                    yesNo("cssrs-1", false, "cssrs-2", false, "cssrs-6", true, "cssrs-6-recent", true));
            assertThat(recent.risk()).isEqualTo("high");
            assertThat(recent.safety()).containsExactly(new SafetySignal("cssrs-imminent", "cssrs-6-recent", true));
            ScreeningScore longAgo = score(rules("cssrs-screener"),
                    yesNo("cssrs-1", false, "cssrs-2", false, "cssrs-6", true, "cssrs-6-recent", false));
            assertThat(longAgo.risk()).isEqualTo("moderate");
            assertThat(longAgo.safety()).isEmpty();
        }

        @Test
        void questions3To5AreAskedOnlyAfterAYesToQuestion2() {
            assertThatThrownBy(() -> score(rules("cssrs-screener"),
                    yesNo("cssrs-1", true, "cssrs-2", false, "cssrs-3", true, "cssrs-6", false)))
                    .isInstanceOf(InvalidResponse.class).hasMessageContaining("cssrs-3");
            ScreeningScore incomplete = score(rules("cssrs-screener"), yesNo("cssrs-1", true, "cssrs-2", true, "cssrs-6", false));
            assertThat(incomplete.complete()).isFalse();
            assertThat(incomplete.missing()).containsExactly("cssrs-3", "cssrs-4", "cssrs-5");
        }
    }

    @Nested
    class Nida {

        @Test
        void noUseIsNegative() {
            ScreeningScore score = score(rules("nida-single"), Map.of("68524-8", Answer.number(0)));
            assertThat(score.complete()).isTrue();
            assertThat(score.total()).isZero();
            assertThat(score.positive()).isFalse();
        }

        @Test
        void anyUseIsPositive() {
            ScreeningScore score = score(rules("nida-single"), Map.of("68524-8", Answer.number(1)));
            assertThat(score.total()).isEqualTo(1);
            assertThat(score.positive()).isTrue();
        }

        @Test
        void useSeveralTimesADayIsACountNotAnError() {
            assertThat(score(rules("nida-single"), Map.of("68524-8", Answer.number(1000))).positive()).isTrue();
        }

        @Test
        void negativeCountIsInvalid() {
            assertThatThrownBy(() -> score(rules("nida-single"), Map.of("68524-8", Answer.number(-1))))
                    .isInstanceOf(InvalidResponse.class).hasMessageContaining("68524-8");
        }

        @Test
        void yesNoAnswerIsInvalid() {
            assertThatThrownBy(() -> score(rules("nida-single"), Map.of("68524-8", Answer.yes(true))))
                    .isInstanceOf(InvalidResponse.class);
        }

        @Test
        void noAnswerIsIncomplete() {
            ScreeningScore score = score(rules("nida-single"), Map.of());
            assertThat(score.complete()).isFalse();
            assertThat(score.positive()).isNull();
        }
    }

    @Nested
    class PhqA {

        private Map<String, Answer> phqA(int total, boolean thoughts, boolean attempted) {
            int[] points = spread(total, 9, 3);
            Map<String, Answer> answers = new LinkedHashMap<>();
            for (int i = 0; i < 9; i++) {
                answers.put("phq-a-" + (i + 1), Answer.loinc(FREQUENCY.get(points[i])));
            }
            answers.put("phq-a-serious-thoughts", Answer.yes(thoughts));
            answers.put("phq-a-ever-attempted", Answer.yes(attempted));
            return answers;
        }

        @Test
        void phqAHasThePhq9BandsAndOptionalDysthymiaQuestion() {
            Instrument bound = boundLicensed("phq-a");
            ScreeningScore nine = score(bound, phqA(9, false, false));
            assertThat(nine.complete()).isTrue();
            assertThat(nine.band()).isEqualTo("mild");
            assertThat(nine.positive()).isFalse();
            ScreeningScore ten = score(bound, phqA(10, false, false));
            assertThat(ten.band()).isEqualTo("moderate");
            assertThat(ten.positive()).isTrue();
            assertThat(ten.safety()).isEmpty();
        }

        @Test
        void suicideQuestionsRaiseSafetySignalsWhateverTheTotal() {
            ScreeningScore score = score(boundLicensed("phq-a"), phqA(0, true, true));
            assertThat(score.total()).isZero();
            assertThat(score.safety()).extracting(SafetySignal::rule)
                    .containsExactly("phq-a-serious-thoughts", "phq-a-ever-attempted");
        }

        @Test
        void item9AboveZeroRaisesSafetySignal() {
            Map<String, Answer> answers = phqA(0, false, false);
            answers.put("phq-a-9", Answer.loinc(FREQUENCY.get(1)));
            assertThat(score(boundLicensed("phq-a"), answers).safety()).extracting(SafetySignal::rule)
                    .containsExactly("phq-a-item-9");
        }
    }
}
