package org.tandem.screening;

import java.util.List;

/**
 * The scored result of one response.
 *
 * @param complete whether every item that must be asked was answered; an incomplete response has no total,
 *        band or result, never a guessed one
 * @param total the total score, or null when incomplete or when the instrument has no total (ASQ, C-SSRS)
 * @param band the severity band key (e.g. {@code moderate}), or null
 * @param positive whether the screen is positive, or null when incomplete
 * @param risk for suicide-risk instruments: {@code none}, {@code low}, {@code moderate}, {@code high} (C-SSRS) or
 *        {@code negative}, {@code non-acute}, {@code acute} (ASQ); null otherwise
 * @param missing linkIds of items that must be asked but were not answered
 * @param safety safety rules that fired (they fire on incomplete responses too)
 * @param followOn the instrument to ask next in the same sitting (positive PHQ-2 to PHQ-9), or null
 */
public record ScreeningScore(String instrument, boolean complete, Integer total, String band, Boolean positive,
        String risk, List<String> missing, List<SafetySignal> safety, String followOn) {

    public boolean raisesAlert() {
        return !safety.isEmpty();
    }
}
