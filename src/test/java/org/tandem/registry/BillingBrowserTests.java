package org.tandem.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
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
import org.tandem.testsupport.Chromium;
import org.tandem.testsupport.PracticeFixture;

/**
 * The billing report in a real headless Chromium: the PCP opens February, picks March with the month picker and reads
 * the codes per billing practitioner; the practice admin switches the practice to FQHC billing; the PCP's report then
 * follows the FQHC rules for 2026 and marks the rules that are UNVERIFIED.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = PageFixtures.H2)
class BillingBrowserTests {

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
    CurrentActor actors;

    final Chromium chromium = new Chromium();
    PracticeFixture practice;

    @BeforeEach
    void createPracticeWithTime() {
        Chromium.assumeInstalled();
        practice = PracticeFixture.create(practices, "Riverside Family Medicine");
        PageFixtures fixtures = new PageFixtures(context);
        UUID pcp = practice.accounts().get(Role.PCP);
        UUID reyes = fixtures.staffId(practice.id(), fixtures.staff(practice.id(), "Dr. Luis Reyes", Role.PCP));
        PatientRecord elena = fixtures.patient(practice.id(), "Quintero", "Elena Maria", LocalDate.of(1950, 4, 12), "MRN-4711", pcp);
        PatientRecord tom = fixtures.patient(practice.id(), "Baker", "Tom", LocalDate.of(1962, 6, 1), "MRN-4712", pcp);
        PatientRecord walt = fixtures.patient(practice.id(), "Whitman", "Walt", LocalDate.of(1948, 5, 31), "MRN-4713", reyes);

        Episode elenaEpisode = enrol(elena, true, LocalDate.of(2026, 2, 2));
        consent(elenaEpisode, LocalDate.of(2026, 2, 2));
        log(elenaEpisode, LocalDateTime.of(2026, 2, 3, 10, 0), 50);
        log(elenaEpisode, LocalDateTime.of(2026, 3, 3, 10, 0), 45);
        log(elenaEpisode, LocalDateTime.of(2026, 3, 17, 10, 0), 35);
        Episode tomEpisode = enrol(tom, false, LocalDate.of(2026, 3, 2));
        log(tomEpisode, LocalDateTime.of(2026, 3, 4, 15, 0), 40);
        Episode waltEpisode = enrol(walt, true, LocalDate.of(2026, 3, 2));
        consent(waltEpisode, LocalDate.of(2026, 3, 9));
        log(waltEpisode, LocalDateTime.of(2026, 3, 5, 9, 0), 20);
        log(waltEpisode, LocalDateTime.of(2026, 3, 10, 9, 0), 25);
    }

    @AfterEach
    void stopBrowsers() {
        chromium.close();
    }

    @Test
    void pcpReadsTheMonthlyReportAndTheAdminSwitchesToFqhcBilling() throws IOException {
        WebDriver pcp = chromium.open();
        WebDriverWait wait = new WebDriverWait(pcp, Duration.ofSeconds(15));
        signIn(pcp, practice.emails().get(Role.PCP));

        pcp.get(url("/registry/billing?month=2026-02"));
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Collaborative care billing, 2026-02"));
        assertThat(pcp.findElement(By.cssSelector("section.billing-group")).getText()).contains("Quintero, Elena Maria", "99492");

        // the month picker
        ((JavascriptExecutor) pcp).executeScript("document.getElementById('billing-month').value = '2026-03'");
        pcp.findElement(By.cssSelector(".month-picker button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Collaborative care billing, 2026-03"));
        assertThat(pcp.getCurrentUrl()).isEqualTo(url("/registry/billing?month=2026-03"));
        List<String> groups = pcp.findElements(By.cssSelector("section.billing-group h2")).stream().map(e -> e.getText()).toList();
        assertThat(groups).containsExactly("Dr. Luis Reyes", "Test PCP");
        String reyes = pcp.findElements(By.cssSelector("section.billing-group")).get(0).getText();
        // consent on 9 March: 20 minutes on the 5th are not counted, 25 are: G2214 (Medicare)
        assertThat(reyes).contains("Whitman, Walt", "First month", "25", "G2214", "99492 at 36 minutes: 11 more",
                "20 min before consent on 2026-03-09");
        String okafor = pcp.findElements(By.cssSelector("section.billing-group")).get(1).getText();
        assertThat(okafor).contains("Quintero, Elena Maria", "Later month", "80", "99493", "99494",
                "G2214 may not be billed with 99493 in the same month.", "Baker, Tom", "Nothing is billable: consent not documented.");
        assertThat(pcp.findElement(By.id("billing-csv")).getAttribute("href")).isEqualTo(url("/registry/billing.csv?month=2026-03"));
        pcp.manage().window().setSize(new Dimension(1280, 1500));
        Chromium.screenshot(pcp, "billing.png");

        // the practice admin bills as an FQHC from now on
        WebDriver admin = chromium.open();
        WebDriverWait adminWait = new WebDriverWait(admin, Duration.ofSeconds(15));
        signIn(admin, practice.emails().get(Role.PRACTICE_ADMIN));
        admin.get(url("/admin/registry"));
        adminWait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Registry settings"));
        admin.findElement(By.cssSelector("input[name=billingSetting][value=fqhc]")).click();
        admin.findElement(By.id("linkExpiryHours")).clear();
        admin.findElement(By.id("linkExpiryHours")).sendKeys("48");
        admin.findElement(By.cssSelector(".registry-settings-form button[type=submit]")).click();
        adminWait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert.success"), "Registry settings saved."));
        assertThat(admin.findElement(By.cssSelector("input[name=billingSetting][value=fqhc]")).isSelected()).isTrue();
        Chromium.screenshot(admin, "registry-settings.png");

        pcp.navigate().refresh();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".lead"), "FQHC rules for 2026"));
        assertThat(pcp.findElement(By.id("billing-unverified")).getText()).contains("UNVERIFIED");
        assertThat(pcp.findElement(By.cssSelector("#billing-rules tr[data-code='99484']")).getText()).contains("UNVERIFIED");
        assertThat(pcp.findElements(By.cssSelector("#billing-rules tr[data-code='99493'] .badge.warning"))).isEmpty();
        ((JavascriptExecutor) pcp).executeScript("document.getElementById('billing-rules').scrollIntoView()");
        Chromium.screenshot(pcp, "billing-fqhc-rules.png");
    }

    private Episode enrol(PatientRecord patient, boolean medicare, LocalDate on) {
        return actors.runAs(practice.user(Role.CARE_MANAGER), () -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)
                .on(on, EpisodeStatus.ACTIVE).billing(BillingModel.COCM, medicare)));
    }

    private void consent(Episode episode, LocalDate on) {
        actors.runAs(practice.user(Role.CARE_MANAGER), () -> episodes.recordConsent(episode.id(), on, "written", null));
    }

    private void log(Episode episode, LocalDateTime start, int minutes) {
        actors.runAs(practice.user(Role.CARE_MANAGER), () -> timeLog.log(new TimeLogEntry(episode.id(), start.atZone(ZONE).toInstant(),
                minutes, ContactMode.PHONE, Activity.FOLLOW_UP, null, null, null)));
    }

    private void signIn(WebDriver browser, String email) {
        browser.get(url("/login"));
        browser.findElement(By.id("email")).sendKeys(email);
        browser.findElement(By.id("password")).sendKeys(PracticeFixture.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Hello"));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

}
