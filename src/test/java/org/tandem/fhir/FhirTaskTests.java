package org.tandem.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskIntent;
import org.hl7.fhir.r4.model.Task.TaskOutputComponent;
import org.hl7.fhir.r4.model.Task.TaskPriority;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tandem.handoff.BriefIntervention;
import org.tandem.handoff.Handoff;
import org.tandem.handoff.HandoffOutcome;
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
import org.tandem.screening.Instruments;
import org.tandem.screening.ScreeningResult;
import org.tandem.screening.ScreeningSubmission;
import org.tandem.screening.Screenings;
import org.tandem.testsupport.PracticeFixture;
import org.tandem.testsupport.Tokens;

/**
 * Warm handoffs over FHIR as Task: every step of a handoff's life and every way it can end read back with the right
 * status, business status, status reason, owner and outputs; search by patient, status, dates, owner, requester and
 * code with paging; bad searches are 400 OperationOutcomes; another practice sees nothing; Tasks cannot be written.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FhirTaskTests {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final ZoneId ZONE = ZoneId.of("America/Chicago");
    static final String TASK_TYPE = "urn:tandem:fhir:task-type";

    @LocalServerPort
    int port;
    @Autowired
    Practices practices;
    @Autowired
    Patients patients;
    @Autowired
    Handoffs handoffs;
    @Autowired
    Screenings screenings;
    @Autowired
    CurrentActor actors;

    PracticeFixture practice;
    IGenericClient client;
    PatientRecord grace;
    PatientRecord ben;
    UUID pcp;
    UUID bhc;
    UUID assistant;

    @BeforeEach
    void setUp() {
        practice = PracticeFixture.create(practices, "FHIR handoff practice");
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        client = client(practice, Role.PCP);
        pcp = practice.accounts().get(Role.PCP);
        bhc = practice.accounts().get(Role.BHC);
        assistant = practice.accounts().get(Role.MEDICAL_ASSISTANT);
        grace = as(Role.CARE_MANAGER, () -> patients.register(new PatientDetails(null, null, "Mwangi", "Grace", LocalDate.of(1975, 6, 1),
                AdministrativeSex.FEMALE, "en", pcp, null)));
        ben = as(Role.CARE_MANAGER, () -> patients.register(new PatientDetails(null, null, "Okafor", "Ben", LocalDate.of(1988, 2, 3),
                AdministrativeSex.MALE, "en", null, null)));
    }

    @Test
    void aHandoffReadsAsTaskAtEveryStepUntilCompleted() {
        ScreeningResult screen = as(Role.CARE_MANAGER, () -> screenings.submit(new ScreeningSubmission(null, grace.id(), null, null,
                Instruments.PHQ_9, Instruments.find(Instruments.PHQ_9).orElseThrow().answersScoring(2, 2, 2, 2, 2, 2, 1, 1, 0),
                ScreeningSubmission.Mode.STAFF, "en", null)));
        Handoff asked = as(Role.PCP, () -> handoffs.request(new HandoffRequest(grace.id(), HandoffReason.POSITIVE_SCREEN, Urgency.NOW,
                "Exam 4", "PHQ-9 of 15 today", null, screen.response().id())));

        Task requested = read(asked.id());
        assertThat(requested.getIdElement().getIdPart()).isEqualTo(asked.id().toString());
        assertThat(requested.getMeta().getVersionId()).isEqualTo(String.valueOf(asked.version()));
        assertThat(requested.getMeta().getLastUpdated()).isNotNull();
        assertThat(requested.getStatus()).isEqualTo(TaskStatus.REQUESTED);
        assertThat(requested.getIntent()).isEqualTo(TaskIntent.ORDER);
        assertThat(requested.getCode().getCodingFirstRep().getSystem()).isEqualTo(TASK_TYPE);
        assertThat(requested.getCode().getCodingFirstRep().getCode()).isEqualTo("warm-handoff");
        assertThat(requested.getCode().getCodingFirstRep().getDisplay()).isEqualTo("Warm handoff to behavioral health");
        assertThat(requested.getReasonCode().getCodingFirstRep().getSystem()).isEqualTo("urn:tandem:fhir:handoff-reason");
        assertThat(requested.getReasonCode().getCodingFirstRep().getCode()).isEqualTo("positive-screen");
        assertThat(requested.getPriority()).isEqualTo(TaskPriority.STAT);
        assertThat(requested.getFor().getReference()).isEqualTo("Patient/" + grace.id());
        assertThat(requested.getFocus().getReference()).isEqualTo("QuestionnaireResponse/" + screen.response().id());
        assertThat(requested.getAuthoredOn().toInstant()).isEqualTo(asked.requestedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(requested.getRequester().getReference()).isEqualTo("Practitioner/" + pcp);
        assertThat(requested.getRequester().getDisplay()).isEqualTo("Test PCP");
        assertThat(requested.getExtensionByUrl(TaskProvider.EXT_ON_BEHALF_OF)).isNull();
        assertThat(requested.hasOwner()).isFalse();
        assertThat(requested.hasExecutionPeriod()).isFalse();
        // Nobody is available in a new practice, so the request is widened to interruptible clinicians at once.
        assertThat(requested.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("widened");
        assertThat(requested.getExtensionByUrl(TaskProvider.EXT_WIDENED)).isNotNull();
        assertThat(((StringType) requested.getExtensionByUrl(TaskProvider.EXT_ROOM).getValue()).getValue()).isEqualTo("Exam 4");
        assertThat(requested.getNote()).singleElement().satisfies(n -> {
            assertThat(n.getText()).isEqualTo("PHQ-9 of 15 today");
            assertThat(n.getAuthorReference().getReference()).isEqualTo("Practitioner/" + pcp);
        });
        assertThat(requested.hasStatusReason()).isFalse();
        assertThat(requested.getOutput()).isEmpty();

        Handoff accepted = as(Role.BHC, () -> handoffs.accept(asked.id()));
        Task acceptedTask = read(asked.id());
        assertThat(acceptedTask.getStatus()).isEqualTo(TaskStatus.ACCEPTED);
        assertThat(acceptedTask.getMeta().getVersionId()).isEqualTo(String.valueOf(accepted.version()));
        assertThat(acceptedTask.getOwner().getReference()).isEqualTo("Practitioner/" + bhc);
        assertThat(acceptedTask.getOwner().getDisplay()).isEqualTo("Test BHC");
        assertThat(acceptedTask.getExecutionPeriod().getStart().toInstant())
                .isEqualTo(accepted.acceptedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(acceptedTask.getExecutionPeriod().hasEnd()).isFalse();
        assertThat(acceptedTask.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("accepted");

        as(Role.BHC, () -> handoffs.start(asked.id()));
        Task inVisit = read(asked.id());
        assertThat(inVisit.getStatus()).isEqualTo(TaskStatus.INPROGRESS);
        assertThat(inVisit.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("in-visit");
        assertThat(inVisit.getExtensionByUrl(TaskProvider.EXT_VISIT_STARTED)).isNotNull();

        Handoff completed = as(Role.BHC, () -> handoffs.complete(asked.id(), 20, BriefIntervention.MOTIVATIONAL_INTERVIEWING,
                "Return visit next week"));
        Task done = read(asked.id());
        assertThat(done.getStatus()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(done.getMeta().getVersionId()).isEqualTo(String.valueOf(completed.version()));
        assertThat(done.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("completed");
        assertThat(done.getExecutionPeriod().getEnd().toInstant()).isEqualTo(completed.endedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(done.hasStatusReason()).isFalse();
        Quantity minutes = (Quantity) output(done, "minutes").getValue();
        assertThat(minutes.getValue().intValue()).isEqualTo(20);
        assertThat(minutes.getSystem()).isEqualTo("http://unitsofmeasure.org");
        assertThat(minutes.getCode()).isEqualTo("min");
        CodeableConcept intervention = (CodeableConcept) output(done, "brief-intervention").getValue();
        assertThat(intervention.getCodingFirstRep().getSystem()).isEqualTo("urn:tandem:fhir:brief-intervention");
        assertThat(intervention.getCodingFirstRep().getCode()).isEqualTo("motivational-interviewing");
        assertThat(done.getNote()).extracting(n -> n.getText()).containsExactly("PHQ-9 of 15 today", "Return visit next week");
    }

    @Test
    void everyWayAHandoffEndsHasItsStatusAndReason() {
        Handoff nobody = as(Role.PCP, () -> handoffs.request(new HandoffRequest(grace.id(), HandoffReason.DISTRESS, Urgency.TODAY,
                null, null, null, null)));
        as(Role.PCP, () -> handoffs.close(nobody.id(), HandoffOutcome.NOT_AVAILABLE, "Clinic closing"));
        Task rejected = read(nobody.id());
        assertThat(rejected.getStatus()).isEqualTo(TaskStatus.REJECTED);
        assertThat(rejected.getPriority()).isEqualTo(TaskPriority.URGENT);
        assertThat(rejected.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("not-available");
        assertThat(rejected.getStatusReason().getCodingFirstRep().getSystem()).isEqualTo("urn:tandem:fhir:handoff-outcome");
        assertThat(rejected.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("not-available");
        assertThat(rejected.getStatusReason().getText()).isEqualTo("Clinic closing");
        assertThat(rejected.hasOwner()).isFalse();
        assertThat(rejected.getExecutionPeriod().hasStart()).isFalse();
        assertThat(rejected.getExecutionPeriod().hasEnd()).isTrue();

        Handoff left = as(Role.MEDICAL_ASSISTANT, () -> handoffs.request(new HandoffRequest(grace.id(), HandoffReason.SUBSTANCE_USE,
                Urgency.NEXT_AVAILABLE, null, null, pcp, null)));
        as(Role.BHC, () -> handoffs.accept(left.id()));
        as(Role.BHC, () -> handoffs.close(left.id(), HandoffOutcome.PATIENT_LEFT, null));
        Task cancelled = read(left.id());
        assertThat(cancelled.getStatus()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(cancelled.getPriority()).isEqualTo(TaskPriority.ROUTINE);
        assertThat(cancelled.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("left");
        assertThat(cancelled.getStatusReason().getText()).isEqualTo("Patient left");
        assertThat(cancelled.getRequester().getReference()).isEqualTo("Practitioner/" + assistant);
        assertThat(cancelled.getRequester().getDisplay()).isEqualTo("Test MEDICAL_ASSISTANT");
        Reference onBehalfOf = (Reference) cancelled.getExtensionByUrl(TaskProvider.EXT_ON_BEHALF_OF).getValue();
        assertThat(onBehalfOf.getReference()).isEqualTo("Practitioner/" + pcp);
        assertThat(onBehalfOf.getDisplay()).isEqualTo("Test PCP");
        assertThat(cancelled.getOwner().getReference()).isEqualTo("Practitioner/" + bhc);

        Handoff declined = as(Role.PCP, () -> handoffs.request(new HandoffRequest(grace.id(), HandoffReason.NEW_DIAGNOSIS, Urgency.NOW,
                null, null, null, null)));
        as(Role.BHC, () -> handoffs.accept(declined.id()));
        as(Role.BHC, () -> handoffs.close(declined.id(), HandoffOutcome.PATIENT_DECLINED, "Prefers to call later"));
        Task declinedTask = read(declined.id());
        assertThat(declinedTask.getStatus()).isEqualTo(TaskStatus.REJECTED);
        assertThat(declinedTask.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("declined");
        assertThat(declinedTask.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("declined");

        Handoff withdrawn = as(Role.PCP, () -> handoffs.request(new HandoffRequest(grace.id(), HandoffReason.MEDICATION_QUESTION,
                Urgency.TODAY, null, null, null, null)));
        as(Role.PCP, () -> handoffs.cancel(withdrawn.id(), "Answered by the PCP"));
        Task withdrawnTask = read(withdrawn.id());
        assertThat(withdrawnTask.getStatus()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(withdrawnTask.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("withdrawn");
        assertThat(withdrawnTask.getStatusReason().hasCoding()).isFalse();
        assertThat(withdrawnTask.getStatusReason().getText()).isEqualTo("Answered by the PCP");
        assertThat(withdrawnTask.getReasonCode().getCodingFirstRep().getCode()).isEqualTo("medication-question");
    }

    @Test
    void handoffsAreSearchedByPatientStatusDateOwnerRequesterAndCodeAndPaged() {
        Handoff first = as(Role.PCP, () -> handoffs.request(new HandoffRequest(grace.id(), HandoffReason.DISTRESS, Urgency.NOW,
                null, null, null, null)));
        as(Role.BHC, () -> handoffs.accept(first.id()));
        as(Role.BHC, () -> handoffs.complete(first.id(), 15, BriefIntervention.SAFETY_PLANNING, null));
        Handoff second = as(Role.MEDICAL_ASSISTANT, () -> handoffs.request(new HandoffRequest(grace.id(), HandoffReason.OTHER,
                Urgency.TODAY, null, "Grief after a loss", pcp, null)));
        as(Role.PCP, () -> handoffs.cancel(second.id(), "Patient had to leave for work"));
        Handoff third = as(Role.PCP, () -> handoffs.request(new HandoffRequest(grace.id(), HandoffReason.DISTRESS, Urgency.NOW,
                null, null, null, null)));
        as(Role.BHC, () -> handoffs.accept(third.id()));
        Handoff bens = as(Role.PCP, () -> handoffs.request(new HandoffRequest(ben.id(), HandoffReason.POSITIVE_SCREEN, Urgency.NOW,
                null, null, null, null)));
        String f = first.id().toString();
        String s = second.id().toString();
        String t = third.id().toString();
        String b = bens.id().toString();

        assertThat(ids("Task?patient=Patient/" + grace.id())).containsExactly(t, s, f);
        assertThat(ids("Task?subject=" + grace.id())).containsExactly(t, s, f);
        assertThat(ids("Task?patient=" + ben.id() + "&subject=Patient/" + grace.id())).isEmpty();
        assertThat(ids("Task?patient=Group/" + grace.id())).isEmpty();
        assertThat(ids("Task")).containsExactly(b, t, s, f);
        assertThat(ids("Task?status=requested")).containsExactly(b);
        assertThat(ids("Task?status=accepted,completed")).containsExactly(t, f);
        assertThat(ids("Task?patient=" + grace.id() + "&status=cancelled")).containsExactly(s);
        assertThat(ids("Task?status=on-hold")).isEmpty();
        assertThat(ids("Task?owner=Practitioner/" + bhc)).containsExactly(t, f);
        assertThat(ids("Task?owner=Practitioner/" + pcp)).isEmpty();
        assertThat(ids("Task?requester=Practitioner/" + assistant)).containsExactly(s);
        assertThat(ids("Task?requester=" + pcp + "&status=requested,accepted")).containsExactly(b, t);
        assertThat(ids("Task?code=" + TASK_TYPE + "|warm-handoff&patient=" + ben.id())).containsExactly(b);
        assertThat(ids("Task?code=http://snomed.info/sct|3457005")).isEmpty();
        LocalDate today = LocalDate.now(ZONE);
        assertThat(ids("Task?authored-on=ge" + today.minusDays(1) + "&patient=" + grace.id())).containsExactly(t, s, f);
        assertThat(ids("Task?authored-on=lt" + today.minusDays(1))).isEmpty();
        assertThat(ids("Task?authored-on=gt" + today.plusDays(1) + "&status=requested,completed")).isEmpty();

        Bundle page = client.search().byUrl("Task?patient=" + grace.id() + "&_count=2").returnBundle(Bundle.class).execute();
        assertThat(page.getTotal()).isEqualTo(3);
        assertThat(page.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly(t, s);
        Bundle next = client.loadPage().next(page).execute();
        assertThat(next.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly(f);
        Bundle filtered = client.search().byUrl("Task?status=accepted,completed,cancelled&_count=2&_offset=2").returnBundle(Bundle.class)
                .execute();
        assertThat(filtered.getTotal()).isEqualTo(3);
        assertThat(filtered.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly(f);
    }

    @Test
    void badSearchesAreOperationOutcomesOtherPracticesSeeNothingAndTasksAreReadOnly() {
        Handoff asked = as(Role.PCP, () -> handoffs.request(new HandoffRequest(grace.id(), HandoffReason.DISTRESS, Urgency.NOW,
                null, null, null, null)));

        assertThatThrownBy(() -> client.search().byUrl("Task?status=waiting").returnBundle(Bundle.class).execute())
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((OperationOutcome) ((InvalidRequestException) e).getOperationOutcome()).getIssueFirstRep()
                        .getDiagnostics()).contains("requested", "waiting"));
        assertThatThrownBy(() -> client.search().byUrl("Task?code=" + TASK_TYPE + "|referral").returnBundle(Bundle.class).execute())
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("warm-handoff");
        assertThatThrownBy(() -> client.search().byUrl("Task?authored-on=ne2026-01-01").returnBundle(Bundle.class).execute())
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> client.search().byUrl("Task?patient.name=Mwangi").returnBundle(Bundle.class).execute())
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> client.search().byUrl("Task?focus=QuestionnaireResponse/" + UUID.randomUUID()).returnBundle(Bundle.class)
                .execute()).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> client.read().resource(Task.class).withId("not-a-uuid").execute())
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.read().resource(Task.class).withId(UUID.randomUUID().toString()).execute())
                .isInstanceOf(ResourceNotFoundException.class)
                .satisfies(e -> assertThat(((ResourceNotFoundException) e).getOperationOutcome()).isInstanceOf(OperationOutcome.class));

        IGenericClient outsider = client(PracticeFixture.create(practices, "Other handoff practice"), Role.PCP);
        assertThatThrownBy(() -> outsider.read().resource(Task.class).withId(asked.id().toString()).execute())
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(outsider.search().byUrl("Task?patient=" + grace.id()).returnBundle(Bundle.class).execute().getTotal()).isZero();
        assertThat(outsider.search().byUrl("Task?status=requested").returnBundle(Bundle.class).execute().getTotal()).isZero();
        assertThat(outsider.search().byUrl("Task?owner=" + bhc + "&status=requested,accepted").returnBundle(Bundle.class).execute()
                .getTotal()).isZero();

        Task task = read(asked.id());
        task.setStatus(TaskStatus.COMPLETED);
        // HAPI answers an interaction a provider does not offer with a 400 OperationOutcome (not-supported)
        assertThatThrownBy(() -> client.update().resource(task).execute()).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("does not know how to handle PUT");
        assertThatThrownBy(() -> client.create().resource(new Task().setStatus(TaskStatus.REQUESTED).setIntent(TaskIntent.ORDER)).execute())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("does not know how to handle POST");
        assertThat(read(asked.id()).getStatus()).isEqualTo(TaskStatus.REQUESTED);
    }

    // ---- helpers ----

    private Task read(UUID id) {
        return client.read().resource(Task.class).withId(id.toString()).execute();
    }

    private static TaskOutputComponent output(Task task, String type) {
        return task.getOutput().stream().filter(o -> type.equals(o.getType().getCodingFirstRep().getCode())).findFirst()
                .orElseThrow(() -> new AssertionError("no output " + type));
    }

    private List<String> ids(String url) {
        Bundle bundle = client.search().byUrl(url).returnBundle(Bundle.class).execute();
        assertThat(bundle.getTotal()).isEqualTo(bundle.getEntry().size());
        return bundle.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    private <T> T as(Role role, java.util.function.Supplier<T> work) {
        return actors.runAs(practice.user(role), work);
    }

    IGenericClient client(PracticeFixture fixture, Role role) {
        IGenericClient generic = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
        generic.registerInterceptor(new BearerTokenAuthInterceptor(Tokens.token(port, fixture.client(role), PracticeFixture.SECRET)));
        return generic;
    }
}
