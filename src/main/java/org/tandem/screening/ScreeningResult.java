package org.tandem.screening;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What storing one response produced: the stored response, its score, the ids of the Observations written
 * (result and, for depression screens, the CMS2 screening result) and the safety alert, if any.
 */
public record ScreeningResult(ScreeningResponse response, ScreeningScore score, List<String> observationIds,
        Optional<UUID> alert) {
}
