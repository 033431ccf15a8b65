package org.tandem.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.testsupport.PracticeFixture;

/** Form sign-in with CSRF, lock-out, sign-out, secure headers, and the audit events they leave. */
@SpringBootTest(properties = { "tandem.security.max-failed-sign-ins=3" })
@AutoConfigureMockMvc
class SignInAndAuditTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    Practices practices;
    @Autowired
    AuditTrail audit;
    @Autowired
    CurrentActor actors;

    PracticeFixture practice;

    @BeforeEach
    void setUp() {
        practice = PracticeFixture.create(practices, "Sign-in practice");
    }

    @Test
    void signInWithPasswordIsAuditedAndOpensASession() throws Exception {
        MvcResult result = mvc.perform(post("/login").with(csrf())
                        .param("email", practice.emails().get(Role.MEDICAL_ASSISTANT)).param("password", PracticeFixture.PASSWORD))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/")).andReturn();
        MockHttpSession session = (MockHttpSession) result.getRequest().getSession(false);
        assertThat(session).isNotNull();

        mvc.perform(post("/logout").with(csrf()).session(session)).andExpect(redirectedUrl("/login?signedOut"));

        List<AuditRecord> events = recent();
        assertThat(events).extracting(AuditRecord::action).contains(AuditAction.SIGN_IN, AuditAction.SIGN_OUT);
        AuditRecord signIn = events.stream().filter(e -> e.action() == AuditAction.SIGN_IN).findFirst().orElseThrow();
        assertThat(signIn.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        assertThat(signIn.actorName()).isEqualTo(practice.emails().get(Role.MEDICAL_ASSISTANT));
        assertThat(signIn.channel()).isEqualTo("WEB");
        assertThat(signIn.sourceAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void wrongPasswordIsAuditedAsFailure() throws Exception {
        mvc.perform(post("/login").with(csrf()).param("email", practice.emails().get(Role.PCP)).param("password", "wrong"))
                .andExpect(redirectedUrl("/login?error"));
        assertThat(recent()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo(AuditAction.SIGN_IN);
            assertThat(e.outcome()).isEqualTo(AuditOutcome.FAILURE);
            assertThat(e.actorName()).isEqualTo(practice.emails().get(Role.PCP));
        });
    }

    @Test
    void repeatedWrongPasswordsLockTheAccount() throws Exception {
        String email = practice.emails().get(Role.BHC);
        for (int i = 0; i < 3; i++) {
            mvc.perform(post("/login").with(csrf()).param("email", email).param("password", "wrong-" + i))
                    .andExpect(redirectedUrl("/login?error"));
        }
        mvc.perform(post("/login").with(csrf()).param("email", email).param("password", PracticeFixture.PASSWORD))
                .andExpect(redirectedUrl("/login?locked"));
    }

    @Test
    void signInWithoutCsrfTokenIsRefused() throws Exception {
        mvc.perform(post("/login").param("email", practice.emails().get(Role.PCP)).param("password", PracticeFixture.PASSWORD))
                .andExpect(redirectedUrl("/login?expired"));
        assertThat(recent()).noneMatch(e -> e.action() == AuditAction.SIGN_IN);
    }

    @Test
    void pagesNeedSignInAndCarrySecureHeaders() throws Exception {
        mvc.perform(get("/patients"))
                .andExpect(status().is3xxRedirection())
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("X-Frame-Options", "DENY"))
                .andExpect(header().string("Content-Security-Policy", org.hamcrest.Matchers.containsString("frame-ancestors 'none'")));
    }

    private List<AuditRecord> recent() {
        return actors.runAs(practice.actor(Role.PRACTICE_ADMIN), () -> audit.recent(50));
    }
}
