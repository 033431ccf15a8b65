package org.tandem.screening;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tandem.patient.AdministrativeSex;

/**
 * Scores responses exactly as the instruments' authors specify (sources on each rule and in {@link Instruments}).
 * Pure: no storage, no clock.
 */
public final class Scoring {

    private Scoring() {
    }

    /**
     * Checks and scores a response.
     *
     * @param answers answers by linkId; items that are not asked (their gate is not answered yes) must not be answered
     * @throws InvalidResponse for an unknown item, an answer outside the item's list or range, or an answer to an
     *         item that was not asked
     */
    public static ScreeningScore score(Instrument instrument, Map<String, Answer> answers, AdministrativeSex sex,
            ScoringSettings settings) {
        List<String> problems = new ArrayList<>();
        for (String linkId : answers.keySet()) {
            if (instrument.item(linkId).isEmpty()) {
                problems.add(instrument.title() + " has no item " + linkId);
            }
        }
        int total = 0;
        List<String> missing = new ArrayList<>();
        for (Item item : instrument.items()) {
            Answer answer = answers.get(item.linkId());
            boolean asked = asked(item, answers);
            if (answer == null) {
                if (asked && item.required()) {
                    missing.add(item.linkId());
                }
                continue;
            }
            if (!asked) {
                problems.add("Item " + item.number() + " (" + item.linkId() + ") is only asked after a yes to "
                        + String.join(" or ", item.enableWhen()));
                continue;
            }
            Integer points = item.scoreOf(answer);
            if (points == null) {
                problems.add("Item " + item.number() + " (" + item.linkId() + "): " + answer + " is not one of its answers");
                continue;
            }
            if (item.scored()) {
                total += points;
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidResponse(problems);
        }
        List<SafetySignal> safety = safety(instrument, answers);
        if (!missing.isEmpty()) {
            return new ScreeningScore(instrument.id(), false, null, null, null, null, List.copyOf(missing), safety, null);
        }
        Integer shownTotal = instrument.maxTotal() == null && !instrument.id().equals(Instruments.NIDA_SINGLE) ? null : total;
        String band = shownTotal == null ? null : instrument.bandOf(total).orElse(null);
        String risk = null;
        boolean positive;
        if (instrument.id().equals(Instruments.ASQ)) {
            risk = asqRisk(answers);
            positive = !risk.equals("negative");
        } else if (instrument.id().equals(Instruments.CSSRS_SCREENER)) {
            risk = cssrsRisk(answers);
            positive = !risk.equals("none");
        } else {
            positive = positiveTotal(instrument, total, sex, settings);
        }
        String followOn = positive ? instrument.followOn() : null;
        return new ScreeningScore(instrument.id(), true, shownTotal, band, positive, risk, List.of(), safety, followOn);
    }

    /**
     * Whether a total is a positive screen, for instruments scored by a total (also used for results imported as
     * Observations, which carry only the total).
     */
    public static boolean positiveTotal(Instrument instrument, int total, AdministrativeSex sex, ScoringSettings settings) {
        switch (instrument.id()) {
            // PHQ-2 and GAD-2: positive at 3 or more (Kroenke 2003; Kroenke 2007).
            case Instruments.PHQ_2, Instruments.GAD_2:
                return total >= 3;
            // PHQ-9, PHQ-A, GAD-7: 10 or more (moderate) calls for further evaluation (facts.md).
            case Instruments.PHQ_9, Instruments.PHQ_A, Instruments.GAD_7:
                return total >= 10;
            // AUDIT-C: 4 or more for men, 3 or more for women (Bradley 2007); unknown sex takes the lower cut-off.
            case Instruments.AUDIT_C:
                return total >= (sex == AdministrativeSex.MALE ? settings.auditCMen() : settings.auditCWomen());
            // AUDIT: 8 or more hazardous or harmful drinking (WHO 2001).
            case Instruments.AUDIT:
                return total >= 8;
            // NIDA single question: any use (1 or more times) in the past year (Smith 2010).
            case Instruments.NIDA_SINGLE:
                return total >= 1;
            // PC-PTSD-5: 3 (Prins 2016) or 4 (Bovin 2021); no trauma exposure completes the screen at 0.
            case Instruments.PC_PTSD_5:
                return total >= settings.pcPtsd5();
            // EPDS: 13 or more probable depression, 10 or more the more sensitive cut-off.
            case Instruments.EPDS:
                return total >= settings.epds();
            // DAST-10: 3 or more indicates a drug problem (Skinner 1982).
            case Instruments.DAST_10:
                return total >= 3;
            default:
                throw new IllegalArgumentException(instrument.id() + " is not scored by a total");
        }
    }

    /** Whether an item is asked: always, or when at least one of its gate items was answered yes. */
    static boolean asked(Item item, Map<String, Answer> answers) {
        if (item.enableWhen().isEmpty()) {
            return true;
        }
        return item.enableWhen().stream().map(answers::get).anyMatch(a -> a != null && Boolean.TRUE.equals(a.yes()));
    }

    /**
     * The safety rules of {@code ../shared/clinical/README.md}: PHQ-9 item 9 above 0; PHQ-A item 9 above 0 or a yes to
     * its suicide questions; EPDS item 10 above 0; ASQ any yes (acute if question 5 yes); C-SSRS Q4 or Q5 yes or
     * behaviour in the past 3 months.
     */
    static List<SafetySignal> safety(Instrument instrument, Map<String, Answer> answers) {
        List<SafetySignal> signals = new ArrayList<>();
        switch (instrument.id()) {
            case Instruments.PHQ_9 -> {
                if (points(instrument, answers, "44260-8") > 0) {
                    signals.add(new SafetySignal("phq-9-item-9", "44260-8", false));
                }
            }
            case Instruments.PHQ_A -> {
                if (points(instrument, answers, "phq-a-9") > 0) {
                    signals.add(new SafetySignal("phq-a-item-9", "phq-a-9", false));
                }
                if (yes(answers, "phq-a-serious-thoughts")) {
                    signals.add(new SafetySignal("phq-a-serious-thoughts", "phq-a-serious-thoughts", false));
                }
                if (yes(answers, "phq-a-ever-attempted")) {
                    signals.add(new SafetySignal("phq-a-ever-attempted", "phq-a-ever-attempted", false));
                }
            }
            case Instruments.EPDS -> {
                if (points(instrument, answers, "epds-10") > 0) {
                    signals.add(new SafetySignal("epds-item-10", "epds-10", false));
                }
            }
            case Instruments.ASQ -> {
                boolean acute = yes(answers, "asq-5");
                for (int i = 1; i <= 4; i++) {
                    if (yes(answers, "asq-" + i)) {
                        signals.add(new SafetySignal(acute ? "asq-acute-positive" : "asq-positive", "asq-" + i, acute));
                        break;
                    }
                }
            }
            case Instruments.CSSRS_SCREENER -> {
                for (String linkId : List.of("cssrs-4", "cssrs-5", "cssrs-6-recent")) {
                    if (yes(answers, linkId)) {
                        signals.add(new SafetySignal("cssrs-imminent", linkId, true));
                        break;
                    }
                }
            }
            default -> {
            }
        }
        return List.copyOf(signals);
    }

    /** ASQ: negative; non-acute positive (yes to any of 1-4, no to 5); acute positive (yes to 5). */
    private static String asqRisk(Map<String, Answer> answers) {
        if (yes(answers, "asq-5")) {
            return "acute";
        }
        for (int i = 1; i <= 4; i++) {
            if (yes(answers, "asq-" + i)) {
                return "non-acute";
            }
        }
        return "negative";
    }

    /**
     * C-SSRS screener triage: high for Q4 or Q5 yes or behaviour in the past 3 months; moderate for Q3 yes or
     * behaviour longer ago; low for Q1 or Q2 yes only; none otherwise (Columbia Lighthouse Project screener).
     */
    private static String cssrsRisk(Map<String, Answer> answers) {
        if (yes(answers, "cssrs-4") || yes(answers, "cssrs-5") || yes(answers, "cssrs-6-recent")) {
            return "high";
        }
        if (yes(answers, "cssrs-3") || yes(answers, "cssrs-6")) {
            return "moderate";
        }
        if (yes(answers, "cssrs-1") || yes(answers, "cssrs-2")) {
            return "low";
        }
        return "none";
    }

    private static boolean yes(Map<String, Answer> answers, String linkId) {
        Answer answer = answers.get(linkId);
        return answer != null && Boolean.TRUE.equals(answer.yes());
    }

    private static int points(Instrument instrument, Map<String, Answer> answers, String linkId) {
        Answer answer = answers.get(linkId);
        if (answer == null) {
            return 0;
        }
        Integer points = instrument.item(linkId).map(i -> i.scoreOf(answer)).orElse(null);
        return points == null ? 0 : points;
    }
}
