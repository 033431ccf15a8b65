package org.tandem.handoff;

import org.tandem.testsupport.SettableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tandem.patient.InvalidPatientData;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.scheduling.Appointment;
import org.tandem.scheduling.AppointmentSource;
import org.tandem.scheduling.Appointments;
import org.tandem.scheduling.BlockInput;
import org.tandem.scheduling.BlockKind;
import org.tandem.scheduling.Booking;
import org.tandem.scheduling.ScheduleTemplate;
import org.tandem.scheduling.Schedules;
import org.tandem.scheduling.Slot;
import org.tandem.scheduling.Templates;

/**
 * Presence from the practice's active schedule template, a state set by hand holding until the next block, routing by
 * it, and fallbacks that book a visit, on the real database with the clock set on Monday 2 March 2026 in Chicago.
 */
@SpringBootTest(properties = "tandem.handoff.tick-ms=3600000")
@Import(SettableClock.Config.class)
class HandoffScheduleIntegrationTests {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    static final LocalDate MONDAY = LocalDate.of(2026, 3, 2);

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
    Templates templates;
    @Autowired
    Schedules schedules;
    @Autowired
    Appointments appointments;
    @Autowired
    SettableClock clock;

    /** Monday 2 March 2026, 07:00 in Chicago (CST, UTC-6). */
    static final java.time.Instant MONDAY_7AM = java.time.Instant.parse("2026-03-02T13:00:00Z");
    @Autowired
    JdbcTemplate jdbc;

    HandoffTestPractice practice;
    UUID dana;
    UUID sam;
    UUID lee;
    PatientRecord grace;
    PatientRecord omar;

    @BeforeEach
    void setUp() {
        clock.set(MONDAY_7AM);
        practice = new HandoffTestPractice(practices, patients, actors, "Scheduled handoff practice");
        dana = practice.bhc("Dana Rivera");
        sam = practice.bhc("Sam Okafor");
        lee = practice.bhc("Lee Tran");
        grace = practice.patient("Mwangi");
        omar = practice.patient("Haddad");
        practice.as(Role.PRACTICE_ADMIN, () -> {
            ScheduleTemplate draft = templates.create("Spring " + UUID.randomUUID(), null);
            ScheduleTemplate filled = templates.replaceBlocks(draft.id(), List.of(
                    block(dana, 8, 0, 30, BlockKind.HUDDLE),
                    new BlockInput(dana, DayOfWeek.MONDAY, LocalTime.of(8, 30), 30, BlockKind.OPEN_ACCESS, 0),
                    block(dana, 9, 0, 60, BlockKind.COUNSELING),
                    block(dana, 10, 0, 30, BlockKind.BRIEF),
                    block(dana, 10, 30, 30, BlockKind.BRIEF),
                    block(dana, 11, 0, 60, BlockKind.ADMIN),
                    block(dana, 13, 0, 60, BlockKind.COUNSELING),
                    block(sam, 8, 0, 30, BlockKind.HUDDLE),
                    new BlockInput(sam, DayOfWeek.MONDAY, LocalTime.of(14, 0), 60, BlockKind.OPEN_ACCESS, 0),
                    block(sam, 15, 0, 60, BlockKind.COUNSELING)), draft.version());
            return templates.activate(filled.id(), MONDAY, filled.version());
        });
        practice.as(Role.FRONT_DESK, () -> appointments.book(new Booking(grace.id(), slot(dana, 9, 0).id(), AppointmentSource.RETURN_VISIT,
                null, null)));
        practice.as(Role.FRONT_DESK, () -> appointments.book(new Booking(omar.id(), slot(dana, 10, 0).id(), AppointmentSource.RETURN_VISIT,
                null, null)));
    }

    @Test
    void theScheduleDecidesPresenceBlockByBlock() {
        expect(7, 0, PresenceState.OFF, PresenceSource.NONE, null, null);
        expect(8, 10, PresenceState.IN_GROUP, PresenceSource.SCHEDULE, at(8, 0), at(8, 30));
        expect(8, 45, PresenceState.AVAILABLE, PresenceSource.SCHEDULE, at(8, 30), at(9, 0));
        expect(9, 15, PresenceState.INTERRUPTIBLE, PresenceSource.SCHEDULE, at(9, 0), at(10, 0));
        expect(10, 10, PresenceState.INTERRUPTIBLE, PresenceSource.SCHEDULE, at(10, 0), at(10, 30));
        expect(10, 40, PresenceState.AVAILABLE, PresenceSource.SCHEDULE, at(10, 30), at(11, 0));
        expect(11, 30, PresenceState.AVAILABLE, PresenceSource.SCHEDULE, at(11, 0), at(12, 0));
        expect(12, 30, PresenceState.OFF, PresenceSource.NONE, null, null);
        expect(13, 30, PresenceState.AVAILABLE, PresenceSource.SCHEDULE, at(13, 0), at(14, 0));

        // the practice's norm decides a booked counseling visit; a booked brief visit stays interruptible
        practice.as(Role.PRACTICE_ADMIN, () -> settings.save(new HandoffSettings.Settings(300, 60, PresenceState.DO_NOT_INTERRUPT)));
        expect(9, 15, PresenceState.DO_NOT_INTERRUPT, PresenceSource.SCHEDULE, at(9, 0), at(10, 0));
        expect(10, 10, PresenceState.INTERRUPTIBLE, PresenceSource.SCHEDULE, at(10, 0), at(10, 30));

        clock.set(at(8, 10));
        assertThat(practice.as(Role.PCP, () -> availability.board())).extracting(Presence::name, Presence::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Dana Rivera", PresenceState.IN_GROUP),
                org.assertj.core.groups.Tuple.tuple("Sam Okafor", PresenceState.IN_GROUP),
                org.assertj.core.groups.Tuple.tuple("Lee Tran", PresenceState.OFF),
                org.assertj.core.groups.Tuple.tuple("Test BHC", PresenceState.OFF));
    }

    @Test
    void aStateSetByHandHoldsUntilTheNextBlockStarts() {
        clock.set(at(7, 0));
        Presence away = practice.as(dana, () -> availability.set(PresenceState.AWAY));
        assertThat(away).isEqualTo(new Presence(dana, "Dana Rivera", PresenceState.AWAY, PresenceSource.MANUAL, at(7, 0), at(8, 0)));
        expect(7, 59, PresenceState.AWAY, PresenceSource.MANUAL, at(7, 0), at(8, 0));
        expect(8, 0, PresenceState.IN_GROUP, PresenceSource.SCHEDULE, at(8, 0), at(8, 30));

        // the patient of the 9:00 visit did not come: available by hand until the 10:00 block
        clock.set(at(9, 15));
        practice.as(dana, () -> availability.set(PresenceState.AVAILABLE));
        expect(9, 59, PresenceState.AVAILABLE, PresenceSource.MANUAL, at(9, 15), at(10, 0));
        Handoff handoff = practice.as(Role.PCP, () -> handoffs.request(new HandoffRequest(grace.id(), HandoffReason.DISTRESS, Urgency.NOW,
                "Room 5", null, null, null)));
        assertThat(handoff.offeredCount()).isEqualTo(1);
        assertThat(practice.as(dana, () -> handoffs.offeredToMe())).extracting(Handoff::id).containsExactly(handoff.id());
        expect(10, 0, PresenceState.INTERRUPTIBLE, PresenceSource.SCHEDULE, at(10, 0), at(10, 30));
        assertThat(practice.as(dana, () -> handoffs.offeredToMe())).isEmpty();

        // away over lunch, when nothing is scheduled, until the 13:00 block
        clock.set(at(12, 10));
        practice.as(dana, () -> availability.set(PresenceState.AWAY));
        expect(12, 59, PresenceState.AWAY, PresenceSource.MANUAL, at(12, 10), at(13, 0));
        expect(13, 0, PresenceState.AVAILABLE, PresenceSource.SCHEDULE, at(13, 0), at(14, 0));
        // no block in the next week: a state set by hand holds
        clock.set(at(9, 0));
        practice.as(lee, () -> availability.set(PresenceState.AVAILABLE));
        clock.set(at(16, 0));
        assertThat(practice.as(Role.PCP, () -> availability.of(lee))).isEqualTo(new Presence(lee, "Lee Tran", PresenceState.AVAILABLE,
                PresenceSource.MANUAL, at(9, 0), null));
    }

    @Test
    void requestsAreRoutedByTheSchedule() {
        clock.set(at(9, 15));
        // Dana is in a booked counseling visit (interruptible by default), Sam has nothing scheduled: nobody available
        Handoff first = request(grace.id());
        assertThat(first.offeredCount()).isZero();
        assertThat(first.widenedAt()).isEqualTo(at(9, 15));
        assertThat(offered(dana)).containsExactly(first.id());
        assertThat(offered(sam)).isEmpty();

        practice.as(Role.PRACTICE_ADMIN, () -> settings.save(new HandoffSettings.Settings(300, 60, PresenceState.DO_NOT_INTERRUPT)));
        assertThat(offered(dana)).isEmpty();

        // in her unbooked brief slot Dana is available and offered every waiting request at once
        clock.set(at(10, 40));
        Handoff second = request(omar.id());
        assertThat(second.offeredCount()).isEqualTo(1);
        assertThat(second.widenedAt()).isNull();
        assertThat(offered(dana)).containsExactly(first.id(), second.id());
        assertThat(practice.as(Role.PCP, () -> handoffs.offeredTo(second.id()))).containsExactly(dana);
    }

    @Test
    void fallbacksBookAVisitAndCloseTheHandoffAsConverted() {
        clock.set(at(10, 40));
        Handoff missed = request(grace.id());
        clock.set(at(10, 45));
        assertThat(timer.tick(practice.fixture.id(), clock).escalated()).containsExactly(missed.id());

        // the next open slot: the next open-access slot, held for handoffs, is booked at once
        Handoff converted = practice.as(Role.PCP, () -> handoffs.fallback(missed.id(), Fallback.NEXT_OPEN_SLOT, null, null));
        assertThat(converted.status()).isEqualTo(HandoffStatus.COMPLETED);
        assertThat(converted.outcome()).isEqualTo(HandoffOutcome.CONVERTED_TO_VISIT);
        assertThat(converted.fallback()).isEqualTo(Fallback.NEXT_OPEN_SLOT);
        Appointment visit = practice.as(Role.PCP, () -> appointments.get(converted.appointment()));
        assertThat(visit.slot()).isEqualTo(slot(sam, 14, 0).id());
        assertThat(visit.source()).isEqualTo(AppointmentSource.HANDOFF_FALLBACK);
        assertThat(visit.handoff()).isEqualTo(missed.id());
        assertThat(visit.patient()).isEqualTo(grace.id());
        assertThat(practice.as(Role.PCP, () -> handoffs.history(missed.id()))).extracting(HandoffStep::step)
                .containsExactly("requested", "widened", "escalated", "fallback");

        // a scheduled visit in a chosen slot
        Handoff second = request(omar.id());
        UUID thirteen = slot(dana, 13, 0).id();
        Handoff scheduled = practice.as(Role.PCP, () -> handoffs.fallback(second.id(), Fallback.SCHEDULED_VISIT, thirteen, "Intake"));
        assertThat(scheduled.outcome()).isEqualTo(HandoffOutcome.CONVERTED_TO_VISIT);
        assertThat(practice.as(Role.PCP, () -> appointments.get(scheduled.appointment()))).satisfies(a -> {
            assertThat(a.source()).isEqualTo(AppointmentSource.SCHEDULED_VISIT);
            assertThat(a.slot()).isEqualTo(thirteen);
            assertThat(a.reason()).isEqualTo("Intake");
        });

        // a slot that cannot be booked changes nothing; a callback in a slot books it as a callback
        PatientRecord third = practice.patient("Ortiz");
        Handoff waiting = request(third.id());
        assertThatThrownBy(() -> practice.as(Role.PCP, () -> handoffs.fallback(waiting.id(), Fallback.SCHEDULED_VISIT, thirteen, null)))
                .isInstanceOf(InvalidPatientData.class);
        assertThat(practice.as(Role.PCP, () -> handoffs.get(waiting.id()))).satisfies(h -> {
            assertThat(h.status()).isEqualTo(HandoffStatus.REQUESTED);
            assertThat(h.fallback()).isNull();
            assertThat(h.appointment()).isNull();
        });
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM appointment WHERE practice_id = ? AND handoff_id = ?", Integer.class,
                practice.fixture.id().value(), waiting.id())).isZero();
        Handoff callback = practice.as(Role.PCP, () -> handoffs.fallback(waiting.id(), Fallback.SAME_DAY_CALLBACK, slot(sam, 15, 0).id(), null));
        assertThat(callback.outcome()).isEqualTo(HandoffOutcome.CONVERTED_TO_VISIT);
        assertThat(practice.as(Role.PCP, () -> appointments.get(callback.appointment())).source()).isEqualTo(AppointmentSource.CALLBACK);
    }

    // ---------------------------------------------------------------- helpers

    private void expect(int hour, int minute, PresenceState state, PresenceSource source, Instant since, Instant until) {
        clock.set(at(hour, minute));
        assertThat(practice.as(Role.PCP, () -> availability.of(dana))).as("%02d:%02d", hour, minute)
                .isEqualTo(new Presence(dana, "Dana Rivera", state, source, since, until));
    }

    private Handoff request(PatientId patient) {
        return practice.as(Role.PCP, () -> handoffs.request(new HandoffRequest(patient, HandoffReason.POSITIVE_SCREEN, Urgency.TODAY,
                null, null, null, null)));
    }

    private List<UUID> offered(UUID clinician) {
        return practice.as(clinician, () -> handoffs.offeredToMe()).stream().map(Handoff::id).toList();
    }

    private Slot slot(UUID clinician, int hour, int minute) {
        Instant start = at(hour, minute);
        return practice.as(Role.FRONT_DESK, () -> schedules.slots(clinician, start, start.plusSeconds(60))).stream()
                .filter(s -> s.start().equals(start)).findFirst().orElseThrow();
    }

    private static BlockInput block(UUID clinician, int hour, int minute, int minutes, BlockKind kind) {
        return new BlockInput(clinician, DayOfWeek.MONDAY, LocalTime.of(hour, minute), minutes, kind, null);
    }

    private static Instant at(int hour, int minute) {
        return MONDAY.atTime(hour, minute).atZone(CHICAGO).toInstant();
    }
}
