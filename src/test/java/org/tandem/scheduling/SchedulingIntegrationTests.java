package org.tandem.scheduling;

import org.tandem.testsupport.SettableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.tandem.patient.AdministrativeSex;
import org.tandem.patient.PatientDetails;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.patient.VersionConflict;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.testsupport.PracticeFixture;

/**
 * Templates, slot generation, booking and cancellation on the real database (H2 and PostgreSQL), with the clock set
 * to Monday 2 March 2026, 08:00 in Chicago: daylight saving time starts on Sunday 8 March, inside the 8-week horizon.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@Import(SettableClock.Config.class)
class SchedulingIntegrationTests {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    static final LocalDate MONDAY = LocalDate.of(2026, 3, 2);

    @Autowired
    Practices practices;
    @Autowired
    Patients patients;
    @Autowired
    Templates templates;
    @Autowired
    Schedules schedules;
    @Autowired
    Appointments appointments;
    @Autowired
    SlotHorizon horizon;
    @Autowired
    CurrentActor actors;
    @Autowired
    SettableClock clock;
    @Autowired
    JdbcTemplate jdbc;

    PracticeFixture practice;
    UUID jordan;
    UUID sam;
    PatientRecord grace;
    PatientRecord omar;

    @BeforeEach
    void setUp() {
        clock.set(SettableClock.Config.START);
        practice = PracticeFixture.create(practices, "Scheduling practice " + UUID.randomUUID());
        jordan = practice.accounts().get(Role.BHC);
        sam = practices.createStaff(practice.id(), "sam." + practice.prefix() + "@example.org", "Sam Rivera", "fixture-password-1",
                Set.of(Role.BHC));
        grace = as(Role.FRONT_DESK, () -> patients.register(new PatientDetails(null, null, "Mwangi", "Grace", LocalDate.of(1975, 6, 1),
                AdministrativeSex.FEMALE, "en", null, null)));
        omar = as(Role.FRONT_DESK, () -> patients.register(new PatientDetails(null, null, "Haddad", "Omar", LocalDate.of(1988, 2, 3),
                AdministrativeSex.MALE, "en", null, null)));
    }

    @Test
    void activationMakesEightWeeksOfSlotsAtLocalTimesAndTheDailyJobKeepsTheHorizon() {
        ScheduleTemplate template = draft("Spring", List.of(
                new BlockInput(jordan, DayOfWeek.MONDAY, LocalTime.of(9, 0), 50, BlockKind.COUNSELING, null),
                new BlockInput(jordan, DayOfWeek.MONDAY, LocalTime.of(10, 0), 60, BlockKind.OPEN_ACCESS, null),
                new BlockInput(sam, DayOfWeek.WEDNESDAY, LocalTime.of(13, 0), 30, BlockKind.BRIEF, null),
                new BlockInput(sam, DayOfWeek.FRIDAY, LocalTime.of(8, 0), 15, BlockKind.HUDDLE, null)));
        ScheduleTemplate active = asAdmin(() -> templates.activate(template.id(), MONDAY, template.version()));

        assertThat(active.status()).isEqualTo(TemplateStatus.ACTIVE);
        assertThat(active.activatedOn()).isEqualTo(MONDAY);
        // four blocks a week, 2 March (today) to 26 April: eight of each weekday
        List<Slot> all = as(Role.FRONT_DESK, () -> schedules.slots(null, MONDAY.atStartOfDay(CHICAGO).toInstant(),
                MONDAY.plusWeeks(12).atStartOfDay(CHICAGO).toInstant()));
        assertThat(all).hasSize(32);
        assertThat(all.stream().filter(s -> s.clinician().equals(jordan))).hasSize(16);
        assertThat(all.get(all.size() - 1).start()).isBefore(LocalDate.of(2026, 4, 27).atStartOfDay(CHICAGO).toInstant());
        // 9:00 local before and after daylight saving time starts
        assertThat(all.stream().filter(s -> s.kind() == BlockKind.COUNSELING).map(Slot::start).limit(2))
                .containsExactly(Instant.parse("2026-03-02T15:00:00Z"), Instant.parse("2026-03-09T14:00:00Z"));
        Slot open = all.stream().filter(s -> s.kind() == BlockKind.OPEN_ACCESS).findFirst().orElseThrow();
        assertThat(open.start()).isEqualTo(Instant.parse("2026-03-02T16:00:00Z"));
        assertThat(open.releaseAt()).isEqualTo(Instant.parse("2026-03-02T15:30:00Z"));
        assertThat(open.status()).isEqualTo(SlotStatus.HELD);
        assertThat(all.stream().filter(s -> s.kind() == BlockKind.HUDDLE).findFirst().orElseThrow().start())
                .isEqualTo(Instant.parse("2026-03-06T14:00:00Z"));

        // a week later the daily job adds the ninth week, once
        clock.advance(Duration.ofDays(7));
        assertThat(horizon.extendAll()).isEqualTo(4);
        assertThat(horizon.extendAll()).isZero();
        assertThat(slotCount()).isEqualTo(36);
        assertThat(audit("ScheduleTemplate", "UPDATE")).isEqualTo(2);
    }

    @Test
    void activatingAnotherTemplateReplacesUnbookedFutureSlotsAndKeepsBookedOnes() {
        ScheduleTemplate first = draft("Winter", List.of(
                new BlockInput(jordan, DayOfWeek.MONDAY, LocalTime.of(9, 0), 50, BlockKind.COUNSELING, null),
                new BlockInput(jordan, DayOfWeek.TUESDAY, LocalTime.of(9, 0), 50, BlockKind.COUNSELING, null)));
        asAdmin(() -> templates.activate(first.id(), MONDAY, first.version()));
        assertThat(slotCount()).isEqualTo(16);
        Slot nextMonday = slotAt(jordan, LocalDate.of(2026, 3, 9), LocalTime.of(9, 0));
        Appointment kept = as(Role.FRONT_DESK, () -> appointments.book(new Booking(grace.id(), nextMonday.id(),
                AppointmentSource.RETURN_VISIT, "follow-up", null)));

        ScheduleTemplate second = asAdmin(() -> templates.create("Spring", first.id()));
        assertThat(second.blocks()).hasSize(2);
        ScheduleTemplate edited = asAdmin(() -> templates.replaceBlocks(second.id(), List.of(
                new BlockInput(jordan, DayOfWeek.MONDAY, LocalTime.of(9, 0), 30, BlockKind.BRIEF, null),
                new BlockInput(jordan, DayOfWeek.MONDAY, LocalTime.of(9, 30), 30, BlockKind.BRIEF, null),
                new BlockInput(jordan, DayOfWeek.MONDAY, LocalTime.of(10, 0), 30, BlockKind.BRIEF, null)), second.version()));
        assertThat(asAdmin(() -> templates.bookedFrom(LocalDate.of(2026, 3, 9)))).isEqualTo(1);
        asAdmin(() -> templates.activate(edited.id(), LocalDate.of(2026, 3, 9), edited.version()));

        assertThat(asAdmin(() -> templates.get(first.id())).status()).isEqualTo(TemplateStatus.RETIRED);
        assertThat(asAdmin(() -> templates.active()).orElseThrow().id()).isEqualTo(second.id());
        assertThat(asAdmin(() -> templates.effectiveUntil()).get(first.id())).isEqualTo(LocalDate.of(2026, 3, 9));
        List<Slot> slots = as(Role.BHC, () -> schedules.slots(jordan, MONDAY.atStartOfDay(CHICAGO).toInstant(),
                MONDAY.plusWeeks(9).atStartOfDay(CHICAGO).toInstant()));
        // the first week stays; from 9 March: the booked visit, the 10:00 brief visit that day, then three a Monday
        assertThat(slots.stream().filter(s -> s.template().equals(first.id())).map(Slot::start)).containsExactly(
                Instant.parse("2026-03-02T15:00:00Z"), Instant.parse("2026-03-03T15:00:00Z"), Instant.parse("2026-03-09T14:00:00Z"));
        assertThat(slots.stream().filter(s -> s.template().equals(first.id())).toList().get(2).appointment()).isEqualTo(kept.id());
        assertThat(slots.stream().filter(s -> s.template().equals(second.id()))).hasSize(1 + 3 * 6);
        assertThat(as(Role.BHC, () -> schedules.at(jordan, Instant.parse("2026-03-09T14:40:00Z"))).orElseThrow().id())
                .isEqualTo(nextMonday.id());

        // cancelling the kept visit hands its time to the new template
        as(Role.FRONT_DESK, () -> appointments.changeStatus(kept.id(), AppointmentStatus.CANCELLED, "patient moved", kept.version()));
        assertThat(as(Role.BHC, () -> schedules.slot(nextMonday.id()))).isEmpty();
        assertThat(as(Role.BHC, () -> schedules.slots(jordan, Instant.parse("2026-03-09T14:00:00Z"), Instant.parse("2026-03-09T16:00:00Z")))
                .stream().map(s -> s.kind() + " " + s.start())).containsExactly("BRIEF 2026-03-09T14:00:00Z", "BRIEF 2026-03-09T14:30:00Z",
                        "BRIEF 2026-03-09T15:00:00Z");
    }

    @Test
    void onlyDraftsChangeAndAStaleVersionOrAPastDateIsRefused() {
        ScheduleTemplate template = draft("Summer", List.of(new BlockInput(jordan, DayOfWeek.MONDAY, LocalTime.of(9, 0), 50,
                BlockKind.COUNSELING, null)));
        assertThatThrownBy(() -> asAdmin(() -> templates.replaceBlocks(template.id(), List.of(), template.version() - 1)))
                .isInstanceOf(VersionConflict.class).hasMessageContaining("was changed by someone else");
        assertThatThrownBy(() -> asAdmin(() -> templates.activate(template.id(), MONDAY.minusDays(1), template.version())))
                .isInstanceOf(InvalidScheduleData.class).hasMessageContaining("not from a past day (2026-03-01)");
        assertThatThrownBy(() -> asAdmin(() -> templates.create("summer", null))).isInstanceOf(InvalidScheduleData.class)
                .hasMessageContaining("already exists");
        ScheduleTemplate empty = asAdmin(() -> templates.create("Empty", null));
        assertThatThrownBy(() -> asAdmin(() -> templates.activate(empty.id(), MONDAY, empty.version())))
                .hasMessageContaining("Add blocks before activating");
        ScheduleTemplate active = asAdmin(() -> templates.activate(template.id(), MONDAY, template.version()));
        assertThatThrownBy(() -> asAdmin(() -> templates.replaceBlocks(active.id(), List.of(), active.version())))
                .isInstanceOf(InvalidScheduleData.class).hasMessageContaining("Only a draft can be changed");
        assertThatThrownBy(() -> as(Role.FRONT_DESK, () -> templates.create("Mine", null))).isInstanceOf(AccessDeniedException.class);
        asAdmin(() -> {
            templates.deleteDraft(empty.id(), empty.version());
            return null;
        });
        assertThat(asAdmin(() -> templates.list())).extracting(ScheduleTemplate::name).containsExactly("Summer");
    }

    @Test
    void twoPeopleBookingTheSameSlotAtOnceGetOneAppointmentAndOneClearRefusal() throws Exception {
        activate(new BlockInput(jordan, DayOfWeek.TUESDAY, LocalTime.of(9, 0), 50, BlockKind.COUNSELING, null),
                new BlockInput(jordan, DayOfWeek.TUESDAY, LocalTime.of(10, 0), 50, BlockKind.COUNSELING, null),
                new BlockInput(jordan, DayOfWeek.TUESDAY, LocalTime.of(11, 0), 50, BlockKind.COUNSELING, null));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (LocalTime time : List.of(LocalTime.of(9, 0), LocalTime.of(10, 0), LocalTime.of(11, 0))) {
                Slot slot = slotAt(jordan, LocalDate.of(2026, 3, 3), time);
                CountDownLatch ready = new CountDownLatch(2);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Object>> results = new ArrayList<>();
                for (Object[] who : new Object[][] { { Role.FRONT_DESK, grace }, { Role.MEDICAL_ASSISTANT, omar } }) {
                    results.add(pool.submit(() -> {
                        ready.countDown();
                        go.await(10, TimeUnit.SECONDS);
                        try {
                            return as((Role) who[0], () -> appointments.book(new Booking(((PatientRecord) who[1]).id(), slot.id(),
                                    AppointmentSource.RETURN_VISIT, null, null)));
                        } catch (InvalidScheduleData refused) {
                            return refused;
                        }
                    }));
                }
                ready.await(10, TimeUnit.SECONDS);
                go.countDown();
                List<Object> outcomes = new ArrayList<>();
                for (Future<Object> result : results) {
                    outcomes.add(result.get(30, TimeUnit.SECONDS));
                }
                assertThat(outcomes).filteredOn(Appointment.class::isInstance).hasSize(1);
                assertThat(outcomes).filteredOn(InvalidScheduleData.class::isInstance).singleElement()
                        .extracting(o -> ((InvalidScheduleData) o).getMessage())
                        .isEqualTo("This slot was just booked by someone else — pick another");
                Appointment winner = (Appointment) outcomes.stream().filter(Appointment.class::isInstance).findFirst().orElseThrow();
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM appointment WHERE practice_id = ? AND slot_id = ?", Integer.class,
                        practice.id().value(), slot.id())).isEqualTo(1);
                assertThat(as(Role.BHC, () -> schedules.slot(slot.id())).orElseThrow().appointment()).isEqualTo(winner.id());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(audit("Appointment", "CREATE")).isEqualTo(3);
    }

    @Test
    void openAccessIsHeldUntilItsReleaseTimeExceptForAHandoffFallback() {
        activate(new BlockInput(jordan, DayOfWeek.MONDAY, LocalTime.of(10, 0), 60, BlockKind.OPEN_ACCESS, 30),
                new BlockInput(jordan, DayOfWeek.MONDAY, LocalTime.of(11, 0), 30, BlockKind.OPEN_ACCESS, 0),
                new BlockInput(jordan, DayOfWeek.MONDAY, LocalTime.of(12, 0), 60, BlockKind.ADMIN, null),
                new BlockInput(sam, DayOfWeek.MONDAY, LocalTime.of(10, 0), 60, BlockKind.OPEN_ACCESS, 30));
        Slot ten = slotAt(jordan, MONDAY, LocalTime.of(10, 0));
        Slot eleven = slotAt(jordan, MONDAY, LocalTime.of(11, 0));
        Slot admin = slotAt(jordan, MONDAY, LocalTime.of(12, 0));
        Slot samTen = slotAt(sam, MONDAY, LocalTime.of(10, 0));

        // 08:00: held until 09:30
        assertThat(ten.status()).isEqualTo(SlotStatus.HELD);
        assertThatThrownBy(() -> book(Role.FRONT_DESK, grace, ten, AppointmentSource.RETURN_VISIT))
                .isInstanceOf(InvalidScheduleData.class).hasMessageContaining("held for warm handoffs until 2026-03-02 09:30");
        assertThat(as(Role.FRONT_DESK, () -> schedules.nextBookable(clock.instant(), 10))).extracting(Slot::id)
                .doesNotContain(ten.id(), eleven.id(), admin.id());
        List<Slot> openNow = as(Role.PCP, () -> schedules.nextOpenAccess(clock.instant(), 3));
        assertThat(openNow.subList(0, 2)).extracting(Slot::id).containsExactlyInAnyOrder(ten.id(), samTen.id());
        assertThat(openNow.get(2).id()).isEqualTo(eleven.id());
        // a warm handoff's fallback takes Sam's open slot at once
        Appointment fallback = as(Role.PCP, () -> appointments.book(new Booking(omar.id(), samTen.id(), AppointmentSource.HANDOFF_FALLBACK,
                "handoff: nobody free", UUID.randomUUID())));
        assertThat(fallback.source()).isEqualTo(AppointmentSource.HANDOFF_FALLBACK);
        assertThat(as(Role.BHC, () -> schedules.slot(samTen.id())).orElseThrow().status()).isEqualTo(SlotStatus.BOOKED);

        // 09:29 still held, 09:30 released
        clock.set(ZonedAt(MONDAY, 9, 29));
        assertThat(as(Role.BHC, () -> schedules.slot(ten.id())).orElseThrow().status()).isEqualTo(SlotStatus.HELD);
        clock.set(ZonedAt(MONDAY, 9, 30));
        assertThat(as(Role.BHC, () -> schedules.slot(ten.id())).orElseThrow().status()).isEqualTo(SlotStatus.FREE);
        assertThat(as(Role.FRONT_DESK, () -> schedules.nextBookable(jordan, clock.instant(), 10))).extracting(Slot::id)
                .startsWith(ten.id()).doesNotContain(eleven.id());
        Appointment booked = book(Role.FRONT_DESK, grace, ten, AppointmentSource.RETURN_VISIT);
        assertThat(booked.kind()).isEqualTo(BlockKind.OPEN_ACCESS);

        // released 0 minutes before: always held, up to its start
        clock.set(ZonedAt(MONDAY, 10, 59));
        assertThat(as(Role.BHC, () -> schedules.slot(eleven.id())).orElseThrow().status()).isEqualTo(SlotStatus.HELD);
        assertThatThrownBy(() -> book(Role.FRONT_DESK, omar, eleven, AppointmentSource.RETURN_VISIT))
                .hasMessageContaining("always held for warm handoffs");
        // admin time is never bookable, but it is what the clinician is scheduled for
        assertThat(as(Role.BHC, () -> schedules.slot(admin.id())).orElseThrow().status()).isEqualTo(SlotStatus.UNAVAILABLE);
        assertThatThrownBy(() -> book(Role.FRONT_DESK, omar, admin, AppointmentSource.RETURN_VISIT))
                .hasMessageContaining("Admin time cannot be booked");
        assertThat(as(Role.BHC, () -> schedules.at(jordan, ZonedAt(MONDAY, 12, 30))).orElseThrow().id()).isEqualTo(admin.id());
        assertThat(as(Role.BHC, () -> schedules.at(jordan, ZonedAt(MONDAY, 13, 0)))).isEmpty();
        // a warm handoff may still use the open slot under way at 11:29; a return visit may not use a past slot
        clock.set(ZonedAt(MONDAY, 11, 29));
        assertThat(as(Role.PCP, () -> appointments.book(new Booking(omar.id(), eleven.id(), AppointmentSource.HANDOFF_FALLBACK, null,
                null))).status()).isEqualTo(AppointmentStatus.BOOKED);
        assertThatThrownBy(() -> book(Role.FRONT_DESK, omar, slotAt(jordan, MONDAY, LocalTime.of(10, 0)), AppointmentSource.RETURN_VISIT))
                .isInstanceOf(InvalidScheduleData.class);
    }

    @Test
    void cancellingNeedsAReasonAndFreesTheSlotAndStatusesMoveForward() {
        activate(new BlockInput(jordan, DayOfWeek.WEDNESDAY, LocalTime.of(14, 0), 30, BlockKind.BRIEF, null));
        Slot slot = slotAt(jordan, LocalDate.of(2026, 3, 4), LocalTime.of(14, 0));
        Appointment booked = book(Role.MEDICAL_ASSISTANT, grace, slot, AppointmentSource.RETURN_VISIT);
        assertThat(booked.bookedBy()).isEqualTo(practice.emails().get(Role.MEDICAL_ASSISTANT));
        assertThatThrownBy(() -> book(Role.FRONT_DESK, grace, slotAt(jordan, LocalDate.of(2026, 3, 4), LocalTime.of(14, 0)),
                AppointmentSource.RETURN_VISIT)).hasMessage("This slot was just booked by someone else — pick another");

        assertThatThrownBy(() -> change(booked, AppointmentStatus.CANCELLED, "  ")).isInstanceOf(InvalidScheduleData.class)
                .hasMessage("Give the reason for cancelling the visit");
        assertThatThrownBy(() -> change(booked, AppointmentStatus.ARRIVED, null))
                .hasMessage("A visit is marked arrived on its day (2026-03-04) or later, not before");
        assertThatThrownBy(() -> change(booked, AppointmentStatus.FULFILLED, null)).hasMessageContaining("cannot become fulfilled");
        Appointment cancelled = change(booked, AppointmentStatus.CANCELLED, "Patient has the flu");
        assertThat(cancelled.status()).isEqualTo(AppointmentStatus.CANCELLED);
        assertThat(cancelled.cancelReason()).isEqualTo("Patient has the flu");
        assertThat(as(Role.BHC, () -> schedules.slot(slot.id())).orElseThrow().status()).isEqualTo(SlotStatus.FREE);
        assertThatThrownBy(() -> change(booked, AppointmentStatus.ARRIVED, null)).isInstanceOf(VersionConflict.class);

        Appointment again = book(Role.FRONT_DESK, omar, slot, AppointmentSource.SCHEDULED_VISIT);
        clock.set(ZonedAt(LocalDate.of(2026, 3, 4), 13, 55));
        Appointment arrived = change(again, AppointmentStatus.ARRIVED, null);
        Appointment fulfilled = change(arrived, AppointmentStatus.FULFILLED, null);
        assertThat(fulfilled.status()).isEqualTo(AppointmentStatus.FULFILLED);
        assertThat(as(Role.BHC, () -> appointments.ofPatient(omar.id()))).extracting(Appointment::status)
                .containsExactly(AppointmentStatus.FULFILLED);
        assertThat(as(Role.BHC, () -> appointments.ofPatient(grace.id()))).extracting(Appointment::status)
                .containsExactly(AppointmentStatus.CANCELLED);
        assertThat(as(Role.FRONT_DESK, () -> appointments.between(jordan, MONDAY.atStartOfDay(CHICAGO).toInstant(),
                MONDAY.plusDays(7).atStartOfDay(CHICAGO).toInstant()))).hasSize(2);
        assertThat(audit("Appointment", "UPDATE")).isEqualTo(3);
        assertThat(audit("Appointment", "READ")).isEqualTo(2);
        assertThat(audit("Appointment", "SEARCH")).isEqualTo(2);
    }

    @Test
    void practiceAdminsDoNotBookAndNobodyBooksAcrossPractices() {
        activate(new BlockInput(jordan, DayOfWeek.THURSDAY, LocalTime.of(9, 0), 50, BlockKind.COUNSELING, null));
        Slot slot = slotAt(jordan, LocalDate.of(2026, 3, 5), LocalTime.of(9, 0));
        assertThatThrownBy(() -> book(Role.PRACTICE_ADMIN, grace, slot, AppointmentSource.RETURN_VISIT))
                .isInstanceOf(AccessDeniedException.class);
        PracticeFixture other = PracticeFixture.create(practices, "Other practice " + UUID.randomUUID());
        assertThat(actors.runAs(other.user(Role.FRONT_DESK), () -> schedules.slot(slot.id()))).isEmpty();
        assertThatThrownBy(() -> actors.runAs(other.user(Role.FRONT_DESK), () -> appointments.book(new Booking(grace.id(), slot.id(),
                AppointmentSource.RETURN_VISIT, null, null)))).isInstanceOf(RuntimeException.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM appointment WHERE slot_id = ?", Integer.class, slot.id())).isZero();
    }

    // ---------------------------------------------------------------- helpers

    private ScheduleTemplate draft(String name, List<BlockInput> blocks) {
        ScheduleTemplate template = asAdmin(() -> templates.create(name, null));
        return asAdmin(() -> templates.replaceBlocks(template.id(), blocks, template.version()));
    }

    private void activate(BlockInput... blocks) {
        ScheduleTemplate template = draft("Template " + UUID.randomUUID(), List.of(blocks));
        asAdmin(() -> templates.activate(template.id(), MONDAY, template.version()));
    }

    private Slot slotAt(UUID clinician, LocalDate date, LocalTime time) {
        return as(Role.FRONT_DESK, () -> schedules.at(clinician, date.atTime(time).atZone(CHICAGO).toInstant())).orElseThrow();
    }

    private Appointment book(Role role, PatientRecord patient, Slot slot, AppointmentSource source) {
        return as(role, () -> appointments.book(new Booking(patient.id(), slot.id(), source, null, null)));
    }

    private Appointment change(Appointment appointment, AppointmentStatus status, String reason) {
        return as(Role.FRONT_DESK, () -> appointments.changeStatus(appointment.id(), status, reason, appointment.version()));
    }

    private static Instant ZonedAt(LocalDate date, int hour, int minute) {
        return date.atTime(hour, minute).atZone(CHICAGO).toInstant();
    }

    private int slotCount() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM schedule_slot WHERE practice_id = ?", Integer.class, practice.id().value());
    }

    private int audit(String resource, String action) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE practice_id = ? AND resource_type = ? AND action = ?",
                Integer.class, practice.id().value(), resource, action);
    }

    private <T> T asAdmin(Supplier<T> work) {
        return as(Role.PRACTICE_ADMIN, work);
    }

    private <T> T as(Role role, Supplier<T> work) {
        return actors.runAs(practice.user(role), work);
    }
}
