package org.tandem.practice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.tandem.PageFixtures;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;

@SpringBootTest(properties = PageFixtures.H2)
@AutoConfigureMockMvc
class StaffPagesTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    Practices practices;
    @Autowired
    NamedParameterJdbcTemplate sql;

    PageFixtures fixtures;
    PracticeId practice;
    String admin;
    String assistant;

    @BeforeEach
    void createPractice() {
        fixtures = new PageFixtures(context);
        practice = fixtures.practice("Lakeview Health");
        admin = fixtures.staff(practice, "Ada Admin", Role.PRACTICE_ADMIN);
        assistant = fixtures.staff(practice, "Maria Lopez", Role.MEDICAL_ASSISTANT);
    }

    @Test
    void nonAdminIsForbiddenFromUserAdministration() throws Exception {
        mvc.perform(get("/admin/users").with(fixtures.as(assistant))).andExpect(status().isForbidden());
        mvc.perform(post("/admin/users").with(fixtures.as(assistant)).with(csrf()).param("email", "x@example.org"))
                .andExpect(status().isForbidden());
    }

    @Test
    void adminSeesStaffWithRolesAndStatus() throws Exception {
        Document page = page(get("/admin/users"));
        assertThat(page.select("h1").text()).isEqualTo("Staff accounts");
        var row = page.select("tbody tr:contains(Maria Lopez)");
        assertThat(row.text()).contains(assistant, "Active");
        assertThat(row.select("input[name=roles][value=MEDICAL_ASSISTANT]").hasAttr("checked")).isTrue();
        assertThat(row.select("input[name=roles][value=PCP]").hasAttr("checked")).isFalse();
        assertThat(row.select("input[name=roles]")).hasSize(7);
        assertThat(row.select("button").eachText()).contains("Save roles", "Disable");
    }

    @Test
    void adminAddsStaffMember() throws Exception {
        String email = "new.bhc." + UUID.randomUUID().toString().substring(0, 6) + "@example.org";
        mvc.perform(post("/admin/users").with(fixtures.as(admin)).with(csrf()).param("email", email)
                .param("displayName", "Ben Counselor").param("password", "long enough password").param("roles", "BHC", "CARE_MANAGER"))
                .andExpect(redirectedUrl("/admin/users"));
        var added = practices.staffOf(practice).stream().filter(s -> s.email().equals(email)).findFirst().orElseThrow();
        assertThat(added.displayName()).isEqualTo("Ben Counselor");
        assertThat(added.roles()).containsExactlyInAnyOrder(Role.BHC, Role.CARE_MANAGER);
        assertThat(page(get("/admin/users")).select("tbody").text()).contains("Ben Counselor");
    }

    @Test
    void validationErrorKeepsWhatWasTypedExceptThePassword() throws Exception {
        Document page = Jsoup.parse(mvc.perform(post("/admin/users").with(fixtures.as(admin)).with(csrf())
                .param("email", "not-an-email").param("displayName", "Carla Care").param("password", "short")
                .param("roles", "CARE_MANAGER")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(page.select("#add-staff input[name=email]").val()).isEqualTo("not-an-email");
        assertThat(page.select("#add-staff input[name=displayName]").val()).isEqualTo("Carla Care");
        assertThat(page.select("#add-staff input[name=password]").val()).isEmpty();
        assertThat(page.select("#add-staff input[value=CARE_MANAGER]").hasAttr("checked")).isTrue();
        assertThat(page.select("#add-staff input[value=PCP]").hasAttr("checked")).isFalse();
        assertThat(page.select("#add-staff .field-error").eachText())
                .contains("Enter a valid e-mail address, such as name@example.org.", "The password must have at least 12 characters.");
        assertThat(page.select("#add-staff input[name=email]").attr("aria-invalid")).isEqualTo("true");
        assertThat(page.select(".alert.error").text()).contains("was not added");
        assertThat(practices.staffOf(practice)).noneMatch(s -> s.displayName().equals("Carla Care"));
    }

    @Test
    void missingRolesAndDuplicateEmailAreExplained() throws Exception {
        Document page = Jsoup.parse(mvc.perform(post("/admin/users").with(fixtures.as(admin)).with(csrf())
                .param("email", assistant).param("displayName", "Someone Else").param("password", "long enough password"))
                .andReturn().getResponse().getContentAsString());
        assertThat(page.select("#add-staff .field-error").eachText()).containsExactly("Choose at least one role.");
        page = Jsoup.parse(mvc.perform(post("/admin/users").with(fixtures.as(admin)).with(csrf())
                .param("email", assistant.toUpperCase()).param("displayName", "Someone Else").param("password", "long enough password")
                .param("roles", "PCP")).andReturn().getResponse().getContentAsString());
        assertThat(page.select("#add-staff .field-error").eachText()).containsExactly("An account with this e-mail address already exists.");
        assertThat(page.select("#add-staff input[name=displayName]").val()).isEqualTo("Someone Else");
    }

    @Test
    void adminChangesRolesDisablesEnablesAndUnlocks() throws Exception {
        UUID id = fixtures.staffId(practice, assistant);
        mvc.perform(post("/admin/users/" + id + "/roles").with(fixtures.as(admin)).with(csrf()).param("roles", "PCP", "BHC"))
                .andExpect(redirectedUrl("/admin/users"));
        assertThat(member(id).roles()).containsExactlyInAnyOrder(Role.PCP, Role.BHC);

        mvc.perform(post("/admin/users/" + id + "/disable").with(fixtures.as(admin)).with(csrf())).andExpect(redirectedUrl("/admin/users"));
        assertThat(member(id).enabled()).isFalse();
        assertThat(page(get("/admin/users")).select("tbody tr:contains(Maria Lopez)").text()).contains("Disabled");
        mvc.perform(post("/admin/users/" + id + "/enable").with(fixtures.as(admin)).with(csrf())).andExpect(redirectedUrl("/admin/users"));
        assertThat(member(id).enabled()).isTrue();

        sql.update("UPDATE staff_account SET locked_until = :until WHERE id = :id", Map.of("id", id,
                "until", OffsetDateTime.ofInstant(Instant.now().plus(10, ChronoUnit.MINUTES), ZoneOffset.UTC)));
        var row = page(get("/admin/users")).select("tbody tr:contains(Maria Lopez)");
        assertThat(row.text()).contains("Locked until");
        assertThat(row.select("button").eachText()).contains("Unlock");
        mvc.perform(post("/admin/users/" + id + "/unlock").with(fixtures.as(admin)).with(csrf())).andExpect(redirectedUrl("/admin/users"));
        assertThat(member(id).lockedUntil()).isNull();
    }

    @Test
    void adminCannotLockThemselvesOutOrTouchAnotherPracticesStaff() throws Exception {
        UUID self = fixtures.staffId(practice, admin);
        mvc.perform(post("/admin/users/" + self + "/roles").with(fixtures.as(admin)).with(csrf()).param("roles", "PCP"))
                .andExpect(redirectedUrl("/admin/users"));
        assertThat(member(self).roles()).containsExactly(Role.PRACTICE_ADMIN);
        mvc.perform(post("/admin/users/" + self + "/disable").with(fixtures.as(admin)).with(csrf()));
        assertThat(member(self).enabled()).isTrue();

        PracticeId other = fixtures.practice("Elsewhere");
        UUID stranger = fixtures.staffId(other, fixtures.staff(other, "Sam Stranger", Role.PCP));
        mvc.perform(post("/admin/users/" + stranger + "/disable").with(fixtures.as(admin)).with(csrf()))
                .andExpect(status().isNotFound());
        assertThat(practices.staffOf(other).get(0).enabled()).isTrue();
    }

    private StaffMember member(UUID id) {
        return practices.staffOf(practice).stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    private Document page(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request) throws Exception {
        return Jsoup.parse(mvc.perform(request.with(fixtures.as(admin))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }
}
