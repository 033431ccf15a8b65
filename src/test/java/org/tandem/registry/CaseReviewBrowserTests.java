package org.tandem.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.tandem.PageFixtures;
import org.tandem.patient.PatientRecord;
import org.tandem.platform.Actor;
import org.tandem.platform.Channel;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;
import org.tandem.screening.Answer;
import org.tandem.screening.Instruments;
import org.tandem.screening.ScreeningSubmission;
import org.tandem.screening.Screenings;
import org.tandem.testsupport.Chromium;

/**
 * The psychiatric case review in two real headless Chromium sessions: the consultant opens the weekly review list,
 * opens the patient the care manager asked about, reads the summary and records a medication recommendation; the PCP
 * opens the inbox and accepts it; the consultant's summary then shows the recommendation accepted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = PageFixtures.H2)
class CaseReviewBrowserTests {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    Episodes episodes;
    @Autowired
    CaseReviews reviews;
    @Autowired
    TimeLog timeLog;
    @Autowired
    Screenings screenings;
    @Autowired
    CurrentActor actors;

    final Chromium chromium = new Chromium();
    PageFixtures fixtures;
    PracticeId practice;
    String consultant;
    String careManager;
    String pcp;
    Episode quintero;

    @BeforeEach
    void createPracticeWithACaseload() {
        Chromium.assumeInstalled();
        fixtures = new PageFixtures(context);
        practice = fixtures.practice("Riverside Family Medicine");
        consultant = fixtures.staff(practice, "Dr. Priya Raman", Role.PSYCHIATRIC_CONSULTANT);
        careManager = fixtures.staff(practice, "Carla Mendes", Role.CARE_MANAGER);
        pcp = fixtures.staff(practice, "Dr. Amara Okafor", Role.PCP);
        LocalDate today = LocalDate.now(CHICAGO);

        PatientRecord elena = fixtures.patient(practice, "Quintero", "Elena Maria", LocalDate.of(1980, 4, 12), "MRN-4711",
                fixtures.staffId(practice, pcp));
        quintero = asCareManager(() -> episodes.enrol(Enrolment.of(elena.id(), EpisodeFocus.DEPRESSION).on(today.minusWeeks(9),
                EpisodeStatus.ACTIVE)));
        phq9(elena, today.minusWeeks(9), 2, 2, 2, 2, 2, 2, 2, 2, 0); // 16
        phq9(elena, today.minusWeeks(5), 2, 2, 2, 2, 2, 2, 2, 1, 0); // 15
        phq9(elena, today.minusDays(2), 2, 2, 2, 2, 2, 1, 2, 1, 0); // 14
        asCareManager(() -> episodes.addTreatmentChange(quintero.id(), today.minusWeeks(8), TreatmentKind.MEDICATION_START,
                "Sertraline 50 mg daily"));
        asCareManager(() -> episodes.addTreatmentChange(quintero.id(), today.minusWeeks(4), TreatmentKind.MEDICATION_CHANGE,
                "Sertraline 100 mg daily"));
        asCareManager(() -> timeLog.log(new TimeLogEntry(quintero.id(), today.minusDays(2).atTime(10, 0).atZone(CHICAGO).toInstant(), 25,
                ContactMode.PHONE, Activity.FOLLOW_UP, null, "PHQ-9 by phone", null)));
        asCareManager(() -> reviews.requestReview(quintero.id(), "PHQ-9 still 14 at week 9 on sertraline 100 mg; poor sleep"));

        PatientRecord ana = fixtures.patient(practice, "Nuevo", "Ana", LocalDate.of(1992, 9, 3), "MRN-5120", fixtures.staffId(practice, pcp));
        asCareManager(() -> episodes.enrol(Enrolment.of(ana.id(), EpisodeFocus.ANXIETY).on(today.minusDays(4), EpisodeStatus.ACTIVE)));
    }

    @AfterEach
    void stopBrowsers() {
        chromium.close();
    }

    @Test
    void theConsultantRecordsAMedicationRecommendationAndThePcpAcceptsIt() throws IOException {
        WebDriver doctor = chromium.open();
        WebDriverWait wait = new WebDriverWait(doctor, Duration.ofSeconds(20));

        // the consultant's weekly list: the patient the care manager asked about first, then the new enrolment
        signIn(doctor, consultant);
        doctor.get(url("/registry/review"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Case review, week of"));
        List<String> rows = doctor.findElements(By.cssSelector("table.review-list tbody th a")).stream().map(e -> e.getText()).toList();
        assertThat(rows).containsExactly("Quintero, Elena Maria", "Nuevo, Ana");
        assertThat(doctor.findElement(By.id("review-" + quintero.id())).getText())
                .contains("Care team asks", "PHQ-9 still 14 at week 9 on sertraline 100 mg; poor sleep", "16 to 14");
        Chromium.screenshot(doctor, "review-list.png");

        // the prep summary on one screen
        doctor.findElement(By.linkText("Quintero, Elena Maria")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Case review: Quintero, Elena Maria"));
        String summary = doctor.findElement(By.tagName("main")).getText();
        assertThat(summary).contains("Asked by Carla Mendes", "Sertraline 100 mg daily", "Phone, 25 min, Carla Mendes", "Not reviewed yet.",
                "1 contact, last on");
        assertThat(doctor.findElement(By.cssSelector(".trajectory tr[data-measure=phq-9]")).getText()).contains("16", "14", "-2 points (-12%)");
        Chromium.screenshot(doctor, "review-prep.png");

        // record the review: a summary, a medication recommendation, one more row added by htmx, and the minutes
        doctor.findElement(By.id("summary")).sendKeys("Partial response at week 9; sleep poor. Raise the dose, review in 4 weeks.");
        new Select(doctor.findElement(By.id("kind0"))).selectByValue("medication");
        doctor.findElement(By.id("text0")).sendKeys("Increase sertraline to 150 mg daily; add trazodone 50 mg at night if sleep stays poor");
        doctor.findElement(By.cssSelector("button.add-row")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rec-3")));
        assertThat(doctor.findElements(By.cssSelector("fieldset.rec-row"))).hasSize(4);
        doctor.findElement(By.id("minutes")).sendKeys("15");
        Chromium.scrollTo(doctor, "record");
        Chromium.screenshot(doctor, "review-form.png");
        doctor.findElement(By.cssSelector("form.review-form button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("review-recorded")));
        assertThat(doctor.findElement(By.id("review-recorded")).getText())
                .isEqualTo("Review recorded; 1 recommendation sent to the inbox of Dr. Amara Okafor.");
        assertThat(doctor.findElement(By.id("earlier")).getText()).contains("Waiting for the PCP", "Increase sertraline to 150 mg daily");
        assertThat(doctor.findElement(By.cssSelector(".review-why")).getText()).doesNotContain("poor sleep");
        Chromium.scrollTo(doctor, "earlier");
        Chromium.screenshot(doctor, "review-recorded.png");

        // the PCP, in a second browser, answers from the inbox
        WebDriver pcpBrowser = chromium.open();
        WebDriverWait pcpWait = new WebDriverWait(pcpBrowser, Duration.ofSeconds(20));
        signIn(pcpBrowser, pcp);
        pcpBrowser.get(url("/inbox"));
        pcpWait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Psychiatric recommendations"));
        assertThat(pcpBrowser.findElement(By.id("inbox-count")).getText()).isEqualTo("1 recommendation waiting for your answer.");
        assertThat(pcpBrowser.findElement(By.cssSelector(".inbox-item")).getText()).contains("Quintero, Elena Maria", "Medication",
                "Increase sertraline to 150 mg daily", "Psychiatric case review by Dr. Priya Raman");
        Chromium.screenshot(pcpBrowser, "inbox.png");
        pcpBrowser.findElement(By.cssSelector(".inbox-item input[name=answer][value=accept]")).click();
        pcpBrowser.findElement(By.cssSelector(".inbox-item textarea[name=text]")).sendKeys("Will call the patient today.");
        pcpBrowser.findElement(By.cssSelector(".inbox-item form button[type=submit]")).click();
        pcpWait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert.success"), "Recommendation accepted."));
        assertThat(pcpBrowser.findElement(By.cssSelector(".inbox .empty")).getText()).isEqualTo("Nothing waiting: every recommendation has been answered.");
        Chromium.screenshot(pcpBrowser, "inbox-answered.png");

        // the registry shows what became of the recommendation
        doctor.get(url("/registry/review/" + quintero.id()));
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Case review: Quintero, Elena Maria"));
        String earlier = doctor.findElement(By.id("earlier")).getText();
        assertThat(earlier).contains("Accepted", "Increase sertraline to 150 mg daily",
                "Dr. Amara Okafor on " + LocalDate.now(CHICAGO) + ": Will call the patient today.");
        Chromium.scrollTo(doctor, "earlier");
        Chromium.screenshot(doctor, "review-accepted.png");
    }

    private void phq9(PatientRecord patient, LocalDate on, int... points) {
        Map<String, Answer> answers = Instruments.find(Instruments.PHQ_9).orElseThrow().answersScoring(points);
        fixtures.asSystem(practice, () -> screenings.submit(new ScreeningSubmission(null, patient.id(), null, null, Instruments.PHQ_9,
                answers, ScreeningSubmission.Mode.STAFF, "en", on.atTime(11, 0).atZone(CHICAGO).toInstant())));
    }

    private <T> T asCareManager(Supplier<T> work) {
        Actor actor = new Actor(fixtures.staffId(practice, careManager).toString(), careManager, Actor.Kind.USER, practice,
                Set.of(Role.CARE_MANAGER), Channel.WEB, null);
        return actors.runAs(actor, work);
    }

    private void signIn(WebDriver browser, String email) {
        browser.get(url("/login"));
        browser.findElement(By.id("email")).sendKeys(email);
        browser.findElement(By.id("password")).sendKeys(PageFixtures.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Hello"));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

}
