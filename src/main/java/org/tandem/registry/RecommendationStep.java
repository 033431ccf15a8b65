package org.tandem.registry;

import java.time.Instant;

/**
 * One step in the life of a recommendation.
 *
 * @param text the recommendation as made (pending), the PCP's modified text, reason for declining or note
 */
public record RecommendationStep(RecommendationStatus status, Instant at, String by, String text) {
}
