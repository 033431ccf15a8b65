package org.tandem.registry;

/** The PCP's answer to a recommendation. Modify needs the new text; decline needs a reason. */
public enum RecommendationAnswer {
    ACCEPT(RecommendationStatus.ACCEPTED), MODIFY(RecommendationStatus.MODIFIED), DECLINE(RecommendationStatus.DECLINED);

    private final RecommendationStatus status;

    RecommendationAnswer(RecommendationStatus status) {
        this.status = status;
    }

    /** The status the recommendation takes. */
    public RecommendationStatus status() {
        return status;
    }

    public String code() {
        return Codes.of(this);
    }

    public static RecommendationAnswer of(String code) {
        return Codes.parse(RecommendationAnswer.class, code, "Answer");
    }
}
