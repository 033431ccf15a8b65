package org.tandem.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.tandem.PageFixtures;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;

/** The practice admin's screening program page: rules, settings, escalation list and licensed wording upload. */
@SpringBootTest(properties = PageFixtures.H2)
@AutoConfigureMockMvc
class ScreeningProgramPagesTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    ScreeningRules rules;
    @Autowired
    ScreeningProgram program;

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
    void onlyPracticeAdminsReachThePage() throws Exception {
        mvc.perform(get("/admin/screening").with(fixtures.as(assistant))).andExpect(status().isForbidden());
        mvc.perform(post("/admin/screening/rules").with(fixtures.as(assistant)).with(csrf()).param("instrument", "phq-2"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/admin/screening/settings").with(fixtures.as(assistant)).with(csrf())).andExpect(status().isForbidden());
    }

    @Test
    void practiceWithoutRulesSeesTheSuggestedDefault() throws Exception {
        Document page = page(get("/admin/screening"));
        assertThat(page.select("h1").text()).isEqualTo("Screening program");
        assertThat(page.select("nav.site-nav a[aria-current=page]").text()).isEqualTo("Screening program");
        assertThat(page.select("#suggested-default").text()).contains("suggested default");
        assertThat(page.select("table.rules tbody tr").eachText()).containsExactly(
                "Patient Health Questionnaire-2 (PHQ-2) 12 and older Every 12 months All patients Warm handoff to the behavioral health clinician Edit Remove",
                "AUDIT-C (alcohol use) 18 and older Every 12 months All patients Follow-up by the primary care clinician Edit Remove",
                "Generalized Anxiety Disorder-2 (GAD-2) 18 and older Every 12 months All patients Warm handoff to the behavioral health clinician Edit Remove");
        assertThat(page.select("#auditCMen").val()).isEqualTo("4");
        assertThat(page.select("#auditCWomen").val()).isEqualTo("3");
        assertThat(page.select("input[name=pcPtsd5][checked]").val()).isEqualTo("3");
        assertThat(page.select("input[name=epds][checked]").val()).isEqualTo("13");
        assertThat(page.select("#bhcHoursPerWeek").val()).isEqualTo("40");
        assertThat(page.select("#licensed-phq-a").text()).contains("Not imported");
        assertThat(page.select("#licensed-epds").text()).contains("Royal College of Psychiatrists", "Not imported");
        assertThat(page.select("select[name=contacts]")).hasSize(5);
        assertThat(page.select("#contact-0 option").eachText()).contains("Nobody", "Ada Admin (Practice admin)",
                "Maria Lopez (Medical assistant)");
    }

    @Test
    void invalidRuleIsShownAgainWithEachProblemNextToItsField() throws Exception {
        Document page = page(post("/admin/screening/rules").with(csrf()).param("instrument", "").param("minAge", "abc")
                .param("maxAge", "7").param("intervalMonths", "0").param("population", "perinatal").param("onPositive", "nonsense"));
        assertThat(page.select("#add-rule .alert.error").text()).contains("The rule was not saved");
        assertThat(page.select("#add-instrument-error").text()).isEqualTo("Choose a questionnaire.");
        assertThat(page.select("#add-minAge-error").text()).contains("youngest age");
        assertThat(page.select("#add-intervalMonths-error").text()).contains("1 to 120");
        assertThat(page.select("#add-rule .field.invalid")).hasSize(4);
        // nothing typed is lost
        assertThat(page.select("#add-minAge").val()).isEqualTo("abc");
        assertThat(page.select("#add-maxAge").val()).isEqualTo("7");
        assertThat(page.select("#add-intervalMonths").val()).isEqualTo("0");
        assertThat(page.select("#add-population option[selected]").val()).isEqualTo("perinatal");
        assertThat(page.select("#add-minAge").attr("aria-invalid")).isEqualTo("true");
        assertThat(page.select("#add-minAge").attr("aria-describedby")).isEqualTo("add-minAge-error");
        // and nothing was stored
        assertThat(fixtures.asSystem(practice, () -> rules.program()).suggestedDefault()).isTrue();
    }

    @Test
    void addingARuleMakesTheDefaultThePracticesOwnAndAppendsIt() throws Exception {
        mvc.perform(post("/admin/screening/rules").with(fixtures.as(admin)).with(csrf()).param("instrument", "pc-ptsd-5")
                .param("minAge", "18").param("maxAge", "").param("intervalMonths", "24").param("population", "all")
                .param("onPositive", "pcp-follow-up")).andExpect(redirectedUrl("/admin/screening"));

        ScreeningRules.Program stored = fixtures.asSystem(practice, () -> rules.program());
        assertThat(stored.suggestedDefault()).isFalse();
        assertThat(stored.rules()).extracting(r -> r.instrument() + " " + r.intervalMonths())
                .containsExactly("phq-2 12", "audit-c 12", "gad-2 12", "pc-ptsd-5 24");
        Document page = page(get("/admin/screening"));
        assertThat(page.select("#suggested-default")).isEmpty();
        assertThat(page.select("table.rules tbody tr").last().text()).contains("PC-PTSD-5", "18 and older", "Every 24 months");
    }

    @Test
    void editingARuleKeepsInputOnErrorAndSavesWhenValid() throws Exception {
        String id = ruleId(Instruments.GAD_2);
        Document edit = page(get("/admin/screening").param("edit", id));
        assertThat(edit.select("#edit-rule form").attr("action")).isEqualTo("/admin/screening/rules/" + id);
        assertThat(edit.select("#edit-instrument option[selected]").val()).isEqualTo("gad-2");
        assertThat(edit.select("#edit-minAge").val()).isEqualTo("18");

        Document invalid = page(post("/admin/screening/rules/" + id).with(csrf()).param("instrument", "gad-2").param("minAge", "18")
                .param("maxAge", "200").param("intervalMonths", "6").param("population", "all").param("onPositive", "warm-handoff"));
        assertThat(invalid.select("#edit-maxAge-error").text()).contains("oldest age");
        assertThat(invalid.select("#edit-maxAge").val()).isEqualTo("200");
        assertThat(invalid.select("#edit-intervalMonths").val()).isEqualTo("6");

        mvc.perform(post("/admin/screening/rules/" + id).with(fixtures.as(admin)).with(csrf()).param("instrument", "gad-2")
                .param("minAge", "18").param("maxAge", "64").param("intervalMonths", "6").param("population", "all")
                .param("onPositive", "registry-enrolment")).andExpect(redirectedUrl("/admin/screening"))
                .andExpect(flash().attribute("notice", "screening.notice.ruleSaved"))
                .andExpect(flash().attribute("noticeName", "Generalized Anxiety Disorder-2 (GAD-2)"));
        Document page = page(get("/admin/screening").flashAttr("notice", "screening.notice.ruleSaved")
                .flashAttr("noticeName", "Generalized Anxiety Disorder-2 (GAD-2)"));
        assertThat(page.select(".alert.success").text()).isEqualTo("The rule for Generalized Anxiety Disorder-2 (GAD-2) was saved.");
        assertThat(page.select("#rule-" + id).text()).contains("18 to 64", "Every 6 months", "Enrolment in the registry");
        assertThat(page.select("table.rules tbody tr")).hasSize(3);
    }

    @Test
    void removingARule() throws Exception {
        String id = ruleId(Instruments.AUDIT_C);
        mvc.perform(post("/admin/screening/rules/" + id + "/remove").with(fixtures.as(admin)).with(csrf()))
                .andExpect(redirectedUrl("/admin/screening"));
        assertThat(fixtures.asSystem(practice, () -> rules.program()).rules()).extracting(ProgramRule::instrument)
                .containsExactly("phq-2", "gad-2");
        mvc.perform(post("/admin/screening/rules/" + UUID.randomUUID() + "/remove").with(fixtures.as(admin)).with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(get("/admin/screening").param("edit", "not-a-rule").with(fixtures.as(admin))).andExpect(status().isNotFound());
    }

    @Test
    void settingsAreCheckedAndSaved() throws Exception {
        Document invalid = page(post("/admin/screening/settings").with(csrf()).param("auditCMen", "13").param("auditCWomen", "3")
                .param("epds", "10").param("escalationMinutes", "15").param("followUpMinutes", "45").param("bhcHoursPerWeek", "lots"));
        assertThat(invalid.select("#settings .alert.error").text()).contains("The settings were not saved");
        assertThat(invalid.select("#auditCMen-error").text()).isEqualTo("Enter a whole number from 1 to 12.");
        assertThat(invalid.select("#bhcHoursPerWeek-error").text()).contains("at most one decimal");
        assertThat(invalid.select("#settings fieldset.invalid .field-error").text()).isEqualTo("Choose 3 or 4.");
        assertThat(invalid.select("#bhcHoursPerWeek").val()).isEqualTo("lots");
        assertThat(invalid.select("#followUpMinutes").val()).isEqualTo("45");
        assertThat(invalid.select("input[name=epds][checked]").val()).isEqualTo("10");

        mvc.perform(post("/admin/screening/settings").with(fixtures.as(admin)).with(csrf()).param("auditCMen", "5")
                .param("auditCWomen", "4").param("pcPtsd5", "4").param("epds", "10").param("escalationMinutes", "20")
                .param("followUpMinutes", "45").param("bhcHoursPerWeek", "32.5")).andExpect(redirectedUrl("/admin/screening"));
        ScreeningProgram.Settings saved = fixtures.asSystem(practice, () -> program.settings());
        assertThat(saved.scoring()).isEqualTo(new ScoringSettings(5, 4, 4, 10));
        assertThat(saved.escalationMinutes()).isEqualTo(20);
        assertThat(saved.followUpMinutes()).isEqualTo(45);
        assertThat(saved.bhcHoursPerWeek()).isEqualByComparingTo("32.5");
        assertThat(page(get("/admin/screening")).select("#bhcHoursPerWeek").val()).isEqualTo("32.5");
    }

    @Test
    void escalationListKeepsTheChosenOrder() throws Exception {
        String bhc = fixtures.staff(practice, "Ben Counselor", Role.BHC);
        UUID bhcId = fixtures.staffId(practice, bhc);
        UUID adminId = fixtures.staffId(practice, admin);
        Document twice = page(post("/admin/screening/escalation").with(csrf()).param("contacts", bhcId.toString(), "", bhcId.toString()));
        assertThat(twice.select("#escalation .alert.error").text()).isEqualTo("Each staff member can be on the list only once.");
        assertThat(twice.select("#contact-2 option[selected]").val()).isEqualTo(bhcId.toString());

        mvc.perform(post("/admin/screening/escalation").with(fixtures.as(admin)).with(csrf())
                .param("contacts", bhcId.toString(), "", adminId.toString(), "", "")).andExpect(redirectedUrl("/admin/screening"));
        assertThat(fixtures.asSystem(practice, () -> program.escalationContacts())).containsExactly(bhcId, adminId);
        Document page = page(get("/admin/screening"));
        assertThat(page.select("#contact-0 option[selected]").text()).startsWith("Ben Counselor");
        assertThat(page.select("#contact-1 option[selected]").text()).startsWith("Ada Admin");

        Document stranger = page(post("/admin/screening/escalation").with(csrf()).param("contacts", UUID.randomUUID().toString()));
        assertThat(stranger.select("#escalation .alert.error").text()).contains("staff members of this practice");
    }

    @Test
    void uploadShowsEveryProblemOfARefusedQuestionnaire() throws Exception {
        Document notJson = page(multipart("/admin/screening/questionnaires").file(file("phq-a.json", "this is not json")).with(csrf()));
        assertThat(notJson.select("#import-problems").text()).contains("The file phq-a.json was not imported", "1 problem(s)");
        assertThat(notJson.select("#import-problems li").text()).contains("not a FHIR R4 Questionnaire in JSON");

        Document shipped = page(multipart("/admin/screening/questionnaires").file(file("phq9.json",
                "{\"resourceType\":\"Questionnaire\",\"id\":\"phq-9\",\"status\":\"active\"}")).with(csrf()));
        assertThat(shipped.select("#import-problems li").eachText()).hasSize(1).first().asString().contains("ships with Tandem");

        Document unknown = page(multipart("/admin/screening/questionnaires").file(file("x.json",
                "{\"resourceType\":\"Questionnaire\",\"id\":\"mystery\",\"status\":\"active\"}")).with(csrf()));
        assertThat(unknown.select("#import-problems li").text()).contains("must be one of phq-a, epds, dast-10, cssrs-screener");

        Document empty = page(multipart("/admin/screening/questionnaires").file(file("empty.json", "")).with(csrf()));
        assertThat(empty.select("#import-problems").text()).isEqualTo("Choose a file to upload.");
        assertThat(empty.select("#licensed-phq-a").text()).contains("Not imported");
    }

    @Test
    void importingLicensedWordingMakesItUsableAndChangesTheSuggestedDefault() throws Exception {
        mvc.perform(multipart("/admin/screening/questionnaires").file(file("phq-a.json", TestQuestionnaires.licensedJson("phq-a")))
                .with(fixtures.as(admin)).with(csrf())).andExpect(redirectedUrl("/admin/screening"))
                .andExpect(flash().attribute("notice", "screening.notice.imported"))
                .andExpect(flash().attribute("noticeVersion", "1"));
        Document page = page(get("/admin/screening"));
        assertThat(page.select("#licensed-phq-a").text()).contains("Imported");
        assertThat(page.select("table.rules tbody tr th").eachText()).containsExactly("Patient Health Questionnaire-2 (PHQ-2)",
                "PHQ-9 modified for adolescents (PHQ-A)", "AUDIT-C (alcohol use)", "Generalized Anxiety Disorder-2 (GAD-2)");
        assertThat(page.select("table.rules tbody tr").get(1).text()).contains("12 to 17");
    }

    @Test
    void aBrokenLicensedQuestionnaireIsRefusedWithItsProblems() throws Exception {
        Document page = page(multipart("/admin/screening/questionnaires").file(file("epds-missing-item.json",
                TestQuestionnaires.licensedJson("broken/epds-missing-item"))).with(csrf()));
        assertThat(page.select("#import-problems p").text()).startsWith("The file epds-missing-item.json was not imported.");
        assertThat(page.select("#import-problems li")).isNotEmpty();
        assertThat(page.select("#import-problems li").text()).containsIgnoringCase("epds-");
        assertThat(page.select("#licensed-epds").text()).contains("Not imported");
    }

    @Test
    void spanishPageIsTranslated() throws Exception {
        Document page = page(get("/admin/screening").header("Accept-Language", "es"));
        assertThat(page.select("h1").text()).isEqualTo("Programa de tamizaje");
        assertThat(page.select("table.rules tbody tr").first().text()).contains("12 años o más", "Cada 12 meses");
    }

    private String ruleId(String instrument) throws Exception {
        Document page = page(get("/admin/screening"));
        for (var row : page.select("table.rules tbody tr")) {
            String id = row.id().substring("rule-".length());
            ScreeningRules.Program current = fixtures.asSystem(practice, () -> rules.program());
            if (current.rules().stream().anyMatch(r -> r.id().toString().equals(id) && r.instrument().equals(instrument))) {
                return id;
            }
        }
        throw new AssertionError("no rule for " + instrument);
    }

    private static MockMultipartFile file(String name, String content) {
        return new MockMultipartFile("file", name, "application/json", content.getBytes(StandardCharsets.UTF_8));
    }

    private Document page(AbstractMockHttpServletRequestBuilder<?> request) throws Exception {
        return Jsoup.parse(mvc.perform(request.with(fixtures.as(admin))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }

}
