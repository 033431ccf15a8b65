package org.tandem.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditRecord;
import org.tandem.privacy.AuditTrail;
import org.tandem.testsupport.PracticeFixture;
import org.tandem.testsupport.Tokens;

/** Stored clinical facts over FHIR: read and search per type, only within the caller's practice and role. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FhirFactTests {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final String LOINC = "http://loinc.org";
    static final String SNOMED = "http://snomed.info/sct";
    static final String ICD10 = "http://hl7.org/fhir/sid/icd-10-cm";

    @LocalServerPort
    int port;
    @Autowired
    Practices practices;
    @Autowired
    CurrentActor actors;
    @Autowired
    AuditTrail audit;

    PracticeFixture practice;
    IGenericClient client;
    String patientId;

    @BeforeEach
    void setUp() {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        practice = PracticeFixture.create(practices, "Fact practice");
        client = client(practice, Role.PCP);
        patientId = UUID.randomUUID().toString();
        client.transaction().withBundle(bundle(patientId, "phq9-1", "gad7-1", "depression-1")).execute();
    }

    @Test
    void factsLoadedByTransactionReadBackAsSentWithIdVersionAndPatient() {
        Observation phq9 = client.read().resource(Observation.class).withId("phq9-1").execute();
        assertThat(phq9.getIdElement().getIdPart()).isEqualTo("phq9-1");
        assertThat(phq9.getMeta().getVersionId()).isEqualTo("1");
        assertThat(phq9.getSubject().getReference()).isEqualTo("Patient/" + patientId);
        assertThat(phq9.getCode().getCodingFirstRep().getCode()).isEqualTo("44261-6");
        assertThat(phq9.getValueQuantity().getValue()).isEqualByComparingTo("12");
        assertThat(phq9.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2025-03-04T10:00:00-06:00");

        Condition depression = client.read().resource(Condition.class).withId("depression-1").execute();
        assertThat(depression.getSubject().getReference()).isEqualTo("Patient/" + patientId);
        assertThat(depression.getCode().getCoding()).extracting(Coding::getCode).containsExactly("35489007", "F32.9");

        client.transaction().withBundle(bundle(patientId, "phq9-1", "gad7-1", "depression-1")).execute();
        assertThat(client.read().resource(Observation.class).withId("phq9-1").execute().getMeta().getVersionId()).isEqualTo("2");
    }

    @Test
    void factsAreFoundByPatientCodeAndDateOnePageAtATime() {
        assertThat(ids("Observation?patient=" + patientId)).containsExactly("gad7-1", "phq9-1");
        assertThat(ids("Observation?subject=Patient/" + patientId)).containsExactly("gad7-1", "phq9-1");
        assertThat(ids("Observation?patient=" + UUID.randomUUID())).isEmpty();
        assertThat(ids("Observation?code=" + LOINC + "|44261-6")).containsExactly("phq9-1");
        assertThat(ids("Observation?code=44261-6&patient=" + patientId)).containsExactly("phq9-1");
        assertThat(ids("Observation?code=" + LOINC + "|44261-6," + LOINC + "|69737-5")).containsExactly("gad7-1", "phq9-1");
        assertThat(ids("Observation?code=" + SNOMED + "|44261-6")).isEmpty();
        assertThat(ids("Condition?code=" + ICD10 + "|F32.9")).containsExactly("depression-1");
        assertThat(ids("Condition?subject=" + patientId + "&code=" + SNOMED + "|35489007")).containsExactly("depression-1");
        assertThat(ids("Observation?date=2025-03-04")).containsExactly("phq9-1");
        assertThat(ids("Observation?date=ge2025-06-01")).containsExactly("gad7-1");
        assertThat(ids("Observation?date=lt2025-06-01&patient=" + patientId)).containsExactly("phq9-1");
        assertThat(ids("Observation?date=ge2025-01-01&date=lt2025-01-31")).isEmpty();

        Bundle first = client.search().byUrl("Observation?patient=" + patientId + "&_count=1").returnBundle(Bundle.class).execute();
        assertThat(first.getTotal()).isEqualTo(2);
        assertThat(first.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly("gad7-1");
        Bundle second = client.loadPage().next(first).execute();
        assertThat(second.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly("phq9-1");

        List<AuditRecord> history = actors.runAs(practice.actor(Role.PRACTICE_ADMIN),
                () -> audit.historyOf(UUID.fromString(patientId), 5));
        assertThat(history.get(0).action()).isEqualTo(AuditAction.SEARCH);
        assertThat(history.get(0).resourceType()).isEqualTo("Observation");
        assertThat(history.get(0).channel()).isEqualTo("FHIR");
    }

    @Test
    void anotherPracticesFactIsNotFound() {
        PracticeFixture other = PracticeFixture.create(practices, "Other fact practice");
        String otherPatient = UUID.randomUUID().toString();
        client(other, Role.PCP).transaction().withBundle(bundle(otherPatient, "phq9-elsewhere", "gad7-elsewhere", "depression-elsewhere"))
                .execute();

        assertThatThrownBy(() -> client.read().resource(Observation.class).withId("phq9-elsewhere").execute())
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.read().resource(Condition.class).withId("depression-elsewhere").execute())
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(ids("Observation?patient=" + otherPatient)).isEmpty();
        assertThat(ids("Observation?code=" + LOINC + "|44261-6")).containsExactly("phq9-1");
    }

    @Test
    void aRoleWithoutClinicalAccessIsForbidden() {
        IGenericClient frontDesk = client(practice, Role.FRONT_DESK);
        assertThatThrownBy(() -> frontDesk.read().resource(Observation.class).withId("phq9-1").execute())
                .isInstanceOf(ForbiddenOperationException.class);
        assertThatThrownBy(() -> frontDesk.search().byUrl("Condition?patient=" + patientId).returnBundle(Bundle.class).execute())
                .isInstanceOf(ForbiddenOperationException.class);
        assertThatThrownBy(() -> frontDesk.search().byUrl("Observation?code=44261-6").returnBundle(Bundle.class).execute())
                .isInstanceOf(ForbiddenOperationException.class);
        assertThat(frontDesk.read().resource(Patient.class).withId(patientId).execute().getIdElement().getIdPart()).isEqualTo(patientId);
    }

    @Test
    void capabilityStatementListsEveryFactTypeWithItsSearchParameters() {
        CapabilityStatement capabilities = client.capabilities().ofType(CapabilityStatement.class).execute();
        List<CapabilityStatement.CapabilityStatementRestResourceComponent> resources = capabilities.getRestFirstRep().getResource();
        assertThat(resources).extracting(CapabilityStatement.CapabilityStatementRestResourceComponent::getType)
                .contains("Observation", "Condition", "Procedure", "MedicationRequest", "ServiceRequest", "Coverage");
        CapabilityStatement.CapabilityStatementRestResourceComponent observation = resources.stream()
                .filter(r -> "Observation".equals(r.getType())).findFirst().orElseThrow();
        assertThat(observation.getSearchParam()).extracting(CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent::getName)
                .contains("patient", "subject", "code", "date");
    }

    private List<String> ids(String search) {
        Bundle found = client.search().byUrl(search).returnBundle(Bundle.class).execute();
        assertThat(found.getTotal()).isEqualTo(found.getEntry().size());
        return found.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    private IGenericClient client(PracticeFixture fixture, Role role) {
        IGenericClient fhir = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
        fhir.registerInterceptor(new BearerTokenAuthInterceptor(Tokens.token(port, fixture.client(role), PracticeFixture.SECRET)));
        return fhir;
    }

    /** A patient with a PHQ-9 (March), a GAD-7 (June) and a depression diagnosis, referring to each other by urn:uuid. */
    static Bundle bundle(String patientId, String phq9Id, String gad7Id, String conditionId) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Patient patient = new Patient();
        patient.addName().setFamily("Ferreira").addGiven("Lucia");
        patient.getBirthDateElement().setValueAsString("1979-11-02");
        add(bundle, "urn:uuid:" + patientId, patient, "Patient/" + patientId);
        Reference subject = new Reference("urn:uuid:" + patientId);

        Observation phq9 = new Observation().setStatus(Observation.ObservationStatus.FINAL)
                .setCode(new CodeableConcept(new Coding(LOINC, "44261-6", "PHQ-9 total score")))
                .setSubject(subject).setEffective(new DateTimeType("2025-03-04T10:00:00-06:00"));
        phq9.setValue(new Quantity(12).setUnit("{score}"));
        add(bundle, "urn:uuid:" + UUID.randomUUID(), phq9, "Observation/" + phq9Id);

        Observation gad7 = new Observation().setStatus(Observation.ObservationStatus.FINAL)
                .setCode(new CodeableConcept(new Coding(LOINC, "69737-5", "GAD-7 total score")))
                .setSubject(subject).setEffective(new DateTimeType("2025-06-10"));
        gad7.setValue(new Quantity(9).setUnit("{score}"));
        add(bundle, "urn:uuid:" + UUID.randomUUID(), gad7, "Observation/" + gad7Id);

        Condition depression = new Condition().setSubject(subject)
                .setCode(new CodeableConcept(new Coding(SNOMED, "35489007", "Depressive disorder"))
                        .addCoding(new Coding(ICD10, "F32.9", "Major depressive disorder, single episode, unspecified")));
        depression.setClinicalStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)));
        depression.setOnset(new DateTimeType("2025-03-04"));
        add(bundle, "urn:uuid:" + UUID.randomUUID(), depression, "Condition/" + conditionId);
        return bundle;
    }

    private static void add(Bundle bundle, String fullUrl, Resource resource, String url) {
        bundle.addEntry().setFullUrl(fullUrl).setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
    }
}
