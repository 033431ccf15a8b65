package org.tandem.screening;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Type;

/**
 * Answers as pages send, show and keep them: parsing a form value for one item (with the problem in words a
 * clinician or patient understands), which items are asked (gates answered yes), which are missing, and the answers
 * of a stored response.
 */
final class FormAnswers {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private FormAnswers() {
    }

    /** A message key and its arguments, for a value a page cannot store. */
    record Problem(String linkId, String key, List<Object> args) {
    }

    /** The outcome of parsing one value: an answer, or a problem. */
    record Parsed(Answer answer, Problem problem) {
    }

    /**
     * Parses the value a form sent for an item: the answer code of a coded item, {@code yes}/{@code no}, or a whole
     * number within the item's range.
     */
    static Parsed parse(ScreeningForm.FormItem item, Item rules, String raw) {
        String value = raw == null ? "" : raw.strip();
        switch (item.type()) {
            case CODING: {
                Optional<ScreeningForm.FormOption> option = item.options().stream().filter(o -> o.code().equals(value)).findFirst();
                if (option.isEmpty()) {
                    return problem(item, "screening.error.choice", item.number());
                }
                return new Parsed(Answer.coding(option.get().system(), option.get().code()), null);
            }
            case BOOLEAN:
                if (value.equals("yes") || value.equals("no")) {
                    return new Parsed(Answer.yes(value.equals("yes")), null);
                }
                return problem(item, "screening.error.yesNo", item.number());
            default: {
                Integer min = rules == null ? null : rules.min();
                Integer max = rules == null ? null : rules.max();
                int number;
                try {
                    number = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    number = Integer.MIN_VALUE;
                }
                if (number == Integer.MIN_VALUE || (min != null && number < min) || (max != null && number > max)) {
                    return max == null ? problem(item, "screening.error.numberMin", item.number(), min == null ? 0 : min)
                            : problem(item, "screening.error.number", item.number(), min == null ? 0 : min, max);
                }
                return new Parsed(Answer.number(number), null);
            }
        }
    }

    private static Parsed problem(ScreeningForm.FormItem item, String key, Object... args) {
        return new Parsed(null, new Problem(item.linkId(), key, List.of(args)));
    }

    /** The value a form control holds for an answer. */
    static String formValue(Answer answer) {
        if (answer == null) {
            return null;
        }
        if (answer.isCoding()) {
            return answer.code();
        }
        if (answer.yes() != null) {
            return answer.yes() ? "yes" : "no";
        }
        return String.valueOf(answer.number());
    }

    /** Whether an item is asked: always, or when at least one of its gates was answered yes. */
    static boolean asked(ScreeningForm.FormItem item, Map<String, Answer> answers) {
        return item.enableWhen().isEmpty()
                || item.enableWhen().stream().map(answers::get).anyMatch(a -> a != null && Boolean.TRUE.equals(a.yes()));
    }

    /** Whether an item is or may still be asked: asked, or one of its gates is not answered yet. */
    static boolean mayBeAsked(ScreeningForm.FormItem item, Map<String, Answer> answers) {
        return asked(item, answers) || item.enableWhen().stream().anyMatch(gate -> !answers.containsKey(gate));
    }

    /** The answers without those to items that are not asked (their gate was changed to no), in form order. */
    static Map<String, Answer> withoutUnasked(ScreeningForm form, Map<String, Answer> answers) {
        Map<String, Answer> kept = new LinkedHashMap<>(answers);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (ScreeningForm.FormItem item : form.items()) {
                if (kept.containsKey(item.linkId()) && !asked(item, kept)) {
                    kept.remove(item.linkId());
                    changed = true;
                }
            }
        }
        Map<String, Answer> ordered = new LinkedHashMap<>();
        for (ScreeningForm.FormItem item : form.items()) {
            if (kept.containsKey(item.linkId())) {
                ordered.put(item.linkId(), kept.get(item.linkId()));
            }
        }
        return ordered;
    }

    /** Items that are asked and required but not answered, in form order. */
    static List<ScreeningForm.FormItem> missing(ScreeningForm form, Map<String, Answer> answers) {
        List<ScreeningForm.FormItem> missing = new ArrayList<>();
        for (ScreeningForm.FormItem item : form.items()) {
            if (item.required() && asked(item, answers) && !answers.containsKey(item.linkId())) {
                missing.add(item);
            }
        }
        return missing;
    }

    /** The answers of a stored response (its FHIR QuestionnaireResponse), by linkId. */
    static Map<String, Answer> ofResponse(ScreeningResponse response) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        QuestionnaireResponse qr = FHIR.newJsonParser().parseResource(QuestionnaireResponse.class, response.rawJson());
        for (QuestionnaireResponse.QuestionnaireResponseItemComponent item : qr.getItem()) {
            if (!item.hasAnswer()) {
                continue;
            }
            Type value = item.getAnswerFirstRep().getValue();
            if (value instanceof org.hl7.fhir.r4.model.Coding coding) {
                answers.put(item.getLinkId(), Answer.coding(coding.getSystem(), coding.getCode()));
            } else if (value instanceof org.hl7.fhir.r4.model.BooleanType yes) {
                answers.put(item.getLinkId(), Answer.yes(yes.booleanValue()));
            } else if (value instanceof org.hl7.fhir.r4.model.IntegerType number) {
                answers.put(item.getLinkId(), Answer.number(number.getValue()));
            }
        }
        return answers;
    }

    /** The text a form shows for an answer: the option's wording, or null for yes/no and numbers (pages word those). */
    static String display(ScreeningForm.FormItem item, Answer answer) {
        if (answer == null || !answer.isCoding()) {
            return null;
        }
        return item.options().stream().filter(o -> o.code().equals(answer.code())).map(ScreeningForm.FormOption::display)
                .findFirst().orElse(answer.code());
    }

    /** Compact text for keeping an answer in the session. */
    static String encode(Answer answer) {
        if (answer.isCoding()) {
            return "c|" + (answer.system() == null ? "" : answer.system()) + "|" + answer.code();
        }
        if (answer.yes() != null) {
            return "b|" + answer.yes();
        }
        return "i|" + answer.number();
    }

    static Answer decode(String text) {
        String[] parts = text.split("\\|", 3);
        switch (parts[0]) {
            case "c":
                return Answer.coding(parts[1].isEmpty() ? null : parts[1], parts[2]);
            case "b":
                return Answer.yes(Boolean.parseBoolean(parts[1]));
            default:
                return Answer.number(Integer.parseInt(parts[1]));
        }
    }
}
