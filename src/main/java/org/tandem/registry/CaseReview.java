package org.tandem.registry;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A psychiatric consultant's review of one patient and the recommendations it made. */
public record CaseReview(UUID id, UUID episode, Instant reviewedAt, LocalDate reviewedOn, UUID consultantId, String consultant,
        String summary, List<Recommendation> recommendations) {

    public CaseReview {
        recommendations = List.copyOf(recommendations);
    }
}
