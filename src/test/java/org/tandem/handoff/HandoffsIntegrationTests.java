package org.tandem.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.tandem.patient.InvalidPatientData;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientNotFound;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;

/** Warm handoffs on the real database: routing, widening and escalation, outcomes, requests on a PCP's behalf, tenancy. */
@SpringBootTest
@RecordApplicationEvents
class HandoffsIntegrationTests {

    @Autowired
    Practices practices;
    @Autowired
    Patients patients;
    @Autowired
    CurrentActor actors;
    @Autowired
    Handoffs handoffs;
    @Autowired
    Availability availability;
    @Autowired
    HandoffSettings settings;
    @Autowired
    HandoffTimer timer;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ApplicationEvents events;

    HandoffTestPractice practice;
    UUID dana;
    UUID sam;
    UUID lee;
    UUID kim;
    UUID pcp;
    PatientRecord patient;

    @BeforeEach
    void setUp() {
        practice = new HandoffTestPractice(practices, patients, actors, "Handoff practice");
        dana = practice.bhc("Dana Rivera");
        sam = practice.bhc("Sam Okafor");
        lee = practice.bhc("Lee Tran");
        kim = practice.bhc("Kim Novak");
        pcp = practice.account(Role.PCP);
        patient = practice.patient("Quintero");
    }

    // ---------------------------------------------------------------- routing, widening, escalation

    @Test
    void availableCliniciansAreOfferedARequestFirstInterruptibleOnesAfterWideningAndDoNotInterruptNever() {
        set(dana, PresenceState.AVAILABLE);
        set(sam, PresenceState.INTERRUPTIBLE);
        set(lee, PresenceState.DO_NOT_INTERRUPT);
        set(kim, PresenceState.IN_GROUP);

        Handoff handoff = request(patient.id());

        assertThat(handoff.status()).isEqualTo(HandoffStatus.REQUESTED);
        assertThat(handoff.offeredCount()).isEqualTo(1);
        assertThat(handoff.widenedAt()).isNull();
        assertThat(handoff.requestedByName()).isEqualTo("Test PCP");
        assertThat(events.stream(HandoffRequested.class)).containsExactly(new HandoffRequested(practice.fixture.id(), handoff.id(), pcp));
        assertThat(offeredTo(dana)).containsExactly(handoff.id());
        assertThat(offeredTo(sam)).isEmpty();
        assertThat(offeredTo(lee)).isEmpty();
        assertThat(offeredTo(kim)).isEmpty();
        assertThat(practice.as(Role.PCP, () -> handoffs.offeredTo(handoff.id()))).containsExactly(dana);

        Instant requested = handoff.requestedAt();
        assertThat(tick(requested.plusSeconds(59))).isEqualTo(new Handoffs.Tick(List.of(), List.of()));
        assertThat(tick(requested.plusSeconds(60))).isEqualTo(new Handoffs.Tick(List.of(handoff.id()), List.of()));
        assertThat(offeredTo(sam)).containsExactly(handoff.id());
        assertThat(offeredTo(dana)).containsExactly(handoff.id());
        assertThat(offeredTo(lee)).isEmpty();
        assertThat(offeredTo(kim)).isEmpty();
        assertThat(practice.as(Role.PCP, () -> handoffs.offeredTo(handoff.id()))).containsExactlyInAnyOrder(dana, sam);
        assertThat(tick(requested.plusSeconds(61)).widened()).isEmpty();

        assertThat(tick(requested.plusSeconds(299))).isEqualTo(new Handoffs.Tick(List.of(), List.of()));
        assertThat(tick(requested.plusSeconds(300))).isEqualTo(new Handoffs.Tick(List.of(), List.of(handoff.id())));
        assertThat(tick(requested.plusSeconds(400))).isEqualTo(new Handoffs.Tick(List.of(), List.of()));

        Handoff escalated = practice.as(Role.PCP, () -> handoffs.get(handoff.id()));
        assertThat(escalated.status()).isEqualTo(HandoffStatus.REQUESTED);
        assertThat(escalated.widenedAt()).isEqualTo(requested.plusSeconds(60));
        assertThat(escalated.escalatedAt()).isEqualTo(requested.plusSeconds(300));
        assertThat(escalated.escalated()).isTrue();
        assertThat(offeredTo(sam)).containsExactly(handoff.id());
        assertThat(practice.as(Role.PCP, () -> handoffs.history(handoff.id())))
                .extracting(HandoffStep::step, HandoffStep::byName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("requested", "Test PCP"),
                        org.assertj.core.groups.Tuple.tuple("widened", "Tandem"), org.assertj.core.groups.Tuple.tuple("escalated", "Tandem"));
        assertThat(events.stream(HandoffChanged.class).map(HandoffChanged::step)).containsExactly("widened", "escalated");
        assertThat(jdbc.queryForList("SELECT detail FROM audit_event WHERE practice_id = ? AND resource_type = 'Task' "
                + "AND action = 'UPDATE' AND actor_name = 'handoff-timer' ORDER BY seq", String.class, practice.fixture.id().value()))
                .containsExactly("widened", "escalated");
    }

    @Test
    void whenNobodyIsAvailableTheRequestIsOfferedToInterruptibleCliniciansAtOnce() {
        set(sam, PresenceState.INTERRUPTIBLE);
        set(lee, PresenceState.DO_NOT_INTERRUPT);
        set(kim, PresenceState.AWAY);

        Handoff handoff = request(patient.id());

        assertThat(handoff.offeredCount()).isZero();
        assertThat(handoff.widenedAt()).isEqualTo(handoff.requestedAt());
        assertThat(offeredTo(sam)).containsExactly(handoff.id());
        assertThat(offeredTo(lee)).isEmpty();
        assertThat(offeredTo(kim)).isEmpty();
        assertThat(offeredTo(dana)).isEmpty();
        assertThat(practice.as(Role.PCP, () -> handoffs.history(handoff.id()))).extracting(HandoffStep::step)
                .containsExactly("requested", "widened");
        assertThat(tick(handoff.requestedAt().plusSeconds(120)).widened()).isEmpty();

        // a clinician who becomes available is offered every waiting request
        set(dana, PresenceState.AVAILABLE);
        assertThat(offeredTo(dana)).containsExactly(handoff.id());
        // a non-clinician is offered nothing
        assertThat(practice.as(Role.PCP, () -> handoffs.offeredToMe())).isEmpty();
    }

    @Test
    void thePracticeSettingsDecideWhenARequestIsWidenedAndEscalated() {
        practice.as(Role.PRACTICE_ADMIN, () -> settings.save(new HandoffSettings.Settings(120, 30, PresenceState.DO_NOT_INTERRUPT)));
        set(dana, PresenceState.AVAILABLE);
        Handoff handoff = request(patient.id());

        assertThat(tick(handoff.requestedAt().plusSeconds(29)).widened()).isEmpty();
        assertThat(tick(handoff.requestedAt().plusSeconds(30)).widened()).containsExactly(handoff.id());
        assertThat(tick(handoff.requestedAt().plusSeconds(119)).escalated()).isEmpty();
        assertThat(tick(handoff.requestedAt().plusSeconds(120)).escalated()).containsExactly(handoff.id());
        assertThat(jdbc.queryForObject("SELECT note FROM handoff_step WHERE practice_id = ? AND handoff_id = ? AND step = 'escalated'",
                String.class, practice.fixture.id().value(), handoff.id())).isEqualTo("nobody accepted within 2 min: fallbacks offered");
    }

    // ---------------------------------------------------------------- outcomes

    @Test
    void theAcceptorStartsAndCompletesAHandoffAndRefusedStepsChangeNothing() {
        set(dana, PresenceState.AVAILABLE);
        set(sam, PresenceState.AVAILABLE);
        Handoff handoff = request(patient.id());

        Handoff accepted = practice.as(dana, () -> handoffs.accept(handoff.id()));
        assertThat(accepted.status()).isEqualTo(HandoffStatus.ACCEPTED);
        assertThat(accepted.acceptedBy()).isEqualTo(dana);
        assertThat(accepted.acceptedByName()).isEqualTo("Dana Rivera");
        assertThat(accepted.version()).isEqualTo(1);
        assertThat(offeredTo(sam)).isEmpty();
        assertThat(practice.as(dana, () -> handoffs.accept(handoff.id())).version()).isEqualTo(1);
        assertThatThrownBy(() -> practice.as(sam, () -> handoffs.accept(handoff.id()))).isInstanceOf(HandoffTaken.class)
                .hasMessage("Dana Rivera already accepted this handoff")
                .satisfies(e -> assertThat(((HandoffTaken) e).takenBy()).isEqualTo("Dana Rivera"));
        assertThatThrownBy(() -> practice.as(Role.PCP, () -> handoffs.accept(handoff.id()))).isInstanceOf(AccessDeniedException.class);

        assertThatThrownBy(() -> practice.as(sam, () -> handoffs.start(handoff.id()))).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("Only Dana Rivera");
        assertThatThrownBy(() -> practice.as(dana, () -> handoffs.complete(handoff.id(), 0, BriefIntervention.PSYCHOEDUCATION, null)))
                .isInstanceOf(InvalidHandoffData.class).hasMessage("Minutes with the patient must be between 1 and 240");
        assertThatThrownBy(() -> practice.as(dana, () -> handoffs.complete(handoff.id(), 241, null, "x".repeat(1001))))
                .isInstanceOf(InvalidHandoffData.class)
                .satisfies(e -> assertThat(((InvalidPatientData) e).problems()).containsExactly(
                        "Minutes with the patient must be between 1 and 240", "Choose the brief intervention you delivered",
                        "The note is longer than 1,000 characters"));
        assertThat(status(handoff.id())).isEqualTo("accepted");

        Handoff started = practice.as(dana, () -> handoffs.start(handoff.id()));
        assertThat(started.status()).isEqualTo(HandoffStatus.IN_PROGRESS);
        assertThat(started.startedAt()).isNotNull();
        assertThatThrownBy(() -> practice.as(Role.PCP, () -> handoffs.cancel(handoff.id(), "Patient had to go")))
                .isInstanceOf(InvalidHandoffData.class).hasMessage("Dana Rivera is already seeing the patient; record how the handoff ended instead");

        Handoff completed = practice.as(dana, () -> handoffs.complete(handoff.id(), 20, BriefIntervention.MOTIVATIONAL_INTERVIEWING,
                "Agreed to cut down; follow-up in 2 weeks"));
        assertThat(completed.status()).isEqualTo(HandoffStatus.COMPLETED);
        assertThat(completed.outcome()).isEqualTo(HandoffOutcome.COMPLETED);
        assertThat(completed.minutes()).isEqualTo(20);
        assertThat(completed.intervention()).isEqualTo("motivational-interviewing");
        assertThat(completed.outcomeNote()).isEqualTo("Agreed to cut down; follow-up in 2 weeks");
        assertThat(completed.endedAt()).isNotNull();
        assertThat(completed.version()).isEqualTo(3);

        assertThatThrownBy(() -> practice.as(dana, () -> handoffs.close(handoff.id(), HandoffOutcome.PATIENT_LEFT, null)))
                .isInstanceOf(InvalidHandoffData.class).hasMessage("This handoff is closed (completed)");
        assertThatThrownBy(() -> practice.as(dana, () -> handoffs.complete(handoff.id(), 30, BriefIntervention.OTHER, null)))
                .isInstanceOf(InvalidHandoffData.class);
        assertThat(practice.as(Role.PCP, () -> handoffs.history(handoff.id()))).extracting(HandoffStep::step)
                .containsExactly("requested", "accepted", "started", "completed");
        assertThat(events.stream(HandoffChanged.class).map(HandoffChanged::step)).containsExactly("accepted", "started", "completed");
        assertThat(events.stream(HandoffChanged.class)).allSatisfy(e -> {
            assertThat(e.requestedBy()).isEqualTo(pcp);
            assertThat(e.acceptedBy()).isEqualTo(dana);
        });
        assertThat(jdbc.queryForList("SELECT detail FROM audit_event WHERE practice_id = ? AND resource_type = 'Task' "
                + "AND action IN ('CREATE', 'UPDATE') AND outcome = 'SUCCESS' ORDER BY seq", String.class, practice.fixture.id().value()))
                .hasSize(4).element(3).isEqualTo("completed 20 min motivational-interviewing");
    }

    @Test
    void handoffsEndAsDeclinedLeftNotAvailableConvertedOrCancelledByThoseWhoMayEndThem() {
        set(dana, PresenceState.AVAILABLE);
        UUID otherPcp = practice.staff("Maria Lopez", Role.PCP);

        // nobody available: the requester records it while the request still waits
        Handoff missed = request(patient.id());
        assertThatThrownBy(() -> practice.as(Role.PCP, () -> handoffs.close(missed.id(), HandoffOutcome.COMPLETED, null)))
                .isInstanceOf(InvalidHandoffData.class).hasMessage("Record a completed handoff with the minutes and the intervention");
        assertThatThrownBy(() -> practice.as(Role.PCP, () -> handoffs.close(missed.id(), null, null)))
                .isInstanceOf(InvalidHandoffData.class).hasMessage("Choose how the handoff ended");
        assertThatThrownBy(() -> practice.as(otherPcp, () -> handoffs.close(missed.id(), HandoffOutcome.NOT_AVAILABLE, null)))
                .isInstanceOf(AccessDeniedException.class);
        Handoff notAvailable = practice.as(Role.PCP, () -> handoffs.close(missed.id(), HandoffOutcome.NOT_AVAILABLE, null));
        assertThat(notAvailable.status()).isEqualTo(HandoffStatus.REJECTED);
        assertThat(notAvailable.outcome()).isEqualTo(HandoffOutcome.NOT_AVAILABLE);
        assertThatThrownBy(() -> practice.as(dana, () -> handoffs.accept(missed.id()))).isInstanceOf(HandoffTaken.class)
                .hasMessage("This handoff is closed (nobody was available)")
                .satisfies(e -> assertThat(((HandoffTaken) e).takenBy()).isNull());

        // accepted, so a clinician was available; the patient declined
        Handoff declined = request(patient.id());
        practice.as(dana, () -> handoffs.accept(declined.id()));
        assertThatThrownBy(() -> practice.as(dana, () -> handoffs.close(declined.id(), HandoffOutcome.NOT_AVAILABLE, null)))
                .isInstanceOf(InvalidHandoffData.class).hasMessage("Dana Rivera accepted this handoff, so a clinician was available");
        Handoff closed = practice.as(dana, () -> handoffs.close(declined.id(), HandoffOutcome.PATIENT_DECLINED, "Not today"));
        assertThat(closed.status()).isEqualTo(HandoffStatus.REJECTED);
        assertThat(closed.outcomeNote()).isEqualTo("Not today");

        // the patient left before anyone came
        Handoff left = request(patient.id());
        assertThat(practice.as(Role.PCP, () -> handoffs.close(left.id(), HandoffOutcome.PATIENT_LEFT, null)).status())
                .isEqualTo(HandoffStatus.CANCELLED);

        // converted to a visit booked elsewhere: say when
        Handoff converted = request(patient.id());
        assertThatThrownBy(() -> practice.as(Role.PCP, () -> handoffs.close(converted.id(), HandoffOutcome.CONVERTED_TO_VISIT, " ")))
                .isInstanceOf(InvalidHandoffData.class).hasMessage("Say in the note when the patient's visit is (or book it as a fallback)");
        Handoff visit = practice.as(Role.PCP, () -> handoffs.close(converted.id(), HandoffOutcome.CONVERTED_TO_VISIT, "Thursday 2 pm"));
        assertThat(visit.status()).isEqualTo(HandoffStatus.COMPLETED);
        assertThat(visit.outcome()).isEqualTo(HandoffOutcome.CONVERTED_TO_VISIT);

        // cancelled by the requester only, with a reason
        Handoff cancelled = request(patient.id());
        assertThatThrownBy(() -> practice.as(otherPcp, () -> handoffs.cancel(cancelled.id(), "Not needed")))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> practice.as(dana, () -> handoffs.cancel(cancelled.id(), "Not needed")))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> practice.as(Role.PCP, () -> handoffs.cancel(cancelled.id(), "")))
                .isInstanceOf(InvalidHandoffData.class).hasMessage("Say why the handoff is no longer needed");
        assertThat(status(cancelled.id())).isEqualTo("requested");
        Handoff gone = practice.as(Role.PCP, () -> handoffs.cancel(cancelled.id(), "Seen by the psychiatrist today"));
        assertThat(gone.status()).isEqualTo(HandoffStatus.CANCELLED);
        assertThat(gone.outcome()).isNull();
        assertThat(gone.outcomeNote()).isEqualTo("Seen by the psychiatrist today");
        assertThatThrownBy(() -> practice.as(dana, () -> handoffs.accept(cancelled.id()))).isInstanceOf(HandoffTaken.class)
                .hasMessage("This handoff was cancelled by Test PCP");
        assertThatThrownBy(() -> practice.as(Role.PCP, () -> handoffs.cancel(cancelled.id(), "again")))
                .isInstanceOf(InvalidHandoffData.class).hasMessage("This handoff was cancelled");
        // the refusals by the wrong person are in the audit trail
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE practice_id = ? AND resource_type = 'Task' "
                + "AND outcome = 'DENIED'", Integer.class, practice.fixture.id().value())).isEqualTo(3);
    }

    @Test
    void aSameDayCallbackKeepsTheRequestWaitingWithoutEscalatingIt() {
        set(dana, PresenceState.DO_NOT_INTERRUPT);
        Handoff handoff = request(patient.id());
        assertThatThrownBy(() -> practice.as(Role.PCP, () -> handoffs.fallback(handoff.id(), Fallback.SCHEDULED_VISIT, null, null)))
                .isInstanceOf(InvalidHandoffData.class).hasMessage("Choose the slot of the scheduled visit");
        assertThatThrownBy(() -> practice.as(Role.PCP, () -> handoffs.fallback(handoff.id(), null, null, null)))
                .isInstanceOf(InvalidHandoffData.class);
        assertThatThrownBy(() -> practice.as(Role.FRONT_DESK, () -> handoffs.fallback(handoff.id(), Fallback.SAME_DAY_CALLBACK, null, null)))
                .isInstanceOf(AccessDeniedException.class);

        Handoff callback = practice.as(Role.PCP, () -> handoffs.fallback(handoff.id(), Fallback.SAME_DAY_CALLBACK, null,
                "Call her after 3 pm on her mobile"));
        assertThat(callback.status()).isEqualTo(HandoffStatus.REQUESTED);
        assertThat(callback.fallback()).isEqualTo(Fallback.SAME_DAY_CALLBACK);
        assertThat(callback.appointment()).isNull();
        assertThat(tick(handoff.requestedAt().plusSeconds(600)).escalated()).isEmpty();

        set(dana, PresenceState.AVAILABLE);
        assertThat(offeredTo(dana)).containsExactly(handoff.id());
        practice.as(dana, () -> handoffs.accept(handoff.id()));
        assertThatThrownBy(() -> practice.as(Role.PCP, () -> handoffs.fallback(handoff.id(), Fallback.SAME_DAY_CALLBACK, null, null)))
                .isInstanceOf(InvalidHandoffData.class).hasMessage("Dana Rivera accepted this handoff; no fallback is needed");
        Handoff done = practice.as(dana, () -> handoffs.complete(handoff.id(), 10, BriefIntervention.SAFETY_PLANNING, null));
        assertThat(done.fallback()).isEqualTo(Fallback.SAME_DAY_CALLBACK);
        assertThat(practice.as(dana, () -> handoffs.history(handoff.id()))).extracting(HandoffStep::step)
                .containsExactly("requested", "widened", "fallback", "accepted", "completed");
    }

    // ---------------------------------------------------------------- requests

    @Test
    void aRequestThatBreaksARuleIsRefusedWithEveryProblemAndNothingIsStored() {
        assertThatThrownBy(() -> practice.as(Role.PCP, () -> handoffs.request(new HandoffRequest(null, null, null, "R".repeat(41),
                "n".repeat(1001), null, null)))).isInstanceOf(InvalidHandoffData.class)
                .satisfies(e -> assertThat(((InvalidPatientData) e).problems()).containsExactly("Choose the patient the handoff is for",
                        "Choose the reason for the handoff", "Choose how soon the patient needs to be seen: now, today or next available",
                        "The room is longer than 40 characters", "The note is longer than 1,000 characters"));
        assertThatThrownBy(() -> practice.as(Role.PCP, () -> handoffs.request(new HandoffRequest(patient.id(), HandoffReason.OTHER,
                Urgency.TODAY, null, "  ", null, null)))).isInstanceOf(InvalidHandoffData.class)
                .hasMessage("Say in the note what the handoff is for when the reason is other");
        assertThatThrownBy(() -> practice.as(Role.PCP, () -> handoffs.request(new HandoffRequest(new PatientId(UUID.randomUUID()),
                HandoffReason.DISTRESS, Urgency.NOW, null, null, null, null)))).isInstanceOf(InvalidHandoffData.class)
                .hasMessage("This patient is not registered in your practice");
        assertThat(rows()).isZero();

        Handoff first = practice.as(Role.PCP, () -> handoffs.request(new HandoffRequest(patient.id(), HandoffReason.SUBSTANCE_USE,
                Urgency.NEXT_AVAILABLE, "  Room 4 ", "AUDIT-C 8", null, null)));
        assertThat(first.room()).isEqualTo("Room 4");
        assertThat(first.reason()).isEqualTo(HandoffReason.SUBSTANCE_USE);
        assertThat(first.urgency()).isEqualTo(Urgency.NEXT_AVAILABLE);
        assertThatThrownBy(() -> request(patient.id())).isInstanceOf(InvalidHandoffData.class)
                .hasMessage("A warm handoff for this patient is already waiting to be accepted (asked by Test PCP)");
        assertThat(rows()).isEqualTo(1);

        // only PCPs and medical assistants ask; API clients and processes do not
        assertThatThrownBy(() -> practice.as(Role.FRONT_DESK, () -> handoffs.request(new HandoffRequest(patient.id(),
                HandoffReason.DISTRESS, Urgency.NOW, null, null, null, null)))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> practice.as(sam, () -> handoffs.request(new HandoffRequest(patient.id(),
                HandoffReason.DISTRESS, Urgency.NOW, null, null, null, null)))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> actors.runAs(practice.fixture.actor(Role.PCP), () -> handoffs.request(new HandoffRequest(patient.id(),
                HandoffReason.DISTRESS, Urgency.NOW, null, null, null, null)))).isInstanceOf(AccessDeniedException.class);
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void aMedicalAssistantAsksOnBehalfOfAPcpOfThePractice() {
        HandoffTestPractice other = new HandoffTestPractice(practices, patients, actors, "Other practice");
        UUID ma = practice.account(Role.MEDICAL_ASSISTANT);
        assertThatThrownBy(() -> practice.as(Role.MEDICAL_ASSISTANT, () -> handoffs.request(new HandoffRequest(patient.id(),
                HandoffReason.POSITIVE_SCREEN, Urgency.NOW, null, null, null, null)))).isInstanceOf(InvalidHandoffData.class)
                .hasMessage("Choose the PCP you are asking for");
        for (UUID notAPcp : List.of(dana, other.account(Role.PCP), UUID.randomUUID())) {
            assertThatThrownBy(() -> practice.as(Role.MEDICAL_ASSISTANT, () -> handoffs.request(new HandoffRequest(patient.id(),
                    HandoffReason.POSITIVE_SCREEN, Urgency.NOW, null, null, notAPcp, null)))).isInstanceOf(InvalidHandoffData.class)
                    .hasMessage("The clinician you are asking for is not a PCP of this practice");
        }
        assertThat(rows()).isZero();

        UUID screening = UUID.randomUUID();
        Handoff handoff = practice.as(Role.MEDICAL_ASSISTANT, () -> handoffs.request(new HandoffRequest(patient.id(),
                HandoffReason.POSITIVE_SCREEN, Urgency.NOW, "Room 2", null, pcp, screening)));
        assertThat(handoff.requestedBy()).isEqualTo(ma);
        assertThat(handoff.requestedByName()).isEqualTo("Test MEDICAL_ASSISTANT");
        assertThat(handoff.onBehalfOf()).isEqualTo(pcp);
        assertThat(handoff.screeningResponse()).isEqualTo(screening);
        // the PCP it was asked for may end it
        assertThat(practice.as(Role.PCP, () -> handoffs.cancel(handoff.id(), "Patient asked to come back next week")).status())
                .isEqualTo(HandoffStatus.CANCELLED);
        // a PCP naming themselves asks for themselves
        Handoff own = practice.as(Role.PCP, () -> handoffs.request(new HandoffRequest(patient.id(), HandoffReason.DISTRESS, Urgency.NOW,
                null, null, pcp, null)));
        assertThat(own.onBehalfOf()).isNull();
    }

    // ---------------------------------------------------------------- reads and tenancy

    @Test
    void searchFindsAPatientsHandoffsByStatusAndTimeWithPagingAndCounts() {
        PatientRecord second = practice.patient("Ortega");
        set(dana, PresenceState.AVAILABLE);
        Handoff a = request(patient.id());
        practice.as(dana, () -> handoffs.accept(a.id()));
        practice.as(dana, () -> handoffs.complete(a.id(), 15, BriefIntervention.BEHAVIORAL_ACTIVATION, null));
        Handoff b = request(patient.id());
        Handoff c = request(second.id());

        List<Handoff> all = practice.as(Role.CARE_MANAGER, () -> handoffs.search(null, null, null, null, 0, 10));
        assertThat(all).extracting(Handoff::id).containsExactlyInAnyOrder(a.id(), b.id(), c.id());
        assertThat(all).isSortedAccordingTo((x, y) -> y.requestedAt().compareTo(x.requestedAt()));
        assertThat(practice.as(Role.PCP, () -> handoffs.search(patient.id(), null, null, null, 0, 10))).extracting(Handoff::id)
                .containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(practice.as(Role.PCP, () -> handoffs.search(null, HandoffStatus.COMPLETED, null, null, 0, 10))).extracting(Handoff::id)
                .containsExactly(a.id());
        assertThat(practice.as(Role.PCP, () -> handoffs.search(null, null, c.requestedAt(), null, 0, 10))).extracting(Handoff::id)
                .contains(c.id()).doesNotContain(a.id());
        assertThat(practice.as(Role.PCP, () -> handoffs.search(null, null, null, a.requestedAt(), 0, 10))).isEmpty();
        List<Handoff> page1 = practice.as(Role.PCP, () -> handoffs.search(null, null, null, null, 0, 2));
        List<Handoff> page2 = practice.as(Role.PCP, () -> handoffs.search(null, null, null, null, 2, 2));
        assertThat(page1).hasSize(2);
        assertThat(page2).hasSize(1);
        assertThat(page1).extracting(Handoff::id).doesNotContainAnyElementsOf(page2.stream().map(Handoff::id).toList());
        assertThat(practice.as(Role.PCP, () -> handoffs.count(null, null, null, null))).isEqualTo(3);
        assertThat(practice.as(Role.PCP, () -> handoffs.count(patient.id(), HandoffStatus.REQUESTED, null, null))).isEqualTo(1);
        assertThat(practice.as(Role.PCP, () -> handoffs.open())).extracting(Handoff::id).containsExactly(b.id(), c.id());
        // front desk staff do not read clinical data
        assertThatThrownBy(() -> practice.as(Role.FRONT_DESK, () -> handoffs.search(null, null, null, null, 0, 10)))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> practice.as(Role.FRONT_DESK, () -> handoffs.get(a.id()))).isInstanceOf(AccessDeniedException.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE practice_id = ? AND resource_type = 'Task' "
                + "AND action = 'SEARCH' AND patient_id = ?", Integer.class, practice.fixture.id().value(), second.id().value()))
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void anotherPracticeNeitherSeesNorAcceptsNorTicksAPracticesHandoffs() {
        HandoffTestPractice other = new HandoffTestPractice(practices, patients, actors, "Other practice");
        UUID stranger = other.bhc("Alex Stranger");
        other.as(stranger, () -> availability.set(PresenceState.AVAILABLE));
        set(dana, PresenceState.AVAILABLE);
        Handoff handoff = request(patient.id());

        assertThatThrownBy(() -> other.as(stranger, () -> handoffs.accept(handoff.id()))).isInstanceOf(PatientNotFound.class);
        assertThatThrownBy(() -> other.as(Role.PCP, () -> handoffs.get(handoff.id()))).isInstanceOf(PatientNotFound.class);
        assertThatThrownBy(() -> other.as(Role.PCP, () -> handoffs.cancel(handoff.id(), "mine now"))).isInstanceOf(PatientNotFound.class);
        assertThat(other.as(stranger, () -> handoffs.offeredToMe())).isEmpty();
        assertThat(other.as(Role.PCP, () -> handoffs.search(null, null, null, null, 0, 10))).isEmpty();
        assertThat(other.as(Role.PCP, () -> handoffs.count(null, null, null, null))).isZero();
        assertThat(other.as(Role.PCP, () -> availability.board())).extracting(Presence::clinician).doesNotContain(dana);
        assertThat(timer.tick(other.fixture.id(), Clock.fixed(handoff.requestedAt().plusSeconds(3600), ZoneOffset.UTC)))
                .isEqualTo(new Handoffs.Tick(List.of(), List.of()));
        // a patient of the other practice cannot be asked for here
        PatientRecord theirs = other.patient("Elsewhere");
        assertThatThrownBy(() -> request(theirs.id())).isInstanceOf(InvalidHandoffData.class)
                .hasMessage("This patient is not registered in your practice");
        assertThat(status(handoff.id())).isEqualTo("requested");
        assertThat(practice.as(dana, () -> handoffs.accept(handoff.id())).acceptedBy()).isEqualTo(dana);
    }

    // ---------------------------------------------------------------- presence set by hand

    @Test
    void aClinicianSetsTheirOwnPresenceWhichIsLoggedAndHoldsWithoutASchedule() {
        assertThatThrownBy(() -> practice.as(Role.PCP, () -> availability.set(PresenceState.AVAILABLE)))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> actors.runAs(practice.fixture.actor(Role.BHC), () -> availability.set(PresenceState.AVAILABLE)))
                .isInstanceOf(AccessDeniedException.class);

        Presence away = practice.as(dana, () -> availability.set(PresenceState.AWAY));
        assertThat(away.state()).isEqualTo(PresenceState.AWAY);
        assertThat(away.source()).isEqualTo(PresenceSource.MANUAL);
        assertThat(away.name()).isEqualTo("Dana Rivera");
        set(dana, PresenceState.AVAILABLE);
        set(sam, PresenceState.DO_NOT_INTERRUPT);

        List<Presence> board = practice.as(Role.PCP, () -> availability.board());
        assertThat(board).extracting(Presence::name).containsExactly("Dana Rivera", "Sam Okafor", "Kim Novak", "Lee Tran", "Test BHC");
        assertThat(board).extracting(Presence::state).containsExactly(PresenceState.AVAILABLE, PresenceState.DO_NOT_INTERRUPT,
                PresenceState.OFF, PresenceState.OFF, PresenceState.OFF);
        assertThat(board.get(2).source()).isEqualTo(PresenceSource.NONE);
        assertThat(practice.as(Role.FRONT_DESK, () -> availability.of(dana)).state()).isEqualTo(PresenceState.AVAILABLE);
        assertThatThrownBy(() -> practice.as(Role.PCP, () -> availability.of(pcp))).isInstanceOf(PatientNotFound.class);
        assertThat(jdbc.queryForList("SELECT state FROM handoff_presence_log WHERE practice_id = ? AND clinician_id = ? ORDER BY at",
                String.class, practice.fixture.id().value(), dana)).containsExactly("away", "available");
        assertThat(events.stream(PresenceChanged.class)).contains(new PresenceChanged(practice.fixture.id(), dana, "away"));
    }

    // ---------------------------------------------------------------- helpers

    private void set(UUID clinician, PresenceState state) {
        practice.as(clinician, () -> availability.set(state));
    }

    private Handoff request(PatientId patient) {
        return practice.as(Role.PCP, () -> handoffs.request(new HandoffRequest(patient, HandoffReason.POSITIVE_SCREEN, Urgency.NOW,
                "Room 3", "PHQ-9 of 17", null, null)));
    }

    private List<UUID> offeredTo(UUID clinician) {
        return practice.as(clinician, () -> handoffs.offeredToMe()).stream().map(Handoff::id).toList();
    }

    private Handoffs.Tick tick(Instant at) {
        return timer.tick(practice.fixture.id(), Clock.fixed(at, ZoneOffset.UTC));
    }

    private String status(UUID handoff) {
        return jdbc.queryForObject("SELECT status FROM handoff_request WHERE practice_id = ? AND id = ?", String.class,
                practice.fixture.id().value(), handoff);
    }

    private int rows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM handoff_request WHERE practice_id = ?", Integer.class,
                practice.fixture.id().value());
    }
}
