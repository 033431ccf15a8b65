package org.tandem.scheduling;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.UUID;

/**
 * One recurring block of a clinician's week; times are local to the practice.
 *
 * @param releaseMinutes open access only: released for booking this many minutes before its start when unused
 *        (0 = never released); null for other kinds
 */
public record TemplateBlock(UUID id, UUID clinician, DayOfWeek day, LocalTime start, int minutes, BlockKind kind,
        Integer releaseMinutes) {

    public LocalTime end() {
        return start.plusMinutes(minutes);
    }
}
