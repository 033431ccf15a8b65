package org.tandem.registry;

import java.time.Instant;
import java.time.LocalDate;

/** A PCP tried to answer a recommendation that has already been answered; an answer is never changed. */
public class RecommendationAlreadyAnswered extends InvalidRegistryData {

    private final RecommendationStatus status;
    private final String by;
    private final Instant at;
    private final LocalDate on;

    public RecommendationAlreadyAnswered(RecommendationStatus status, String by, Instant at, LocalDate on) {
        super("This recommendation was already " + status.code() + " by " + by + " on " + on
                + "; an answer cannot be changed. Ask the consultant for a new recommendation instead.");
        this.status = status;
        this.by = by;
        this.at = at;
        this.on = on;
    }

    public RecommendationStatus status() {
        return status;
    }

    public String by() {
        return by;
    }

    public Instant at() {
        return at;
    }

    /** The day of the answer in the practice's time zone. */
    public LocalDate on() {
        return on;
    }
}
