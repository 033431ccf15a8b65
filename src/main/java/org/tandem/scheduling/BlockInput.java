package org.tandem.scheduling;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.UUID;

/** A block as entered on the template page (all fields as the user sent them; checked by {@link Templates}). */
public record BlockInput(UUID clinician, DayOfWeek day, LocalTime start, Integer minutes, BlockKind kind,
        Integer releaseMinutes) {
}
