package org.tandem.fhir;

import org.tandem.testsupport.SettableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.tandem.handoff.Fallback;
import org.tandem.handoff.Handoff;
import org.tandem.handoff.HandoffReason;
import org.tandem.handoff.HandoffRequest;
import org.tandem.handoff.Handoffs;
import org.tandem.handoff.Urgency;
import org.tandem.patient.AdministrativeSex;
import org.tandem.patient.PatientDetails;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.scheduling.BlockInput;
import org.tandem.scheduling.BlockKind;
import org.tandem.scheduling.ScheduleTemplate;
import org.tandem.scheduling.Schedules;
import org.tandem.scheduling.Templates;
import org.tandem.testsupport.PracticeFixture;
import org.tandem.testsupport.Tokens;

/**
 * Behavioral health schedules over FHIR, with the clock at Monday 2 March 2026, 08:00 in Chicago: one Schedule per
 * clinician with slots, Slots with every status (held open access included) searched by schedule, start and status,
 * Appointments booked into slots (a taken, held or unbookable slot refused as an OperationOutcome), moved through
 * their statuses by PUT with the version read, and the visit a warm handoff's fallback booked pointing back to its
 * Task; bad searches are 400s and another practice sees nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(SettableClock.Config.class)
class FhirSchedulingTests {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    static final LocalDate MONDAY = LocalDate.of(2026, 3, 2);
    static final String KIND = "urn:tandem:fhir:block-kind";

    @LocalServerPort
    int port;
    @Autowired
    Practices practices;
    @Autowired
    Patients patients;
    @Autowired
    Templates templates;
    @Autowired
    Schedules schedules;
    @Autowired
    Handoffs handoffs;
    @Autowired
    CurrentActor actors;
    @Autowired
    SettableClock clock;

    PracticeFixture practice;
    IGenericClient client;
    String token;
    UUID jordan;
    UUID sam;
    PatientRecord grace;
    PatientRecord omar;

    @BeforeEach
    void setUp() {
        clock.set(SettableClock.Config.START);
        practice = PracticeFixture.create(practices, "FHIR scheduling practice " + UUID.randomUUID());
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        token = Tokens.token(port, practice.client(Role.FRONT_DESK), PracticeFixture.SECRET);
        client = FHIR.newRestfulGenericClient(base());
        client.registerInterceptor(new BearerTokenAuthInterceptor(token));
        jordan = practice.accounts().get(Role.BHC);
        sam = practices.createStaff(practice.id(), "sam." + practice.prefix() + "@example.org", "Sam Rivera", PracticeFixture.PASSWORD,
                java.util.Set.of(Role.BHC));
        grace = as(Role.FRONT_DESK, () -> patients.register(new PatientDetails(null, null, "Mwangi", "Grace", LocalDate.of(1975, 6, 1),
                AdministrativeSex.FEMALE, "en", practice.accounts().get(Role.PCP), null)));
        omar = as(Role.FRONT_DESK, () -> patients.register(new PatientDetails(null, null, "Haddad", "Omar", LocalDate.of(1988, 2, 3),
                AdministrativeSex.MALE, "en", null, null)));
        List<BlockInput> blocks = new ArrayList<>();
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            blocks.add(new BlockInput(jordan, day, LocalTime.of(9, 0), 50, BlockKind.COUNSELING, null));
            blocks.add(new BlockInput(jordan, day, LocalTime.of(10, 0), 60, BlockKind.OPEN_ACCESS, 30));
            blocks.add(new BlockInput(jordan, day, LocalTime.of(11, 0), 30, BlockKind.BRIEF, null));
            blocks.add(new BlockInput(jordan, day, LocalTime.of(12, 0), 60, BlockKind.ADMIN, null));
            blocks.add(new BlockInput(jordan, day, LocalTime.of(13, 0), 30, BlockKind.OPEN_ACCESS, 0));
        }
        blocks.add(new BlockInput(sam, DayOfWeek.TUESDAY, LocalTime.of(9, 0), 50, BlockKind.COUNSELING, null));
        as(Role.PRACTICE_ADMIN, () -> {
            ScheduleTemplate draft = templates.create("Spring", null);
            ScheduleTemplate filled = templates.replaceBlocks(draft.id(), blocks, draft.version());
            return templates.activate(filled.id(), MONDAY, filled.version());
        });
    }

    @Test
    void eachClinicianWithSlotsHasOneSchedule() {
        Schedule schedule = client.read().resource(Schedule.class).withId(jordan.toString()).execute();

        assertThat(schedule.getIdElement().getIdPart()).isEqualTo(jordan.toString());
        assertThat(schedule.getActive()).isTrue();
        assertThat(schedule.getActorFirstRep().getReference()).isEqualTo("Practitioner/" + jordan);
        assertThat(schedule.getActorFirstRep().getDisplay()).isEqualTo("Test BHC");
        assertThat(schedule.getServiceCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("behavioral-health");
        assertThat(schedule.getServiceType()).extracting(t -> t.getCodingFirstRep().getSystem()).containsOnly(KIND);
        assertThat(schedule.getServiceType()).extracting(t -> t.getCodingFirstRep().getCode())
                .containsExactly("counseling", "brief", "open-access", "admin");
        assertThat(schedule.getPlanningHorizon().getStart().toInstant()).isEqualTo(MONDAY.atStartOfDay(CHICAGO).toInstant());
        assertThat(schedule.getPlanningHorizon().getEnd().toInstant())
                .isEqualTo(MONDAY.plusWeeks(schedules.horizonWeeks()).atStartOfDay(CHICAGO).toInstant());

        assertThat(ids("Schedule")).containsExactly(sam.toString(), jordan.toString());
        assertThat(ids("Schedule?actor=Practitioner/" + sam)).containsExactly(sam.toString());
        assertThat(ids("Schedule?actor=Patient/" + grace.id())).isEmpty();
        Bundle paged = client.search().byUrl("Schedule?_count=1").returnBundle(Bundle.class).execute();
        assertThat(paged.getTotal()).isEqualTo(2);
        assertThat(paged.getEntry()).hasSize(1);
        assertThat(paged.getLink(Bundle.LINK_NEXT)).isNotNull();

        // a PCP has no slots, so no schedule; neither has an unknown id
        for (String id : List.of(practice.accounts().get(Role.PCP).toString(), UUID.randomUUID().toString(), "not-a-uuid")) {
            assertThatThrownBy(() -> client.read().resource(Schedule.class).withId(id).execute()).isInstanceOf(ResourceNotFoundException.class);
        }
        IGenericClient outsider = outsider();
        assertThatThrownBy(() -> outsider.read().resource(Schedule.class).withId(jordan.toString()).execute())
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(outsider.search().byUrl("Schedule").returnBundle(Bundle.class).execute().getTotal()).isZero();
        assertThatThrownBy(() -> client.search().byUrl("Schedule?active=true").returnBundle(Bundle.class).execute())
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void slotsAreSearchedByScheduleStartAndStatusWithHeldOpenAccessTentative() {
        // without a start, the next 14 days: ten weekdays of five blocks
        Bundle twoWeeks = client.search().byUrl("Slot?schedule=Schedule/" + jordan + "&_count=20").returnBundle(Bundle.class).execute();
        assertThat(twoWeeks.getTotal()).isEqualTo(50);
        assertThat(twoWeeks.getEntry()).hasSize(20);
        assertThat(client.loadPage().next(twoWeeks).execute().getEntry()).hasSize(20);

        List<Slot> monday = slots("Slot?schedule=Schedule/" + jordan + "&start=ge2026-03-02&start=lt2026-03-03");
        assertThat(monday).extracting(s -> s.getStart().toInstant()).containsExactly(at(MONDAY, 9, 0), at(MONDAY, 10, 0),
                at(MONDAY, 11, 0), at(MONDAY, 12, 0), at(MONDAY, 13, 0));
        assertThat(monday).extracting(s -> s.getStatus().toCode())
                .containsExactly("free", "busy-tentative", "free", "busy-unavailable", "busy-tentative");
        assertThat(monday).extracting(s -> s.getServiceTypeFirstRep().getCodingFirstRep().getCode())
                .containsExactly("counseling", "open-access", "brief", "admin", "open-access");
        assertThat(monday).extracting(s -> s.getAppointmentType().getCodingFirstRep().getSystem()).containsOnly(KIND);
        Slot held = monday.get(1);
        assertThat(((DateTimeType) held.getExtensionByUrl(SlotProvider.EXT_RELEASE).getValue()).getValue().toInstant())
                .isEqualTo(at(MONDAY, 9, 30));
        assertThat(monday.get(4).getExtensionByUrl(SlotProvider.EXT_RELEASE)).isNull();
        assertThat(held.getSchedule().getReference()).isEqualTo("Schedule/" + jordan);
        assertThat(held.getSchedule().getDisplay()).isEqualTo("Test BHC");
        assertThat(held.getEnd().toInstant()).isEqualTo(at(MONDAY, 11, 0));
        assertThat(held.getServiceCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("behavioral-health");

        assertThat(slots("Slot?start=2026-03-03&status=free")).extracting(s -> s.getSchedule().getReference())
                .containsExactlyInAnyOrder("Schedule/" + jordan, "Schedule/" + jordan, "Schedule/" + sam);
        assertThat(slots("Slot?start=2026-03-02&status=busy-tentative,busy-unavailable")).hasSize(3);
        assertThat(slots("Slot?schedule=" + sam + "&start=ge2026-03-02")).hasSize(schedules.horizonWeeks());
        assertThat(slots("Slot?status=entered-in-error")).isEmpty();
        assertThat(slots("Slot?schedule=Schedule/not-a-uuid")).isEmpty();

        // from its release time on, an unused open-access slot is free; one never released stays held
        clock.set(at(MONDAY, 9, 45));
        assertThat(client.read().resource(Slot.class).withId(held.getIdElement().getIdPart()).execute().getStatus().toCode())
                .isEqualTo("free");
        assertThat(client.read().resource(Slot.class).withId(monday.get(4).getIdElement().getIdPart()).execute().getStatus().toCode())
                .isEqualTo("busy-tentative");

        assertThatThrownBy(() -> client.search().byUrl("Slot?status=open").returnBundle(Bundle.class).execute())
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((OperationOutcome) ((InvalidRequestException) e).getOperationOutcome()).getIssueFirstRep()
                        .getDiagnostics()).contains("busy-tentative", "open"));
        assertThatThrownBy(() -> client.search().byUrl("Slot?start=ne2026-03-02").returnBundle(Bundle.class).execute())
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> client.read().resource(Slot.class).withId(UUID.randomUUID().toString()).execute())
                .isInstanceOf(ResourceNotFoundException.class);
        IGenericClient outsider = outsider();
        assertThatThrownBy(() -> outsider.read().resource(Slot.class).withId(held.getIdElement().getIdPart()).execute())
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(outsider.search().byUrl("Slot?start=ge2026-03-02").returnBundle(Bundle.class).execute().getTotal()).isZero();
    }

    @Test
    void anAppointmentIsBookedIntoASlotAndATakenHeldOrUnbookableSlotIsRefused() {
        Slot nine = slotAt(jordan, MONDAY, 9, 0);
        MethodOutcome created = client.create().resource(booking(nine, grace, "Follow-up on PHQ-9")).execute();
        String id = created.getId().getIdPart();

        Appointment booked = client.read().resource(Appointment.class).withId(id).execute();
        assertThat(booked.getStatus()).isEqualTo(AppointmentStatus.BOOKED);
        assertThat(booked.getMeta().getVersionId()).isEqualTo("1");
        assertThat(booked.getAppointmentType().getCodingFirstRep().getSystem()).isEqualTo(KIND);
        assertThat(booked.getAppointmentType().getCodingFirstRep().getCode()).isEqualTo("counseling");
        assertThat(booked.getSlotFirstRep().getReference()).isEqualTo("Slot/" + nine.getIdElement().getIdPart());
        assertThat(booked.getStart().toInstant()).isEqualTo(at(MONDAY, 9, 0));
        assertThat(booked.getEnd().toInstant()).isEqualTo(at(MONDAY, 9, 50));
        assertThat(booked.getMinutesDuration()).isEqualTo(50);
        assertThat(booked.getDescription()).isEqualTo("Follow-up on PHQ-9");
        assertThat(booked.getCreated().toInstant()).isEqualTo(SettableClock.Config.START);
        assertThat(booked.getParticipant()).extracting(p -> p.getActor().getReference())
                .containsExactly("Patient/" + grace.id(), "Practitioner/" + jordan);
        assertThat(booked.getParticipant()).extracting(p -> p.getStatus().toCode()).containsOnly("accepted");
        assertThat(booked.getParticipant().get(1).getActor().getDisplay()).isEqualTo("Test BHC");
        assertThat(((CodeType) booked.getExtensionByUrl(AppointmentProvider.EXT_SOURCE).getValue()).getValue()).isEqualTo("return-visit");
        assertThat(booked.getExtensionByUrl(AppointmentProvider.EXT_FROM_HANDOFF)).isNull();
        assertThat(client.read().resource(Slot.class).withId(nine.getIdElement().getIdPart()).execute().getStatus().toCode()).isEqualTo("busy");

        Appointment callback = booking(slotAt(jordan, MONDAY, 11, 0), omar, null);
        callback.addExtension(AppointmentProvider.EXT_SOURCE, new CodeType("callback"));
        Appointment called = read(client.create().resource(callback).execute().getId().getIdPart());
        assertThat(((CodeType) called.getExtensionByUrl(AppointmentProvider.EXT_SOURCE).getValue()).getValue()).isEqualTo("callback");
        assertThat(called.getAppointmentType().getCodingFirstRep().getCode()).isEqualTo("brief");

        assertRefused(booking(nine, omar, null), "pick another");
        assertRefused(booking(slotAt(jordan, MONDAY, 13, 0), omar, null), "held for warm handoffs");
        assertRefused(booking(slotAt(jordan, MONDAY, 12, 0), omar, null), "cannot be booked");
        Appointment noPatient = booking(slotAt(jordan, DayOfWeek.TUESDAY, 9, 0), omar, null);
        noPatient.getParticipant().remove(0);
        assertRefused(noPatient, "Patient");
        Appointment noSlot = booking(slotAt(jordan, DayOfWeek.TUESDAY, 9, 0), omar, null);
        noSlot.setSlot(new ArrayList<>());
        assertRefused(noSlot, "Slot");
        Appointment proposed = booking(slotAt(jordan, DayOfWeek.TUESDAY, 9, 0), omar, null).setStatus(AppointmentStatus.PROPOSED);
        assertRefused(proposed, "booked");
        Appointment fallback = booking(slotAt(jordan, DayOfWeek.TUESDAY, 9, 0), omar, null);
        fallback.addExtension(AppointmentProvider.EXT_SOURCE, new CodeType("handoff-fallback"));
        assertRefused(fallback, "from the handoff");
        assertRefused(booking(slotAt(sam, DayOfWeek.TUESDAY, 9, 0), omar, null), "Sam Rivera");
        assertThat(ids("Appointment?patient=" + omar.id())).containsExactly(called.getIdElement().getIdPart());

        IGenericClient outsider = outsider();
        assertThatThrownBy(() -> outsider.read().resource(Appointment.class).withId(id).execute()).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> outsider.create().resource(booking(slotAt(jordan, DayOfWeek.TUESDAY, 9, 0), omar, null)).execute())
                .isInstanceOfSatisfying(ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException.class,
                        e -> assertThat(e.getStatusCode()).isIn(403, 404, 422));
        assertThat(outsider.search().byUrl("Appointment?patient=" + grace.id()).returnBundle(Bundle.class).execute().getTotal()).isZero();
        assertThat(outsider.search().byUrl("Appointment?date=ge2026-03-01").returnBundle(Bundle.class).execute().getTotal()).isZero();
    }

    @Test
    void anAppointmentMovesThroughItsStatusesByPutWithTheVersionRead() throws Exception {
        String nine = create(slotAt(jordan, MONDAY, 9, 0), grace);
        String eleven = create(slotAt(jordan, MONDAY, 11, 0), omar);
        Slot tuesdaySlot = slotAt(jordan, DayOfWeek.TUESDAY, 9, 0);
        String tuesday = create(tuesdaySlot, grace);
        clock.set(at(MONDAY, 9, 5));

        Appointment arriving = read(nine).setStatus(AppointmentStatus.ARRIVED);
        arriving.setId(nine);
        arriving.getMeta().setVersionId(null);
        HttpResponse<String> missing = put(nine, arriving, null);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("OperationOutcome", "If-Match");
        HttpResponse<String> arrived = put(nine, arriving, "W/\"1\"");
        assertThat(arrived.statusCode()).isEqualTo(200);
        assertThat(read(nine).getStatus()).isEqualTo(AppointmentStatus.ARRIVED);
        assertThat(read(nine).getMeta().getVersionId()).isEqualTo("2");
        HttpResponse<String> stale = put(nine, read(nine).setStatus(AppointmentStatus.FULFILLED), "W/\"1\"");
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("OperationOutcome");

        Appointment fulfilled = read(nine).setStatus(AppointmentStatus.FULFILLED);
        MethodOutcome outcome = client.update().resource(fulfilled).execute();
        assertThat(outcome.getId().getVersionIdPart()).isEqualTo("3");
        assertThat(read(nine).getStatus()).isEqualTo(AppointmentStatus.FULFILLED);

        Appointment staleNoShow = read(eleven).setStatus(AppointmentStatus.NOSHOW);
        staleNoShow.setId(eleven);
        staleNoShow.getMeta().setVersionId("7");
        assertThatThrownBy(() -> client.update().resource(staleNoShow).execute()).isInstanceOf(ResourceVersionConflictException.class);
        client.update().resource(read(eleven).setStatus(AppointmentStatus.NOSHOW)).execute();
        assertThat(read(eleven).getStatus()).isEqualTo(AppointmentStatus.NOSHOW);
        assertThatThrownBy(() -> client.update().resource(read(eleven).setStatus(AppointmentStatus.ARRIVED)).execute())
                .isInstanceOf(UnprocessableEntityException.class).hasMessageContaining("no-show");

        assertThatThrownBy(() -> client.update().resource(read(tuesday).setStatus(AppointmentStatus.CANCELLED)).execute())
                .isInstanceOf(UnprocessableEntityException.class).hasMessageContaining("reason");
        Appointment moved = read(tuesday);
        moved.setSlot(List.of(new Reference("Slot/" + slotAt(jordan, DayOfWeek.WEDNESDAY, 9, 0).getIdElement().getIdPart())));
        assertThatThrownBy(() -> client.update().resource(moved).execute()).isInstanceOf(UnprocessableEntityException.class)
                .hasMessageContaining("slot does not change");
        Appointment cancelling = read(tuesday).setStatus(AppointmentStatus.CANCELLED);
        cancelling.setCancelationReason(new CodeableConcept().setText("Patient moved away"));
        client.update().resource(cancelling).execute();
        Appointment cancelled = read(tuesday);
        assertThat(cancelled.getStatus()).isEqualTo(AppointmentStatus.CANCELLED);
        assertThat(cancelled.getCancelationReason().getText()).isEqualTo("Patient moved away");
        assertThat(client.read().resource(Slot.class).withId(tuesdaySlot.getIdElement().getIdPart()).execute().getStatus().toCode())
                .isEqualTo("free");

        assertThat(ids("Appointment?patient=Patient/" + grace.id())).containsExactly(tuesday, nine);
        assertThat(ids("Appointment?actor=Practitioner/" + jordan + "&date=2026-03-02")).containsExactly(nine, eleven);
        assertThat(ids("Appointment?practitioner=" + jordan)).containsExactly(nine, eleven, tuesday);
        assertThat(ids("Appointment?actor=Patient/" + omar.id())).containsExactly(eleven);
        assertThat(ids("Appointment?status=cancelled,noshow")).containsExactly(eleven, tuesday);
        assertThat(ids("Appointment?patient=" + grace.id() + "&status=fulfilled&date=le2026-03-02")).containsExactly(nine);
        assertThat(ids("Appointment?status=waitlist")).isEmpty();
        assertThat(ids("Appointment?practitioner=" + sam)).isEmpty();
        Bundle page = client.search().byUrl("Appointment?date=ge2026-03-01&_count=2").returnBundle(Bundle.class).execute();
        assertThat(page.getTotal()).isEqualTo(3);
        assertThat(client.loadPage().next(page).execute().getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactly(tuesday);
        assertThatThrownBy(() -> client.search().byUrl("Appointment?status=maybe").returnBundle(Bundle.class).execute())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("noshow");
        assertThatThrownBy(() -> client.search().byUrl("Appointment?date=ap2026-03-02").returnBundle(Bundle.class).execute())
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void theVisitAWarmHandoffFallbackBookedPointsBackToItsTask() {
        Handoff asked = actors.runAs(practice.user(Role.PCP), () -> handoffs.request(new HandoffRequest(omar.id(),
                HandoffReason.POSITIVE_SCREEN, Urgency.TODAY, null, null, null, null)));
        UUID openAccess = UUID.fromString(slotAt(jordan, MONDAY, 10, 0).getIdElement().getIdPart());
        Handoff converted = actors.runAs(practice.user(Role.PCP), () -> handoffs.fallback(asked.id(), Fallback.NEXT_OPEN_SLOT, openAccess,
                null));
        assertThat(converted.appointment()).isNotNull();

        Appointment visit = read(converted.appointment().toString());
        assertThat(((Reference) visit.getExtensionByUrl(AppointmentProvider.EXT_FROM_HANDOFF).getValue()).getReference())
                .isEqualTo("Task/" + asked.id());
        assertThat(((CodeType) visit.getExtensionByUrl(AppointmentProvider.EXT_SOURCE).getValue()).getValue()).isEqualTo("handoff-fallback");
        assertThat(visit.getAppointmentType().getCodingFirstRep().getCode()).isEqualTo("open-access");
        assertThat(visit.getStart().toInstant()).isEqualTo(at(MONDAY, 10, 0));

        IGenericClient clinical = FHIR.newRestfulGenericClient(base());
        clinical.registerInterceptor(new BearerTokenAuthInterceptor(Tokens.token(port, practice.client(Role.PCP), PracticeFixture.SECRET)));
        Task task = clinical.read().resource(Task.class).withId(asked.id().toString()).execute();
        assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
        assertThat(task.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("converted");
        assertThat(task.getOutput()).anySatisfy(o -> {
            assertThat(o.getType().getCodingFirstRep().getCode()).isEqualTo("appointment");
            assertThat(((Reference) o.getValue()).getReference()).isEqualTo("Appointment/" + converted.appointment());
        });
        assertThat(task.getOutput()).anySatisfy(o -> {
            assertThat(o.getType().getCodingFirstRep().getCode()).isEqualTo("fallback");
            assertThat(((CodeableConcept) o.getValue()).getCodingFirstRep().getCode()).isEqualTo("next-slot");
        });
    }

    // ---- helpers ----

    private Appointment booking(Slot slot, PatientRecord patient, String reason) {
        Appointment appointment = new Appointment();
        appointment.setStatus(AppointmentStatus.BOOKED);
        appointment.addSlot(new Reference("Slot/" + slot.getIdElement().getIdPart()));
        appointment.addParticipant().setActor(new Reference("Patient/" + patient.id()))
                .setStatus(Appointment.ParticipationStatus.ACCEPTED);
        appointment.addParticipant().setActor(new Reference("Practitioner/" + jordan)).setStatus(Appointment.ParticipationStatus.ACCEPTED);
        appointment.setDescription(reason);
        return appointment;
    }

    private String create(Slot slot, PatientRecord patient) {
        return client.create().resource(booking(slot, patient, null)).execute().getId().getIdPart();
    }

    private void assertRefused(Appointment appointment, String because) {
        assertThatThrownBy(() -> client.create().resource(appointment).execute())
                .isInstanceOf(UnprocessableEntityException.class)
                .satisfies(e -> assertThat(((OperationOutcome) ((UnprocessableEntityException) e).getOperationOutcome()).getIssueFirstRep()
                        .getDiagnostics()).contains(because));
    }

    private Appointment read(String id) {
        return client.read().resource(Appointment.class).withId(id).execute();
    }

    private HttpResponse<String> put(String id, Appointment appointment, String ifMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/Appointment/" + id))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/fhir+json")
                .PUT(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(appointment)));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Slot slotAt(UUID clinician, LocalDate day, int hour, int minute) {
        Instant start = at(day, hour, minute);
        return slots("Slot?schedule=Schedule/" + clinician + "&start=" + start).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no slot at " + start));
    }

    private Slot slotAt(UUID clinician, DayOfWeek day, int hour, int minute) {
        return slotAt(clinician, MONDAY.plusDays(day.getValue() - 1), hour, minute);
    }

    private List<Slot> slots(String url) {
        Bundle bundle = client.search().byUrl(url).returnBundle(Bundle.class).execute();
        assertThat(bundle.getTotal()).isEqualTo(bundle.getEntry().size());
        return bundle.getEntry().stream().map(e -> (Slot) e.getResource()).toList();
    }

    private List<String> ids(String url) {
        Bundle bundle = client.search().byUrl(url).returnBundle(Bundle.class).execute();
        assertThat(bundle.getTotal()).isEqualTo(bundle.getEntry().size());
        return bundle.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    private static Instant at(LocalDate day, int hour, int minute) {
        return day.atTime(hour, minute).atZone(CHICAGO).toInstant();
    }

    private String base() {
        return "http://localhost:" + port + "/fhir";
    }

    private IGenericClient outsider() {
        PracticeFixture other = PracticeFixture.create(practices, "Other scheduling practice " + UUID.randomUUID());
        IGenericClient generic = FHIR.newRestfulGenericClient(base());
        generic.registerInterceptor(new BearerTokenAuthInterceptor(Tokens.token(port, other.client(Role.FRONT_DESK), PracticeFixture.SECRET)));
        return generic;
    }

    private <T> T as(Role role, java.util.function.Supplier<T> work) {
        return actors.runAs(practice.user(role), work);
    }

}
