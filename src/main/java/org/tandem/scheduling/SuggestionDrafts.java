package org.tandem.scheduling;

import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Saves a simulation's suggestion as a new draft template: a copy of the template it was made for, then the suggested
 * week. One transaction, so a refused week leaves no half-made draft behind. {@link Templates} checks the caller
 * (practice admins only) and audits both changes.
 */
@Component
class SuggestionDrafts {

    private final Templates templates;

    SuggestionDrafts(Templates templates) {
        this.templates = templates;
    }

    @Transactional
    ScheduleTemplate save(String name, UUID copyOf, List<TemplateBlock> blocks) {
        ScheduleTemplate draft = templates.create(name, copyOf);
        List<BlockInput> week = blocks.stream().map(b -> new BlockInput(b.clinician(), b.day(), b.start(), b.minutes(), b.kind(),
                b.kind() == BlockKind.OPEN_ACCESS ? b.releaseMinutes() : null)).toList();
        return templates.replaceBlocks(draft.id(), week, draft.version());
    }
}
