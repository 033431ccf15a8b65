package org.tandem.scheduling;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A practice's weekly plan of its behavioral health clinicians' time, block by block. */
public record ScheduleTemplate(UUID id, String name, TemplateStatus status, String note, LocalDate activatedOn,
        Instant updatedAt, int version, List<TemplateBlock> blocks) {

    public ScheduleTemplate {
        blocks = List.copyOf(blocks);
    }
}
