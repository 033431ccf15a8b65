package org.tandem.registry;

/** What a psychiatric recommendation is about. */
public enum RecommendationKind {
    MEDICATION, THERAPY, REFERRAL, DIAGNOSIS, OTHER;

    public String code() {
        return Codes.of(this);
    }

    public static RecommendationKind of(String code) {
        return Codes.parse(RecommendationKind.class, code, "Kind of recommendation");
    }
}
