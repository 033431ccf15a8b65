package org.tandem.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.testsupport.PracticeFixture;
import org.tandem.testsupport.Tokens;

/** HAPI FHIR's plain server inside the Boot 4 application: metadata, Patient create/read/search over HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FhirEndpointTests {

    static final FhirContext FHIR = FhirContext.forR4Cached();

    @LocalServerPort
    int port;

    @Autowired
    Practices practices;

    PracticeFixture practice;
    IGenericClient client;

    @BeforeEach
    void setUp() {
        practice = PracticeFixture.create(practices, "FHIR practice");
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        client = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(
                Tokens.token(port, practice.client(Role.PCP), PracticeFixture.SECRET)));
    }

    @Test
    void capabilityStatementNeedsNoToken() {
        IGenericClient anonymous = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
        CapabilityStatement capabilities = anonymous.capabilities().ofType(CapabilityStatement.class).execute();
        assertThat(capabilities.getFhirVersion().toCode()).isEqualTo("4.0.1");
        assertThat(capabilities.getRestFirstRep().getResource()).extracting(r -> r.getType())
                .contains("Patient", "Encounter", "Task", "Schedule", "Slot", "Appointment");
    }

    @Test
    void patientRoundTripsThroughCreateReadAndSearch() {
        Patient patient = new Patient();
        patient.addName().setFamily("Okonkwo").addGiven("Ada");
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        patient.getBirthDateElement().setValueAsString("1984-02-29");
        patient.addIdentifier().setSystem("urn:test:mrn").setValue("MRN-1001");

        MethodOutcome created = client.create().resource(patient).execute();
        String id = created.getId().getIdPart();

        Patient read = client.read().resource(Patient.class).withId(id).execute();
        assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Okonkwo");
        assertThat(read.getBirthDateElement().getValueAsString()).isEqualTo("1984-02-29");
        assertThat(read.getIdentifier()).anySatisfy(i -> assertThat(i.getValue()).isEqualTo("MRN-1001"));

        Bundle byName = client.search().forResource(Patient.class).where(Patient.NAME.matches().value("okonk"))
                .returnBundle(Bundle.class).execute();
        assertThat(byName.getEntry()).hasSize(1);
        Bundle byBirthDate = client.search().forResource(Patient.class)
                .where(Patient.BIRTHDATE.exactly().day("1984-02-29")).returnBundle(Bundle.class).execute();
        assertThat(byBirthDate.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly(id);
        Bundle byIdentifier = client.search().forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndCode("urn:test:mrn", "MRN-1001")).returnBundle(Bundle.class).execute();
        assertThat(byIdentifier.getTotal()).isEqualTo(1);
    }

    @Test
    void invalidPatientIsRejectedWithOperationOutcome() {
        Patient nameless = new Patient();
        nameless.setGender(Enumerations.AdministrativeGender.MALE);
        assertThatThrownBy(() -> client.create().resource(nameless).execute())
                .isInstanceOf(UnprocessableEntityException.class)
                .hasMessageContaining("Family name is required");
    }

    @Test
    void requestWithoutTokenIsUnauthorized() {
        IGenericClient anonymous = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
        assertThatThrownBy(() -> anonymous.search().forResource(Patient.class).returnBundle(Bundle.class).execute())
                .isInstanceOf(AuthenticationException.class);
    }
}
