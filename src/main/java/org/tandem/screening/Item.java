package org.tandem.screening;

import java.util.List;

/**
 * One item of an instrument as the scoring rules see it.
 *
 * @param linkId the item's LOINC code where LOINC has a confirmed one, otherwise a stable Tandem id
 * @param number the item's number on the form (1-based), for messages
 * @param type how it is answered
 * @param options for {@link Type#CODING}: the allowed answers with their points, in form order. For licensed
 *        instruments whose answer codes come from the practice's imported wording, the codes are null until bound.
 * @param yesScore, noScore for {@link Type#BOOLEAN}: the points for yes and for no (DAST-10 item 3 scores NO)
 * @param min, max for {@link Type#INTEGER}: the allowed range (max null = unbounded)
 * @param scored whether the item counts in the total
 * @param enableWhen linkIds of yes/no items of which at least one must be answered yes for this item to be asked
 *        (empty: always asked)
 */
public record Item(String linkId, int number, Type type, List<AnswerOption> options, int yesScore, int noScore,
        Integer min, Integer max, boolean scored, boolean required, List<String> enableWhen) {

    public enum Type { CODING, BOOLEAN, INTEGER }

    static Item coding(String linkId, int number, List<AnswerOption> options) {
        return new Item(linkId, number, Type.CODING, options, 0, 0, null, null, true, true, List.of());
    }

    static Item yesNo(String linkId, int number, int yesScore, int noScore) {
        return new Item(linkId, number, Type.BOOLEAN, List.of(), yesScore, noScore, null, null, true, true, List.of());
    }

    Item unscored() {
        return new Item(linkId, number, type, options, 0, 0, min, max, false, required, enableWhen);
    }

    Item optional() {
        return new Item(linkId, number, type, options, yesScore, noScore, min, max, scored, false, enableWhen);
    }

    Item when(String... gateLinkIds) {
        return new Item(linkId, number, type, options, yesScore, noScore, min, max, scored, required, List.of(gateLinkIds));
    }

    Item withOptions(List<AnswerOption> bound) {
        return new Item(linkId, number, type, bound, yesScore, noScore, min, max, scored, required, enableWhen);
    }

    /** The points an answer scores, or null when the answer is not one this item allows. */
    Integer scoreOf(Answer answer) {
        switch (type) {
            case CODING:
                if (!answer.isCoding()) {
                    return null;
                }
                for (AnswerOption option : options) {
                    if (option.code() != null && option.code().code().equals(answer.code())
                            && (answer.system() == null || option.code().system().equals(answer.system()))) {
                        return option.score();
                    }
                }
                return null;
            case BOOLEAN:
                return answer.yes() == null ? null : answer.yes() ? yesScore : noScore;
            default:
                if (answer.number() == null || (min != null && answer.number() < min) || (max != null && answer.number() > max)) {
                    return null;
                }
                return answer.number();
        }
    }
}
