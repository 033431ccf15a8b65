package org.tandem.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.EpisodeOfCare.EpisodeOfCareStatus;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tandem.patient.AdministrativeSex;
import org.tandem.patient.PatientDetails;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.registry.Activity;
import org.tandem.registry.ContactEntry;
import org.tandem.registry.ContactMode;
import org.tandem.registry.Contacts;
import org.tandem.registry.DischargeReason;
import org.tandem.registry.Enrolment;
import org.tandem.registry.Episode;
import org.tandem.registry.EpisodeFocus;
import org.tandem.registry.EpisodeStatus;
import org.tandem.registry.Episodes;
import org.tandem.screening.Instruments;
import org.tandem.screening.ScreeningResult;
import org.tandem.screening.ScreeningSubmission;
import org.tandem.screening.Screenings;
import org.tandem.testsupport.PracticeFixture;
import org.tandem.testsupport.Tokens;

/**
 * The registry over FHIR: EpisodeOfCare read and search with its status history, focus, team and source screening;
 * the PHQ-9 and GAD-7 measurements of a contact found by Observation search on their LOINC codes; errors as
 * OperationOutcomes; other practices and the front desk see nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FhirEpisodeOfCareTests {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final ZoneId ZONE = ZoneId.of("America/Chicago");
    static final String FOCUS = "urn:tandem:fhir:episode-focus";

    @LocalServerPort
    int port;
    @Autowired
    Practices practices;
    @Autowired
    Patients patients;
    @Autowired
    Episodes episodes;
    @Autowired
    Contacts contacts;
    @Autowired
    Screenings screenings;
    @Autowired
    CurrentActor actors;

    PracticeFixture practice;
    IGenericClient client;
    PatientRecord patient;
    PatientRecord other;
    LocalDate today;

    @BeforeEach
    void setUp() {
        practice = PracticeFixture.create(practices, "FHIR registry practice");
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        client = client(practice, Role.PCP);
        patient = asCareManager(() -> patients.register(new PatientDetails(null, null, "Mwangi", "Grace", LocalDate.of(1975, 6, 1),
                AdministrativeSex.FEMALE, "en", practice.accounts().get(Role.PCP), null)));
        other = asCareManager(() -> patients.register(new PatientDetails(null, null, "Okafor", "Ben", LocalDate.of(1988, 2, 3),
                AdministrativeSex.MALE, "en", null, null)));
        today = LocalDate.now(ZONE);
    }

    @Test
    void anEpisodeReadsAsEpisodeOfCareWithItsHistoryTeamAndSourceScreening() {
        ScreeningResult screen = asCareManager(() -> screenings.submit(new ScreeningSubmission(null, patient.id(), null, null,
                Instruments.PHQ_9, Instruments.find(Instruments.PHQ_9).orElseThrow().answersScoring(2, 2, 2, 2, 2, 2, 1, 1, 0),
                ScreeningSubmission.Mode.STAFF, "en", null)));
        Episode referred = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)
                .on(today.minusDays(20), EpisodeStatus.REFERRED)
                .withTeam(null, practice.accounts().get(Role.PCP), practice.accounts().get(Role.PSYCHIATRIC_CONSULTANT))
                .fromScreen(screen.response().id(), null)));
        asCareManager(() -> episodes.changeStatus(referred.id(), EpisodeStatus.ENROLLED, null, today.minusDays(14), null, null));
        asCareManager(() -> episodes.recordConsent(referred.id(), today.minusDays(14), "written", null));
        Episode active = asCareManager(() -> episodes.changeStatus(referred.id(), EpisodeStatus.ACTIVE, null, today.minusDays(7), null,
                null));

        EpisodeOfCare episode = client.read().resource(EpisodeOfCare.class).withId(referred.id().toString()).execute();

        assertThat(episode.getIdElement().getIdPart()).isEqualTo(referred.id().toString());
        assertThat(episode.getMeta().getVersionId()).isEqualTo(String.valueOf(active.version()));
        assertThat(episode.getStatus()).isEqualTo(EpisodeOfCareStatus.ACTIVE);
        assertThat(episode.getTypeFirstRep().getCodingFirstRep().getSystem()).isEqualTo(FOCUS);
        assertThat(episode.getTypeFirstRep().getCodingFirstRep().getCode()).isEqualTo("depression");
        assertThat(episode.getPatient().getReference()).isEqualTo("Patient/" + patient.id());
        assertThat(episode.getCareManager().getReference()).isEqualTo("Practitioner/" + practice.accounts().get(Role.CARE_MANAGER));
        assertThat(episode.getCareManager().getDisplay()).isEqualTo("Test CARE_MANAGER");
        assertThat(episode.getManagingOrganization().getReference()).isEqualTo("Organization/" + practice.id().value());
        assertThat(episode.getManagingOrganization().getDisplay()).isEqualTo("FHIR registry practice");
        assertThat(episode.getPeriod().getStartElement().getValueAsString()).isEqualTo(today.minusDays(14).toString());
        assertThat(episode.getPeriod().hasEnd()).isFalse();
        assertThat(episode.getStatusHistory()).hasSize(2);
        assertThat(episode.getStatusHistory().get(0).getStatus()).isEqualTo(EpisodeOfCareStatus.PLANNED);
        assertThat(episode.getStatusHistory().get(0).getPeriod().getStartElement().getValueAsString())
                .isEqualTo(today.minusDays(20).toString());
        assertThat(episode.getStatusHistory().get(0).getPeriod().getEndElement().getValueAsString())
                .isEqualTo(today.minusDays(14).toString());
        assertThat(episode.getStatusHistory().get(1).getStatus()).isEqualTo(EpisodeOfCareStatus.ACTIVE);
        assertThat(episode.getStatusHistory().get(1).getPeriod().hasEnd()).isFalse();
        assertThat(((CodeType) episode.getExtensionByUrl(EpisodeOfCareProvider.EXT_STATUS).getValue()).getValue()).isEqualTo("active");
        assertThat(((Reference) episode.getExtensionByUrl(EpisodeOfCareProvider.EXT_SOURCE_SCREENING).getValue()).getReference())
                .isEqualTo("QuestionnaireResponse/" + screen.response().id());
        assertThat(episode.getExtensionByUrl(EpisodeOfCareProvider.EXT_CONSENT_DATE).getValue().primitiveValue())
                .isEqualTo(today.minusDays(14).toString());
        assertThat(((Reference) episode.getExtensionByUrl(EpisodeOfCareProvider.EXT_CONSULTANT).getValue()).getReference())
                .isEqualTo("Practitioner/" + practice.accounts().get(Role.PSYCHIATRIC_CONSULTANT));
        assertThat(((Reference) episode.getExtensionByUrl(EpisodeOfCareProvider.EXT_PCP).getValue()).getReference())
                .isEqualTo("Practitioner/" + practice.accounts().get(Role.PCP));

        asCareManager(() -> episodes.changeStatus(referred.id(), EpisodeStatus.DISCHARGED, DischargeReason.GOALS_MET, today, null, null));
        EpisodeOfCare finished = client.read().resource(EpisodeOfCare.class).withId(referred.id().toString()).execute();
        assertThat(finished.getStatus()).isEqualTo(EpisodeOfCareStatus.FINISHED);
        assertThat(finished.getPeriod().getEndElement().getValueAsString()).isEqualTo(today.toString());
        assertThat(finished.getStatusHistory()).extracting(h -> h.getStatus().toCode()).containsExactly("planned", "active", "finished");
        assertThat(((CodeType) finished.getExtensionByUrl(EpisodeOfCareProvider.EXT_DISCHARGE_REASON).getValue()).getValue())
                .isEqualTo("goals-met");
    }

    @Test
    void episodesAreSearchedByPatientStatusAndFocusAndPaged() {
        Episode depression = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)
                .on(today.minusDays(30), EpisodeStatus.ENROLLED)));
        asCareManager(() -> episodes.changeStatus(depression.id(), EpisodeStatus.ACTIVE, null, null, null, null));
        Episode anxiety = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.ANXIETY)
                .on(today.minusDays(10), EpisodeStatus.REFERRED)));
        Episode substance = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.SUBSTANCE_USE)
                .on(today.minusDays(60), EpisodeStatus.ENROLLED)));
        asCareManager(() -> episodes.changeStatus(substance.id(), EpisodeStatus.DISCHARGED, DischargeReason.REFERRED_ON, null, null, null));
        Episode others = asCareManager(() -> episodes.enrol(Enrolment.of(other.id(), EpisodeFocus.DEPRESSION)));

        assertThat(ids("EpisodeOfCare?patient=Patient/" + patient.id()))
                .containsExactly(anxiety.id().toString(), depression.id().toString(), substance.id().toString());
        assertThat(ids("EpisodeOfCare?patient=" + patient.id() + "&status=active")).containsExactly(depression.id().toString());
        assertThat(ids("EpisodeOfCare?patient=" + patient.id() + "&status=planned,finished"))
                .containsExactly(anxiety.id().toString(), substance.id().toString());
        assertThat(ids("EpisodeOfCare?patient=" + patient.id() + "&type=" + FOCUS + "|anxiety")).containsExactly(anxiety.id().toString());
        assertThat(ids("EpisodeOfCare?type=depression")).containsExactlyInAnyOrder(depression.id().toString(), others.id().toString());
        assertThat(ids("EpisodeOfCare?status=active")).containsExactlyInAnyOrder(depression.id().toString(), others.id().toString());
        assertThat(ids("EpisodeOfCare?status=waitlist")).isEmpty();
        assertThat(ids("EpisodeOfCare?type=http://snomed.info/sct|35489007")).isEmpty();

        Bundle first = client.search().byUrl("EpisodeOfCare?patient=" + patient.id() + "&_count=2").returnBundle(Bundle.class).execute();
        assertThat(first.getTotal()).isEqualTo(3);
        assertThat(first.getEntry()).hasSize(2);
        assertThat(first.getLink(Bundle.LINK_NEXT)).isNotNull();
        Bundle second = client.loadPage().next(first).execute();
        assertThat(second.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactly(substance.id().toString());
        EpisodeOfCare finished = (EpisodeOfCare) second.getEntryFirstRep().getResource();
        assertThat(finished.getStatus()).isEqualTo(EpisodeOfCareStatus.FINISHED);
        assertThat(finished.getStatusHistory()).extracting(h -> h.getStatus().toCode()).containsExactly("active", "finished");
    }

    @Test
    void badSearchesAreOperationOutcomesAndOtherPracticesSeeNothing() {
        Episode episode = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)));

        assertThatThrownBy(() -> client.search().byUrl("EpisodeOfCare?status=pending").returnBundle(Bundle.class).execute())
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((OperationOutcome) ((InvalidRequestException) e).getOperationOutcome()).getIssueFirstRep()
                        .getDiagnostics()).contains("planned", "pending"));
        assertThatThrownBy(() -> client.search().byUrl("EpisodeOfCare?type=" + FOCUS + "|grief").returnBundle(Bundle.class).execute())
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> client.read().resource(EpisodeOfCare.class).withId("not-a-uuid").execute())
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.read().resource(EpisodeOfCare.class).withId(UUID.randomUUID().toString()).execute())
                .isInstanceOf(ResourceNotFoundException.class)
                .satisfies(e -> assertThat(((ResourceNotFoundException) e).getOperationOutcome()).isInstanceOf(OperationOutcome.class));

        IGenericClient outsider = client(PracticeFixture.create(practices, "Other practice"), Role.CARE_MANAGER);
        assertThatThrownBy(() -> outsider.read().resource(EpisodeOfCare.class).withId(episode.id().toString()).execute())
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(outsider.search().byUrl("EpisodeOfCare?patient=" + patient.id()).returnBundle(Bundle.class).execute().getTotal())
                .isZero();
        assertThat(outsider.search().byUrl("EpisodeOfCare?status=active").returnBundle(Bundle.class).execute().getTotal()).isZero();

        IGenericClient frontDesk = client(practice, Role.FRONT_DESK);
        assertThatThrownBy(() -> frontDesk.read().resource(EpisodeOfCare.class).withId(episode.id().toString()).execute())
                .isInstanceOf(ForbiddenOperationException.class);
        assertThatThrownBy(() -> frontDesk.search().byUrl("EpisodeOfCare?status=active").returnBundle(Bundle.class).execute())
                .isInstanceOf(ForbiddenOperationException.class);
    }

    @Test
    void theMeasurementsOfAContactAreFoundByObservationSearchOnTheirLoincCodes() {
        Episode episode = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)));
        asCareManager(() -> contacts.log(new ContactEntry(episode.id(), null, 20, ContactMode.PHONE, Activity.MEASUREMENT, null,
                Map.of(Instruments.PHQ_9, List.of(2, 2, 2, 1, 1, 1, 1, 1, 0), Instruments.GAD_7, List.of(1, 1, 1, 1, 1, 1, 0)), "en")));
        asCareManager(() -> contacts.log(new ContactEntry(episode.id(), null, 15, ContactMode.VIDEO, Activity.FOLLOW_UP, null,
                Map.of(Instruments.PHQ_9, List.of(1, 1, 1, 1, 1, 0, 0, 0, 0)), "en")));
        Episode othersEpisode = asCareManager(() -> episodes.enrol(Enrolment.of(other.id(), EpisodeFocus.DEPRESSION)));
        asCareManager(() -> contacts.log(new ContactEntry(othersEpisode.id(), null, 10, ContactMode.PHONE, Activity.MEASUREMENT, null,
                Map.of(Instruments.PHQ_9, List.of(3, 3, 3, 3, 3, 3, 3, 3, 0)), "en")));

        Bundle phq9 = client.search().byUrl("Observation?patient=" + patient.id() + "&code=http://loinc.org|44261-6")
                .returnBundle(Bundle.class).execute();
        assertThat(phq9.getTotal()).isEqualTo(2);
        assertThat(phq9.getEntry()).extracting(e -> ((Observation) e.getResource()).getValueIntegerType().getValue())
                .containsExactlyInAnyOrder(11, 5);
        assertThat(phq9.getEntry()).allSatisfy(e -> {
            Observation observation = (Observation) e.getResource();
            assertThat(observation.getSubject().getReference()).isEqualTo("Patient/" + patient.id());
            assertThat(observation.getCode().getCodingFirstRep().getSystem()).isEqualTo("http://loinc.org");
            assertThat(observation.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
            assertThat(observation.getDerivedFromFirstRep().getReference()).startsWith("QuestionnaireResponse/");
        });
        Bundle gad7 = client.search().byUrl("Observation?patient=" + patient.id() + "&code=http://loinc.org|70274-6")
                .returnBundle(Bundle.class).execute();
        assertThat(gad7.getEntry()).singleElement()
                .satisfies(e -> assertThat(((Observation) e.getResource()).getValueIntegerType().getValue()).isEqualTo(6));
        Bundle both = client.search().byUrl("Observation?patient=" + patient.id() + "&code=http://loinc.org|44261-6,http://loinc.org|70274-6")
                .returnBundle(Bundle.class).execute();
        assertThat(both.getTotal()).isEqualTo(3);
    }

    // ---- helpers ----

    private List<String> ids(String url) {
        Bundle bundle = client.search().byUrl(url).returnBundle(Bundle.class).execute();
        assertThat(bundle.getTotal()).isEqualTo(bundle.getEntry().size());
        return bundle.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    private <T> T asCareManager(java.util.function.Supplier<T> work) {
        return actors.runAs(practice.user(Role.CARE_MANAGER), work);
    }

    IGenericClient client(PracticeFixture fixture, Role role) {
        IGenericClient generic = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
        generic.registerInterceptor(new BearerTokenAuthInterceptor(Tokens.token(port, fixture.client(role), PracticeFixture.SECRET)));
        return generic;
    }
}
