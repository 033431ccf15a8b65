package org.tandem.scheduling;

import org.tandem.testsupport.SettableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.tandem.PageFixtures;
import org.tandem.patient.PatientRecord;
import org.tandem.platform.Actor;
import org.tandem.platform.Channel;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;

/**
 * The template pages, the BHC schedule, booking and a patient's appointments, as rendered HTML. The clock stands on
 * Monday 2 March 2026, 08:00 in Chicago.
 */
@SpringBootTest(properties = PageFixtures.H2)
@AutoConfigureMockMvc
@Import(SettableClock.Config.class)
class SchedulingPagesTests {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    static final LocalDate MONDAY = LocalDate.of(2026, 3, 2);

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    Templates templates;
    @Autowired
    Schedules schedules;
    @Autowired
    Appointments appointments;
    @Autowired
    CurrentActor actors;
    @Autowired
    SettableClock clock;

    PageFixtures fixtures;
    PracticeId practice;
    String admin;
    String frontDesk;
    UUID jordan;
    UUID sam;
    PatientRecord elena;

    @BeforeEach
    void createPractice() {
        clock.set(SettableClock.Config.START);
        fixtures = new PageFixtures(context);
        practice = fixtures.practice("Riverside Family Medicine");
        admin = fixtures.staff(practice, "Ada Admin", Role.PRACTICE_ADMIN);
        frontDesk = fixtures.staff(practice, "Fran Desk", Role.FRONT_DESK);
        jordan = fixtures.staffId(practice, fixtures.staff(practice, "Jordan Counselor", Role.BHC));
        sam = fixtures.staffId(practice, fixtures.staff(practice, "Sam Rivera", Role.BHC));
        elena = fixtures.patient(practice, "Quintero", "Elena Maria", LocalDate.of(1950, 4, 12), "MRN-4711", null);
    }

    @Test
    void anAdminCreatesADraftAndAddsBlocksOnTheWeekGrid() throws Exception {
        Document list = page(get("/admin/schedule"), admin);
        assertThat(list.select("h1").text()).isEqualTo("BHC schedule templates");
        assertThat(list.select(".template-card")).isEmpty();

        String location = mvc.perform(post("/admin/schedule").param("name", "Spring 2026").param("copyOf", "")
                .with(fixtures.as(admin)).with(csrf())).andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/admin/schedule/");
        UUID id = UUID.fromString(location.substring("/admin/schedule/".length()));

        Document editor = page(get(location), admin);
        assertThat(editor.select("h1").text()).isEqualTo("Spring 2026 Draft");
        assertThat(editor.select(".bhc-tabs a").eachText()).containsExactly("Jordan Counselor no blocks", "Sam Rivera no blocks");
        assertThat(editor.select(".bhc-tabs a[aria-current=page]").text()).startsWith("Jordan Counselor");

        // four counseling visits from 09:00, then an open-access hour released 15 minutes before
        mvc.perform(post(location + "/blocks").param("bhc", jordan.toString()).param("day", "tuesday").param("start", "09:00")
                .param("minutes", "50").param("kind", "counseling").param("repeat", "4").param("version", "1")
                .with(fixtures.as(admin)).with(csrf())).andExpect(redirectedUrl(location + "?bhc=" + jordan));
        mvc.perform(post(location + "/blocks").param("bhc", jordan.toString()).param("day", "tuesday").param("start", "13:00")
                .param("minutes", "60").param("kind", "open-access").param("release", "15").param("version", "2")
                .with(fixtures.as(admin)).with(csrf())).andExpect(redirectedUrl(location + "?bhc=" + jordan));
        mvc.perform(post(location + "/copy-day").param("bhc", jordan.toString()).param("from", "tuesday").param("to", "thursday")
                .param("version", "3").with(fixtures.as(admin)).with(csrf())).andExpect(status().is3xxRedirection());

        editor = page(get(location).param("bhc", jordan.toString()), admin);
        assertThat(editor.select("#blocks tbody tr")).hasSize(10);
        assertThat(editor.select("#blocks tbody tr").get(0).text()).contains("Tuesday", "09:00–09:50", "50", "Counseling visit");
        assertThat(editor.select("#blocks tbody tr[data-kind=open-access]").first().text()).contains("15 min before");
        assertThat(editor.select("svg.week-grid g.block")).hasSize(10);
        Element open = editor.select("svg.week-grid g.block.kind-open-access").first();
        assertThat(open.select("title").text()).isEqualTo("Open access, Tuesday 13:00 to 14:00");
        assertThat(open.select("rect").attr("fill")).isEqualTo("url(#pat-open-access)");
        assertThat(open.select("text").eachText()).containsExactly("Open access", "13:00–14:00");
        assertThat(editor.select("svg.week-grid .day-label").eachText()).containsExactly("Monday", "Tuesday", "Wednesday", "Thursday",
                "Friday");
        // 2 x (4 x 50 minutes) counseling = 6.7 h; 2 h open access
        assertThat(editor.select("#totals tbody tr").first().text()).isEqualTo("Jordan Counselor 6.7 – 2.0 – – 8.7");
        assertThat(templates(id).blocks()).hasSize(10);
    }

    @Test
    void aRefusedBlockComesBackWithWhatWasTypedAndTheRule() throws Exception {
        ScheduleTemplate draft = asAdmin(() -> templates.create("Summer", null));
        MvcResult result = mvc.perform(post("/admin/schedule/" + draft.id() + "/blocks").param("bhc", sam.toString())
                .param("day", "wednesday").param("start", "10:15").param("minutes", "45").param("kind", "brief").param("release", "")
                .param("version", "1").with(fixtures.as(admin)).with(csrf())).andExpect(status().isUnprocessableContent()).andReturn();
        Document page = Jsoup.parse(result.getResponse().getContentAsString());
        assertThat(page.select("#block-problems").text()).contains(
                "A brief visit lasts 10 to 30 minutes; the brief visit of Sam Rivera on Wednesday at 10:15 has 45");
        assertThat(page.select("#block-minutes").val()).isEqualTo("45");
        assertThat(page.select("#block-start").val()).isEqualTo("10:15");
        assertThat(page.select("#block-day option[selected]").val()).isEqualTo("wednesday");
        assertThat(page.select("#block-kind option[selected]").val()).isEqualTo("brief");
        assertThat(page.select(".bhc-tabs a[aria-current=page]").text()).startsWith("Sam Rivera");
        assertThat(templates(draft.id()).blocks()).isEmpty();

        // a stale version: the page says someone else changed the template
        result = mvc.perform(post("/admin/schedule/" + draft.id() + "/blocks").param("bhc", sam.toString()).param("day", "wednesday")
                .param("start", "10:15").param("minutes", "30").param("kind", "brief").param("version", "0")
                .with(fixtures.as(admin)).with(csrf())).andExpect(status().isConflict()).andReturn();
        assertThat(Jsoup.parse(result.getResponse().getContentAsString()).select("#block-problems").text())
                .contains("Someone else changed this template a moment ago");

        // what cannot be read is said in the page's words
        result = mvc.perform(post("/admin/schedule/" + draft.id() + "/blocks").param("bhc", sam.toString()).param("day", "wednesday")
                .param("start", "quarter past ten").param("minutes", "thirty").param("kind", "brief").param("version", "1")
                .with(fixtures.as(admin)).with(csrf())).andExpect(status().isUnprocessableContent()).andReturn();
        assertThat(Jsoup.parse(result.getResponse().getContentAsString()).select("#block-problems li").eachText()).containsExactly(
                "Enter the start time as hours and minutes, e.g. 09:00.", "Enter the length in minutes.");
    }

    @Test
    void onlyPracticeAdminsOpenTheTemplatePages() throws Exception {
        mvc.perform(get("/admin/schedule").with(fixtures.as(frontDesk))).andExpect(status().isForbidden());
        mvc.perform(post("/admin/schedule").param("name", "Mine").with(fixtures.as(frontDesk)).with(csrf()))
                .andExpect(status().isForbidden());
        assertThat(asAdmin(() -> templates.list())).isEmpty();
    }

    @Test
    void activatingFromTheListMakesTheScheduleAndFrontDeskBooksAndCancelsAVisit() throws Exception {
        ScheduleTemplate draft = asAdmin(() -> templates.create("Spring", null));
        ScheduleTemplate filled = asAdmin(() -> templates.replaceBlocks(draft.id(), List.of(
                new BlockInput(jordan, DayOfWeek.MONDAY, LocalTime.of(9, 0), 50, BlockKind.COUNSELING, null),
                new BlockInput(jordan, DayOfWeek.MONDAY, LocalTime.of(10, 0), 60, BlockKind.OPEN_ACCESS, 30),
                new BlockInput(sam, DayOfWeek.MONDAY, LocalTime.of(9, 0), 30, BlockKind.BRIEF, null),
                new BlockInput(sam, DayOfWeek.MONDAY, LocalTime.of(12, 0), 30, BlockKind.HUDDLE, null)), draft.version()));
        Document list = page(get("/admin/schedule"), admin);
        assertThat(list.select(".template-card .hours tbody tr").eachText()).containsExactly(
                "Jordan Counselor 0.8 – 1.0 – – 1.8", "Sam Rivera – 0.5 – – 0.5 1.0");
        mvc.perform(post("/admin/schedule/" + draft.id() + "/activate").param("from", "2026-03-01").param("version", "2")
                .with(fixtures.as(admin)).with(csrf())).andExpect(status().isUnprocessableContent());
        mvc.perform(post("/admin/schedule/" + draft.id() + "/activate").param("from", "2026-03-02")
                .param("version", Integer.toString(filled.version())).with(fixtures.as(admin)).with(csrf()))
                .andExpect(redirectedUrl("/admin/schedule"));
        list = page(get("/admin/schedule"), admin);
        assertThat(list.select(".template-card").first().text()).contains("Spring Active", "Active from 2026-03-02", "4 blocks");
        Document readOnly = page(get("/admin/schedule/" + draft.id()), admin);
        assertThat(readOnly.select(".lead").text()).startsWith("Active from 2026-03-02.");
        assertThat(readOnly.select("#add-block, #copy-day, #blocks form")).isEmpty();
        assertThat(readOnly.select("#blocks tbody tr")).hasSize(2);

        Document day = page(get("/schedule").param("date", "2026-03-02"), frontDesk);
        assertThat(day.select("table.calendar thead th").eachText()).containsExactly("Time", "Jordan Counselor", "Sam Rivera");
        assertThat(day.select("table.calendar tbody th").eachText()).containsExactly("09:00", "09:30", "09:50", "10:00", "11:00",
                "12:00");
        assertThat(day.select(".slot.kind-open-access .slot-state").text())
                .isEqualTo("Held for warm handoffs, bookable from 09:30");
        assertThat(day.select(".slot.kind-huddle .slot-state").text()).isEqualTo("Not bookable");
        Element counseling = day.select(".slot.kind-counseling").first();
        assertThat(counseling.parent().attr("rowspan")).isEqualTo("2");
        String book = counseling.select("a.book-link").attr("href");
        assertThat(book).isEqualTo("/schedule/slots/" + counseling.id().substring(5) + "/book");
        assertThat(page(get("/schedule").param("date", "2026-03-02"), admin).select("a.book-link")).isEmpty();

        Document search = page(get(book).param("q", "quintero"), frontDesk);
        assertThat(search.select(".slot-summary").text()).contains("Monday 2 March 2026, 09:00–09:50", "Counseling visit",
                "with Jordan Counselor");
        assertThat(search.select(".patient-choices .choice").text()).contains("Quintero, Elena Maria", "MRN MRN-4711, born 1950-04-12");
        MvcResult refused = mvc.perform(post(book).param("q", "quintero").param("source", "return-visit").param("reason", "PHQ-9 follow-up")
                .with(fixtures.as(frontDesk)).with(csrf())).andExpect(status().isUnprocessableContent()).andReturn();
        Document again = Jsoup.parse(refused.getResponse().getContentAsString());
        assertThat(again.select("#book-problems").text()).contains("Choose the patient.");
        assertThat(again.select("#book-reason").text()).isEqualTo("PHQ-9 follow-up");
        mvc.perform(post(book).param("patient", elena.id().toString()).param("source", "return-visit").param("reason", "PHQ-9 follow-up")
                .with(fixtures.as(frontDesk)).with(csrf())).andExpect(redirectedUrl("/schedule?date=2026-03-02"));

        day = page(get("/schedule").param("date", "2026-03-02"), frontDesk);
        Element booked = day.select(".slot.status-booked").first();
        assertThat(booked.select(".slot-patient").text()).isEqualTo("Quintero, Elena Maria Booked");
        assertThat(booked.select(".slot-reason").text()).isEqualTo("PHQ-9 follow-up");
        assertThat(booked.select(".visit-actions button").eachText()).containsExactly("Arrived", "No-show", "Cancel the visit");

        Appointment visit = appointments(elena);
        String action = "/schedule/appointments/" + visit.id() + "/status";
        MvcResult noReason = mvc.perform(post(action).param("status", "cancelled").param("reason", " ").param("version", "1")
                .param("date", "2026-03-02").param("view", "day").with(fixtures.as(frontDesk)).with(csrf()))
                .andExpect(status().isUnprocessableContent()).andReturn();
        Document cancel = Jsoup.parse(noReason.getResponse().getContentAsString());
        assertThat(cancel.select("#status-problem").text()).contains("Give the reason for cancelling the visit");
        assertThat(cancel.select("details.cancel-visit[open]")).hasSize(1);
        mvc.perform(post(action).param("status", "cancelled").param("reason", "Patient called, has the flu").param("version", "1")
                .param("date", "2026-03-02").param("view", "day").with(fixtures.as(frontDesk)).with(csrf()))
                .andExpect(redirectedUrl("/schedule?date=2026-03-02&view=day"));
        assertThat(page(get("/schedule").param("date", "2026-03-02"), frontDesk).select(".slot.status-booked")).isEmpty();

        // the week of one BHC
        Document week = page(get("/schedule").param("date", "2026-03-04").param("view", "week").param("bhc", sam.toString()), frontDesk);
        assertThat(week.select("#schedule-day").text()).isEqualTo("Week of 2 Mar to 8 Mar 2026: Sam Rivera");
        assertThat(week.select("table.calendar thead th").eachText()).containsExactly("Time", "Mon 2 Mar", "Tue 3 Mar", "Wed 4 Mar",
                "Thu 5 Mar", "Fri 6 Mar");
        assertThat(week.select(".slot")).hasSize(2);
    }

    @Test
    void thePatientPageListsVisitsAndBooksAReturnVisitFromTheNextFreeSlots() throws Exception {
        ScheduleTemplate draft = asAdmin(() -> templates.create("Spring", null));
        ScheduleTemplate filled = asAdmin(() -> templates.replaceBlocks(draft.id(), List.of(
                new BlockInput(jordan, DayOfWeek.TUESDAY, LocalTime.of(9, 0), 50, BlockKind.COUNSELING, null),
                new BlockInput(jordan, DayOfWeek.TUESDAY, LocalTime.of(10, 0), 30, BlockKind.OPEN_ACCESS, 0),
                new BlockInput(sam, DayOfWeek.WEDNESDAY, LocalTime.of(14, 0), 30, BlockKind.BRIEF, null)), draft.version()));
        asAdmin(() -> templates.activate(filled.id(), MONDAY, filled.version()));

        String path = "/patients/" + elena.id() + "/appointments";
        Document page = page(get(path), frontDesk);
        assertThat(page.select("h1").text()).isEqualTo("BH appointments of Quintero, Elena Maria");
        assertThat(page.select("#upcoming .empty").text()).isEqualTo("No visit with a BHC is booked.");
        assertThat(page.select(".slot-choices .choice").eachText()).startsWith(
                "Tue 3 Mar 09:00–09:50 Counseling visit with Jordan Counselor", "Wed 4 Mar 14:00–14:30 Brief visit with Sam Rivera",
                "Tue 10 Mar 09:00–09:50 Counseling visit with Jordan Counselor");
        assertThat(page.select(".slot-choices .choice").text()).doesNotContain("Open access");
        String wednesday = page.select(".slot-choices input").get(1).val();

        mvc.perform(post(path).param("slot", wednesday).param("source", "return-visit").param("reason", "")
                .with(fixtures.as(frontDesk)).with(csrf())).andExpect(redirectedUrl(path));
        page = page(get(path).param("bhc", jordan.toString()), frontDesk);
        assertThat(page.select("#upcoming tbody tr").text()).contains("Wed 2026-03-04", "14:00–14:30", "Sam Rivera", "Brief visit", "Booked");
        assertThat(page.select(".slot-choices .choice").eachText()).allMatch(t -> t.contains("Jordan Counselor"));

        // two people pick the same slot from the list: the second one is told
        mvc.perform(post(path).param("slot", wednesday).param("source", "return-visit").with(fixtures.as(frontDesk)).with(csrf()))
                .andExpect(status().isUnprocessableContent());

        // the practice admin reads the list but does not book
        assertThat(page(get(path), admin).select("#book-return")).isEmpty();
    }

    private Appointment appointments(PatientRecord patient) {
        return actors.runAs(Actor.system("test", practice, java.util.Set.of(Role.FRONT_DESK), Channel.SYSTEM),
                () -> appointments.ofPatient(patient.id())).get(0);
    }

    private ScheduleTemplate templates(UUID id) {
        return asAdmin(() -> templates.get(id));
    }

    private <T> T asAdmin(java.util.function.Supplier<T> work) {
        return actors.runAs(Actor.system("test-admin", practice, java.util.Set.of(Role.PRACTICE_ADMIN), Channel.SYSTEM), work);
    }

    private Document page(MockHttpServletRequestBuilder request, String who) throws Exception {
        return Jsoup.parse(mvc.perform(request.with(fixtures.as(who))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }
}
