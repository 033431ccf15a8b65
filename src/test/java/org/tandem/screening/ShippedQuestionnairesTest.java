package org.tandem.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tandem.screening.TestQuestionnaires.rules;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.EnableWhenBehavior;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemAnswerOptionComponent;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemEnableWhenComponent;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemOperator;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tandem.patient.AdministrativeSex;

class ShippedQuestionnairesTest {

    private static final List<String> SHIPPED = List.of("phq-2", "phq-9", "gad-2", "gad-7", "audit-c", "audit",
            "nida-single", "pc-ptsd-5", "asq");
    private static final List<String> SPANISH = List.of("phq-2", "phq-9", "gad-2", "gad-7");

    @Test
    void tandemShipsTheWordingOfExactlyTheNineFreeInstruments() {
        assertThat(QuestionnaireCatalog.shipped()).extracting(q -> q.getIdElement().getIdPart())
                .containsExactlyElementsOf(SHIPPED);
        assertThat(Instruments.all().stream().filter(Instrument::wordingShipped).map(Instrument::id))
                .containsExactlyElementsOf(SHIPPED);
    }

    @ParameterizedTest
    @ValueSource(strings = { "phq-a", "epds", "dast-10", "cssrs-screener" })
    void licensedWordingIsNeverShipped(String id) throws Exception {
        assertThat(QuestionnaireCatalog.shipped(id)).isEmpty();
        try (InputStream in = getClass().getResourceAsStream("/screening/questionnaires/" + id + ".json")) {
            assertThat(in).isNull();
        }
    }

    @Test
    void unknownInstrumentHasNoShippedQuestionnaire() {
        assertThat(QuestionnaireCatalog.shipped("nope")).isEmpty();
        assertThat(QuestionnaireCatalog.shipped((String) null)).isEmpty();
    }

    @Test
    void everyCallGivesAFreshCopy() {
        Questionnaire first = QuestionnaireCatalog.shipped("phq-9").orElseThrow();
        first.setTitle("changed");
        first.getItem().clear();
        Questionnaire second = QuestionnaireCatalog.shipped("phq-9").orElseThrow();
        assertThat(second.getTitle()).isEqualTo("Patient Health Questionnaire-9 (PHQ-9)");
        assertThat(second.getItem()).hasSize(10);
    }

    @ParameterizedTest
    @ValueSource(strings = { "phq-2", "phq-9", "gad-2", "gad-7", "audit-c", "audit", "nida-single", "pc-ptsd-5", "asq" })
    void shippedFileIsStrictlyValidFhirJson(String id) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/screening/questionnaires/" + id + ".json")) {
            IParser strict = FhirContext.forR4Cached().newJsonParser().setParserErrorHandler(new StrictErrorHandler());
            Questionnaire q = strict.parseResource(Questionnaire.class, in);
            assertThat(q.getIdElement().getIdPart()).isEqualTo(id);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "phq-2", "phq-9", "gad-2", "gad-7", "audit-c", "audit", "nida-single", "pc-ptsd-5", "asq" })
    void shippedQuestionnaireBindsCleanlyToItsRules(String id) {
        Instrument rules = rules(id);
        Instrument bound = QuestionnaireCatalog.bind(rules, QuestionnaireCatalog.shipped(id).orElseThrow());
        assertThat(bound.bound()).isTrue();
        assertThat(bound.items()).isEqualTo(rules.items());
    }

    @ParameterizedTest
    @ValueSource(strings = { "phq-2", "phq-9", "gad-2", "gad-7", "audit-c", "audit", "nida-single", "pc-ptsd-5", "asq" })
    void metadataNamesTheInstrumentItsSourceAndLicence(String id) {
        Instrument rules = rules(id);
        Questionnaire q = QuestionnaireCatalog.shipped(id).orElseThrow();
        assertThat(q.getIdElement().getIdPart()).isEqualTo(id);
        assertThat(q.getUrl()).isEqualTo("urn:tandem:questionnaire:" + id);
        assertThat(q.getVersion()).isEqualTo("1");
        assertThat(q.getStatus().toCode()).isEqualTo("active");
        assertThat(q.getLanguage()).isEqualTo("en");
        assertThat(q.getName()).matches("[A-Z][A-Za-z0-9_]*");
        assertThat(q.getTitle()).isEqualTo(rules.title());
        assertThat(q.getPublisher()).isNotBlank();
        assertThat(q.getDescription()).isEqualTo(rules.source());
        assertThat(q.getCopyright()).isEqualTo(rules.licence());
        if (rules.panel() == null) {
            assertThat(q.getCode()).isEmpty();
        } else {
            assertThat(q.getCode()).singleElement().satisfies(c -> {
                assertThat(c.getSystem()).isEqualTo(Code.LOINC);
                assertThat(c.getCode()).isEqualTo(rules.panel().code());
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "phq-2", "phq-9", "gad-2", "gad-7", "audit-c", "audit", "nida-single", "pc-ptsd-5", "asq" })
    void itemsMatchTheRulesOneForOne(String id) {
        Instrument rules = rules(id);
        List<QuestionnaireItemComponent> questions = questions(QuestionnaireCatalog.shipped(id).orElseThrow());
        assertThat(questions).extracting(QuestionnaireItemComponent::getLinkId)
                .containsExactlyElementsOf(rules.items().stream().map(Item::linkId).collect(Collectors.toList()));
        for (int i = 0; i < questions.size(); i++) {
            QuestionnaireItemComponent question = questions.get(i);
            Item rule = rules.items().get(i);
            assertThat(question.getText()).as(rule.linkId()).isNotBlank();
            assertThat(question.getRequired()).as(rule.linkId()).isEqualTo(rule.required());
            if (rule.linkId().matches("\\d+-\\d")) {
                assertThat(question.getCode()).as(rule.linkId()).singleElement()
                        .satisfies(c -> assertThat(c.getSystem() + "|" + c.getCode()).isEqualTo(Code.LOINC + "|" + rule.linkId()));
            } else {
                assertThat(question.getCode()).as(rule.linkId()).isEmpty();
            }
            assertThat(gates(question)).as(rule.linkId()).isEqualTo(rule.enableWhen());
            if (rule.enableWhen().size() > 1) {
                assertThat(question.getEnableBehavior()).isEqualTo(EnableWhenBehavior.ANY);
            }
            switch (rule.type()) {
                case CODING:
                    assertThat(question.getType()).isEqualTo(QuestionnaireItemType.CHOICE);
                    assertAnswersMatch(rule, question);
                    break;
                case BOOLEAN:
                    assertThat(question.getType()).isEqualTo(QuestionnaireItemType.BOOLEAN);
                    assertThat(question.getAnswerOption()).isEmpty();
                    break;
                default:
                    assertThat(question.getType()).isEqualTo(QuestionnaireItemType.INTEGER);
                    Extension min = question.getExtensionByUrl("http://hl7.org/fhir/StructureDefinition/minValue");
                    assertThat(((IntegerType) min.getValue()).getValue()).isEqualTo(0);
            }
        }
    }

    private static void assertAnswersMatch(Item rule, QuestionnaireItemComponent question) {
        List<QuestionnaireItemAnswerOptionComponent> options = question.getAnswerOption();
        assertThat(options).as(rule.linkId()).hasSameSizeAs(rule.options());
        for (int k = 0; k < options.size(); k++) {
            Coding coding = options.get(k).getValueCoding();
            AnswerOption expected = rule.options().get(k);
            assertThat(coding.getSystem()).isEqualTo(Code.LOINC);
            assertThat(coding.getCode()).as(rule.linkId() + " answer " + (k + 1)).isEqualTo(expected.code().code());
            assertThat(coding.getDisplay()).isNotBlank();
            Extension ordinal = options.get(k).getExtensionByUrl("http://hl7.org/fhir/StructureDefinition/ordinalValue");
            assertThat(ordinal).as(rule.linkId() + " answer " + (k + 1) + " ordinalValue").isNotNull();
            assertThat(new BigDecimal(ordinal.getValue().primitiveValue()))
                    .isEqualByComparingTo(BigDecimal.valueOf(expected.score()));
        }
    }

    @Test
    void phq9HasThePfizerStemAndNineItemsVerbatim() {
        ScreeningForm form = englishForm("phq-9");
        assertThat(form.stem()).isEqualTo("Over the last 2 weeks, how often have you been bothered by any of the following problems?");
        assertThat(form.items()).extracting(ScreeningForm.FormItem::text).containsExactly(
                "Little interest or pleasure in doing things",
                "Feeling down, depressed, or hopeless",
                "Trouble falling or staying asleep, or sleeping too much",
                "Feeling tired or having little energy",
                "Poor appetite or overeating",
                "Feeling bad about yourself \u2014 or that you are a failure or have let yourself or your family down",
                "Trouble concentrating on things, such as reading the newspaper or watching television",
                "Moving or speaking so slowly that other people could have noticed? Or the opposite \u2014 being so fidgety "
                        + "or restless that you have been moving around a lot more than usual",
                "Thoughts that you would be better off dead or of hurting yourself in some way");
        assertThat(form.items()).extracting(ScreeningForm.FormItem::number).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(form.items().get(0).options()).extracting(ScreeningForm.FormOption::display)
                .containsExactly("Not at all", "Several days", "More than half the days", "Nearly every day");
    }

    @Test
    void phq2IsTheFirstTwoPhq9ItemsWithTheSameStem() {
        ScreeningForm phq2 = englishForm("phq-2");
        ScreeningForm phq9 = englishForm("phq-9");
        assertThat(phq2.stem()).isEqualTo(phq9.stem());
        assertThat(phq2.items()).isEqualTo(phq9.items().subList(0, 2));
    }

    @Test
    void gad7HasThePfizerWordingAndGad2ItsFirstTwoItems() {
        ScreeningForm gad7 = englishForm("gad-7");
        assertThat(gad7.stem()).isEqualTo("Over the last 2 weeks, how often have you been bothered by the following problems?");
        assertThat(gad7.items()).extracting(ScreeningForm.FormItem::text).containsExactly(
                "Feeling nervous, anxious, or on edge",
                "Not being able to stop or control worrying",
                "Worrying too much about different things",
                "Trouble relaxing",
                "Being so restless that it is hard to sit still",
                "Becoming easily annoyed or irritable",
                "Feeling afraid, as if something awful might happen");
        ScreeningForm gad2 = englishForm("gad-2");
        assertThat(gad2.stem()).isEqualTo(gad7.stem());
        assertThat(gad2.items()).isEqualTo(gad7.items().subList(0, 2));
    }

    @Test
    void auditHasTheWhoQuestionsAndAuditCIsItsFirstThree() {
        ScreeningForm audit = englishForm("audit");
        assertThat(audit.stem()).isNull();
        assertThat(audit.items()).extracting(ScreeningForm.FormItem::text).containsExactly(
                "How often do you have a drink containing alcohol?",
                "How many drinks containing alcohol do you have on a typical day when you are drinking?",
                "How often do you have six or more drinks on one occasion?",
                "How often during the last year have you found that you were not able to stop drinking once you had started?",
                "How often during the last year have you failed to do what was normally expected from you because of drinking?",
                "How often during the last year have you needed a first drink in the morning to get yourself going after a "
                        + "heavy drinking session?",
                "How often during the last year have you had a feeling of guilt or remorse after drinking?",
                "How often during the last year have you been unable to remember what happened the night before because you "
                        + "had been drinking?",
                "Have you or someone else been injured as a result of your drinking?",
                "Has a relative or friend or a doctor or another health worker been concerned about your drinking or "
                        + "suggested you cut down?");
        assertThat(audit.items().get(8).options()).extracting(ScreeningForm.FormOption::display)
                .containsExactly("No", "Yes, but not in the last year", "Yes, during the last year");
        assertThat(englishForm("audit-c").items()).isEqualTo(audit.items().subList(0, 3));
    }

    @Test
    void nidaAsksTheSingleQuestionAsAWholeNumber() {
        ScreeningForm form = englishForm("nida-single");
        assertThat(form.items()).singleElement().satisfies(item -> {
            assertThat(item.text()).isEqualTo("How many times in the past year have you used an illegal drug or used a "
                    + "prescription medication for non-medical reasons?");
            assertThat(item.type()).isEqualTo(Item.Type.INTEGER);
            assertThat(item.options()).isEmpty();
        });
    }

    @Test
    void pcPtsd5AsksTheFiveItemsOnlyAfterTraumaExposure() {
        ScreeningForm form = englishForm("pc-ptsd-5");
        assertThat(form.stem()).startsWith("Sometimes things happen to people that are unusually or especially frightening, "
                + "horrible, or traumatic.").contains("having a loved one die through homicide or suicide.");
        assertThat(form.items().get(0)).satisfies(gate -> {
            assertThat(gate.linkId()).isEqualTo("pc-ptsd-5-trauma");
            assertThat(gate.text()).isEqualTo("Have you ever experienced this kind of event?");
            assertThat(gate.enableWhen()).isEmpty();
        });
        assertThat(form.items().subList(1, 6)).allSatisfy(item -> {
            assertThat(item.text()).startsWith("In the past month, have you ");
            assertThat(item.enableWhen()).containsExactly("pc-ptsd-5-trauma");
            assertThat(item.type()).isEqualTo(Item.Type.BOOLEAN);
            assertThat(item.options()).isEmpty();
        });
        assertThat(form.items().get(1).text()).isEqualTo("In the past month, have you had nightmares about the event(s) or "
                + "thought about the event(s) when you did not want to?");
        assertThat(form.items().get(5).text()).isEqualTo("In the past month, have you felt guilty or unable to stop blaming "
                + "yourself or others for the event(s) or any problems the event(s) may have caused?");
    }

    @Test
    void asqHasTheNimhQuestionsAndAsksQuestion5AfterAnyYes() {
        ScreeningForm form = englishForm("asq");
        assertThat(form.items()).extracting(ScreeningForm.FormItem::text).containsExactly(
                "In the past few weeks, have you wished you were dead?",
                "In the past few weeks, have you felt that you or your family would be better off if you were dead?",
                "In the past week, have you been having thoughts about killing yourself?",
                "Have you ever tried to kill yourself?",
                "Are you having thoughts of killing yourself right now?");
        assertThat(form.items().get(4).enableWhen()).containsExactly("asq-1", "asq-2", "asq-3", "asq-4");
        assertThat(form.items()).allSatisfy(item -> assertThat(item.options()).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = { "phq-2", "phq-9", "gad-2", "gad-7" })
    void pfizerInstrumentsCarrySpanishForTitleStemItemsAndAnswers(String id) {
        Questionnaire q = QuestionnaireCatalog.shipped(id).orElseThrow();
        assertThat(spanish(q.getTitleElement())).as("title").isNotBlank();
        for (QuestionnaireItemComponent item : q.getItem()) {
            assertThat(spanish(item.getTextElement())).as(item.getLinkId()).isNotBlank();
            for (QuestionnaireItemAnswerOptionComponent option : item.getAnswerOption()) {
                assertThat(spanish(option.getValueCoding().getDisplayElement())).as(item.getLinkId() + " answer").isNotBlank();
            }
        }
        ScreeningForm es = QuestionnaireCatalog.form(rules(id), q, Locale.forLanguageTag("es-US"));
        ScreeningForm en = QuestionnaireCatalog.form(rules(id), q, Locale.ENGLISH);
        assertThat(es.title()).isNotEqualTo(en.title());
        assertThat(es.stem()).startsWith("Durante las últimas 2 semanas");
        for (int i = 0; i < es.items().size(); i++) {
            assertThat(es.items().get(i).text()).isNotEqualTo(en.items().get(i).text());
            assertThat(es.items().get(i).options()).extracting(ScreeningForm.FormOption::code)
                    .isEqualTo(en.items().get(i).options().stream().map(ScreeningForm.FormOption::code).collect(Collectors.toList()));
        }
    }

    @Test
    void spanishPhq9UsesThePfizerUsSpanishWording() {
        ScreeningForm form = QuestionnaireCatalog.form(rules("phq-9"), QuestionnaireCatalog.shipped("phq-9").orElseThrow(),
                new Locale("es"));
        assertThat(form.items().get(0).text()).isEqualTo("Poco interés o placer en hacer cosas");
        assertThat(form.items().get(8).text()).isEqualTo("Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera");
        assertThat(form.items().get(0).options()).extracting(ScreeningForm.FormOption::display)
                .containsExactly("Ningún día", "Varios días", "Más de la mitad de los días", "Casi todos los días");
    }

    @ParameterizedTest
    @ValueSource(strings = { "audit-c", "audit", "nida-single", "pc-ptsd-5", "asq" })
    void otherInstrumentsAreEnglishOnlyAndFallBackToEnglishForSpanishReaders(String id) {
        Questionnaire q = QuestionnaireCatalog.shipped(id).orElseThrow();
        String json = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(q);
        assertThat(json).doesNotContain(QuestionnaireCatalog.TRANSLATION);
        ScreeningForm es = QuestionnaireCatalog.form(rules(id), q, new Locale("es"));
        assertThat(es).isEqualTo(QuestionnaireCatalog.form(rules(id), q, Locale.ENGLISH));
    }

    @ParameterizedTest
    @ValueSource(strings = { "phq-2", "phq-9", "gad-2", "gad-7", "audit-c", "audit", "nida-single", "pc-ptsd-5", "asq" })
    void formAnswersScoreAsTheirOrdinalValues(String id) {
        Instrument rules = rules(id);
        Questionnaire q = QuestionnaireCatalog.shipped(id).orElseThrow();
        ScreeningForm form = QuestionnaireCatalog.form(rules, q, Locale.ENGLISH);
        assertThat(form.instrumentId()).isEqualTo(id);
        assertThat(form.title()).isEqualTo(rules.title());
        for (ScreeningForm.FormItem item : form.items()) {
            Item rule = rules.item(item.linkId()).orElseThrow();
            assertThat(item.required()).isEqualTo(rule.required());
            assertThat(item.enableWhen()).isEqualTo(rule.enableWhen());
            QuestionnaireItemComponent question = questions(q).stream().filter(x -> x.getLinkId().equals(item.linkId()))
                    .findFirst().orElseThrow();
            for (int k = 0; k < item.options().size(); k++) {
                ScreeningForm.FormOption option = item.options().get(k);
                BigDecimal ordinal = QuestionnaireCatalog.ordinalValue(question.getAnswerOption().get(k));
                assertThat(rule.scoreOf(Answer.coding(option.system(), option.code())))
                        .isEqualTo(ordinal.intValueExact());
            }
        }
    }

    @Test
    void phq9FormRoundTripsThroughScoring() {
        ScreeningForm form = englishForm("phq-9");
        Map<String, Answer> answers = new java.util.LinkedHashMap<>();
        for (ScreeningForm.FormItem item : form.items()) {
            ScreeningForm.FormOption last = item.options().get(3);
            answers.put(item.linkId(), Answer.coding(last.system(), last.code()));
        }
        ScreeningScore score = Scoring.score(rules("phq-9"), answers, AdministrativeSex.UNKNOWN, ScoringSettings.DEFAULTS);
        assertThat(score.total()).isEqualTo(27);
        assertThat(score.band()).isEqualTo("severe");
    }

    private static ScreeningForm englishForm(String id) {
        return QuestionnaireCatalog.form(rules(id), QuestionnaireCatalog.shipped(id).orElseThrow(), Locale.ENGLISH);
    }

    private static String spanish(Element element) {
        for (Extension translation : element.getExtensionsByUrl(QuestionnaireCatalog.TRANSLATION)) {
            if ("es".equals(translation.getExtensionByUrl("lang").getValue().primitiveValue())) {
                return translation.getExtensionByUrl("content").getValue().primitiveValue();
            }
        }
        return null;
    }

    private static List<String> gates(QuestionnaireItemComponent question) {
        List<String> gates = new ArrayList<>();
        for (QuestionnaireItemEnableWhenComponent when : question.getEnableWhen()) {
            assertThat(when.getOperator()).isEqualTo(QuestionnaireItemOperator.EQUAL);
            assertThat(when.getAnswerBooleanType().getValue()).isTrue();
            gates.add(when.getQuestion());
        }
        return gates;
    }

    /** The question items (not groups or display items), in document order. */
    private static List<QuestionnaireItemComponent> questions(Questionnaire q) {
        List<QuestionnaireItemComponent> out = new ArrayList<>();
        collect(q.getItem(), out);
        return out;
    }

    private static void collect(List<QuestionnaireItemComponent> items, List<QuestionnaireItemComponent> out) {
        for (QuestionnaireItemComponent item : items) {
            if (item.getType() == QuestionnaireItemType.GROUP) {
                collect(item.getItem(), out);
            } else if (item.getType() != QuestionnaireItemType.DISPLAY) {
                out.add(item);
            }
        }
    }
}
