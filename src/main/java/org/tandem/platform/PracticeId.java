package org.tandem.platform;

import java.util.Objects;
import java.util.UUID;

/** The tenant key: every practice-owned row carries it and every query filters by it. */
public record PracticeId(UUID value) implements java.io.Serializable {

    /** The chain of platform-level audit events that belong to no practice (e.g. a failed sign-in for an unknown e-mail). */
    public static final PracticeId PLATFORM = new PracticeId(new UUID(0L, 0L));

    public PracticeId {
        Objects.requireNonNull(value, "practice id");
    }

    public static PracticeId of(String value) {
        return new PracticeId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
