package org.tandem.screening;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tandem.patient.PatientId;

/**
 * Moves a patient through a self-completion sitting one question at a time: skips items whose gate was not answered
 * yes, stores each instrument when its last question is answered (mode SELF), continues a positive PHQ-2 or GAD-2
 * with the remaining PHQ-9 or GAD-7 items in the same sitting, and stores what was answered as incomplete when staff
 * end the sitting early.
 */
@Component
class KioskFlow {

    private static final Logger log = LoggerFactory.getLogger(KioskFlow.class);

    private final Questionnaires questionnaires;
    private final Screenings screenings;

    KioskFlow(Questionnaires questionnaires, Screenings screenings) {
        this.questionnaires = questionnaires;
        this.screenings = screenings;
    }

    /** What one kiosk screen shows. */
    record Screen(KioskSitting.Stage stage, ScreeningForm form, ScreeningForm.FormItem item, int position, int total,
            String selected, boolean canGoBack, int instrumentNumber, int instrumentCount, String problemKey,
            List<Object> problemArgs) {
    }

    static Locale locale(KioskSitting sitting) {
        return Locale.forLanguageTag(sitting.language());
    }

    ScreeningForm form(KioskSitting sitting) {
        return questionnaires.form(sitting.instrument(), locale(sitting));
    }

    /** The patient pressed Start. */
    void begin(KioskSitting sitting) {
        if (sitting.stage() != KioskSitting.Stage.WELCOME) {
            return;
        }
        sitting.stage(KioskSitting.Stage.QUESTIONS);
        moveToFirstQuestion(sitting);
    }

    Screen screen(KioskSitting sitting) {
        if (sitting.stage() != KioskSitting.Stage.QUESTIONS) {
            return new Screen(sitting.stage(), null, null, 0, 0, null, false, 0, sitting.queue().size(), null, List.of());
        }
        ScreeningForm form = form(sitting);
        Map<String, Answer> answers = sitting.answers();
        ScreeningForm.FormItem item = item(form, sitting.cursor());
        List<ScreeningForm.FormItem> progress = form.items().stream().filter(i -> FormAnswers.mayBeAsked(i, answers)).toList();
        int position = progress.indexOf(item) + 1;
        return new Screen(sitting.stage(), form, item, position, progress.size(), FormAnswers.formValue(answers.get(item.linkId())),
                previous(form, sitting, answers) != null, sitting.current() + 1, sitting.queue().size(), sitting.problemKey(),
                sitting.problemArgs());
    }

    /**
     * Records the answer to the current question and moves on. An answer to another question than the current one
     * (a second tap on an old screen) is ignored.
     */
    void answer(KioskSitting sitting, String linkId, String value) {
        if (sitting.stage() != KioskSitting.Stage.QUESTIONS || linkId == null || !linkId.equals(sitting.cursor())) {
            return;
        }
        ScreeningForm form = form(sitting);
        ScreeningForm.FormItem item = item(form, linkId);
        Instrument rules = questionnaires.instrument(sitting.instrument());
        FormAnswers.Parsed parsed = FormAnswers.parse(item, rules.item(linkId).orElse(null), value);
        if (parsed.problem() != null) {
            sitting.problem(parsed.problem().key(), parsed.problem().args());
            return;
        }
        sitting.problem(null, null);
        Map<String, Answer> answers = sitting.answers();
        answers.put(linkId, parsed.answer());
        answers = FormAnswers.withoutUnasked(form, answers);
        sitting.answers(answers);
        ScreeningForm.FormItem next = next(form, sitting, answers, linkId);
        if (next != null) {
            sitting.cursor(next.linkId());
        } else {
            complete(sitting, answers);
        }
    }

    /** Back to the previous question of the current instrument (stored instruments are not reopened). */
    void back(KioskSitting sitting) {
        if (sitting.stage() != KioskSitting.Stage.QUESTIONS) {
            return;
        }
        sitting.problem(null, null);
        ScreeningForm form = form(sitting);
        ScreeningForm.FormItem previous = previous(form, sitting, sitting.answers());
        if (previous != null) {
            sitting.cursor(previous.linkId());
        }
    }

    /**
     * Staff take the device back: what the patient answered in the unfinished instrument is stored as an incomplete
     * response (no total, never a guessed one). Instruments not started are not stored.
     */
    void finish(KioskSitting sitting) {
        if (sitting.stage() == KioskSitting.Stage.QUESTIONS && sitting.answeredHere()) {
            submit(sitting, FormAnswers.withoutUnasked(form(sitting), sitting.answers()));
        }
        sitting.stage(KioskSitting.Stage.HANDBACK);
        sitting.cursor(null);
    }

    private void complete(KioskSitting sitting, Map<String, Answer> answers) {
        ScreeningResult result = submit(sitting, answers);
        Map<String, Answer> carry = new LinkedHashMap<>();
        String followOn = result.score().followOn();
        if (followOn != null && questionnaires.usable(followOn)) {
            List<String> queue = sitting.queue();
            int later = queue.subList(sitting.current() + 1, queue.size()).indexOf(followOn);
            if (later >= 0) {
                queue.remove(sitting.current() + 1 + later);
            }
            queue.add(sitting.current() + 1, followOn);
            Instrument next = questionnaires.instrument(followOn);
            answers.forEach((linkId, answer) -> {
                if (next.item(linkId).isPresent()) {
                    carry.put(linkId, answer);
                }
            });
        }
        sitting.current(sitting.current() + 1);
        sitting.answers(carry);
        sitting.carried().clear();
        sitting.carried().addAll(carry.keySet());
        if (sitting.instrument() == null) {
            sitting.stage(KioskSitting.Stage.HANDBACK);
            sitting.cursor(null);
            return;
        }
        moveToFirstQuestion(sitting);
    }

    private void moveToFirstQuestion(KioskSitting sitting) {
        ScreeningForm form = form(sitting);
        Map<String, Answer> answers = sitting.answers();
        ScreeningForm.FormItem first = next(form, sitting, answers, null);
        if (first == null) {
            // everything was carried over: store it and go on
            complete(sitting, answers);
        } else {
            sitting.cursor(first.linkId());
        }
    }

    private ScreeningResult submit(KioskSitting sitting, Map<String, Answer> answers) {
        ScreeningResult result = screenings.submit(new ScreeningSubmission(null, new PatientId(sitting.patient()),
                sitting.encounter(), sitting.sitting(), sitting.instrument(), answers, ScreeningSubmission.Mode.SELF,
                sitting.language(), null));
        sitting.responses().add(result.response().id());
        log.debug("Kiosk sitting {} stored {} ({})", sitting.sitting(), sitting.instrument(), result.response().status());
        return result;
    }

    /** The first asked, not carried item after {@code after} (or from the start). */
    private static ScreeningForm.FormItem next(ScreeningForm form, KioskSitting sitting, Map<String, Answer> answers, String after) {
        boolean passed = after == null;
        for (ScreeningForm.FormItem item : form.items()) {
            if (!passed) {
                passed = item.linkId().equals(after);
                continue;
            }
            if (!sitting.carried().contains(item.linkId()) && FormAnswers.asked(item, answers)) {
                return item;
            }
        }
        return null;
    }

    private static ScreeningForm.FormItem previous(ScreeningForm form, KioskSitting sitting, Map<String, Answer> answers) {
        List<ScreeningForm.FormItem> before = new ArrayList<>();
        for (ScreeningForm.FormItem item : form.items()) {
            if (item.linkId().equals(sitting.cursor())) {
                break;
            }
            if (!sitting.carried().contains(item.linkId()) && FormAnswers.asked(item, answers)) {
                before.add(item);
            }
        }
        return before.isEmpty() ? null : before.get(before.size() - 1);
    }

    private static ScreeningForm.FormItem item(ScreeningForm form, String linkId) {
        return form.items().stream().filter(i -> i.linkId().equals(linkId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No item " + linkId + " in " + form.instrumentId()));
    }
}
