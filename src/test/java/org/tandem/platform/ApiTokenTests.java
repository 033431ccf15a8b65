package org.tandem.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tandem.practice.Practices;
import org.tandem.testsupport.PracticeFixture;
import org.tandem.testsupport.Tokens;

/** Tokens from Tandem's own token endpoint carry the client's practice and role; REST errors are problem details. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiTokenTests {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    Practices practices;

    PracticeFixture practice;

    @BeforeEach
    void setUp() {
        practice = PracticeFixture.create(practices, "Token practice");
    }

    @Test
    void clientCredentialsTokenCarriesPracticeAndRole() throws Exception {
        String token = Tokens.token(port, practice.client(Role.CARE_MANAGER), PracticeFixture.SECRET);
        HttpResponse<String> me = get("/api/me", token);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"practiceId\":\"" + practice.id() + "\"").contains("CARE_MANAGER").contains("CLIENT");
    }

    @Test
    void wrongSecretGetsNoToken() {
        assertThat(Tokens.request(port, practice.client(Role.PCP), "not-the-secret").statusCode()).isEqualTo(401);
    }

    @Test
    void restWithoutTokenIsAProblemDetail() throws Exception {
        HttpResponse<String> response = get("/api/me", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
    }

    @Test
    void accessHistoryOverRestNeedsThePracticeAdminRole() throws Exception {
        String token = Tokens.token(port, practice.client(Role.MEDICAL_ASSISTANT), PracticeFixture.SECRET);
        HttpResponse<String> response = get("/api/patients/" + java.util.UUID.randomUUID() + "/access-history", token);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("\"status\":403");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
