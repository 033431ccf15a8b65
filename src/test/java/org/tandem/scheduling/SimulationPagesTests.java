package org.tandem.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.tandem.PageFixtures;
import org.tandem.patient.PatientRecord;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.testsupport.PracticeFixture;

/**
 * The simulation page on the real application: a practice whose BHC holds open access at 8:00 and 16:30 while its
 * primary care visits (the demand, every visit needing a handoff here) come at 10:00-11:59 on weekdays. Template A is
 * that week; template B moves the open access to 10:00 and 11:00.
 */
@SpringBootTest(properties = PageFixtures.H2)
@AutoConfigureMockMvc
class SimulationPagesTests {

    static final List<DayOfWeek> WEEKDAYS = List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
            DayOfWeek.FRIDAY);

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    Practices practices;
    @Autowired
    Templates templates;
    @Autowired
    CurrentActor actors;

    PageFixtures fixtures;
    PracticeFixture practice;
    ScheduleTemplate current;
    ScheduleTemplate proposed;
    LocalDate today;

    @BeforeEach
    void createPracticeTemplatesAndVisits() {
        fixtures = new PageFixtures(context);
        practice = PracticeFixture.create(practices, "Simulation practice " + UUID.randomUUID());
        UUID bhc = practice.accounts().get(Role.BHC);
        current = draft("Current week", week(bhc, 8, 16));
        proposed = draft("Open access mid-morning", week(bhc, 10, 11));
        ZoneId zone = practices.zoneOf(practice.id());
        today = LocalDate.now(zone);
        PatientRecord patient = fixtures.patient(practice.id(), "Quintero", "Elena", LocalDate.of(1970, 1, 1), "MRN-1",
                practice.accounts().get(Role.PCP));
        // four weeks of visits: two a weekday at 10:15 and 11:15
        for (LocalDate day = today.minusWeeks(4); day.isBefore(today); day = day.plusDays(1)) {
            if (day.getDayOfWeek().getValue() <= 5) {
                for (int hour : new int[] { 10, 11 }) {
                    fixtures.encounter(practice.id(), patient, day.atTime(hour, 15).atZone(zone).toInstant(), "Office visit",
                            "185349003", practice.accounts().get(Role.PCP));
                }
            }
        }
    }

    @Test
    void aBhcSeesTheFormWithTheTemplatesAndTheDemandAvailable() throws Exception {
        Document page = html(as(Role.BHC, get("/admin/schedule/simulate")), 200);

        assertThat(page.select("h1").text()).isEqualTo("Simulate a schedule template");
        assertThat(page.select("#templateA option").eachText()).contains("Current week (draft)", "Open access mid-morning (draft)");
        assertThat(page.select("#templateB option").first().text()).isEqualTo("None: simulate template A only");
        // no handoff requests or positive screens recorded: visits are the source offered first
        assertThat(page.select("input[name=source][checked]").val()).isEqualTo("visits");
        assertThat(page.select(".source-option").get(2).text()).contains("Primary care visits", "a week in this period");
        assertThat(page.select("#replications").val()).isEqualTo("100");
        assertThat(page.select("#seed").val()).isEqualTo("1");
        assertThat(page.select("#from").val()).isEqualTo(today.minusWeeks(26).toString());
        assertThat(page.select("details#how li")).hasSize(10);
        assertThat(page.select("#simulation-job")).isEmpty();

        Document spanish = html(as(Role.BHC, get("/admin/schedule/simulate").locale(Locale.forLanguageTag("es"))), 200);
        assertThat(spanish.select("h1").text()).isEqualTo("Simular una plantilla de agenda");
    }

    @Test
    void onlyPracticeAdminsAndBhcsMayUseIt() throws Exception {
        html(as(Role.PRACTICE_ADMIN, get("/admin/schedule/simulate")), 200);
        html(as(Role.FRONT_DESK, get("/admin/schedule/simulate")), 403);
        html(as(Role.PCP, get("/admin/schedule/simulate")), 403);
    }

    @Test
    void badParametersComeBackWithTheirProblemsAndWhatWasTyped() throws Exception {
        Map<String, String> form = form();
        form.put("replications", "1");
        form.put("patience", "abc");
        form.put("visitShare", "0");
        form.put("to", today.plusDays(3).toString());

        Document page = html(as(Role.BHC, post(form)), 422);

        assertThat(page.select("#simulation-problems").text()).contains("did not start");
        assertThat(page.select("#replications").val()).isEqualTo("1");
        assertThat(page.select("#patience").val()).isEqualTo("abc");
        assertThat(page.select("#patience").attr("aria-invalid")).isEqualTo("true");
        assertThat(page.select("details.assumptions").hasAttr("open")).isTrue();
        assertThat(page.select(".field-error").eachText()).contains("Enter a whole number of replications from 2 to 1000.",
                "Enter the patience in minutes, from 0 to 240.", "Enter a share between 0 and 100%, more than 0.",
                "The period cannot end in the future.");
        assertThat(page.select("#templateB option[selected]").val()).isEqualTo(proposed.id().toString());
    }

    @Test
    void aSourceWithNothingRecordedInThePeriodIsRefusedInWords() throws Exception {
        Map<String, String> form = form();
        form.put("source", "handoff-requests");

        Document page = html(as(Role.BHC, post(form)), 422);

        assertThat(page.select(".demand-source .field-error").text())
                .isEqualTo("No warm handoff requests were recorded in this period. Choose positive screens or primary care visits, "
                        + "or another period.");
        assertThat(page.select("input[name=source][checked]").val()).isEqualTo("handoff-requests");
    }

    @Test
    void theSimulationRunsWithProgressThenShowsBothTemplatesTheDifferenceAndSuggestions() throws Exception {
        MockHttpServletResponse started = mvc.perform(as(Role.BHC, post(form()))).andReturn().getResponse();
        assertThat(started.getStatus()).isEqualTo(302);
        String job = started.getRedirectedUrl();
        assertThat(job).matches("/admin/schedule/simulate/[0-9a-f-]{36}");

        Document results = await(Role.BHC, job);

        assertThat(results.select("#simulation-job h2").text()).isEqualTo("Results");
        assertThat(results.select(".simulation-table thead th").eachText()).containsExactly("Measure", "A: Current week",
                "B: Open access mid-morning", "Difference B − A");
        String met = results.select("tr[data-metric=handoffs-met]").text();
        assertThat(met).contains("Handoff needs met in real time", "%", "pts", "better");
        assertThat(results.select("tr[data-metric=handoffs-met] .verdict-better")).hasSize(1);
        assertThat(results.select("tr[data-metric=handoff-needs] td").get(2).text()).startsWith("0.0");
        assertThat(results.select("svg.simulation-chart rect.bar")).hasSize(6);
        assertThat(results.select("svg.simulation-chart title").text()).contains("95% confidence");
        assertThat(results.select("li.suggestion")).isNotEmpty();
        assertThat(results.select("li.suggestion .suggestion-text").first().text())
                .matches("Move Test BHC's open-access slot from \\w+day (8:00|16:30) to \\w+day 1[01]:[03]0 \\(swap with a brief visit\\)");
        // a BHC sees suggestions but saving a draft is for practice admins
        assertThat(results.select("form.apply-form")).isEmpty();
        assertThat(results.text()).contains("A practice admin can save a suggestion as a new draft template.");
        // the form keeps what was sent, to run again with changes
        assertThat(results.select("#replications").val()).isEqualTo("20");

        // the same job is the practice's own: another practice's staff do not see it
        PracticeFixture other = PracticeFixture.create(practices, "Other practice " + UUID.randomUUID());
        MockHttpServletResponse foreign = mvc.perform(get(job).with(fixtures.as(other.emails().get(Role.BHC)))).andReturn().getResponse();
        assertThat(foreign.getStatus()).isEqualTo(404);
    }

    @Test
    void aPracticeAdminSavesASuggestionAsANewDraftAndANameIsRequired() throws Exception {
        String job = mvc.perform(as(Role.PRACTICE_ADMIN, post(form()))).andReturn().getResponse().getRedirectedUrl();
        Document results = await(Role.PRACTICE_ADMIN, job);
        assertThat(results.select("form.apply-form")).isNotEmpty();
        assertThat(results.select("#draft-name-0").val()).isEqualTo("Current week, suggestion 1");

        Document refused = html(as(Role.PRACTICE_ADMIN, post(job + "/apply").param("suggestion", "0").param("name", "  ")), 422);
        assertThat(refused.select("#suggestion-0 .field-error").text()).isEqualTo("Give the new draft a name.");

        // the BHC may not save
        html(as(Role.BHC, post(job + "/apply").param("suggestion", "0").param("name", "Mine")), 403);

        MockHttpServletResponse saved = mvc.perform(as(Role.PRACTICE_ADMIN, post(job + "/apply").param("suggestion", "0")
                .param("name", "Open access where it is needed"))).andReturn().getResponse();
        assertThat(saved.getStatus()).isEqualTo(302);
        assertThat(saved.getRedirectedUrl()).isEqualTo(job);
        ScheduleTemplate draft = actors.runAs(practice.user(Role.PRACTICE_ADMIN), () -> templates.list()).stream()
                .filter(t -> t.name().equals("Open access where it is needed")).findFirst().orElseThrow();
        assertThat(draft.status()).isEqualTo(TemplateStatus.DRAFT);
        assertThat(draft.blocks()).hasSameSizeAs(current.blocks());
        assertThat(draft.blocks()).filteredOn(b -> b.kind() == BlockKind.OPEN_ACCESS)
                .anySatisfy(b -> assertThat(b.start().getHour()).isIn(10, 11));
        assertThat(draft.blocks()).filteredOn(b -> b.kind() == BlockKind.BRIEF).extracting(TemplateBlock::minutes)
                .containsOnly(30).hasSize(30);

        // a name already used by a draft is refused, and what was typed stays
        Document taken = html(as(Role.PRACTICE_ADMIN, post(job + "/apply").param("suggestion", "0")
                .param("name", "Open access where it is needed")), 422);
        assertThat(taken.select("#suggestion-0 .field-error").text()).isNotBlank();
        assertThat(taken.select("#draft-name-0").val()).isEqualTo("Open access where it is needed");
    }

    // ---- helpers ----

    /** Polls the progress fragment until the job is done, then returns the job page. */
    Document await(Role role, String job) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (true) {
            Document fragment = html(as(role, get(job + "/progress")), 200);
            assertThat(fragment.select("#simulation-job")).hasSize(1);
            if (!fragment.select("#simulation-job").hasAttr("hx-trigger")) {
                break;
            }
            assertThat(fragment.select("progress#simulation-progress")).hasSize(1);
            assertThat(fragment.select("#simulation-progress-text").text()).containsPattern("[0-9,]+ of [1-9][0-9,]* replications done");
            assertThat(System.currentTimeMillis()).as("simulation finished in time").isLessThan(deadline);
            Thread.sleep(200);
        }
        return html(as(role, get(job)), 200);
    }

    Map<String, String> form() {
        Map<String, String> form = new java.util.LinkedHashMap<>();
        form.put("templateA", current.id().toString());
        form.put("templateB", proposed.id().toString());
        form.put("source", "visits");
        form.put("screenShare", "100");
        form.put("visitShare", "100");
        form.put("from", today.minusWeeks(4).toString());
        form.put("to", today.minusDays(1).toString());
        form.put("weeks", "8");
        form.put("replications", "20");
        form.put("seed", "7");
        form.put("patience", "20");
        form.put("handoffMinutes", "20");
        form.put("duration", "lognormal");
        form.put("interruption", "none");
        form.put("adminTakesHandoffs", "true");
        form.put("returnShare", "40");
        form.put("returnDays", "14");
        form.put("prebooked", "70");
        form.put("noShow", "15");
        return form;
    }

    static MockHttpServletRequestBuilder post(Map<String, String> form) {
        MockHttpServletRequestBuilder request = post("/admin/schedule/simulate");
        form.forEach(request::param);
        return request;
    }

    static MockHttpServletRequestBuilder post(String path) {
        return org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(path);
    }

    MockHttpServletRequestBuilder as(Role role, MockHttpServletRequestBuilder request) {
        return request.with(fixtures.as(practice.emails().get(role))).with(csrf());
    }

    Document html(MockHttpServletRequestBuilder request, int status) throws Exception {
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString(StandardCharsets.UTF_8)).isEqualTo(status);
        return Jsoup.parse(response.getContentAsString(StandardCharsets.UTF_8));
    }

    ScheduleTemplate draft(String name, List<BlockInput> blocks) {
        return actors.runAs(practice.user(Role.PRACTICE_ADMIN), () -> {
            ScheduleTemplate draft = templates.create(name, null);
            return templates.replaceBlocks(draft.id(), blocks, draft.version());
        });
    }

    /** One BHC's weekday: open access at the two given hours, brief visits at 10:00-11:30 when free, counseling after. */
    static List<BlockInput> week(UUID bhc, int firstOpen, int secondOpen) {
        List<BlockInput> blocks = new ArrayList<>();
        for (DayOfWeek day : WEEKDAYS) {
            for (int hour : List.of(8, 10, 11, 16)) {
                for (int minute : List.of(0, 30)) {
                    boolean open = (hour == firstOpen || hour == secondOpen) && minute == (hour == 16 ? 30 : 0);
                    BlockKind kind = open ? BlockKind.OPEN_ACCESS : BlockKind.BRIEF;
                    blocks.add(new BlockInput(bhc, day, LocalTime.of(hour, minute), 30, kind, open ? 0 : null));
                }
            }
            blocks.add(new BlockInput(bhc, day, LocalTime.of(13, 0), 60, BlockKind.COUNSELING, null));
        }
        return blocks;
    }
}
