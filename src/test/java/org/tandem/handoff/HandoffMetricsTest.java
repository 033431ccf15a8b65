package org.tandem.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The exact median and the definition of a missed handoff, without a database. */
class HandoffMetricsTest {

    @Test
    void medianIsTheMiddleValueOrTheMeanOfTheTwoMiddleValues() {
        assertThat(HandoffMetrics.median(List.of())).isNull();
        assertThat(HandoffMetrics.median(List.of(42L))).isEqualTo(42.0);
        assertThat(HandoffMetrics.median(List.of(1L, 4L))).isEqualTo(2.5);
        assertThat(HandoffMetrics.median(List.of(300L, 30L, 120L))).isEqualTo(120.0);
        assertThat(HandoffMetrics.median(List.of(10L, 1L, 3L, 2L))).isEqualTo(2.5);
        assertThat(HandoffMetrics.median(List.of(5L, 5L, 5L, 100L))).isEqualTo(5.0);
    }

    static HandoffMetrics.Request request(int offered, boolean accepted, boolean escalated, String outcome) {
        Instant at = Instant.parse("2026-03-02T15:00:00Z");
        return new HandoffMetrics.Request(at, accepted ? at.plusSeconds(90) : null, accepted ? UUID.randomUUID() : null, null,
                UUID.randomUUID(), "Dr. Test", "distress", outcome, offered, escalated ? at.plusSeconds(300) : null);
    }

    @Test
    void missedMeansNeverAcceptedAndNobodyAvailableEscalatedOrClosedAsNotAvailable() {
        assertThat(request(0, false, false, null).missed()).as("nobody available when requested").isTrue();
        assertThat(request(2, false, true, null).missed()).as("escalated").isTrue();
        assertThat(request(2, false, false, "not-available").missed()).as("closed as not available").isTrue();
        assertThat(request(2, false, false, null).missed()).as("still waiting for an answer").isFalse();
        assertThat(request(2, false, false, "left").missed()).as("patient left before it escalated").isFalse();
        assertThat(request(0, true, false, "completed").missed()).as("accepted after widening").isFalse();
        assertThat(request(1, true, true, null).missed()).as("accepted after escalating").isFalse();
        assertThat(request(1, true, false, "converted").completed()).isFalse();
        assertThat(request(1, true, false, "completed").completed()).isTrue();
    }
}
