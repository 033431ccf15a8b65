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
import org.openqa.selenium.Dimension;
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
 * The care manager's journey on the episode page, in a real headless Chromium: a patient enrolled 9 weeks ago whose
 * PHQ-9 has not dropped by half, flagged on the caseload for psychiatric review, with a medication start, a dose change
 * and therapy marked on the chart; the care manager opens the episode from the caseload, logs a phone contact with a
 * PHQ-9 and sees the chart gain a point and the response replace the flags. Screenshots at desktop, tablet and phone width go to target/screenshots/episode*.png.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = PageFixtures.H2)
class EpisodePageBrowserTests {

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

    @BeforeEach
    void createAFlaggedEpisode() {
        Chromium.assumeInstalled();
        practice = PracticeFixture.create(practices, "Riverside Family Medicine");
        patient = new PageFixtures(context).patient(practice.id(), "Quintero", "Elena Maria", LocalDate.of(1980, 4, 12), "MRN-4711",
                practice.accounts().get(Role.PCP));
        LocalDate enrolled = LocalDate.now(ZONE).minusWeeks(9);
        measure(enrolled, Instruments.PHQ_9, 2, 2, 2, 2, 2, 2, 2, 3, 0);
        measure(enrolled, Instruments.GAD_7, 2, 2, 2, 1, 1, 1, 1);
        episode = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)
                .on(enrolled, EpisodeStatus.ENROLLED).withTeam(null, practice.accounts().get(Role.PCP),
                        practice.accounts().get(Role.PSYCHIATRIC_CONSULTANT))));
        asCareManager(() -> episodes.changeStatus(episode.id(), EpisodeStatus.ACTIVE, null, enrolled, null, null));
        asCareManager(() -> episodes.recordConsent(episode.id(), enrolled, "verbal", null));
        asCareManager(() -> episodes.addTreatmentChange(episode.id(), enrolled.plusDays(6), TreatmentKind.MEDICATION_START,
                "Sertraline 50 mg daily"));
        measure(enrolled.plusWeeks(2), Instruments.PHQ_9, 2, 2, 2, 2, 2, 2, 1, 1, 0);
        measure(enrolled.plusWeeks(4), Instruments.PHQ_9, 2, 2, 2, 2, 1, 2, 1, 1, 0);
        measure(enrolled.plusWeeks(4), Instruments.GAD_7, 2, 1, 2, 1, 1, 1, 1);
        asCareManager(() -> episodes.addTreatmentChange(episode.id(), enrolled.plusWeeks(5), TreatmentKind.MEDICATION_CHANGE,
                "Sertraline increased to 100 mg daily"));
        asCareManager(() -> episodes.addTreatmentChange(episode.id(), enrolled.plusWeeks(5).plusDays(3), TreatmentKind.THERAPY,
                "Behavioral activation, weekly"));
        measure(enrolled.plusWeeks(6), Instruments.PHQ_9, 2, 2, 1, 2, 1, 2, 1, 1, 0);
        asCareManager(() -> timeLog.log(new TimeLogEntry(episode.id(), enrolled.plusWeeks(6).atTime(LocalTime.of(10, 0))
                .atZone(ZONE).toInstant(), 20, ContactMode.PHONE, Activity.FOLLOW_UP, null, "Side effects settled", null)));
    }

    @AfterEach
    void stopBrowsers() {
        chromium.close();
    }

    @Test
    void theCareManagerLogsAPhoneContactWithAPhq9AndTheChartGainsAPoint() throws IOException {
        WebDriver browser = chromium.open();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        signIn(browser, Role.CARE_MANAGER);

        // the caseload shows the episode flagged; the care manager opens it
        browser.get(url("/registry"));
        WebElement caseloadRow = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("episode-" + episode.id())));
        assertThat(caseloadRow.getText()).contains("Quintero, Elena Maria", "Psychiatric review");
        caseloadRow.findElement(By.cssSelector("a[href='/registry/episodes/" + episode.id() + "']")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg.trajectory")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("Depression care", "Quintero, Elena Maria");
        assertThat(browser.findElement(By.cssSelector(".episode-summary")).getText()).contains("9 weeks", "Verbal");
        WebElement targets = browser.findElement(By.id("treat-to-target"));
        assertThat(targets.findElements(By.cssSelector(".flag-list li"))).extracting(li -> li.getAttribute("data-flag"))
                .contains("needs-psychiatric-review", "no-recent-contact");
        assertThat(targets.getText()).contains("17 \u2192 12", "-5 points (-29%)", "Not yet 50% lower");
        List<WebElement> before = browser.findElements(By.cssSelector("svg.trajectory .series.phq9 circle"));
        assertThat(before).hasSize(4);
        assertThat(browser.findElements(By.cssSelector("svg.trajectory g.marker"))).hasSize(3);
        assertThat(browser.findElement(By.cssSelector("svg.trajectory .target text")).getText()).isEqualTo("50% target 8.5");
        Chromium.screenshot(browser, "episode-page.png");
        Chromium.scrollTo(browser, "treat-to-target");
        Chromium.screenshot(browser, "episode-treat-to-target.png");
        Chromium.scrollTo(browser, "trajectory");
        Chromium.screenshot(browser, "episode-chart.png");

        // the care manager logs a phone call with a PHQ-9
        Chromium.scrollTo(browser, "log-contact");
        browser.findElement(By.id("contact-minutes")).sendKeys("18");
        new Select(browser.findElement(By.id("contact-mode"))).selectByVisibleText("Phone");
        new Select(browser.findElement(By.id("contact-activity"))).selectByVisibleText("Follow-up");
        browser.findElement(By.id("contact-note")).sendKeys("Mood a little better; sleeping 6 hours.");
        browser.findElement(By.cssSelector("#measure-phq-9 > summary")).click();
        int[] scores = { 1, 1, 1, 2, 1, 1, 1, 0, 0 };
        for (int i = 0; i < scores.length; i++) {
            new Select(browser.findElement(By.id("phq-9-" + (i + 1)))).selectByValue(String.valueOf(scores[i]));
        }
        Chromium.screenshot(browser, "episode-contact-form.png");
        browser.findElement(By.cssSelector(".contact-form button[type=submit]")).click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert.success"), "the chart shows the new scores"));
        List<WebElement> after = browser.findElements(By.cssSelector("svg.trajectory .series.phq9 circle"));
        assertThat(after).hasSize(5);
        List<String> values = browser.findElements(By.cssSelector("svg.trajectory .series.phq9 text.value")).stream()
                .map(WebElement::getText).toList();
        assertThat(values).containsExactly("17", "14", "13", "12", "8");
        assertThat(browser.findElement(By.cssSelector("#trajectory-table tbody")).getText()).contains("8");
        assertThat(browser.findElement(By.cssSelector("table.contacts tbody tr")).getText())
                .contains("18", "Phone", "Follow-up", "PHQ-9: 8", "Mood a little better");
        // responded: 17 to 8 is more than 50% lower, so the review flag and the contact flag are gone
        WebElement after50 = browser.findElement(By.id("treat-to-target"));
        assertThat(after50.getText()).contains("17 \u2192 8", "-9 points (-52%)", "Response");
        assertThat(after50.findElements(By.cssSelector(".flag-list li"))).isEmpty();
        Chromium.scrollTo(browser, "trajectory");
        Chromium.screenshot(browser, "episode-chart-after-contact.png");

        // tablet and phone width
        browser.manage().window().setSize(new Dimension(820, 1180));
        browser.navigate().refresh();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg.trajectory")));
        Chromium.scrollTo(browser, "trajectory");
        Chromium.screenshot(browser, "episode-chart-tablet.png");
        Chromium.scrollTo(browser, "log-contact");
        Chromium.screenshot(browser, "episode-contact-form-tablet.png");
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.navigate().refresh();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg.trajectory")));
        Chromium.scrollTo(browser, "trajectory");
        Chromium.screenshot(browser, "episode-chart-phone.png");
    }

    @Test
    void aPositivePhq9IsOneClickFromEnrolment() throws IOException {
        PatientRecord newPatient = new PageFixtures(context).patient(practice.id(), "Abara", "Chidi", LocalDate.of(1991, 8, 30),
                "MRN-5120", practice.accounts().get(Role.PCP));
        var positive = actors.runAs(practice.user(Role.MEDICAL_ASSISTANT), () -> screenings.submit(new ScreeningSubmission(null,
                newPatient.id(), null, null, Instruments.PHQ_9, Instruments.find(Instruments.PHQ_9).orElseThrow()
                        .answersScoring(2, 2, 2, 2, 1, 2, 2, 1, 0), ScreeningSubmission.Mode.STAFF, "en", null)));
        WebDriver browser = chromium.open();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        signIn(browser, Role.CARE_MANAGER);

        browser.get(url("/patients/" + newPatient.id() + "/screening/responses/" + positive.response().id()));
        WebElement enrol = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".enrol-link a")));
        Chromium.screenshot(browser, "episode-from-positive-screen.png");
        enrol.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "in collaborative care"));
        assertThat(browser.findElement(By.cssSelector("input[name=focus][value=depression]")).isSelected()).isTrue();
        assertThat(browser.findElement(By.cssSelector("input[name=status][value=enrolled]")).isSelected()).isTrue();
        assertThat(new Select(browser.findElement(By.id("enrol-care-manager"))).getFirstSelectedOption().getText())
                .isEqualTo("Test CARE_MANAGER");
        assertThat(browser.findElement(By.cssSelector(".enrol-source")).getText()).contains("PHQ-9", "14 of 27", "Moderate");
        Chromium.screenshot(browser, "episode-enrol-form.png");
        browser.findElement(By.cssSelector(".enrol-form button[type=submit]")).click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert.success"), "enrolled in collaborative care"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("Depression care", "Abara, Chidi");
        assertThat(browser.findElements(By.cssSelector("svg.trajectory .series.phq9 circle"))).hasSize(1);
        assertThat(browser.findElement(By.cssSelector("svg.trajectory .target text")).getText()).isEqualTo("50% target 7");
        Chromium.screenshot(browser, "episode-new.png");
        Chromium.scrollTo(browser, "trajectory");
        Chromium.screenshot(browser, "episode-new-chart.png");
    }

    private void measure(LocalDate day, String instrument, int... scores) {
        actors.runAs(practice.user(Role.CARE_MANAGER), () -> screenings.submit(new ScreeningSubmission(null, patient.id(), null, null,
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
