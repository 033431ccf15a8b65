package org.tandem.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tandem.scheduling.BlockKind;
import org.tandem.scheduling.Slot;
import org.tandem.scheduling.SlotStatus;

/** What a scheduled block says about a clinician's presence, and who is offered a waiting request. */
class AvailabilityRulesTest {

    static final Instant START = Instant.parse("2025-03-03T15:00:00Z");

    @Test
    void openAccessAdminAndUnbookedSlotsAreAvailable() {
        for (BlockKind kind : new BlockKind[] { BlockKind.OPEN_ACCESS, BlockKind.ADMIN, BlockKind.COUNSELING, BlockKind.BRIEF }) {
            assertThat(Availability.fromSlot(slot(kind, false), PresenceState.DO_NOT_INTERRUPT)).as(kind.code()).isEqualTo(PresenceState.AVAILABLE);
        }
    }

    @Test
    void aBookedCounselingVisitFollowsThePracticeNormAndABookedBriefVisitIsAlwaysInterruptible() {
        assertThat(Availability.fromSlot(slot(BlockKind.COUNSELING, true), PresenceState.INTERRUPTIBLE)).isEqualTo(PresenceState.INTERRUPTIBLE);
        assertThat(Availability.fromSlot(slot(BlockKind.COUNSELING, true), PresenceState.DO_NOT_INTERRUPT)).isEqualTo(PresenceState.DO_NOT_INTERRUPT);
        assertThat(Availability.fromSlot(slot(BlockKind.OPEN_ACCESS, true), PresenceState.DO_NOT_INTERRUPT)).isEqualTo(PresenceState.DO_NOT_INTERRUPT);
        assertThat(Availability.fromSlot(slot(BlockKind.BRIEF, true), PresenceState.DO_NOT_INTERRUPT)).isEqualTo(PresenceState.INTERRUPTIBLE);
    }

    @Test
    void aHuddleIsAGroup() {
        assertThat(Availability.fromSlot(slot(BlockKind.HUDDLE, false), PresenceState.INTERRUPTIBLE)).isEqualTo(PresenceState.IN_GROUP);
    }

    @Test
    void availableCliniciansAreOfferedEveryRequestInterruptibleOnesOnlyWidenedOnesOthersNone() {
        assertThat(Handoffs.receives(PresenceState.AVAILABLE, false)).isTrue();
        assertThat(Handoffs.receives(PresenceState.AVAILABLE, true)).isTrue();
        assertThat(Handoffs.receives(PresenceState.INTERRUPTIBLE, false)).isFalse();
        assertThat(Handoffs.receives(PresenceState.INTERRUPTIBLE, true)).isTrue();
        for (PresenceState state : new PresenceState[] { PresenceState.DO_NOT_INTERRUPT, PresenceState.IN_GROUP, PresenceState.AWAY,
                PresenceState.OFF }) {
            assertThat(Handoffs.receives(state, true)).as(state.code()).isFalse();
        }
    }

    private static Slot slot(BlockKind kind, boolean booked) {
        return new Slot(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), START, START.plusSeconds(3000), kind,
                null, booked ? UUID.randomUUID() : null, booked ? SlotStatus.BOOKED : SlotStatus.FREE);
    }
}
