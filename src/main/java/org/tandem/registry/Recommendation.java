package org.tandem.registry;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.tandem.patient.PatientId;

/**
 * A psychiatric consultant's recommendation for the PCP, and what the PCP made of it.
 *
 * @param pcp the PCP whose inbox it is in, or null when the episode had none (any PCP of the practice may answer)
 * @param responseText the PCP's modified recommendation, reason for declining, or note on accepting
 * @param reviewedOn the day of the case review that made it
 * @param consultant who made it
 */
public record Recommendation(UUID id, UUID episode, UUID review, PatientId patient, RecommendationKind kind, String text,
        UUID pcp, RecommendationStatus status, String responseText, Instant respondedAt, String respondedBy, Instant createdAt,
        LocalDate reviewedOn, String consultant) {

    public boolean pending() {
        return status == RecommendationStatus.PENDING;
    }

    /** What the PCP is to do: the modified text when the PCP changed it, otherwise the recommendation as made. */
    public String effectiveText() {
        return status == RecommendationStatus.MODIFIED ? responseText : text;
    }

    /** Its history, oldest first: made by the consultant, then the PCP's answer once there is one. */
    public List<RecommendationStep> history() {
        List<RecommendationStep> steps = new ArrayList<>();
        steps.add(new RecommendationStep(RecommendationStatus.PENDING, createdAt, consultant, text));
        if (!pending()) {
            steps.add(new RecommendationStep(status, respondedAt, respondedBy, responseText));
        }
        return steps;
    }
}
