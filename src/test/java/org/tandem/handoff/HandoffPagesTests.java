package org.tandem.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
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
import org.tandem.platform.Actor;
import org.tandem.platform.Channel;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;
import org.tandem.scheduling.BlockInput;
import org.tandem.scheduling.BlockKind;
import org.tandem.scheduling.ScheduleTemplate;
import org.tandem.scheduling.Templates;

/**
 * The warm handoff pages: the BHC's board (presence, live requests, their handoffs), the request form and the live
 * status page of PCPs and MAs, the practice admin's settings; their htmx fragments, refused input (shown again as
 * typed, with the problem) and who may open what. Riverside, America/Chicago: Dr. Amara Okafor (PCP), Maria Lopez
 * (MA), Dana Rivera and Sam Ortiz (BHCs), patient Elena Quintero (born 1984-05-17, PCP Okafor).
 */
@SpringBootTest(properties = PageFixtures.H2)
@AutoConfigureMockMvc
class HandoffPagesTests {

    static final ZoneId ZONE = ZoneId.of("America/Chicago");
    static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    Handoffs handoffs;
    @Autowired
    Availability availability;
    @Autowired
    HandoffSettings settings;
    @Autowired
    HandoffTimer timer;
    @Autowired
    CurrentActor actors;
    @Autowired
    Templates templates;

    PageFixtures fixtures;
    PracticeId practice;
    String pcp;
    String ma;
    String dana;
    String sam;
    String frontDesk;
    String admin;
    UUID okafor;
    PatientRecord elena;

    @BeforeEach
    void createPractice() {
        fixtures = new PageFixtures(context);
        practice = fixtures.practice("Riverside Family Medicine");
        pcp = fixtures.staff(practice, "Dr. Amara Okafor", Role.PCP);
        okafor = fixtures.staffId(practice, pcp);
        ma = fixtures.staff(practice, "Maria Lopez", Role.MEDICAL_ASSISTANT);
        dana = fixtures.staff(practice, "Dana Rivera", Role.BHC);
        sam = fixtures.staff(practice, "Sam Ortiz", Role.BHC);
        frontDesk = fixtures.staff(practice, "Frank Desk", Role.FRONT_DESK);
        admin = fixtures.staff(practice, "Ada Admin", Role.PRACTICE_ADMIN);
        elena = fixtures.patient(practice, "Quintero", "Elena", LocalDate.of(1984, 5, 17), "MRN-4711", okafor);
        as(dana, Role.BHC, () -> availability.set(PresenceState.AVAILABLE));
    }

    // ---------------------------------------------------------------- the BHC's board

    @Test
    void bhcSeesTheirPresenceTheRequestsOfferedToThemAndTheBoard() throws Exception {
        Handoff handoff = request(HandoffReason.POSITIVE_SCREEN, Urgency.NOW, "4", "PHQ-9 of 17 today");

        Document page = page(get("/handoffs"), dana);

        assertThat(page.select("h1").text()).isEqualTo("Warm handoffs");
        assertThat(page.select("main").attr("data-handoff-stream")).isEqualTo("/handoffs/stream");
        assertThat(page.select("main script").attr("src")).isEqualTo("/js/handoffs.js");
        assertThat(page.select(".presence-button")).hasSize(6);
        assertThat(page.select(".presence-button[aria-pressed=true]").text()).isEqualTo("Available");
        assertThat(page.select(".presence-button[aria-pressed=false]").eachText()).containsExactly(
                "With a patient (interruptible)", "With a patient (do not interrupt)", "In a group", "Away", "Off");
        assertThat(page.select(".presence-now").text()).startsWith("You are Available set by you at");

        assertThat(page.select("#handoffs-offers").attr("data-live-url")).isEqualTo("/handoffs/offers");
        assertThat(page.select("#handoffs-offers").attr("aria-live")).isEqualTo("polite");
        assertThat(page.select("#handoffs-offers .handoff-item")).hasSize(1);
        String offer = page.select("#offer-" + handoff.id()).text();
        int age = elena.ageOn(LocalDate.now(ZONE));
        assertThat(offer).contains("Quintero, Elena", age + " years", "Now", "Positive screen", "Room 4", "PHQ-9 of 17 today",
                "Asked by Dr. Amara Okafor at " + hhmm(handoff.requestedAt()), "waiting less than 1 min");
        assertThat(page.select("#offer-" + handoff.id() + " form").attr("action")).isEqualTo("/handoffs/" + handoff.id() + "/accept");
        assertThat(page.select("#offer-" + handoff.id() + " form").attr("hx-post")).isEqualTo("/handoffs/" + handoff.id() + "/accept");
        assertThat(page.select("#offer-" + handoff.id() + " button").attr("aria-label")).isEqualTo("Accept the handoff of Quintero, Elena");

        assertThat(page.select("#handoffs-mine .empty").text()).isEqualTo("You have no open handoffs.");
        assertThat(page.select("#presence-board .board-summary").text()).isEqualTo("1 of 2 available now");
        assertThat(page.select("#presence-board .presence-row").eachText()).containsExactly("Dana Rivera (you) Available",
                "Sam Ortiz Off");
        assertThat(page.select(".requested")).isEmpty();
    }

    @Test
    void offersFragmentIsTheListAloneAndSaysWhenThereIsNothing() throws Exception {
        request(HandoffReason.DISTRESS, Urgency.TODAY, null, null);

        String fragment = body(get("/handoffs/offers").header("HX-Request", "true"), dana);
        assertThat(fragment).doesNotContain("<main", "<html", "site-header");
        Document offers = Jsoup.parseBodyFragment(fragment);
        assertThat(offers.select(".handoff-item")).hasSize(1);
        assertThat(offers.select(".handoff-item").text()).contains("Distress", "Today").doesNotContain("Room");

        // Sam is off: nothing is offered to him
        assertThat(Jsoup.parseBodyFragment(body(get("/handoffs/offers").header("HX-Request", "true"), sam)).select(".empty").text())
                .isEqualTo("No requests for you right now. New ones appear here by themselves.");
        Document board = Jsoup.parseBodyFragment(body(get("/handoffs/board").header("HX-Request", "true"), pcp));
        assertThat(board.select(".presence-row.state-available").text()).contains("Dana Rivera");
    }

    @Test
    void firstToAcceptGetsItAndTheSecondIsToldWhoTookIt() throws Exception {
        Handoff handoff = request(HandoffReason.POSITIVE_SCREEN, Urgency.NOW, "4", null);
        as(sam, Role.BHC, () -> availability.set(PresenceState.AVAILABLE));

        MockHttpServletResponse won = response(post("/handoffs/" + handoff.id() + "/accept").header("HX-Request", "true"), dana);
        assertThat(won.getStatus()).isEqualTo(200);
        assertThat(won.getHeader("HX-Trigger")).isEqualTo("handoffs-changed");
        assertThat(won.getHeader("HX-Retarget")).isEqualTo("#handoff-notice");
        assertThat(Jsoup.parseBodyFragment(won.getContentAsString(StandardCharsets.UTF_8)).select(".alert.success[role=status]").text())
                .isEqualTo("You accepted the handoff of Quintero, Elena: go to room 4.");

        MockHttpServletResponse lost = response(post("/handoffs/" + handoff.id() + "/accept").header("HX-Request", "true"), sam);
        assertThat(lost.getStatus()).isEqualTo(409);
        assertThat(Jsoup.parseBodyFragment(lost.getContentAsString(StandardCharsets.UTF_8)).select(".alert.error[role=alert]").text())
                .isEqualTo("Taken by Dana Rivera. Another clinician accepted this request first.");

        // without htmx: back to the board with the same notice
        MockHttpServletResponse plain = response(post("/handoffs/" + handoff.id() + "/accept"), sam);
        assertThat(plain.getStatus()).isEqualTo(302);
        assertThat(plain.getRedirectedUrl()).isEqualTo("/handoffs");

        // the request is gone from Sam's list
        assertThat(page(get("/handoffs"), sam).select("#handoffs-offers .handoff-item")).isEmpty();
    }

    @Test
    void bhcStartsTheirHandoffAndRecordsTheOutcomeWithRefusedInputShownAgainAsTyped() throws Exception {
        Handoff handoff = request(HandoffReason.SUBSTANCE_USE, Urgency.NOW, "7", null);
        as(dana, Role.BHC, () -> handoffs.accept(handoff.id()));

        Document mine = Jsoup.parseBodyFragment(body(get("/handoffs/mine").header("HX-Request", "true"), dana));
        assertThat(mine.select("#handoff-" + handoff.id()).text()).contains("Quintero, Elena", "Accepted", "Substance use", "Room 7",
                "accepted at " + hhmm(load(handoff.id()).acceptedAt()));
        assertThat(mine.select("#handoff-" + handoff.id() + " form[action$=/start] button").text()).isEqualTo("Start");

        MockHttpServletResponse started = response(post("/handoffs/" + handoff.id() + "/start").header("HX-Request", "true"), dana);
        assertThat(started.getStatus()).isEqualTo(200);
        assertThat(started.getContentAsString(StandardCharsets.UTF_8)).contains("You started the handoff of Quintero, Elena.");
        mine = Jsoup.parseBodyFragment(body(get("/handoffs/mine").header("HX-Request", "true"), dana));
        assertThat(mine.select(".badge").text()).isEqualTo("In progress");
        assertThat(mine.select("form[action$=/start]")).isEmpty();
        assertThat(mine.select("details.outcome").hasAttr("open")).isTrue();
        assertThat(mine.select("input[name=outcome]").eachAttr("value"))
                .containsExactly("completed", "declined", "left", "not-available", "converted");
        assertThat(mine.select("select[name=intervention] option").eachAttr("value")).contains("", "brief-intervention",
                "motivational-interviewing", "safety-planning");

        // completed without minutes: refused, the form comes back as typed
        MockHttpServletResponse refused = response(post("/handoffs/" + handoff.id() + "/outcome").header("HX-Request", "true")
                .param("outcome", "completed").param("minutes", "").param("intervention", "motivational-interviewing")
                .param("note", "Agreed to cut down"), dana);
        assertThat(refused.getStatus()).isEqualTo(422);
        assertThat(refused.getHeader("HX-Retarget")).isEqualTo("#handoffs-mine");
        Document again = Jsoup.parseBodyFragment(refused.getContentAsString(StandardCharsets.UTF_8));
        assertThat(again.select("#outcome-problems-" + handoff.id()).text())
                .contains("Enter the minutes spent with the patient as a whole number.");
        assertThat(again.select("input[name=outcome][value=completed]").hasAttr("checked")).isTrue();
        assertThat(again.select("option[value=motivational-interviewing]").hasAttr("selected")).isTrue();
        assertThat(again.select("textarea[name=note]").text()).isEqualTo("Agreed to cut down");
        assertThat(again.select(".field.invalid input[name=minutes]").attr("aria-invalid")).isEqualTo("true");
        assertThat(load(handoff.id()).status()).isEqualTo(HandoffStatus.IN_PROGRESS);

        // minutes out of the facade's range: the same
        assertThat(response(post("/handoffs/" + handoff.id() + "/outcome").header("HX-Request", "true").param("outcome", "completed")
                .param("minutes", "500").param("intervention", "motivational-interviewing"), dana).getStatus()).isEqualTo(422);

        MockHttpServletResponse saved = response(post("/handoffs/" + handoff.id() + "/outcome").header("HX-Request", "true")
                .param("outcome", "completed").param("minutes", "20").param("intervention", "motivational-interviewing")
                .param("note", "Agreed to cut down"), dana);
        assertThat(saved.getStatus()).isEqualTo(200);
        assertThat(saved.getHeader("HX-Trigger")).isEqualTo("handoffs-changed");
        assertThat(saved.getContentAsString(StandardCharsets.UTF_8)).contains("The outcome of the handoff of Quintero, Elena is recorded.");
        Handoff done = load(handoff.id());
        assertThat(done.status()).isEqualTo(HandoffStatus.COMPLETED);
        assertThat(done.minutes()).isEqualTo(20);
        assertThat(done.intervention()).isEqualTo("motivational-interviewing");
        assertThat(Jsoup.parseBodyFragment(body(get("/handoffs/mine").header("HX-Request", "true"), dana)).select(".handoff-item")).isEmpty();
    }

    @Test
    void outcomeWithoutHtmxShowsTheWholePageAgainAndConvertedNeedsANote() throws Exception {
        Handoff handoff = request(HandoffReason.OTHER, Urgency.TODAY, null, "Grief after a loss");
        as(dana, Role.BHC, () -> handoffs.accept(handoff.id()));

        MockHttpServletResponse refused = response(post("/handoffs/" + handoff.id() + "/outcome").param("outcome", "converted"), dana);
        assertThat(refused.getStatus()).isEqualTo(422);
        Document page = Jsoup.parse(refused.getContentAsString(StandardCharsets.UTF_8));
        assertThat(page.select("h1").text()).isEqualTo("Warm handoffs");
        assertThat(page.select("#outcome-problems-" + handoff.id()).text()).contains("Say in the note when the patient’s visit is.");
        assertThat(page.select("input[name=outcome][value=converted]").hasAttr("checked")).isTrue();

        MockHttpServletResponse bad = response(post("/handoffs/" + handoff.id() + "/outcome").param("outcome", "vanished"), dana);
        assertThat(bad.getStatus()).isEqualTo(422);
        assertThat(bad.getContentAsString(StandardCharsets.UTF_8)).contains("Choose how the handoff ended.");
        assertThat(load(handoff.id()).status()).isEqualTo(HandoffStatus.ACCEPTED);
    }

    @Test
    void presenceIsSetWithOneTap() throws Exception {
        MockHttpServletResponse set = response(post("/handoffs/presence").header("HX-Request", "true").param("state", "away"), dana);
        assertThat(set.getStatus()).isEqualTo(200);
        assertThat(set.getHeader("HX-Trigger")).isEqualTo("presence-changed");
        Document part = Jsoup.parseBodyFragment(set.getContentAsString(StandardCharsets.UTF_8));
        assertThat(part.select(".presence-button[aria-pressed=true]").text()).isEqualTo("Away");
        assertThat(as(dana, Role.BHC, () -> availability.of(fixtures.staffId(practice, dana))).state()).isEqualTo(PresenceState.AWAY);

        MockHttpServletResponse refused = response(post("/handoffs/presence").header("HX-Request", "true").param("state", "asleep"), dana);
        assertThat(refused.getStatus()).isEqualTo(422);
        assertThat(refused.getContentAsString(StandardCharsets.UTF_8)).contains("Choose one of the six states.");

        MockHttpServletResponse plain = response(post("/handoffs/presence").param("state", "available"), dana);
        assertThat(plain.getRedirectedUrl()).isEqualTo("/handoffs");
        assertThat(page(get("/handoffs"), dana).select(".presence-button[aria-pressed=true]").text()).isEqualTo("Available");
    }

    // ---------------------------------------------------------------- asking for a handoff

    @Test
    void pcpAsksFromThePatientAndRefusedInputIsShownAgainAsTyped() throws Exception {
        Document form = page(get("/patients/" + elena.id().value() + "/handoff"), pcp);
        assertThat(form.select("h1").text()).isEqualTo("Ask for a warm handoff");
        assertThat(form.select(".lead").text()).contains("Quintero, Elena", "MRN MRN-4711");
        assertThat(form.select("input[name=reason]").eachAttr("value")).containsExactly("positive-screen", "distress",
                "substance-use", "new-diagnosis", "medication-question", "other");
        assertThat(form.select("input[name=urgency]").eachAttr("value")).containsExactly("now", "today", "next-available");
        assertThat(form.select("input[name=urgency][checked]").attr("value")).isEqualTo("now");
        assertThat(form.select("label[for=room]").text()).isEqualTo("Room");
        assertThat(form.select("select[name=onBehalfOf]")).isEmpty();
        assertThat(form.select("#presence-board .board-summary").text()).isEqualTo("1 of 2 available now");

        MockHttpServletResponse refused = response(post("/patients/" + elena.id().value() + "/handoff").param("urgency", "today")
                .param("room", "4").param("note", "Tearful during the visit"), pcp);
        assertThat(refused.getStatus()).isEqualTo(422);
        Document again = Jsoup.parse(refused.getContentAsString(StandardCharsets.UTF_8));
        assertThat(again.select("#request-problems").text()).contains("The request was not sent.", "Choose the reason for the handoff.");
        assertThat(again.select("input[name=urgency][checked]").attr("value")).isEqualTo("today");
        assertThat(again.select("#room").attr("value")).isEqualTo("4");
        assertThat(again.select("#note").text()).isEqualTo("Tearful during the visit");
        assertThat(handoffs().stream().filter(h -> h.patient().equals(elena.id()))).isEmpty();

        // a rule of the facade (other needs a note) comes back the same way
        MockHttpServletResponse other = response(post("/patients/" + elena.id().value() + "/handoff").param("reason", "other")
                .param("urgency", "now").param("room", "5"), pcp);
        assertThat(other.getStatus()).isEqualTo(422);
        assertThat(Jsoup.parse(other.getContentAsString(StandardCharsets.UTF_8)).select("#request-problems").text())
                .contains("Say in the note what the handoff is for when the reason is other");

        MockHttpServletResponse sent = response(post("/patients/" + elena.id().value() + "/handoff").param("reason", "distress")
                .param("urgency", "now").param("room", "4").param("note", "Tearful during the visit"), pcp);
        assertThat(sent.getStatus()).isEqualTo(302);
        Handoff handoff = handoffs().get(0);
        assertThat(sent.getRedirectedUrl()).isEqualTo("/handoffs/" + handoff.id());
        assertThat(handoff.reason()).isEqualTo(HandoffReason.DISTRESS);
        assertThat(handoff.room()).isEqualTo("4");
        assertThat(handoff.requestedByName()).isEqualTo("Dr. Amara Okafor");
        assertThat(handoff.onBehalfOf()).isNull();
    }

    @Test
    void medicalAssistantAsksOnBehalfOfThePatientsPcp() throws Exception {
        Document form = page(get("/patients/" + elena.id().value() + "/handoff"), ma);
        assertThat(form.select("select[name=onBehalfOf] option[selected]").text()).isEqualTo("Dr. Amara Okafor");

        MockHttpServletResponse refused = response(post("/patients/" + elena.id().value() + "/handoff").param("reason", "positive-screen")
                .param("urgency", "now").param("onBehalfOf", ""), ma);
        assertThat(refused.getStatus()).isEqualTo(422);
        Document again = Jsoup.parse(refused.getContentAsString(StandardCharsets.UTF_8));
        assertThat(again.select("#request-problems").text()).contains("Choose the primary care clinician you are asking for.");
        assertThat(again.select("input[name=reason][checked]").attr("value")).isEqualTo("positive-screen");

        MockHttpServletResponse sent = response(post("/patients/" + elena.id().value() + "/handoff").param("reason", "positive-screen")
                .param("urgency", "now").param("onBehalfOf", okafor.toString()), ma);
        assertThat(sent.getStatus()).isEqualTo(302);
        Handoff handoff = handoffs().get(0);
        assertThat(handoff.onBehalfOf()).isEqualTo(okafor);
        assertThat(handoff.requestedByName()).isEqualTo("Maria Lopez");

        Document status = page(get("/handoffs/" + handoff.id()), pcp);
        assertThat(status.select(".handoff-details").text()).contains("Maria Lopez (for Dr. Amara Okafor)");
        assertThat(page(get("/handoffs"), pcp).select("#handoffs-requested tbody tr").text()).contains("Quintero, Elena", "Waiting");
    }

    // ---------------------------------------------------------------- the status page

    @Test
    void statusPageShowsTheWaitThenWhoIsComing() throws Exception {
        Handoff handoff = request(HandoffReason.POSITIVE_SCREEN, Urgency.NOW, "4", null);

        Document page = page(get("/handoffs/" + handoff.id()), pcp);
        assertThat(page.select("h1").text()).isEqualTo("Warm handoff: Quintero, Elena");
        assertThat(page.select("#handoff-status").attr("data-live-url")).isEqualTo("/handoffs/" + handoff.id() + "/status");
        assertThat(page.select("#handoff-status").attr("data-live-handoff")).isEqualTo(handoff.id().toString());
        assertThat(page.select("#status-heading").text()).isEqualTo("Waiting for a behavioral health clinician");
        assertThat(page.select(".status-panel").text()).contains("Offered to 1 available clinician", "Waiting for");
        assertThat(page.select(".status-elapsed .elapsed").attr("data-since")).isEqualTo(String.valueOf(handoff.requestedAt().toEpochMilli()));
        assertThat(page.select("details.cancel-request summary").text()).isEqualTo("Cancel the request");
        assertThat(page.select(".fallback-form")).isEmpty();
        assertThat(page.select("#presence-board .presence-row").eachText()).contains("Dana Rivera Available");

        as(dana, Role.BHC, () -> handoffs.accept(handoff.id()));
        String fragment = body(get("/handoffs/" + handoff.id() + "/status").header("HX-Request", "true"), pcp);
        assertThat(fragment).doesNotContain("<main", "site-header");
        Document status = Jsoup.parseBodyFragment(fragment);
        assertThat(status.select("#status-heading").text())
                .isEqualTo("Dana Rivera (BHC) is coming \u2014 accepted " + hhmm(load(handoff.id()).acceptedAt()));
        assertThat(status.select(".handoff-history li").eachText()).anyMatch(s -> s.contains("Accepted Dana Rivera"));
        assertThat(status.select("details.cancel-request")).hasSize(1);
    }

    @Test
    void cancellingNeedsAReason() throws Exception {
        Handoff handoff = request(HandoffReason.DISTRESS, Urgency.NOW, null, null);

        MockHttpServletResponse refused = response(post("/handoffs/" + handoff.id() + "/cancel").param("reason", " "), pcp);
        assertThat(refused.getStatus()).isEqualTo(422);
        Document page = Jsoup.parse(refused.getContentAsString(StandardCharsets.UTF_8));
        assertThat(page.select("#cancel-problems").text()).isEqualTo("Say why the handoff is no longer needed.");
        assertThat(page.select("details.cancel-request").hasAttr("open")).isTrue();
        assertThat(load(handoff.id()).status()).isEqualTo(HandoffStatus.REQUESTED);

        MockHttpServletResponse cancelled = response(post("/handoffs/" + handoff.id() + "/cancel").param("reason", "Patient had to leave"), pcp);
        assertThat(cancelled.getRedirectedUrl()).isEqualTo("/handoffs/" + handoff.id());
        Document after = page(get("/handoffs/" + handoff.id()), pcp);
        assertThat(after.select("#status-heading").text()).isEqualTo("Cancelled");
        assertThat(after.select(".status-note").text()).isEqualTo("Patient had to leave");
        assertThat(after.select("details.cancel-request")).isEmpty();
    }

    @Test
    void afterEscalationTheRequesterChoosesAFallback() throws Exception {
        Handoff handoff = request(HandoffReason.POSITIVE_SCREEN, Urgency.NOW, "4", null);
        timer.tick(practice, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6)));
        assertThat(load(handoff.id()).escalated()).isTrue();

        Document page = page(get("/handoffs/" + handoff.id()), pcp);
        assertThat(page.select("#status-heading").text()).isEqualTo("Nobody has accepted yet");
        assertThat(page.select(".status-panel").hasClass("escalated")).isTrue();
        assertThat(page.select(".fallback-form h3").text()).isEqualTo("Nobody is free: choose a fallback");
        assertThat(page.select(".fallback-form input[name=fallback]").eachAttr("value"))
                .containsExactly("next-slot", "callback", "scheduled-visit");
        assertThat(page.select(".handoff-history li").eachText()).anyMatch(s -> s.contains("Nobody accepted in time"));

        // a scheduled visit needs a slot
        MockHttpServletResponse refused = response(post("/handoffs/" + handoff.id() + "/fallback").param("fallback", "scheduled-visit")
                .param("note", "Next week"), pcp);
        assertThat(refused.getStatus()).isEqualTo(422);
        Document again = Jsoup.parse(refused.getContentAsString(StandardCharsets.UTF_8));
        assertThat(again.select("#fallback-problems").text()).contains("Choose one of the open slots.");
        assertThat(again.select("input[name=fallback][value=scheduled-visit]").hasAttr("checked")).isTrue();
        assertThat(again.select("#fallback-note").text()).isEqualTo("Next week");

        MockHttpServletResponse callback = response(post("/handoffs/" + handoff.id() + "/fallback").param("fallback", "callback"), pcp);
        assertThat(callback.getRedirectedUrl()).isEqualTo("/handoffs/" + handoff.id());
        Document after = page(get("/handoffs/" + handoff.id()), pcp);
        assertThat(after.select(".fallback-chosen").text()).isEqualTo("Same-day callback");
        assertThat(after.select(".fallback-form")).isEmpty();
        assertThat(load(handoff.id()).fallback()).isEqualTo(Fallback.SAME_DAY_CALLBACK);
    }

    @Test
    void fallbackListsTheNextBookableSlotsAndBooksTheOneChosen() throws Exception {
        // Sam Ortiz has a 30-minute brief visit at 12:00 every day
        UUID samId = fixtures.staffId(practice, sam);
        as(admin, Role.PRACTICE_ADMIN, () -> {
            ScheduleTemplate draft = templates.create("Daily brief visits", null);
            List<BlockInput> blocks = java.util.Arrays.stream(java.time.DayOfWeek.values())
                    .map(day -> new BlockInput(samId, day, java.time.LocalTime.NOON, 30, BlockKind.BRIEF, null)).toList();
            ScheduleTemplate filled = templates.replaceBlocks(draft.id(), blocks, draft.version());
            return templates.activate(filled.id(), LocalDate.now(ZONE), filled.version());
        });
        Handoff handoff = request(HandoffReason.POSITIVE_SCREEN, Urgency.TODAY, "4", null);
        timer.tick(practice, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6)));

        Document page = page(get("/handoffs/" + handoff.id()), pcp);
        List<String> slots = page.select(".slot-choices .choice").eachText();
        assertThat(slots).hasSize(5).allMatch(slot -> slot.contains("12:00–12:30") && slot.endsWith("Sam Ortiz · Brief visit"));
        String second = page.select(".slot-choices input[name=slot]").get(1).attr("value");

        MockHttpServletResponse booked = response(post("/handoffs/" + handoff.id() + "/fallback").param("fallback", "next-slot")
                .param("slot", second), pcp);
        assertThat(booked.getRedirectedUrl()).isEqualTo("/handoffs/" + handoff.id());
        Handoff after = load(handoff.id());
        assertThat(after.fallback()).isEqualTo(Fallback.NEXT_OPEN_SLOT);
        assertThat(after.appointment()).isNotNull();
        Document status = page(get("/handoffs/" + handoff.id()), pcp);
        assertThat(status.select("#status-heading").text()).isEqualTo("Completed");
        assertThat(status.select(".fallback-chosen").text()).startsWith("Visit booked").contains(slots.get(1).substring(0, 20),
                "with Sam Ortiz");
    }

    // ---------------------------------------------------------------- settings

    @Test
    void practiceAdminChangesTheSettingsAndRefusedInputIsShownAgain() throws Exception {
        Document page = page(get("/admin/handoffs"), admin);
        assertThat(page.select("h1").text()).isEqualTo("Warm handoff settings");
        assertThat(page.select("#acceptMinutes").attr("value")).isEqualTo("5");
        assertThat(page.select("#widenMinutes").attr("value")).isEqualTo("1");
        assertThat(page.select("input[name=counselingNorm][checked]").attr("value")).isEqualTo("interruptible");

        MockHttpServletResponse refused = response(post("/admin/handoffs").param("acceptMinutes", "five").param("widenMinutes", "1")
                .param("counselingNorm", "do-not-interrupt"), admin);
        assertThat(refused.getStatus()).isEqualTo(422);
        Document again = Jsoup.parse(refused.getContentAsString(StandardCharsets.UTF_8));
        assertThat(again.select("#settings-problems").text()).contains("Enter the minutes to accept as a number from 0.5 to 60");
        assertThat(again.select("#acceptMinutes").attr("value")).isEqualTo("five");
        assertThat(again.select("#acceptMinutes").attr("aria-invalid")).isEqualTo("true");
        assertThat(again.select("input[name=counselingNorm][checked]").attr("value")).isEqualTo("do-not-interrupt");

        MockHttpServletResponse order = response(post("/admin/handoffs").param("acceptMinutes", "2").param("widenMinutes", "2")
                .param("counselingNorm", "interruptible"), admin);
        assertThat(order.getStatus()).isEqualTo(422);
        assertThat(order.getContentAsString(StandardCharsets.UTF_8)).contains("Interruptible clinicians must be asked before the request escalates");

        MockHttpServletResponse saved = response(post("/admin/handoffs").param("acceptMinutes", "7,5").param("widenMinutes", "0.5")
                .param("counselingNorm", "do-not-interrupt"), admin);
        assertThat(saved.getRedirectedUrl()).isEqualTo("/admin/handoffs");
        assertThat(as(admin, Role.PRACTICE_ADMIN, settings::get))
                .isEqualTo(new HandoffSettings.Settings(450, 30, PresenceState.DO_NOT_INTERRUPT));
        Document after = page(get("/admin/handoffs").flashAttr("notice", "handoff.settings.saved"), admin);
        assertThat(after.select(".alert.success").text()).isEqualTo("Warm handoff settings saved.");
        assertThat(after.select("#acceptMinutes").attr("value")).isEqualTo("7.5");
    }

    @Test
    void secondsFromMinutesAsTyped() {
        assertThat(HandoffSettingsPages.seconds("5")).isEqualTo(300);
        assertThat(HandoffSettingsPages.seconds("1,5")).isEqualTo(90);
        assertThat(HandoffSettingsPages.seconds(" 0.5 ")).isEqualTo(30);
        assertThat(HandoffSettingsPages.seconds("0.51")).isNull();
        assertThat(HandoffSettingsPages.seconds("")).isNull();
        assertThat(HandoffSettingsPages.seconds("soon")).isNull();
    }

    // ---------------------------------------------------------------- who may open what

    @Test
    void pagesAreForTheRolesThatUseThem() throws Exception {
        Handoff handoff = request(HandoffReason.POSITIVE_SCREEN, Urgency.NOW, null, null);

        assertThat(status(get("/handoffs"), frontDesk)).isEqualTo(403);
        assertThat(status(get("/handoffs/stream"), frontDesk)).isEqualTo(403);
        assertThat(status(get("/handoffs/offers"), pcp)).isEqualTo(403);
        assertThat(status(get("/handoffs/mine"), pcp)).isEqualTo(403);
        assertThat(status(post("/handoffs/" + handoff.id() + "/accept"), pcp)).isEqualTo(403);
        assertThat(status(post("/handoffs/presence").param("state", "available"), pcp)).isEqualTo(403);
        assertThat(status(get("/handoffs/requested"), dana)).isEqualTo(403);
        assertThat(status(get("/patients/" + elena.id().value() + "/handoff"), dana)).isEqualTo(403);
        assertThat(status(post("/patients/" + elena.id().value() + "/handoff").param("reason", "distress").param("urgency", "now"),
                frontDesk)).isEqualTo(403);
        assertThat(status(post("/handoffs/" + handoff.id() + "/cancel").param("reason", "no"), dana)).isEqualTo(403);
        assertThat(status(get("/admin/handoffs"), pcp)).isEqualTo(403);
        assertThat(status(get("/admin/handoffs"), admin)).isEqualTo(200);
        assertThat(status(get("/handoffs/" + UUID.randomUUID()), pcp)).isEqualTo(404);
        assertThat(status(get("/handoffs/not-a-handoff"), pcp)).isEqualTo(404);
        assertThat(status(get("/patients/" + UUID.randomUUID() + "/handoff"), pcp)).isEqualTo(404);

        // the PCP's own board: today's requests and the presence board, no BHC parts
        Document board = page(get("/handoffs"), pcp);
        assertThat(board.select(".my-presence, .offers, .mine")).isEmpty();
        assertThat(board.select("#handoffs-requested tbody tr")).hasSize(1);
        assertThat(board.select("#handoffs-requested tbody tr a").attr("href")).isEqualTo("/handoffs/" + handoff.id());
    }

    // ---------------------------------------------------------------- helpers

    private Handoff request(HandoffReason reason, Urgency urgency, String room, String note) {
        return as(pcp, Role.PCP, () -> handoffs.request(new HandoffRequest(elena.id(), reason, urgency, room, note, null, null)));
    }

    private Handoff load(UUID id) {
        return as(pcp, Role.PCP, () -> handoffs.get(id));
    }

    private List<Handoff> handoffs() {
        return as(pcp, Role.PCP, () -> handoffs.search(elena.id(), null, null, null, 0, 10));
    }

    private <T> T as(String email, Role role, Supplier<T> work) {
        UUID id = fixtures.staffId(practice, email);
        return actors.runAs(new Actor(id.toString(), email, Actor.Kind.USER, practice, Set.of(role), Channel.WEB, null), work);
    }

    private static String hhmm(java.time.Instant instant) {
        return LocalDateTime.ofInstant(instant, ZONE).format(HH_MM);
    }

    private Document page(MockHttpServletRequestBuilder request, String email) throws Exception {
        MockHttpServletResponse response = response(request, email);
        assertThat(response.getStatus()).as(response.getContentAsString(StandardCharsets.UTF_8)).isEqualTo(200);
        return Jsoup.parse(response.getContentAsString(StandardCharsets.UTF_8));
    }

    private String body(MockHttpServletRequestBuilder request, String email) throws Exception {
        MockHttpServletResponse response = response(request, email);
        assertThat(response.getStatus()).isEqualTo(200);
        return response.getContentAsString(StandardCharsets.UTF_8);
    }

    private int status(MockHttpServletRequestBuilder request, String email) throws Exception {
        return response(request, email).getStatus();
    }

    private MockHttpServletResponse response(MockHttpServletRequestBuilder request, String email) throws Exception {
        return mvc.perform(request.with(fixtures.as(email)).with(csrf()).locale(java.util.Locale.ENGLISH)).andReturn().getResponse();
    }
}
