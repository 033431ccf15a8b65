package org.tandem.registry;

import java.time.Instant;
import java.time.LocalDate;

/** One change in an episode's history: a status, {@code consent}, {@code assigned} or {@code plan}. */
public record EpisodeStep(String step, LocalDate effectiveOn, Instant at, String by, String note) {
}
