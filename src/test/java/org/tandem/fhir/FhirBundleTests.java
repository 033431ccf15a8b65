package org.tandem.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tandem.patient.ClinicalFact;
import org.tandem.patient.ClinicalFacts;
import org.tandem.patient.Encounters;
import org.tandem.patient.PatientId;
import org.tandem.patient.Patients;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.testsupport.PracticeFixture;
import org.tandem.testsupport.Tokens;

/** Transaction and batch bundles: official eCQM test cases load, reload idempotently, and bad bundles change nothing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FhirBundleTests {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final PatientId CMS159_PATIENT = PatientId.of("6c3abc11-1c4b-4877-a256-693f77c9d67d");

    @LocalServerPort
    int port;
    @Autowired
    Practices practices;
    @Autowired
    CurrentActor actors;
    @Autowired
    ClinicalFacts facts;
    @Autowired
    Encounters encounters;
    @Autowired
    Patients patients;

    PracticeFixture practice;
    IGenericClient client;

    @BeforeEach
    void setUp() {
        practice = PracticeFixture.create(practices, "Bundle practice");
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        client = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(Tokens.token(port, practice.client(Role.PCP), PracticeFixture.SECRET)));
    }

    @Test
    void officialTestCaseLoadsAsTransactionAndReloadsWithoutDuplicates() {
        Bundle bundle = testCase("ecqm/cms159-6c3abc11-bundle.json");
        Bundle first = client.transaction().withBundle(bundle).execute();
        assertThat(first.getEntry()).hasSize(bundle.getEntry().size())
                .allSatisfy(e -> assertThat(e.getResponse().getStatus()).isEqualTo("201 Created"));

        List<ClinicalFact> stored = actors.runAs(practice.actor(Role.PCP), () -> facts.of(CMS159_PATIENT, null));
        assertThat(stored).extracting(ClinicalFact::resourceType).containsExactlyInAnyOrder("Observation", "Observation", "Condition");
        assertThat(stored).allSatisfy(f -> assertThat(f.rawJson()).contains("\"resourceType\""));
        ClinicalFact phq9 = stored.stream().filter(f -> "d86feb64-cb15-4667-962e-eba0594f6ff7".equals(f.id())).findFirst().orElseThrow();
        assertThat(phq9.codeSystem()).isEqualTo("http://loinc.org");
        assertThat(phq9.valueQuantity()).isNotNull();

        Bundle second = client.transaction().withBundle(testCase("ecqm/cms159-6c3abc11-bundle.json")).execute();
        assertThat(second.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).isEqualTo("200 OK"));
        assertThat(actors.runAs(practice.actor(Role.PCP), () -> facts.of(CMS159_PATIENT, null))).hasSize(3);
        assertThat(actors.runAs(practice.actor(Role.PCP), () -> encounters.search(CMS159_PATIENT, null, null, 0, 50).total())).isEqualTo(2);
    }

    @Test
    void organizationsAndPractitionersAreAcknowledgedWithAWarning() {
        Bundle response = client.transaction().withBundle(testCase("ecqm/cms2-5b17b07b-bundle.json")).execute();
        assertThat(response.getEntry()).anySatisfy(e -> {
            assertThat(e.getResponse().getStatus()).isEqualTo("200 OK");
            assertThat(e.getResponse().getOutcome()).isNotNull();
        });
        assertThat(actors.runAs(practice.actor(Role.PCP), () -> facts.of(PatientId.of("5b17b07b-d0b2-4f6e-8225-f362250c8005"), "Coverage")))
                .hasSize(1);
    }

    @Test
    void transactionWithOneBadEntryChangesNothing() {
        Bundle bundle = testCase("ecqm/cms159-6c3abc11-bundle.json");
        Observation orphan = new Observation();
        orphan.setId("orphan-observation");
        orphan.setStatus(Observation.ObservationStatus.FINAL);
        orphan.setSubject(new Reference("Patient/00000000-0000-0000-0000-00000000beef"));
        bundle.addEntry().setResource(orphan).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Observation/orphan-observation");

        assertThatThrownBy(() -> client.transaction().withBundle(bundle).execute())
                .isInstanceOf(BaseServerResponseException.class)
                .satisfies(e -> assertThat(((BaseServerResponseException) e).getStatusCode()).isEqualTo(422))
                .hasMessageContaining("not a patient of this practice");
        assertThat(actors.runAs(practice.actor(Role.PCP), () -> patients.exists(CMS159_PATIENT))).isFalse();
    }

    @Test
    void batchStoresTheGoodEntriesAndReportsTheBadOne() {
        Bundle bundle = testCase("ecqm/cms159-6c3abc11-bundle.json");
        bundle.setType(Bundle.BundleType.BATCH);
        Patient nameless = new Patient();
        nameless.setId("0f0f0f0f-0000-0000-0000-000000000001");
        bundle.addEntry().setResource(nameless).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Patient/0f0f0f0f-0000-0000-0000-000000000001");

        Bundle response = client.transaction().withBundle(bundle).execute();
        Bundle.BundleEntryComponent bad = response.getEntry().get(response.getEntry().size() - 1);
        assertThat(bad.getResponse().getStatus()).startsWith("422");
        assertThat(bad.getResponse().getOutcome()).isNotNull();
        assertThat(actors.runAs(practice.actor(Role.PCP), () -> facts.of(CMS159_PATIENT, null))).hasSize(3);
    }

    @Test
    void unsupportedResourceTypeFailsTheTransaction() {
        Bundle withReport = testCase("ecqm/cms159-6c3abc11-bundle.json", true);
        assertThatThrownBy(() -> client.transaction().withBundle(withReport).execute())
                .isInstanceOf(BaseServerResponseException.class).hasMessageContaining("MeasureReport");
        assertThat(actors.runAs(practice.actor(Role.PCP), () -> patients.exists(CMS159_PATIENT))).isFalse();
    }

    static Bundle testCase(String path) {
        return testCase(path, false);
    }

    /** An official test case; its expected-results MeasureReport is removed unless asked for. */
    static Bundle testCase(String path, boolean keepMeasureReport) {
        try (InputStream in = FhirBundleTests.class.getClassLoader().getResourceAsStream(path)) {
            Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, in);
            if (!keepMeasureReport) {
                bundle.getEntry().removeIf(e -> "MeasureReport".equals(e.getResource().fhirType()));
            }
            return bundle;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
