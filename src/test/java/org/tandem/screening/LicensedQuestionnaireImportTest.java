package org.tandem.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tandem.screening.TestQuestionnaires.licensed;
import static org.tandem.screening.TestQuestionnaires.rules;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A practice holding a licence for PHQ-A, EPDS, DAST-10 or the C-SSRS screener imports the wording as a FHIR
 * Questionnaire. The test files carry placeholder wording only, never the licensed text.
 */
class LicensedQuestionnaireImportTest {

    @ParameterizedTest
    @ValueSource(strings = { "phq-a", "epds", "dast-10", "cssrs-screener" })
    void licensedQuestionnaireBindsToItsRules(String id) {
        Instrument bound = QuestionnaireCatalog.bind(rules(id), licensed(id));
        assertThat(bound.bound()).isTrue();
        assertThat(bound.id()).isEqualTo(id);
        assertThat(bound.items()).extracting(Item::linkId)
                .containsExactlyElementsOf(rules(id).items().stream().map(Item::linkId).collect(Collectors.toList()));
    }

    @Test
    void epdsTakesItsAnswerCodesFromTheFileInOrderAndKeepsItsScores() {
        assertThat(rules("epds").bound()).isFalse();
        Instrument bound = QuestionnaireCatalog.bind(rules("epds"), licensed("epds"));
        Item item3 = bound.item("epds-3").orElseThrow();
        assertThat(item3.options()).extracting(o -> o.code().code()).containsExactly("epds-3-a", "epds-3-b", "epds-3-c", "epds-3-d");
        assertThat(item3.options()).extracting(AnswerOption::score).containsExactly(3, 2, 1, 0);
        assertThat(bound.item("epds-1").orElseThrow().options()).extracting(AnswerOption::score).containsExactly(0, 1, 2, 3);
        assertThat(item3.options().get(0).code().system()).isEqualTo("urn:example:practice:epds-answers");
        assertThat(item3.options().get(0).code().display()).isEqualTo("EPDS item 3 answer 1 (licensed wording)");
    }

    @Test
    void phqAKeepsTheLoincAnswerCodesAndMayNestItsItemsInAGroup() {
        Instrument bound = QuestionnaireCatalog.bind(rules("phq-a"), licensed("phq-a"));
        assertThat(bound.items()).isEqualTo(rules("phq-a").items());
        ScreeningForm form = QuestionnaireCatalog.form(bound, licensed("phq-a"), Locale.ENGLISH);
        assertThat(form.stem()).isEqualTo("PHQ-A instructions (licensed wording)");
        assertThat(form.items()).hasSize(12);
        assertThat(form.items().get(0).text()).isEqualTo("PHQ-A item 1 (licensed wording)");
        assertThat(form.items().get(9).required()).isFalse();
    }

    @Test
    void epdsFormShowsTheImportedWordingAndCodes() {
        Questionnaire q = licensed("epds");
        ScreeningForm form = QuestionnaireCatalog.form(QuestionnaireCatalog.bind(rules("epds"), q), q, Locale.forLanguageTag("es"));
        assertThat(form.instrumentId()).isEqualTo("epds");
        assertThat(form.stem()).isEqualTo("EPDS instructions (licensed wording)");
        assertThat(form.items()).hasSize(10);
        ScreeningForm.FormItem item3 = form.items().get(2);
        assertThat(item3.text()).isEqualTo("EPDS item 3 (licensed wording)");
        assertThat(item3.options()).extracting(ScreeningForm.FormOption::code).containsExactly("epds-3-a", "epds-3-b", "epds-3-c",
                "epds-3-d");
        assertThat(item3.options().get(1).display()).isEqualTo("EPDS item 3 answer 2 (licensed wording)");
    }

    @Test
    void cssrsFormAsksQuestions3To5AfterQuestion2() {
        Questionnaire q = licensed("cssrs-screener");
        ScreeningForm form = QuestionnaireCatalog.form(QuestionnaireCatalog.bind(rules("cssrs-screener"), q), q, Locale.ENGLISH);
        assertThat(form.stem()).isNull();
        assertThat(form.items()).extracting(ScreeningForm.FormItem::enableWhen).containsExactly(List.of(), List.of(),
                List.of("cssrs-2"), List.of("cssrs-2"), List.of("cssrs-2"), List.of(), List.of("cssrs-6"));
    }

    @Test
    void unboundRulesCannotMakeAForm() {
        assertThatThrownBy(() -> QuestionnaireCatalog.form(rules("epds"), licensed("epds"), Locale.ENGLISH))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "epds-missing-item    | epds           | Item epds-7 is missing (question 7 of the EPDS)",
        "epds-three-answers   | epds           | Item epds-3 must have 4 answers; the file has 3",
        "epds-wrong-ordinal   | epds           | Item epds-3 answer 1 scores 0 in the file, but the EPDS scores it 3",
        "phq-a-extra-item     | phq-a          | Item phq-a-bonus is not part of the PHQ-A",
        "dast-10-wrong-type   | dast-10        | Item dast-10-3 must be a yes/no question (type boolean); the file has type choice",
        "cssrs-screener-ungated | cssrs-screener | Item cssrs-4 must be asked only after a yes to cssrs-2; the file always asks it" })
    void brokenFileIsRejectedWithAClearMessage(String file, String id, String problem) {
        assertThatThrownBy(() -> QuestionnaireCatalog.bind(rules(id), licensed("broken/" + file)))
                .isInstanceOf(InvalidQuestionnaire.class)
                .satisfies(e -> assertThat(((InvalidQuestionnaire) e).problems()).containsExactly(problem));
    }

    @Test
    void answerCodeOutsideTheLoincListIsNamedWithTheAllowedCodes() {
        assertThatThrownBy(() -> QuestionnaireCatalog.bind(rules("phq-a"), licensed("broken/phq-a-unknown-answer")))
                .isInstanceOf(InvalidQuestionnaire.class)
                .satisfies(e -> assertThat(((InvalidQuestionnaire) e).problems()).singleElement().asString()
                        .startsWith("Item phq-a-1 answer LA9999-9 is not in the LOINC answer list the PHQ-A scores for this item")
                        .contains("LA6568-5 Not at all").contains("LA6571-9 Nearly every day"));
    }

    @Test
    void questionnaireIdMustBeTheInstrumentId() {
        Questionnaire q = licensed("epds");
        q.setId("edinburgh");
        assertThatThrownBy(() -> QuestionnaireCatalog.bind(rules("epds"), q)).isInstanceOf(InvalidQuestionnaire.class)
                .satisfies(e -> assertThat(((InvalidQuestionnaire) e).problems())
                        .containsExactly("The questionnaire's id is 'edinburgh', but it must be 'epds' to be used as the EPDS"));
    }

    @Test
    void questionnaireWithoutIdIsRejected() {
        Questionnaire q = licensed("dast-10");
        q.setIdElement(null);
        assertThatThrownBy(() -> QuestionnaireCatalog.bind(rules("dast-10"), q)).isInstanceOf(InvalidQuestionnaire.class)
                .hasMessageContaining("The questionnaire has no id; it must be 'dast-10'");
    }

    @Test
    void anotherInstrumentsPanelCodeIsRejected() {
        Questionnaire q = licensed("epds");
        q.getCodeFirstRep().setCode("44249-1");
        assertThatThrownBy(() -> QuestionnaireCatalog.bind(rules("epds"), q)).isInstanceOf(InvalidQuestionnaire.class)
                .hasMessageContaining("The questionnaire's code 44249-1 is not the EPDS panel (LOINC 71354-5)");
    }

    @Test
    void shippedQuestionnaireOfAnotherInstrumentListsEveryProblem() {
        assertThatThrownBy(() -> QuestionnaireCatalog.bind(rules("gad-7"), QuestionnaireCatalog.shipped("phq-9").orElseThrow()))
                .isInstanceOf(InvalidQuestionnaire.class)
                .satisfies(e -> assertThat(((InvalidQuestionnaire) e).problems())
                        .contains("The questionnaire's id is 'phq-9', but it must be 'gad-7' to be used as the GAD-7",
                                "Item 44250-9 is not part of the GAD-7", "Item 69725-0 is missing (question 1 of the GAD-7)")
                        .hasSize(1 + 1 + 9 + 7));
    }

    @Test
    void requiredItemMarkedOptionalIsRejected() {
        Questionnaire q = licensed("dast-10");
        q.getItem().get(4).setRequired(false);
        assertThatThrownBy(() -> QuestionnaireCatalog.bind(rules("dast-10"), q)).isInstanceOf(InvalidQuestionnaire.class)
                .satisfies(e -> assertThat(((InvalidQuestionnaire) e).problems())
                        .containsExactly("Item dast-10-5 must be required (answered whenever it is asked)"));
    }

    @Test
    void itemAskedAfterTheWrongAnswerIsRejected() {
        Questionnaire q = licensed("cssrs-screener");
        q.getItem().get(2).getEnableWhenFirstRep().setAnswer(new BooleanType(false));
        assertThatThrownBy(() -> QuestionnaireCatalog.bind(rules("cssrs-screener"), q)).isInstanceOf(InvalidQuestionnaire.class)
                .satisfies(e -> assertThat(((InvalidQuestionnaire) e).problems()).containsExactly(
                        "Item cssrs-3 must be asked only after a yes to cssrs-2 (enableWhen with answerBoolean true); "
                                + "the file's condition differs"));
    }

    @Test
    void alwaysAskedItemMustNotBeConditional() {
        Questionnaire q = licensed("cssrs-screener");
        q.getItem().get(5).addEnableWhen().setQuestion("cssrs-1").setOperator(Questionnaire.QuestionnaireItemOperator.EQUAL)
                .setAnswer(new BooleanType(true));
        assertThatThrownBy(() -> QuestionnaireCatalog.bind(rules("cssrs-screener"), q)).isInstanceOf(InvalidQuestionnaire.class)
                .satisfies(e -> assertThat(((InvalidQuestionnaire) e).problems()).containsExactly(
                        "Item cssrs-6 must always be asked; the file asks it only depending on the answer to cssrs-1"));
    }

    @Test
    void groupConditionAppliesToTheItemsInIt() {
        Questionnaire q = licensed("cssrs-screener");
        List<QuestionnaireItemComponent> items = q.getItem();
        QuestionnaireItemComponent group = new QuestionnaireItemComponent().setLinkId("cssrs-thoughts")
                .setType(QuestionnaireItemType.GROUP);
        group.addEnableWhen().setQuestion("cssrs-2").setOperator(Questionnaire.QuestionnaireItemOperator.EQUAL)
                .setAnswer(new BooleanType(true));
        for (int i = 0; i < 3; i++) {
            QuestionnaireItemComponent item = items.remove(2);
            item.getEnableWhen().clear();
            group.addItem(item);
        }
        items.add(2, group);
        assertThat(QuestionnaireCatalog.bind(rules("cssrs-screener"), q).bound()).isTrue();
    }

    @Test
    void duplicateLinkIdIsRejected() {
        Questionnaire q = licensed("dast-10");
        q.addItem(q.getItem().get(0).copy());
        assertThatThrownBy(() -> QuestionnaireCatalog.bind(rules("dast-10"), q)).isInstanceOf(InvalidQuestionnaire.class)
                .hasMessageContaining("Item dast-10-1 appears more than once");
    }

    @Test
    void answersFromAValueSetAreNotEnough() {
        Questionnaire q = licensed("epds");
        QuestionnaireItemComponent item = q.getItem().get(1);
        item.getAnswerOption().clear();
        item.setAnswerValueSet("http://example.org/ValueSet/epds-1");
        assertThatThrownBy(() -> QuestionnaireCatalog.bind(rules("epds"), q)).isInstanceOf(InvalidQuestionnaire.class)
                .satisfies(e -> assertThat(((InvalidQuestionnaire) e).problems()).containsExactly(
                        "Item epds-1 must list its 4 answers in the file (answerOption); answers from a value set are not supported"));
    }

    @Test
    void yesNoItemMustNotListAnswers() {
        Questionnaire q = licensed("dast-10");
        q.getItem().get(0).addAnswerOption().setValue(new org.hl7.fhir.r4.model.Coding("urn:x", "y", "Yes"));
        assertThatThrownBy(() -> QuestionnaireCatalog.bind(rules("dast-10"), q)).isInstanceOf(InvalidQuestionnaire.class)
                .hasMessageContaining("Item dast-10-1 is a yes/no question and must not list answers");
    }

    @Test
    void notAQuestionnaireIsRejected() {
        assertThatThrownBy(() -> QuestionnaireCatalog.parse("{\"resourceType\": \"Patient\", \"id\": \"x\"}"))
                .isInstanceOf(InvalidQuestionnaire.class).hasMessageContaining("not a FHIR R4 Questionnaire");
        assertThatThrownBy(() -> QuestionnaireCatalog.parse("this is not json")).isInstanceOf(InvalidQuestionnaire.class);
    }

    @Test
    void testFilesCarryOnlyPlaceholderWording() {
        for (String id : List.of("phq-a", "epds", "dast-10", "cssrs-screener")) {
            Questionnaire q = licensed(id);
            for (QuestionnaireItemComponent item : flatten(q.getItem())) {
                assertThat(item.getText()).as(id + " " + item.getLinkId()).endsWith("(licensed wording)");
            }
        }
    }

    private static List<QuestionnaireItemComponent> flatten(List<QuestionnaireItemComponent> items) {
        List<QuestionnaireItemComponent> out = new java.util.ArrayList<>();
        for (QuestionnaireItemComponent item : items) {
            if (item.getType() == QuestionnaireItemType.GROUP) {
                out.addAll(flatten(item.getItem()));
            } else {
                out.add(item);
            }
        }
        return out;
    }
}
