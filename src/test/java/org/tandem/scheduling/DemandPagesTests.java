package org.tandem.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.tandem.PageFixtures;
import org.tandem.platform.Actor;
import org.tandem.platform.Channel;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;

/**
 * The demand page: two weeks from Monday 2 March 2026 in America/Chicago and an active template, every figure by hand.
 * <pre>
 * handoff requests  Mon 2 09:30, Mon 9 09:50, Tue 10 16:20   Mon 9:00 1.0/week, Tue 16:00 0.5/week (1.5 in all)
 * visits            Mon 2 09:15, Mon 9 09:40, Tue 3 14:10    Mon 9:00 1.0/week, Tue 14:00 0.5/week
 * positive screens  Mon 2 09:20                              Mon 9:00 0.5/week
 * open access       Jordan Mon 9:00-10:00, Tue 14:00-15:00   60 minutes each (2 hours a week); Mon 10:00 counseling
 * gap (points)      Mon 9:00 66.7 - 50 = +16.7; Tue 14:00 0 - 50 = -50.0; Tue 16:00 33.3 - 0 = +33.3
 * </pre>
 */
@SpringBootTest(properties = PageFixtures.H2)
@AutoConfigureMockMvc
class DemandPagesTests {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    Templates templates;
    @Autowired
    CurrentActor actors;

    PageFixtures fixtures;
    PracticeId practice;
    String admin;
    String pcp;
    String bhc;
    UUID jordan;

    @BeforeEach
    void createPractice() {
        fixtures = new PageFixtures(context);
        practice = fixtures.practice("Riverside Family Medicine");
        admin = fixtures.staff(practice, "Ada Admin", Role.PRACTICE_ADMIN);
        pcp = fixtures.staff(practice, "Dr. Amara Okafor", Role.PCP);
        bhc = fixtures.staff(practice, "Jordan Counselor", Role.BHC);
        jordan = fixtures.staffId(practice, bhc);
    }

    void twoWeeksOfDemand() {
        DemandTestData data = new DemandTestData(context, practice, CHICAGO);
        data.handoff("2026-03-02T09:30");
        data.handoff("2026-03-09T09:50");
        data.handoff("2026-03-10T16:20");
        data.visit("2026-03-02T09:15");
        data.visit("2026-03-09T09:40");
        data.visit("2026-03-03T14:10");
        data.screen("2026-03-02T09:20", "completed", true);
    }

    ScheduleTemplate activeTemplate(String name) {
        Actor actor = new Actor(UUID.randomUUID().toString(), admin, Actor.Kind.USER, practice, Set.of(Role.PRACTICE_ADMIN),
                Channel.WEB, null);
        return actors.runAs(actor, () -> {
            ScheduleTemplate draft = templates.create(name, null);
            ScheduleTemplate filled = templates.replaceBlocks(draft.id(), List.of(
                    new BlockInput(jordan, DayOfWeek.MONDAY, LocalTime.of(9, 0), 60, BlockKind.OPEN_ACCESS, 30),
                    new BlockInput(jordan, DayOfWeek.MONDAY, LocalTime.of(10, 0), 50, BlockKind.COUNSELING, null),
                    new BlockInput(jordan, DayOfWeek.TUESDAY, LocalTime.of(14, 0), 60, BlockKind.OPEN_ACCESS, 30)), draft.version());
            return templates.activate(filled.id(), LocalDate.now(CHICAGO).plusDays(1), filled.version());
        });
    }

    @Test
    void heatmapsAndTablesShowTheDemandTheAvailabilityAndTheGap() throws Exception {
        twoWeeksOfDemand();
        ScheduleTemplate template = activeTemplate("Spring week");

        Document page = page(get("/admin/schedule/demand").param("from", "2026-03-02").param("to", "2026-03-15"), admin);

        assertThat(page.select("h1").text()).isEqualTo("Demand and BHC availability");
        assertThat(page.select(".lead").text())
                .isEqualTo("From 2026-03-02 to 2026-03-15 (2.0 weeks), averages per week, hours in America/Chicago.");
        assertThat(page.select("#demand-template option[selected]").val()).isEqualTo(template.id().toString());
        assertThat(page.select("#demand-template option[selected]").text()).isEqualTo("Spring week (active)");
        // handoffs, availability and gap side by side first, then visits and screens
        assertThat(page.select(".heatmap-card").eachAttr("id"))
                .containsExactly("card-handoffs", "card-availability", "card-gap", "card-visits", "card-screens");

        assertThat(cells(page, "handoffs")).containsExactly("1.0", "0.5");
        assertThat(page.select("#card-handoffs .cells title").first().text()).isEqualTo("Mon 07:00: 0.0 handoff requests per week");
        assertThat(page.select("#card-handoffs .cells g:has(text) title").eachText())
                .containsExactly("Mon 09:00: 1.0 handoff requests per week", "Tue 16:00: 0.5 handoff requests per week");
        assertThat(page.select("#card-handoffs .total").text()).isEqualTo("1.5 requests per week in all.");
        assertThat(page.select("#card-handoffs .days text").eachText()).containsExactly("Mon", "Tue", "Wed", "Thu", "Fri");
        assertThat(page.select("#card-handoffs .hours text")).hasSize(12);
        assertThat(page.select("#table-handoffs thead th").eachText()).containsExactly("Hour", "Mon", "Tue", "Wed", "Thu", "Fri");
        assertThat(page.select("#table-handoffs tbody tr").get(2).text()).isEqualTo("09:00 1.0 0.0 0.0 0.0 0.0");
        assertThat(page.select("#table-handoffs tbody tr").get(9).text()).isEqualTo("16:00 0.0 0.5 0.0 0.0 0.0");

        assertThat(cells(page, "availability")).containsExactly("60", "60");
        assertThat(page.select("#card-availability .total").text()).isEqualTo("2.0 hours of open access per week in all.");
        assertThat(page.select("#table-availability caption").text()).isEqualTo("Open-access minutes in template Spring week, by weekday and hour");
        assertThat(page.select("#table-availability tbody tr").get(3).text()).as("counseling is not open access")
                .isEqualTo("10:00 0 0 0 0 0");

        assertThat(cells(page, "gap")).containsExactly("+16.7", "\u221250.0", "+33.3");
        assertThat(page.select("#card-gap .gap-key").text()).startsWith("Orange: more handoff demand than open access");
        assertThat(page.select("#card-gap .heat-legend li")).hasSize(5);
        assertThat(page.select("#card-gap .hint").eachText()).hasSize(1);

        assertThat(cells(page, "visits")).containsExactly("1.0", "0.5");
        assertThat(page.select("#card-visits .total").text()).isEqualTo("1.5 visits per week in all.");
        assertThat(cells(page, "screens")).containsExactly("0.5");
        assertThat(page.select("#demand-no-data")).isEmpty();
        assertThat(page.select("svg.heatmap")).allSatisfy(svg -> assertThat(svg.attr("aria-label")).isNotBlank());
    }

    @Test
    void behavioralHealthCliniciansAndPcpsMayLookOthersMayNot() throws Exception {
        mvc.perform(get("/admin/schedule/demand").with(fixtures.as(bhc))).andExpect(status().isOk());
        mvc.perform(get("/admin/schedule/demand").with(fixtures.as(pcp))).andExpect(status().isOk());
        for (Role role : List.of(Role.CARE_MANAGER, Role.FRONT_DESK, Role.MEDICAL_ASSISTANT, Role.PSYCHIATRIC_CONSULTANT)) {
            String who = fixtures.staff(practice, "Someone " + role.name().toLowerCase(Locale.ROOT), role);
            mvc.perform(get("/admin/schedule/demand").with(fixtures.as(who))).andExpect(status().isForbidden());
        }
    }

    @Test
    void aPracticeWithoutDataOrTemplateSeesWhatIsMissing() throws Exception {
        Document page = page(get("/admin/schedule/demand"), admin);

        assertThat(page.select("#demand-no-data").text())
                .isEqualTo("No primary care visits, positive screens or handoff requests were recorded in this period.");
        assertThat(page.select("svg.heatmap")).isEmpty();
        assertThat(page.select("#card-handoffs .empty").text()).isEqualTo("No handoff requests in this period.");
        assertThat(page.select("#card-visits .empty").text()).isEqualTo("No primary care visits in this period.");
        assertThat(page.select("#card-availability .empty").text()).isEqualTo("The practice has no schedule template yet.");
        assertThat(page.select("#card-gap .empty").text()).isEqualTo("Choose a template to compare its open access with the demand.");
        assertThat(page.select("#demand-template").hasAttr("disabled")).isTrue();
        // the last 26 weeks up to today
        LocalDate today = LocalDate.now(CHICAGO);
        assertThat(page.select("#demand-to").val()).isEqualTo(today.toString());
        assertThat(page.select("#demand-from").val()).isEqualTo(today.minusWeeks(26).plusDays(1).toString());
        assertThat(page.select(".lead").text()).contains("(26.0 weeks)");
        assertThat(page.select(".quick-periods a").eachText()).containsExactly("Last 13 weeks", "Last 26 weeks", "Last 52 weeks");
        assertThat(page.select(".quick-periods a[aria-current=true]").text()).isEqualTo("Last 26 weeks");
    }

    @Test
    void withoutHandoffRequestsVisitsStandInForHandoffDemandAndTheWeekendIsShownWhenThereIsSome() throws Exception {
        DemandTestData data = new DemandTestData(context, practice, CHICAGO);
        data.visit("2026-03-02T09:15");
        data.visit("2026-03-07T06:30");
        activeTemplate("Visits only");

        Document page = page(get("/admin/schedule/demand").param("from", "2026-03-02").param("to", "2026-03-08"), admin);

        assertThat(page.select("#card-gap .hint").last().text())
                .isEqualTo("No handoff requests or positive screens yet: primary care visits stand in for handoff demand.");
        assertThat(page.select("#card-visits .days text").eachText()).containsExactly("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");
        assertThat(page.select("#card-visits .hours text").first().text()).isEqualTo("06:00");
        // Mon 9:00 visits 50%, open access 50%: 0.0; Sat 6:00 visits 50%: +50.0; Tue 14:00 open access 50%: -50.0
        assertThat(cells(page, "gap")).containsExactly("+50.0", "\u221250.0");
        assertThat(page.select("#card-handoffs .empty").text()).isEqualTo("No handoff requests in this period.");
    }

    @Test
    void unreadableInputIsNamedAndTheDefaultsShown() throws Exception {
        Document page = page(get("/admin/schedule/demand").param("from", "March").param("template", UUID.randomUUID().toString()), admin);

        assertThat(page.select(".alert.error p").eachText()).containsExactly(
                "A date must be written as yyyy-mm-dd; the default period is shown.",
                "That template is not one of this practice\u2019s; the active template is shown.");
        Document reversed = page(get("/admin/schedule/demand").param("from", "2026-03-15").param("to", "2026-03-02"), admin);
        assertThat(reversed.select(".alert.error p").text()).isEqualTo("The last day is before the first; the last 26 weeks are shown.");
        assertThat(reversed.select("#demand-from").val()).isEqualTo("2025-09-02");
    }

    @Test
    void spanishPage() throws Exception {
        twoWeeksOfDemand();
        activeTemplate("Semana de primavera");

        Document page = page(get("/admin/schedule/demand").param("from", "2026-03-02").param("to", "2026-03-15")
                .locale(Locale.forLanguageTag("es")), bhc);

        assertThat(page.select("h1").text()).isEqualTo("Demanda y disponibilidad de los cl\u00ednicos de salud conductual");
        assertThat(cells(page, "handoffs")).containsExactly("1,0", "0,5");
        assertThat(page.select("#card-handoffs .days text").eachText()).containsExactly("lun", "mar", "mi\u00e9", "jue", "vie");
        assertThat(cells(page, "gap")).containsExactly("+16,7", "\u221250,0", "+33,3");
    }

    private List<String> cells(Document page, String card) {
        return page.select("#card-" + card + " .cells text").eachText();
    }

    private Document page(MockHttpServletRequestBuilder request, String who) throws Exception {
        return Jsoup.parse(mvc.perform(request.with(fixtures.as(who))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }
}
