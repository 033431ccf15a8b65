package org.tandem.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tandem.patient.PatientId;
import org.tandem.platform.Role;
import org.tandem.practice.StaffMember;

/** The rules a handoff documented after the fact must pass. */
class HandoffRecordsRulesTest {

    static final Instant NOW = Instant.parse("2026-11-25T18:00:00Z");
    static final Instant ASKED = Instant.parse("2026-11-20T15:00:00Z");
    static final UUID PCP = UUID.randomUUID();
    static final UUID BHC = UUID.randomUUID();
    static final UUID FRONT_DESK = UUID.randomUUID();
    static final Map<UUID, StaffMember> STAFF = Map.of(
            PCP, new StaffMember(PCP, "pcp@x", "Dr. P", Set.of(Role.PCP), true, null),
            BHC, new StaffMember(BHC, "bhc@x", "B", Set.of(Role.BHC), true, null),
            FRONT_DESK, new StaffMember(FRONT_DESK, "fd@x", "F", Set.of(Role.FRONT_DESK), true, null));
    static final PatientId PATIENT = new PatientId(UUID.randomUUID());

    static HandoffRecords.PastHandoff completed(UUID requester, UUID acceptor, Instant accepted, Instant ended, Integer minutes) {
        return new HandoffRecords.PastHandoff(PATIENT, requester, HandoffReason.POSITIVE_SCREEN, Urgency.NOW, "Exam 2", ASKED, 1, null,
                acceptor, accepted, ended, HandoffOutcome.COMPLETED, minutes, BriefIntervention.BRIEF_INTERVENTION);
    }

    @Test
    void aCompletedHandoffInOrderPasses() {
        assertThat(HandoffRecords.problems(completed(PCP, BHC, ASKED.plusSeconds(90), ASKED.plusSeconds(1500), 20), STAFF, NOW))
                .isEmpty();
    }

    @Test
    void requesterMustBeAPcpOrMedicalAssistantAndAcceptorABhc() {
        assertThat(HandoffRecords.problems(completed(FRONT_DESK, BHC, ASKED.plusSeconds(90), ASKED.plusSeconds(1500), 20), STAFF, NOW))
                .containsExactly("The handoff was asked for by a PCP or medical assistant of this practice");
        assertThat(HandoffRecords.problems(completed(PCP, PCP, ASKED.plusSeconds(90), ASKED.plusSeconds(1500), 20), STAFF, NOW))
                .containsExactly("The clinician who took the handoff is a BHC of this practice");
    }

    @Test
    void timesMustBeInOrderAndNotInTheFuture() {
        assertThat(HandoffRecords.problems(completed(PCP, BHC, ASKED.minusSeconds(1), ASKED.plusSeconds(1500), 20), STAFF, NOW))
                .containsExactly("The handoff was accepted after it was asked for and before it ended");
        assertThat(HandoffRecords.problems(completed(PCP, BHC, ASKED.plusSeconds(90), NOW.plusSeconds(1), 20), STAFF, NOW))
                .containsExactly("A handoff documented after the fact ended after it was asked for and not in the future");
        assertThat(HandoffRecords.problems(completed(PCP, BHC, ASKED.plusSeconds(90), NOW, 20), STAFF, NOW)).isEmpty();
    }

    @Test
    void completedNeedsMinutesFromOneTo240() {
        assertThat(HandoffRecords.problems(completed(PCP, BHC, ASKED.plusSeconds(90), ASKED.plusSeconds(1500), 0), STAFF, NOW))
                .containsExactly("Minutes with the patient must be between 1 and 240");
        assertThat(HandoffRecords.problems(completed(PCP, BHC, ASKED.plusSeconds(90), ASKED.plusSeconds(1500), 241), STAFF, NOW))
                .containsExactly("Minutes with the patient must be between 1 and 240");
        assertThat(HandoffRecords.problems(completed(PCP, BHC, ASKED.plusSeconds(90), ASKED.plusSeconds(1500), 240), STAFF, NOW))
                .isEmpty();
    }

    @Test
    void aMissedHandoffHasNoAcceptorAndEscalatesAfterItWasAsked() {
        HandoffRecords.PastHandoff missed = new HandoffRecords.PastHandoff(PATIENT, PCP, HandoffReason.DISTRESS, Urgency.NOW, null,
                ASKED, 0, ASKED.plusSeconds(300), null, null, ASKED.plusSeconds(600), HandoffOutcome.NOT_AVAILABLE, null, null);
        assertThat(HandoffRecords.problems(missed, STAFF, NOW)).isEmpty();
        HandoffRecords.PastHandoff early = new HandoffRecords.PastHandoff(PATIENT, PCP, HandoffReason.DISTRESS, Urgency.NOW, null,
                ASKED, 0, ASKED.minusSeconds(1), null, null, ASKED.plusSeconds(600), HandoffOutcome.NOT_AVAILABLE, null, null);
        assertThat(HandoffRecords.problems(early, STAFF, NOW))
                .containsExactly("A handoff is escalated after it was asked for and before it was accepted");
        HandoffRecords.PastHandoff completedAlone = new HandoffRecords.PastHandoff(PATIENT, PCP, HandoffReason.DISTRESS, Urgency.NOW,
                null, ASKED, 0, null, null, null, ASKED.plusSeconds(600), HandoffOutcome.COMPLETED, 10,
                BriefIntervention.OTHER);
        assertThat(HandoffRecords.problems(completedAlone, STAFF, NOW)).containsExactly("A completed handoff was accepted by a BHC");
    }
}
