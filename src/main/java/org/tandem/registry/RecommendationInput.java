package org.tandem.registry;

/** One recommendation as the consultant writes it at a case review. */
public record RecommendationInput(RecommendationKind kind, String text) {
}
