package org.tandem.registry;

/** What became of a recommendation: pending in the PCP's inbox, then accepted, modified or declined. */
public enum RecommendationStatus {
    PENDING, ACCEPTED, MODIFIED, DECLINED;

    public String code() {
        return Codes.of(this);
    }

    public static RecommendationStatus of(String code) {
        return Codes.parse(RecommendationStatus.class, code, "Recommendation status");
    }
}
