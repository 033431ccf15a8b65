package org.tandem.screening;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
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
import org.hl7.fhir.r4.model.StringType;

/**
 * The instruments' wording as FHIR R4 Questionnaires: the ones Tandem ships ({@code screening/questionnaires/<id>.json}
 * on the classpath, for instruments whose wording may be redistributed) and the check that binds a Questionnaire,
 * shipped or imported by a practice holding a licence, to an instrument's scoring rules.
 */
final class QuestionnaireCatalog {

    static final String ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
    static final String ITEM_WEIGHT = "http://hl7.org/fhir/StructureDefinition/itemWeight";
    static final String CO_VALUE = "http://hl7.org/fhir/StructureDefinition/iso21090-CO-value";
    static final String TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation";
    static final String MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue";
    static final String MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue";

    private static final String FOLDER = "/screening/questionnaires/";
    private static final Pattern LOINC_CODE = Pattern.compile("\\d{1,7}-\\d");
    private static final Pattern ACRONYM = Pattern.compile("\\(([A-Z0-9][A-Z0-9-]*)\\)$");

    private QuestionnaireCatalog() {
    }

    /** The shipped files' JSON, read once. */
    private static final class Shipped {
        static final Map<String, String> JSON = load();

        private static Map<String, String> load() {
            Map<String, String> json = new LinkedHashMap<>();
            for (Instrument instrument : Instruments.all()) {
                if (!instrument.wordingShipped()) {
                    continue;
                }
                String path = FOLDER + instrument.id() + ".json";
                try (InputStream in = QuestionnaireCatalog.class.getResourceAsStream(path)) {
                    if (in == null) {
                        throw new IllegalStateException("The shipped questionnaire " + path + " is missing");
                    }
                    json.put(instrument.id(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + path, e);
                }
            }
            return json;
        }
    }

    /** A fresh copy of the shipped Questionnaire of this instrument, or empty when Tandem does not ship its wording. */
    static Optional<Questionnaire> shipped(String id) {
        String json = id == null ? null : Shipped.JSON.get(id);
        return json == null ? Optional.empty() : Optional.of(parse(json));
    }

    /** Fresh copies of every shipped Questionnaire, in catalog order. */
    static List<Questionnaire> shipped() {
        return Shipped.JSON.values().stream().map(QuestionnaireCatalog::parse).collect(Collectors.toList());
    }

    /**
     * Reads a Questionnaire in FHIR R4 JSON.
     *
     * @throws InvalidQuestionnaire when the text is not a FHIR Questionnaire
     */
    static Questionnaire parse(String json) {
        try {
            return FhirContext.forR4Cached().newJsonParser().parseResource(Questionnaire.class, json);
        } catch (DataFormatException | ClassCastException e) {
            throw new InvalidQuestionnaire(List.of("The file is not a FHIR R4 Questionnaire in JSON: " + e.getMessage()));
        }
    }

    /**
     * Checks a Questionnaire against an instrument's scoring rules and returns the rules bound to the
     * questionnaire's answer codes. Rules with codes of their own (LOINC answer lists) keep them and the file must
     * use exactly those; rules without codes (EPDS, scored by position) take the codes of the file's answers in order.
     * Items may sit in groups; display items are allowed anywhere.
     *
     * @throws InvalidQuestionnaire listing every problem found
     */
    static Instrument bind(Instrument rules, Questionnaire q) {
        String name = shortName(rules);
        List<String> problems = new ArrayList<>();
        String id = q.getIdElement() == null ? null : q.getIdElement().getIdPart();
        if (id == null || id.isBlank()) {
            problems.add("The questionnaire has no id; it must be '" + rules.id() + "' to be used as the " + name);
        } else if (!id.equals(rules.id())) {
            problems.add("The questionnaire's id is '" + id + "', but it must be '" + rules.id() + "' to be used as the " + name);
        }
        if (rules.panel() != null && q.hasCode()
                && q.getCode().stream().noneMatch(c -> rules.panel().is(c.getSystem(), c.getCode()))) {
            problems.add("The questionnaire's code " + q.getCode().stream().map(Coding::getCode).collect(Collectors.joining(", "))
                    + " is not the " + name + " panel (LOINC " + rules.panel().code() + ")");
        }

        Map<String, Question> questions = new LinkedHashMap<>();
        collect(q.getItem(), List.of(), null, questions, problems);
        for (String linkId : questions.keySet()) {
            if (rules.item(linkId).isEmpty()) {
                problems.add("Item " + linkId + " is not part of the " + name);
            }
        }

        List<Item> bound = new ArrayList<>();
        for (Item rule : rules.items()) {
            Question question = questions.get(rule.linkId());
            if (question == null) {
                problems.add("Item " + rule.linkId() + " is missing (question " + rule.number() + " of the " + name + ")");
                bound.add(rule);
                continue;
            }
            bound.add(check(name, rule, question, problems));
        }
        if (!problems.isEmpty()) {
            throw new InvalidQuestionnaire(problems);
        }
        return rules.withItems(List.copyOf(bound));
    }

    /**
     * The form to show: the bound rules with the questionnaire's wording in the locale's language where the
     * questionnaire carries a translation ({@code http://hl7.org/fhir/StructureDefinition/translation}), else English.
     *
     * @param bound rules returned by {@link #bind} for this questionnaire
     */
    static ScreeningForm form(Instrument bound, Questionnaire q, Locale locale) {
        if (!bound.bound()) {
            throw new IllegalArgumentException("The " + shortName(bound) + " is not bound to a questionnaire; bind it first");
        }
        String language = locale == null || locale.getLanguage().isEmpty() ? "en" : locale.getLanguage();
        Map<String, Question> questions = new LinkedHashMap<>();
        collect(q.getItem(), List.of(), null, questions, new ArrayList<>());
        String title = q.hasTitle() ? text(q.getTitleElement(), language) : bound.title();
        String stem = stem(q.getItem(), language);
        List<ScreeningForm.FormItem> items = new ArrayList<>();
        for (Item rule : bound.items()) {
            Question question = questions.get(rule.linkId());
            if (question == null) {
                throw new IllegalArgumentException("The questionnaire has no item " + rule.linkId() + "; bind it first");
            }
            List<ScreeningForm.FormOption> options = new ArrayList<>();
            if (rule.type() == Item.Type.CODING) {
                for (AnswerOption option : rule.options()) {
                    Code code = option.code();
                    String display = code.display();
                    for (QuestionnaireItemAnswerOptionComponent fileOption : question.item.getAnswerOption()) {
                        if (fileOption.hasValueCoding() && code.is(fileOption.getValueCoding().getSystem(),
                                fileOption.getValueCoding().getCode())) {
                            Coding coding = fileOption.getValueCoding();
                            if (coding.hasDisplay()) {
                                display = text(coding.getDisplayElement(), language);
                            }
                            break;
                        }
                    }
                    options.add(new ScreeningForm.FormOption(code.system(), code.code(), display));
                }
            }
            String text = question.item.hasText() ? text(question.item.getTextElement(), language) : "Item " + rule.number();
            items.add(new ScreeningForm.FormItem(rule.linkId(), rule.number(), rule.type(), text, options, rule.enableWhen(),
                    rule.required()));
        }
        return new ScreeningForm(bound.id(), title, stem, items);
    }

    /** The name an admin knows the instrument by: "PHQ-9", "EPDS", "AUDIT-C", "NIDA single question". */
    static String shortName(Instrument instrument) {
        Matcher acronym = ACRONYM.matcher(instrument.title());
        if (acronym.find()) {
            return acronym.group(1);
        }
        int paren = instrument.title().indexOf(" (");
        return paren > 0 ? instrument.title().substring(0, paren) : instrument.title();
    }

    /** A question item of the file and the enableWhen conditions that apply to it (its own, else its group's). */
    private record Question(QuestionnaireItemComponent item, List<QuestionnaireItemEnableWhenComponent> enableWhen,
            EnableWhenBehavior behavior) {
    }

    private static void collect(List<QuestionnaireItemComponent> items, List<QuestionnaireItemEnableWhenComponent> groupWhen,
            EnableWhenBehavior groupBehavior, Map<String, Question> questions, List<String> problems) {
        for (QuestionnaireItemComponent item : items) {
            QuestionnaireItemType type = item.getType();
            if (type == QuestionnaireItemType.DISPLAY) {
                continue;
            }
            List<QuestionnaireItemEnableWhenComponent> when = item.hasEnableWhen() ? item.getEnableWhen() : groupWhen;
            EnableWhenBehavior behavior = item.hasEnableWhen() ? item.getEnableBehavior() : groupBehavior;
            if (type == QuestionnaireItemType.GROUP) {
                collect(item.getItem(), when, behavior, questions, problems);
                continue;
            }
            String linkId = item.getLinkId();
            if (linkId == null || linkId.isBlank()) {
                problems.add("An item with the text \"" + item.getText() + "\" has no linkId");
                continue;
            }
            if (questions.containsKey(linkId)) {
                problems.add("Item " + linkId + " appears more than once");
                continue;
            }
            questions.put(linkId, new Question(item, when, behavior));
            if (item.hasItem()) {
                problems.add("Item " + linkId + " has items nested under it; only groups may hold items");
            }
        }
    }

    private static Item check(String name, Item rule, Question question, List<String> problems) {
        QuestionnaireItemComponent item = question.item();
        String linkId = rule.linkId();
        QuestionnaireItemType expected = fhirType(rule.type());
        QuestionnaireItemType actual = item.getType();
        if (actual != expected) {
            problems.add("Item " + linkId + " must be " + describe(rule.type()) + " (type " + expected.toCode() + "); the file has "
                    + (actual == null || actual == QuestionnaireItemType.NULL ? "no type" : "type " + actual.toCode()));
        }
        if (rule.required() && !item.getRequired()) {
            problems.add("Item " + linkId + " must be required (answered whenever it is asked)");
        }
        if (LOINC_CODE.matcher(linkId).matches()) {
            List<String> loincCodes = item.getCode().stream().filter(c -> Code.LOINC.equals(c.getSystem())).map(Coding::getCode)
                    .collect(Collectors.toList());
            if (!loincCodes.isEmpty() && !loincCodes.contains(linkId)) {
                problems.add("Item " + linkId + " is coded LOINC " + String.join(", ", loincCodes) + " in the file; it must be "
                        + linkId);
            }
        }
        checkEnableWhen(rule, question, problems);
        if (rule.type() != Item.Type.CODING) {
            if (actual == expected && (item.hasAnswerOption() || item.hasAnswerValueSet())) {
                problems.add("Item " + linkId + " is " + describe(rule.type()) + " and must not list answers");
            }
            if (rule.type() == Item.Type.INTEGER) {
                checkRange(rule, item, problems);
            }
            return rule;
        }
        if (actual != expected) {
            return rule;
        }
        if (!item.hasAnswerOption()) {
            problems.add("Item " + linkId + " must list its " + rule.options().size() + " answers in the file (answerOption)"
                    + (item.hasAnswerValueSet() ? "; answers from a value set are not supported" : ""));
            return rule;
        }
        List<QuestionnaireItemAnswerOptionComponent> fileOptions = item.getAnswerOption();
        List<Coding> codings = new ArrayList<>();
        for (int i = 0; i < fileOptions.size(); i++) {
            QuestionnaireItemAnswerOptionComponent option = fileOptions.get(i);
            if (!option.hasValueCoding() || !option.getValueCoding().hasCode() || !option.getValueCoding().hasSystem()) {
                problems.add("Item " + linkId + " answer " + (i + 1) + " must be a code with its code system (valueCoding)");
                return rule;
            }
            codings.add(option.getValueCoding());
        }
        Set<String> seen = new HashSet<>();
        for (Coding coding : codings) {
            if (!seen.add(coding.getSystem() + "|" + coding.getCode())) {
                problems.add("Item " + linkId + " lists answer " + coding.getCode() + " more than once");
                return rule;
            }
        }
        if (fileOptions.size() != rule.options().size()) {
            problems.add("Item " + linkId + " must have " + rule.options().size() + " answers; the file has " + fileOptions.size());
            return rule;
        }
        boolean rulesHaveCodes = rule.options().stream().allMatch(o -> o.code() != null);
        List<AnswerOption> bound = new ArrayList<>();
        for (int i = 0; i < fileOptions.size(); i++) {
            Coding coding = codings.get(i);
            AnswerOption ruleOption;
            if (rulesHaveCodes) {
                ruleOption = rule.options().stream().filter(o -> o.code().is(coding.getSystem(), coding.getCode())).findFirst()
                        .orElse(null);
                if (ruleOption == null) {
                    String list = rule.options().stream().map(o -> o.code().code() + " " + o.code().display())
                            .collect(Collectors.joining(", "));
                    boolean loinc = rule.options().stream().allMatch(o -> Code.LOINC.equals(o.code().system()));
                    problems.add("Item " + linkId + " answer " + (Code.LOINC.equals(coding.getSystem()) ? "" : coding.getSystem() + " ")
                            + coding.getCode() + " is not in " + (loinc ? "the LOINC answer list" : "the answer list")
                            + " the " + name + " scores for this item (" + list + ")");
                    continue;
                }
                bound.add(ruleOption);
            } else {
                ruleOption = rule.options().get(i);
                bound.add(new AnswerOption(new Code(coding.getSystem(), coding.getCode(), coding.getDisplay()), ruleOption.score()));
            }
            BigDecimal fileScore = ordinalValue(fileOptions.get(i));
            if (fileScore != null && fileScore.compareTo(BigDecimal.valueOf(ruleOption.score())) != 0) {
                problems.add("Item " + linkId + " answer " + (i + 1) + " scores " + fileScore.stripTrailingZeros().toPlainString()
                        + " in the file, but the " + name + " scores it " + ruleOption.score());
            }
        }
        if (rulesHaveCodes) {
            // keep the rules' order and codes; the file's order is only how the answers are shown
            return rule;
        }
        return rule.withOptions(List.copyOf(bound));
    }

    private static void checkEnableWhen(Item rule, Question question, List<String> problems) {
        Set<String> gates = new LinkedHashSet<>();
        boolean understood = true;
        for (QuestionnaireItemEnableWhenComponent when : question.enableWhen()) {
            if (when.getOperator() != QuestionnaireItemOperator.EQUAL || !when.hasAnswerBooleanType()
                    || !Boolean.TRUE.equals(when.getAnswerBooleanType().getValue())) {
                understood = false;
            }
            gates.add(when.getQuestion());
        }
        if (gates.size() > 1 && question.behavior() != EnableWhenBehavior.ANY) {
            understood = false;
        }
        String needed = String.join(" or ", rule.enableWhen());
        if (rule.enableWhen().isEmpty()) {
            if (!gates.isEmpty()) {
                problems.add("Item " + rule.linkId() + " must always be asked; the file asks it only depending on the answer to "
                        + String.join(" or ", gates));
            }
        } else if (gates.isEmpty()) {
            problems.add("Item " + rule.linkId() + " must be asked only after a yes to " + needed + "; the file always asks it");
        } else if (!understood || !gates.equals(new LinkedHashSet<>(rule.enableWhen()))) {
            problems.add("Item " + rule.linkId() + " must be asked only after a yes to " + needed
                    + (rule.enableWhen().size() > 1 ? " (enableWhen on each with answerBoolean true, enableBehavior any)"
                            : " (enableWhen with answerBoolean true)")
                    + "; the file's condition differs");
        }
    }

    private static void checkRange(Item rule, QuestionnaireItemComponent item, List<String> problems) {
        Integer fileMin = integerExtension(item, MIN_VALUE);
        Integer fileMax = integerExtension(item, MAX_VALUE);
        if (fileMin != null && rule.min() != null && fileMin < rule.min()) {
            problems.add("Item " + rule.linkId() + " allows numbers from " + fileMin + " in the file, but the lowest answer is "
                    + rule.min());
        }
        if (fileMax != null && rule.max() != null && fileMax > rule.max()) {
            problems.add("Item " + rule.linkId() + " allows numbers up to " + fileMax + " in the file, but the highest answer is "
                    + rule.max());
        }
    }

    private static Integer integerExtension(Element element, String url) {
        Extension extension = element.getExtensionByUrl(url);
        return extension != null && extension.getValue() instanceof IntegerType ? ((IntegerType) extension.getValue()).getValue()
                : null;
    }

    /** The score a file gives an answer (ordinalValue, itemWeight or iso21090-CO-value, on the option or its coding). */
    static BigDecimal ordinalValue(QuestionnaireItemAnswerOptionComponent option) {
        for (Element element : List.<Element>of(option, option.getValueCoding())) {
            for (String url : List.of(ORDINAL_VALUE, ITEM_WEIGHT, CO_VALUE)) {
                Extension extension = element.getExtensionByUrl(url);
                if (extension != null && extension.getValue() instanceof DecimalType) {
                    return ((DecimalType) extension.getValue()).getValue();
                }
                if (extension != null && extension.getValue() instanceof IntegerType) {
                    return BigDecimal.valueOf(((IntegerType) extension.getValue()).getValue());
                }
            }
        }
        return null;
    }

    /** The text in the language when the element carries a translation to it, else the text itself. */
    static String text(StringType element, String language) {
        for (Extension translation : element.getExtensionsByUrl(TRANSLATION)) {
            Extension lang = translation.getExtensionByUrl("lang");
            Extension content = translation.getExtensionByUrl("content");
            if (lang == null || content == null || lang.getValue() == null || content.getValue() == null) {
                continue;
            }
            String code = lang.getValue().primitiveValue();
            if (code != null && (code.equalsIgnoreCase(language) || code.toLowerCase(Locale.ROOT).startsWith(language + "-"))) {
                return content.getValue().primitiveValue();
            }
        }
        return element.getValue();
    }

    /** The first display item before any question, in document order, or null. */
    private static String stem(List<QuestionnaireItemComponent> items, String language) {
        for (QuestionnaireItemComponent item : items) {
            QuestionnaireItemType type = item.getType();
            if (type == QuestionnaireItemType.DISPLAY) {
                if (item.hasText()) {
                    return text(item.getTextElement(), language);
                }
            } else if (type == QuestionnaireItemType.GROUP) {
                String inGroup = stem(item.getItem(), language);
                if (inGroup != null || item.getItem().stream().anyMatch(i -> i.getType() != QuestionnaireItemType.DISPLAY)) {
                    return inGroup;
                }
            } else {
                return null;
            }
        }
        return null;
    }

    private static QuestionnaireItemType fhirType(Item.Type type) {
        switch (type) {
            case CODING:
                return QuestionnaireItemType.CHOICE;
            case BOOLEAN:
                return QuestionnaireItemType.BOOLEAN;
            default:
                return QuestionnaireItemType.INTEGER;
        }
    }

    private static String describe(Item.Type type) {
        switch (type) {
            case CODING:
                return "a choice of coded answers";
            case BOOLEAN:
                return "a yes/no question";
            default:
                return "a whole number";
        }
    }
}
