package org.tandem.screening;

import java.util.List;
import java.util.Optional;

/**
 * A screening instrument as Tandem scores it: its items and answers, the code its result is stored under, its
 * severity bands and where it comes from. The wording lives in the instrument's FHIR Questionnaire.
 *
 * @param id the short, stable id, also the Questionnaire id ({@code phq-9})
 * @param panel the LOINC panel code, or null where LOINC has none confirmed
 * @param result the code of the result Observation (LOINC total score where confirmed)
 * @param resultCodeVerified false where the LOINC code is UNVERIFIED in the clinical reference and a Tandem code
 *        is used instead
 * @param wordingShipped true where Tandem may ship the wording; false for licensed instruments whose wording a
 *        practice imports
 * @param maxTotal the highest possible total, or null for instruments without a total (ASQ, C-SSRS)
 * @param followOn the instrument a positive result asks for in the same sitting (PHQ-2 to PHQ-9), or null
 * @param focus what the instrument screens for
 */
public record Instrument(String id, String title, Code panel, Code result, boolean resultCodeVerified,
        boolean wordingShipped, List<Item> items, Integer maxTotal, List<Band> bands, String followOn, Focus focus,
        String source, String licence) {

    /** What an instrument screens for. */
    public enum Focus { DEPRESSION, ANXIETY, ALCOHOL, DRUGS, TRAUMA, SUICIDE_RISK }

    /** A severity band: totals {@code min..max} inclusive. */
    public record Band(int min, int max, String key) {
    }

    public Optional<Item> item(String linkId) {
        return items.stream().filter(i -> i.linkId().equals(linkId)).findFirst();
    }

    public Optional<String> bandOf(int total) {
        return bands.stream().filter(b -> total >= b.min() && total <= b.max()).map(Band::key).findFirst();
    }

    /**
     * Answers by item linkId, each the coded answer that scores the given points (item order), e.g. a PHQ-9 that a
     * clinician read out as nine numbers.
     *
     * @throws InvalidResponse when an item has no answer scoring those points
     */
    public java.util.Map<String, Answer> answersScoring(int... scores) {
        java.util.Map<String, Answer> answers = new java.util.LinkedHashMap<>();
        for (int i = 0; i < scores.length && i < items.size(); i++) {
            Item item = items.get(i);
            int score = scores[i];
            AnswerOption chosen = item.options().stream().filter(o -> o.score() == score && o.code() != null).findFirst()
                    .orElseThrow(() -> new InvalidResponse(title + " item " + item.number() + " has no answer scoring " + score));
            answers.put(item.linkId(), Answer.coding(chosen.code().system(), chosen.code().code()));
        }
        return answers;
    }

    /** Whether the items have the answer codes they need (licensed instruments get them from the imported wording). */
    public boolean bound() {
        return items.stream().allMatch(i -> i.type() != Item.Type.CODING
                || (!i.options().isEmpty() && i.options().stream().allMatch(o -> o.code() != null)));
    }

    Instrument withItems(List<Item> newItems) {
        return new Instrument(id, title, panel, result, resultCodeVerified, wordingShipped, newItems, maxTotal, bands,
                followOn, focus, source, licence);
    }
}
