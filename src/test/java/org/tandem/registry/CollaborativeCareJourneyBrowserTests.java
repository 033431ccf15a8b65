package org.tandem.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.tandem.PageFixtures;
import org.tandem.patient.PatientRecord;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.screening.Instruments;
import org.tandem.screening.ScreeningSubmission;
import org.tandem.screening.Screenings;
import org.tandem.testsupport.Chromium;
import org.tandem.testsupport.PracticeFixture;

/**
 * The collaborative-care journey in real headless Chromium, with three signed-in people: the care manager
 * opens the caseload, sorts it by weeks in treatment, opens the patient flagged for psychiatric review, logs a phone
 * contact with a PHQ-9 and sees the chart gain the point, and asks the consultant to discuss the patient; the
 * psychiatric consultant finds the patient on the weekly review list and records a medication recommendation; the PCP
 * accepts it from the inbox; the care manager's episode page then shows the recommendation accepted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = PageFixtures.H2)
class CollaborativeCareJourneyBrowserTests {

    static final ZoneId ZONE = ZoneId.of("America/Chicago");

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    Practices practices;
    @Autowired
    Episodes episodes;
    @Autowired
    TimeLog timeLog;
    @Autowired
    Screenings screenings;
    @Autowired
    CurrentActor actors;

    final Chromium chromium = new Chromium();
    PracticeFixture practice;
    PatientRecord patient;
    Episode episode;
    Episode recent;

    @BeforeEach
    void createACaseload() {
        Chromium.assumeInstalled();
        practice = PracticeFixture.create(practices, "Riverside Family Medicine");
        PageFixtures fixtures = new PageFixtures(context);
        patient = fixtures.patient(practice.id(), "Quintero", "Elena Maria", LocalDate.of(1980, 4, 12), "MRN-4711",
                practice.accounts().get(Role.PCP));
        LocalDate enrolled = LocalDate.now(ZONE).minusWeeks(9);
        measure(patient, enrolled, Instruments.PHQ_9, 2, 2, 2, 2, 2, 2, 2, 3, 0); // 17
        episode = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)
                .on(enrolled, EpisodeStatus.ACTIVE).withTeam(null, practice.accounts().get(Role.PCP),
                        practice.accounts().get(Role.PSYCHIATRIC_CONSULTANT))));
        asCareManager(() -> episodes.recordConsent(episode.id(), enrolled, "verbal", null));
        asCareManager(() -> episodes.addTreatmentChange(episode.id(), enrolled.plusDays(6), TreatmentKind.MEDICATION_START,
                "Sertraline 50 mg daily"));
        measure(patient, enrolled.plusWeeks(4), Instruments.PHQ_9, 2, 2, 2, 2, 1, 2, 1, 2, 0); // 14
        asCareManager(() -> timeLog.log(new TimeLogEntry(episode.id(), enrolled.plusWeeks(4).atTime(LocalTime.of(10, 0))
                .atZone(ZONE).toInstant(), 20, ContactMode.PHONE, Activity.FOLLOW_UP, null, null, null)));

        PatientRecord other = fixtures.patient(practice.id(), "Nuevo", "Ana", LocalDate.of(1992, 9, 3), "MRN-5120",
                practice.accounts().get(Role.PCP));
        LocalDate lately = LocalDate.now(ZONE).minusWeeks(2);
        measure(other, lately, Instruments.GAD_7, 2, 2, 2, 2, 1, 1, 1);
        recent = asCareManager(() -> episodes.enrol(Enrolment.of(other.id(), EpisodeFocus.ANXIETY).on(lately, EpisodeStatus.ACTIVE)));
    }

    @AfterEach
    void stopBrowsers() {
        chromium.close();
    }

    @Test
    void careManagerConsultantAndPcpTreatToTarget() throws IOException {
        WebDriver cm = chromium.open();
        WebDriverWait wait = new WebDriverWait(cm, Duration.ofSeconds(20));
        signIn(cm, Role.CARE_MANAGER);

        // the caseload, sorted by weeks in treatment both ways
        cm.get(url("/registry"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("episode-" + episode.id())));
        cm.findElement(By.cssSelector("#col-weeks a")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("col-weeks"), "aria-sort", "descending"));
        assertThat(rowOrder(cm)).containsExactly("episode-" + episode.id(), "episode-" + recent.id());
        cm.findElement(By.cssSelector("#col-weeks a")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("col-weeks"), "aria-sort", "ascending"));
        assertThat(rowOrder(cm)).containsExactly("episode-" + recent.id(), "episode-" + episode.id());
        WebElement row = cm.findElement(By.id("episode-" + episode.id()));
        assertThat(row.getText()).contains("Quintero, Elena Maria", "Psychiatric review");
        Chromium.screenshot(cm, "journey-caseload.png");

        // the flagged patient: log a phone contact with a PHQ-9 and watch the chart gain the point
        row.findElement(By.cssSelector("a[href='/registry/episodes/" + episode.id() + "']")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg.trajectory")));
        assertThat(cm.findElements(By.cssSelector("#treat-to-target .flag-list li"))).extracting(li -> li.getAttribute("data-flag"))
                .contains("needs-psychiatric-review");
        int pointsBefore = cm.findElements(By.cssSelector("svg.trajectory .series.phq9 circle")).size();
        cm.findElement(By.id("contact-minutes")).sendKeys("22");
        new Select(cm.findElement(By.id("contact-mode"))).selectByVisibleText("Phone");
        new Select(cm.findElement(By.id("contact-activity"))).selectByVisibleText("Follow-up");
        cm.findElement(By.id("contact-note")).sendKeys("Still low most days; sleeping poorly.");
        cm.findElement(By.cssSelector("#measure-phq-9 > summary")).click();
        int[] scores = { 2, 2, 1, 2, 1, 1, 1, 2, 0 }; // 12: 29% lower than 17, still 10 or more
        for (int i = 0; i < scores.length; i++) {
            new Select(cm.findElement(By.id("phq-9-" + (i + 1)))).selectByValue(String.valueOf(scores[i]));
        }
        cm.findElement(By.cssSelector(".contact-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert.success"), "the chart shows the new scores"));
        assertThat(cm.findElements(By.cssSelector("svg.trajectory .series.phq9 circle"))).hasSize(pointsBefore + 1);
        assertThat(cm.findElements(By.cssSelector("svg.trajectory .series.phq9 text.value")).stream().map(WebElement::getText))
                .endsWith("12");
        Chromium.scrollTo(cm, "trajectory");
        Chromium.screenshot(cm, "journey-chart.png");

        // still not improved at week 9: the care manager asks the consultant to discuss the patient
        WebElement reason = cm.findElement(By.id("review-reason-" + episode.id()));
        reason.sendKeys("PHQ-9 12 at week 9 on sertraline 50 mg; sleeping poorly");
        cm.findElement(By.cssSelector(".review-request-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("review-request-" + episode.id()), "Request sent"));

        // the consultant's weekly list and the recommendation
        WebDriver doctor = chromium.open();
        WebDriverWait doctorWait = new WebDriverWait(doctor, Duration.ofSeconds(20));
        signIn(doctor, Role.PSYCHIATRIC_CONSULTANT);
        doctor.get(url("/registry/review"));
        doctorWait.until(ExpectedConditions.presenceOfElementLocated(By.id("review-" + episode.id())));
        assertThat(doctor.findElement(By.id("review-" + episode.id())).getText())
                .contains("PHQ-9 12 at week 9 on sertraline 50 mg; sleeping poorly");
        doctor.findElement(By.linkText("Quintero, Elena Maria")).click();
        doctorWait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Case review: Quintero, Elena Maria"));
        doctor.findElement(By.id("summary")).sendKeys("Partial response at week 9. Raise the dose and recheck in 4 weeks.");
        new Select(doctor.findElement(By.id("kind0"))).selectByValue("medication");
        doctor.findElement(By.id("text0")).sendKeys("Increase sertraline to 100 mg daily");
        doctor.findElement(By.cssSelector("form.review-form button[type=submit]")).click();
        doctorWait.until(ExpectedConditions.presenceOfElementLocated(By.id("review-recorded")));
        Chromium.screenshot(doctor, "journey-review.png");

        // the PCP accepts it from the inbox
        WebDriver pcp = chromium.open();
        WebDriverWait pcpWait = new WebDriverWait(pcp, Duration.ofSeconds(20));
        signIn(pcp, Role.PCP);
        pcp.get(url("/inbox"));
        pcpWait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".inbox-item")));
        assertThat(pcp.findElement(By.cssSelector(".inbox-item")).getText()).contains("Quintero, Elena Maria",
                "Increase sertraline to 100 mg daily");
        pcp.findElement(By.cssSelector(".inbox-item input[name=answer][value=accept]")).click();
        pcp.findElement(By.cssSelector(".inbox-item form button[type=submit]")).click();
        pcpWait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert.success"), "Recommendation accepted."));
        Chromium.screenshot(pcp, "journey-inbox.png");

        // the care manager's registry shows what became of it
        cm.get(url("/registry/episodes/" + episode.id()));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("recommendations")));
        WebElement recommendations = cm.findElement(By.id("recommendations"));
        assertThat(recommendations.findElements(By.cssSelector("li[data-status=accepted]"))).hasSize(1);
        assertThat(recommendations.getText()).contains("Accepted", "Increase sertraline to 100 mg daily");
        assertThat(cm.findElements(By.cssSelector("#treat-to-target .flag-list li"))).extracting(li -> li.getAttribute("data-flag"))
                .doesNotContain("needs-psychiatric-review");
        Chromium.scrollTo(cm, "recommendations");
        Chromium.screenshot(cm, "journey-recommendation.png");
    }

    private static List<String> rowOrder(WebDriver browser) {
        return browser.findElements(By.cssSelector("table.caseload tbody tr")).stream().map(r -> r.getAttribute("id")).toList();
    }

    private void measure(PatientRecord who, LocalDate day, String instrument, int... scores) {
        actors.runAs(practice.user(Role.CARE_MANAGER), () -> screenings.submit(new ScreeningSubmission(null, who.id(), null, null,
                instrument, Instruments.find(instrument).orElseThrow().answersScoring(scores), ScreeningSubmission.Mode.STAFF, "en",
                day.atTime(LocalTime.of(9, 30)).atZone(ZONE).toInstant())));
    }

    private <T> T asCareManager(java.util.function.Supplier<T> work) {
        return actors.runAs(practice.user(Role.CARE_MANAGER), work);
    }

    private void signIn(WebDriver browser, Role role) {
        browser.get(url("/login"));
        browser.findElement(By.id("email")).sendKeys(practice.emails().get(role));
        browser.findElement(By.id("password")).sendKeys(PracticeFixture.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Hello"));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

}
