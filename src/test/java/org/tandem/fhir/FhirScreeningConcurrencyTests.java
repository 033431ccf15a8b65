package org.tandem.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tandem.patient.AdministrativeSex;
import org.tandem.patient.PatientDetails;
import org.tandem.patient.Patients;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.privacy.AuditVerification;
import org.tandem.privacy.AuditVerifier;
import org.tandem.testsupport.PracticeFixture;
import org.tandem.testsupport.Tokens;

/**
 * 50 PHQ-9 responses posted at the same moment (25 patients, two each; a fixed K of them with item 9 above 0):
 * every one is stored once with its two Observations, exactly K safety alerts are raised, and the practice's audit
 * chain still verifies.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FhirScreeningConcurrencyTests {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final int REQUESTS = 50;
    static final int PATIENTS = 25;
    /** Observations per complete adult PHQ-9: the total (44261-6) and the CMS2 result (73832-8). */
    static final int OBSERVATIONS_PER_RESPONSE = 2;

    @LocalServerPort
    int port;
    @Autowired
    Practices practices;
    @Autowired
    Patients patients;
    @Autowired
    CurrentActor actors;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AuditVerifier verifier;

    @Test
    void fiftySimultaneousResponsesAreAllStoredWithExactlyTheExpectedAlerts() throws Exception {
        PracticeFixture practice = PracticeFixture.create(practices, "Concurrent screening practice");
        PracticeFixture bystander = PracticeFixture.create(practices, "Bystander practice");
        List<String> patientIds = new ArrayList<>();
        for (int i = 0; i < PATIENTS; i++) {
            int n = i;
            patientIds.add(actors.runAs(practice.actor(Role.PCP), () -> patients.register(new PatientDetails(null, null,
                    "Concurrent" + n, "Pat", LocalDate.of(1970 + n, 1, 15), AdministrativeSex.FEMALE, "en", null, null)))
                    .id().value().toString());
        }
        String token = Tokens.token(port, practice.client(Role.MEDICAL_ASSISTANT), PracticeFixture.SECRET);
        List<String> bodies = new ArrayList<>();
        Set<Integer> item9Positive = new HashSet<>();
        for (int i = 0; i < REQUESTS; i++) {
            boolean positive = i % 3 == 0;
            if (positive) {
                item9Positive.add(i);
            }
            int[] scores = { i % 4, (i / 4) % 4, 1, 0, 2, 0, 1, 0, positive ? 1 + i % 3 : 0 };
            bodies.add(FHIR.newJsonParser().encodeResourceToString(FhirScreeningTests.phq9(patientIds.get(i % PATIENTS), scores)));
        }
        int expectedAlerts = item9Positive.size();
        assertThat(expectedAlerts).isEqualTo(17);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
        CountDownLatch ready = new CountDownLatch(REQUESTS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < REQUESTS; i++) {
                String body = bodies.get(i);
                Callable<HttpResponse<String>> post = () -> {
                    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir/QuestionnaireResponse"))
                            .timeout(Duration.ofSeconds(60))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/fhir+json")
                            .header("Accept", "application/fhir+json")
                            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
                    ready.countDown();
                    go.await();
                    return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                };
                futures.add(pool.submit(post));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();

            Set<String> responseIds = new HashSet<>();
            Set<String> flagIds = new HashSet<>();
            Set<Integer> alerted = new HashSet<>();
            for (int i = 0; i < REQUESTS; i++) {
                HttpResponse<String> response = futures.get(i).get(120, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as("request %d: %s", i, response.body()).isEqualTo(201);
                QuestionnaireResponse stored = FHIR.newJsonParser().parseResource(QuestionnaireResponse.class, response.body());
                assertThat(response.headers().firstValue("Location")).get().asString()
                        .contains("QuestionnaireResponse/" + stored.getIdElement().getIdPart());
                assertThat(stored.getSubject().getReference()).isEqualTo("Patient/" + patientIds.get(i % PATIENTS));
                assertThat(stored.getContained()).hasSize(OBSERVATIONS_PER_RESPONSE);
                responseIds.add(stored.getIdElement().getIdPart());
                if (stored.getExtensionByUrl(QuestionnaireResponseProvider.SAFETY_ALERT) != null) {
                    alerted.add(i);
                    flagIds.add(((Reference) stored.getExtensionByUrl(QuestionnaireResponseProvider.SAFETY_ALERT).getValue())
                            .getReferenceElement().getIdPart());
                }
            }
            assertThat(responseIds).hasSize(REQUESTS);
            assertThat(alerted).isEqualTo(item9Positive);
            assertThat(flagIds).hasSize(expectedAlerts);

            UUID practiceId = practice.id().value();
            assertThat(count("SELECT COUNT(*) FROM screening_response WHERE practice_id = ?", practiceId)).isEqualTo(REQUESTS);
            assertThat(count("SELECT COUNT(DISTINCT id) FROM screening_response WHERE practice_id = ?", practiceId)).isEqualTo(REQUESTS);
            assertThat(count("SELECT COUNT(*) FROM clinical_fact WHERE practice_id = ? AND resource_type = 'Observation'", practiceId))
                    .isEqualTo(REQUESTS * OBSERVATIONS_PER_RESPONSE);
            assertThat(count("SELECT COUNT(*) FROM safety_alert WHERE practice_id = ?", practiceId)).isEqualTo(expectedAlerts);
            assertThat(count("SELECT COUNT(DISTINCT response_id) FROM safety_alert WHERE practice_id = ?", practiceId))
                    .isEqualTo(expectedAlerts);
            assertThat(count("SELECT COUNT(*) FROM screening_response WHERE practice_id = ?", bystander.id().value())).isZero();

            Set<String> pagedFlags = new HashSet<>();
            int pages = 0;
            String pcpToken = Tokens.token(port, practice.client(Role.PCP), PracticeFixture.SECRET);
            IGenericClient client = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
            client.registerInterceptor(new BearerTokenAuthInterceptor(pcpToken));
            Bundle page = client.search().byUrl("Flag?status=active&_count=5").returnBundle(Bundle.class).execute();
            assertThat(page.getTotal()).isEqualTo(expectedAlerts);
            while (true) {
                pages++;
                for (Bundle.BundleEntryComponent entry : page.getEntry()) {
                    assertThat(pagedFlags.add(((Flag) entry.getResource()).getIdElement().getIdPart())).isTrue();
                }
                if (page.getLink(Bundle.LINK_NEXT) == null) {
                    break;
                }
                page = client.loadPage().next(page).execute();
            }
            assertThat(pages).isEqualTo(4);
            assertThat(pagedFlags).isEqualTo(flagIds);

            AuditVerification audit = verifier.verify(practice.id());
            assertThat(audit.firstBreak()).isEmpty();
            assertThat(audit.events()).isGreaterThanOrEqualTo(REQUESTS);
        } finally {
            pool.shutdownNow();
        }
    }

    private int count(String sql, UUID practice) {
        Integer value = jdbc.queryForObject(sql, Integer.class, practice);
        return value == null ? 0 : value;
    }
}
