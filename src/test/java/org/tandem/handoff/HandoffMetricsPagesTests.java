package org.tandem.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
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
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;

/**
 * The handoff metrics page and its CSV: two weeks from Monday 2 March 2026 in America/Chicago, five requests by two PCPs,
 * accepted by two BHCs or missed (figures by hand in the comments).
 */
@SpringBootTest(properties = PageFixtures.H2)
@AutoConfigureMockMvc
class HandoffMetricsPagesTests {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;

    PageFixtures fixtures;
    PracticeId practice;
    String pcp;
    String admin;
    UUID okafor;
    UUID reyes;
    UUID jordan;

    @BeforeEach
    void createPractice() {
        fixtures = new PageFixtures(context);
        practice = fixtures.practice("Riverside Family Medicine");
        pcp = fixtures.staff(practice, "Dr. Amara Okafor", Role.PCP);
        okafor = fixtures.staffId(practice, pcp);
        reyes = fixtures.staffId(practice, fixtures.staff(practice, "Dr. Luis Reyes", Role.PCP));
        jordan = fixtures.staffId(practice, fixtures.staff(practice, "Jordan Counselor", Role.BHC));
        admin = fixtures.staff(practice, "Ada Admin", Role.PRACTICE_ADMIN);
        HandoffRows rows = new HandoffRows(context, practice, CHICAGO);
        // week of 2 March: 3 requests, 2 accepted (60 s, 240 s: median 150 s = 2.5 min), 1 completed, 1 missed
        rows.request("2026-03-02T09:10", okafor, "Dr. Amara Okafor", "positive-screen", 1).acceptedAfter(60, jordan, "Jordan Counselor")
                .closed("completed", "completed").insert();
        rows.request("2026-03-03T09:30", reyes, "Dr. Luis Reyes", "distress", 1).acceptedAfter(240, jordan, "Jordan Counselor")
                .insert();
        rows.request("2026-03-04T14:00", okafor, "Dr. Amara Okafor", "distress", 0).escalated().insert();
        // week of 9 March: 2 requests, 1 accepted (90 s), 1 missed
        rows.request("2026-03-10T10:15", reyes, "Dr. Luis Reyes", "substance-use", 2).acceptedAfter(90, jordan, "Jordan Counselor")
                .closed("completed", "completed").insert();
        rows.request("2026-03-12T16:45", okafor, "Dr. Amara Okafor", "positive-screen", 1).escalated().insert();
    }

    @Test
    void summaryChartsAndTablesShowTheSameFigures() throws Exception {
        Document page = page(get("/handoffs/metrics").param("from", "2026-03-02").param("to", "2026-03-15"), pcp);

        assertThat(page.select("h1").text()).isEqualTo("Warm handoff metrics");
        assertThat(page.select(".lead").text()).isEqualTo("From Mar 2, 2026 to Mar 15, 2026, weeks from Monday and hours in America/Chicago.");
        assertThat(page.select("[data-stat=requests]").text()).isEqualTo("5");
        assertThat(page.select("[data-stat=accepted]").text()).isEqualTo("3 60% of requests");
        assertThat(page.select("[data-stat=completed]").text()).isEqualTo("2");
        assertThat(page.select("[data-stat=missed]").text()).isEqualTo("2");
        // 60, 90, 240 s: 90 s
        assertThat(page.select("[data-stat=median]").text()).isEqualTo("1.5 min");

        assertThat(rows(page, "week-table")).containsExactly("Week of Mar 2, 2026 3 2 1 1 67% 2.5", "Week of Mar 9, 2026 2 1 1 1 50% 1.5");
        // one bar per non-zero figure: week 1 requests, accepted, missed; week 2 the same
        assertThat(page.select("#week-chart g.bar")).hasSize(6);
        assertThat(page.select("#week-chart g.bar.metric-0 title").eachText())
                .containsExactly("Week of Mar 2, 2026, Requests: 3", "Week of Mar 9, 2026, Requests: 2");
        assertThat(page.select("#median-chart .median-dot title").eachText())
                .containsExactly("Week of Mar 2, 2026: median 2.5 minutes to accept", "Week of Mar 9, 2026: median 1.5 minutes to accept");
        assertThat(page.select("#median-chart polyline")).hasSize(1);

        // hours 7 to 18 always; requests at 9, 9, 10, 14 and 16
        assertThat(page.select("#hour-table tbody tr")).hasSize(12);
        assertThat(page.select("#hour-table tr[data-key=9]").text()).isEqualTo("09:00 2 2 1 0 100% 2.5");
        assertThat(page.select("#hour-chart g.bar.metric-0")).hasSize(4);

        assertThat(rows(page, "bhc-table")).containsExactly("Jordan Counselor 3 2 1.5");
        assertThat(rows(page, "reason-table")).containsExactly("Positive screen 2 1 1 1 50% 1.0", "Distress 2 1 0 1 50% 4.0",
                "Substance use 1 1 1 0 100% 1.5");
        assertThat(rows(page, "requester-table")).containsExactly("Dr. Amara Okafor 3 1 1 2 33% 1.0",
                "Dr. Luis Reyes 2 2 1 0 100% 2.8");
        assertThat(page.select("#metrics-csv").attr("href")).isEqualTo("/handoffs/metrics.csv?from=2026-03-02&to=2026-03-15");
        assertThat(page.select("#metrics-clinician option").eachText())
                .containsExactly("All clinicians", "Dr. Amara Okafor", "Dr. Luis Reyes");
    }

    @Test
    void filtersByReasonAndClinicianAndNamesWhatCannotBeUnderstood() throws Exception {
        Document distress = page(get("/handoffs/metrics").param("from", "2026-03-02").param("to", "2026-03-15")
                .param("reason", "distress").param("clinician", okafor.toString()), admin);
        assertThat(distress.select("[data-stat=requests]").text()).isEqualTo("1");
        assertThat(distress.select("[data-stat=median]").text()).isEqualTo("\u2014");
        assertThat(distress.select("#metrics-reason option[selected]").val()).isEqualTo("distress");
        assertThat(distress.select("#metrics-clinician option[selected]").val()).isEqualTo(okafor.toString());
        assertThat(distress.select("#metrics-csv").attr("href"))
                .isEqualTo("/handoffs/metrics.csv?from=2026-03-02&to=2026-03-15&reason=distress&clinician=" + okafor);

        Document bad = page(get("/handoffs/metrics").param("from", "March").param("to", "2026-03-15").param("reason", "boredom")
                .param("clinician", jordan.toString()), admin);
        assertThat(bad.select(".alert.error p").eachText()).containsExactly(
                "A date must be written as yyyy-mm-dd; the default period is shown.", "Unknown reason; all reasons are shown.",
                "That clinician is not a PCP or medical assistant of this practice; all clinicians are shown.");
        // the default start: the Monday 25 weeks before the week of the last day
        assertThat(bad.select("#metrics-from").val()).isEqualTo("2025-09-15");
        assertThat(bad.select("#week-table tbody tr")).hasSize(26);
        assertThat(bad.select("[data-stat=requests]").text()).isEqualTo("5");
    }

    @Test
    void anEmptyPeriodSaysSo() throws Exception {
        Document page = page(get("/handoffs/metrics").param("from", "2025-01-06").param("to", "2025-01-19"), pcp);

        assertThat(page.select("#metrics-summary .empty").text()).isEqualTo("No handoff requests in this period.");
        assertThat(page.select("[data-stat]")).isEmpty();
        assertThat(page.select("#week-chart .empty-chart").text()).isEqualTo("No handoff requests in this period.");
        assertThat(page.select("#median-chart")).isEmpty();
        assertThat(page.select("#metrics-bhc .empty").text()).isEqualTo("No handoff was accepted in this period.");
        assertThat(page.select("#week-table tbody tr")).hasSize(2);
    }

    @Test
    void spanishPage() throws Exception {
        Document page = page(get("/handoffs/metrics").param("from", "2026-03-02").param("to", "2026-03-15")
                .locale(Locale.forLanguageTag("es")), pcp);

        assertThat(page.select("h1").text()).isEqualTo("Indicadores de traspasos cálidos");
        assertThat(page.select("[data-stat=median]").text()).isEqualTo("1,5 min");
        assertThat(rows(page, "reason-table").get(1)).startsWith("Angustia 2 1 0 1");
    }

    @Test
    void csvHasOneRowPerGroupWithTheSameFigures() throws Exception {
        MockHttpServletResponse response = mvc.perform(get("/handoffs/metrics.csv").param("from", "2026-03-02").param("to", "2026-03-15")
                .with(fixtures.as(pcp))).andExpect(status().isOk()).andReturn().getResponse();

        assertThat(response.getContentType()).isEqualTo("text/csv;charset=UTF-8");
        assertThat(response.getHeader("Content-Disposition"))
                .isEqualTo("attachment; filename=\"tandem-handoff-metrics-2026-03-02-2026-03-15.csv\"");
        List<String> lines = List.of(response.getContentAsString(StandardCharsets.UTF_8).substring(1).split("\r\n"));
        assertThat(lines.get(0)).isEqualTo("from,to,reason_filter,requester_filter,breakdown,key,label,requests,accepted,completed,"
                + "missed,acceptance_rate,median_minutes_to_accept");
        assertThat(lines.get(1)).isEqualTo("2026-03-02,2026-03-15,,,total,,,5,3,2,2,0.6000,1.50");
        assertThat(lines.get(2)).isEqualTo("2026-03-02,2026-03-15,,,week,2026-03-02,2026-03-02,3,2,1,1,0.6667,2.50");
        assertThat(lines).contains("2026-03-02,2026-03-15,,,hour,0,00:00,0,0,0,0,,",
                "2026-03-02,2026-03-15,,,accepting_clinician," + jordan + ",Jordan Counselor,3,3,2,0,1.0000,1.50",
                "2026-03-02,2026-03-15,,,reason,distress,distress,2,1,0,1,0.5000,4.00",
                "2026-03-02,2026-03-15,,,requesting_clinician," + okafor + ",Dr. Amara Okafor,3,1,1,2,0.3333,1.00");
        // total, 2 weeks, 24 hours, 1 BHC, 3 reasons, 2 requesters, and the header
        assertThat(lines).hasSize(1 + 1 + 2 + 24 + 1 + 3 + 2);

        String filtered = mvc.perform(get("/handoffs/metrics.csv").param("from", "2026-03-02").param("to", "2026-03-15")
                .param("clinician", okafor.toString()).with(fixtures.as(pcp))).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(filtered.split("\r\n")[1]).isEqualTo("2026-03-02,2026-03-15,,Dr. Amara Okafor,total,,,3,1,1,2,0.3333,1.00");
        mvc.perform(get("/handoffs/metrics.csv").param("from", "2026-03-15").param("to", "2026-03-02").with(fixtures.as(pcp)))
                .andExpect(status().isBadRequest());
    }

    @Test
    void rolesOutsideTheHandoffTeamAreRefused() throws Exception {
        for (Role role : List.of(Role.FRONT_DESK, Role.MEDICAL_ASSISTANT, Role.PSYCHIATRIC_CONSULTANT)) {
            String who = fixtures.staff(practice, "Someone " + role.name().toLowerCase(Locale.ROOT), role);
            mvc.perform(get("/handoffs/metrics").with(fixtures.as(who))).andExpect(status().isForbidden());
            mvc.perform(get("/handoffs/metrics.csv").with(fixtures.as(who))).andExpect(status().isForbidden());
        }
        String careManager = fixtures.staff(practice, "Casey Manager", Role.CARE_MANAGER);
        mvc.perform(get("/handoffs/metrics").with(fixtures.as(careManager))).andExpect(status().isOk());
    }

    private List<String> rows(Document page, String table) {
        return page.select("#" + table + " tbody tr").eachText();
    }

    private Document page(MockHttpServletRequestBuilder request, String who) throws Exception {
        return Jsoup.parse(mvc.perform(request.with(fixtures.as(who))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }
}
