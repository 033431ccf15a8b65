package org.tandem;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.tandem.patient.AdministrativeSex;
import org.tandem.patient.ClinicalFactDetails;
import org.tandem.patient.ClinicalFacts;
import org.tandem.patient.EncounterDetails;
import org.tandem.patient.Encounters;
import org.tandem.patient.PatientDetails;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.testsupport.PracticeFixture;
import org.tandem.testsupport.Tokens;

/**
 * A user or API client of practice A can never read or change practice B's data: on FHIR (read, search, update,
 * transaction), on REST, and on every page whose URL names a patient or encounter.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TenancyIsolationTests {

    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @LocalServerPort
    int port;
    @Autowired
    Practices practices;
    @Autowired
    Patients patients;
    @Autowired
    Encounters encounters;
    @Autowired
    ClinicalFacts facts;
    @Autowired
    CurrentActor actors;
    @Autowired
    RequestMappingHandlerMapping mappings;

    PracticeFixture a;
    PracticeFixture b;
    PatientRecord bPatient;
    UUID bEncounter = UUID.randomUUID();
    String aToken;

    @BeforeEach
    void setUp() {
        a = PracticeFixture.create(practices, "Practice A");
        b = PracticeFixture.create(practices, "Practice B");
        actors.runAs(b.actor(Role.PCP), () -> {
            bPatient = patients.register(new PatientDetails("urn:b:mrn", "B-1", "Hidden", "Beatrice", LocalDate.of(1960, 1, 2),
                    AdministrativeSex.FEMALE, "en", null, null));
            encounters.create(bEncounter, new EncounterDetails(bPatient.id(), "finished", "AMB", "http://www.ama-assn.org/go/cpt",
                    "99213", "Office visit", java.time.Instant.parse("2026-01-05T15:00:00Z"), null, null, null, null));
            facts.save(new ClinicalFactDetails("Condition", "b-condition-1", bPatient.id(), "http://snomed.info/sct", "35489007",
                    "Depressive disorder", List.of(new ClinicalFactDetails.Coding("http://snomed.info/sct", "35489007")), "active",
                    null, null, null, null, null, null, null, "{\"resourceType\":\"Condition\",\"id\":\"b-condition-1\"}"));
        });
        aToken = Tokens.token(port, a.client(Role.PCP), PracticeFixture.SECRET);
    }

    @Test
    void fhirReadsOfAnotherPracticesRecordsFindNothing() {
        assertThat(fhir("GET", "/fhir/Patient/" + bPatient.id(), null).statusCode()).isEqualTo(404);
        assertThat(fhir("GET", "/fhir/Encounter/" + bEncounter, null).statusCode()).isEqualTo(404);
        HttpResponse<String> search = fhir("GET", "/fhir/Patient?name=Hidden", null);
        assertThat(search.statusCode()).isEqualTo(200);
        assertThat(search.body()).contains("\"total\":0").doesNotContain(bPatient.id().toString());
        HttpResponse<String> byIdentifier = fhir("GET", "/fhir/Patient?identifier=urn:b:mrn%7CB-1", null);
        assertThat(byIdentifier.body()).contains("\"total\":0");
        HttpResponse<String> visits = fhir("GET", "/fhir/Encounter?patient=Patient/" + bPatient.id(), null);
        assertThat(visits.body()).contains("\"total\":0");
    }

    @Test
    void fhirWritesCannotChangeAnotherPracticesRecords() {
        String encounter = "{\"resourceType\":\"Encounter\",\"id\":\"" + bEncounter + "\",\"status\":\"cancelled\","
                + "\"class\":{\"code\":\"AMB\"},\"subject\":{\"reference\":\"Patient/" + bPatient.id() + "\"}}";
        assertThat(fhir("PUT", "/fhir/Encounter/" + bEncounter, encounter).statusCode()).isEqualTo(422);
        String transaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"Condition\",\"id\":\"b-condition-1\",\"subject\":{\"reference\":\"Patient/" + bPatient.id()
                + "\"},\"code\":{\"text\":\"changed\"}},\"request\":{\"method\":\"PUT\",\"url\":\"Condition/b-condition-1\"}}]}";
        assertThat(fhir("POST", "/fhir", transaction).statusCode()).isEqualTo(422);
        // An update naming B's id creates a separate record in A's practice; B's record is untouched.
        String update = "{\"resourceType\":\"Patient\",\"id\":\"" + bPatient.id() + "\",\"name\":[{\"family\":\"Overwritten\"}],"
                + "\"gender\":\"male\"}";
        assertThat(fhir("PUT", "/fhir/Patient/" + bPatient.id(), update).statusCode()).isEqualTo(201);

        actors.runAs(b.actor(Role.PCP), () -> {
            PatientRecord unchanged = patients.get(bPatient.id());
            assertThat(unchanged.familyName()).isEqualTo("Hidden");
            assertThat(unchanged.version()).isEqualTo(1);
            assertThat(encounters.get(bEncounter).status()).isEqualTo("finished");
            assertThat(facts.get("Condition", "b-condition-1").codeDisplay()).isEqualTo("Depressive disorder");
        });
    }

    @Test
    void everyPageAndRestEndpointNamingAPatientOrEncounterRefusesAnotherPractice() throws Exception {
        String session = signIn(a.emails().get(Role.PRACTICE_ADMIN));
        List<String> checked = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, ?> mapping : mappings.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = mapping.getKey();
            if (!info.getMethodsCondition().getMethods().isEmpty() && !info.getMethodsCondition().getMethods().contains(RequestMethod.GET)) {
                continue;
            }
            for (String pattern : info.getPatternValues()) {
                if (!pattern.contains("{")) {
                    continue;
                }
                String path = pattern.replaceAll("\\{[^}]*(patient|Patient)[^}]*}", bPatient.id().toString())
                        .replaceAll("\\{[^}]*(encounter|Encounter)[^}]*}", bEncounter.toString())
                        .replaceAll("\\{id}", bPatient.id().toString());
                if (path.contains("{")) {
                    continue;
                }
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
                if (path.startsWith("/api")) {
                    request.header("Authorization", "Bearer " + aToken);
                } else {
                    request.header("Cookie", session);
                }
                HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(path).isIn(403, 404);
                assertThat(response.body()).as(path).doesNotContain("Hidden").doesNotContain("Beatrice");
                checked.add(path);
            }
        }
        assertThat(checked).as("pages and REST endpoints that name a patient").isNotEmpty();
        System.out.println("Tenancy checked on: " + checked);
    }

    private String signIn(String email) throws Exception {
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = login.headers().firstValue("Set-Cookie").map(c -> c.split(";")[0]).orElse("");
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(login.body());
        String token = csrf.find() ? csrf.group(1) : "";
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString("email=" + email + "&password=" + PracticeFixture.PASSWORD + "&_csrf=" + token))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.headers().firstValue("Location")).as("signed in").hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        return posted.headers().firstValue("Set-Cookie").map(c -> c.split(";")[0]).orElse(cookie);
    }

    private HttpResponse<String> fhir(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + aToken).header("Content-Type", "application/fhir+json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
