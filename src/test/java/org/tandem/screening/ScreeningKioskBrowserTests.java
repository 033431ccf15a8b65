package org.tandem.screening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.tandem.PageFixtures;
import org.tandem.patient.PatientRecord;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.testsupport.PracticeFixture;

/**
 * The acceptance test of tablet screening with a live safety alert, in two real headless Chromium sessions: a BHC
 * has Tandem open; a medical assistant hands a tablet PHQ-2 to the patient, who answers positive and continues to the
 * PHQ-9 with item 9 positive; the BHC's open page shows the alert banner within 2 seconds without reloading, and
 * the BHC acknowledges it and documents the risk assessment, which closes it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = PageFixtures.H2)
class ScreeningKioskBrowserTests {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    Practices practices;

    final List<WebDriver> browsers = new ArrayList<>();
    final List<Path> profiles = new ArrayList<>();
    PracticeFixture practice;
    PatientRecord patient;

    @BeforeEach
    void createPracticeAndPatient() {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        Assumptions.assumeTrue(ci || Files.isExecutable(CHROMIUM), "Chromium is not installed; the browser test runs on CI");
        practice = PracticeFixture.create(practices, "Riverside Family Medicine");
        PageFixtures fixtures = new PageFixtures(context);
        patient = fixtures.patient(practice.id(), "Quintero", "Elena Maria", LocalDate.of(1980, 4, 12), "MRN-4711",
                practice.accounts().get(Role.PCP));
        fixtures.encounter(practice.id(), patient, Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(600),
                "Office visit", "185349003", practice.accounts().get(Role.PCP));
        fixtures.observation(practice.id(), patient, "phq9-imported", "PHQ-9 total score", "44261-6", new BigDecimal("8"),
                Instant.parse("2025-03-04T15:45:00Z"));
    }

    @AfterEach
    void stopBrowsers() throws IOException {
        for (WebDriver browser : browsers) {
            browser.quit();
        }
        for (Path profile : profiles) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void tabletPhq9WithItem9PositiveAlertsTheBhcLiveAndTheBhcClosesTheAlert() throws IOException {
        WebDriver bhc = browser();
        WebDriver tablet = browser();
        WebDriverWait bhcWait = new WebDriverWait(bhc, Duration.ofSeconds(15));
        WebDriverWait wait = new WebDriverWait(tablet, Duration.ofSeconds(15));

        // the BHC has the alerts page open, with the live stream connected
        signIn(bhc, Role.BHC);
        bhc.get(url("/alerts"));
        bhcWait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Safety alerts"));
        assertThat(bhc.findElement(By.id("alert-list")).getText()).contains("No open safety alerts.");
        assertThat(bhc.findElements(By.cssSelector("#alert-banner .alert-banner"))).isEmpty();

        // the medical assistant opens the patient and starts a tablet PHQ-2
        signIn(tablet, Role.MEDICAL_ASSISTANT);
        tablet.get(url("/patients/" + patient.id()));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#screening .screening-summary")));
        assertThat(tablet.findElement(By.cssSelector("#screening table.screening-results")).getText())
                .contains("PHQ-9", "8 of 27", "Mild", "Negative", "Imported");
        screenshot(tablet, "screening-patient-summary.png");
        tablet.findElement(By.cssSelector("#screening details.menu > summary")).click();
        WebElement kioskForm = tablet.findElement(By.cssSelector("form[action$='/screening/kiosk']"));
        assertThat(kioskForm.findElement(By.cssSelector("input[name=instrument][value=phq-2]")).isSelected()).isTrue();
        kioskForm.findElement(By.cssSelector("input[name=language][value=en]")).click();
        screenshot(tablet, "screening-start-menu.png");
        kioskForm.findElement(By.cssSelector("button[type=submit]")).click();

        // the patient: welcome, then one question per screen
        wait.until(ExpectedConditions.urlToBe(url("/kiosk")));
        assertThat(tablet.findElements(By.cssSelector("nav, header"))).isEmpty();
        screenshot(tablet, "kiosk-welcome.png");
        tablet.findElement(By.cssSelector("form[action='/kiosk/start'] button")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".kiosk-count"), "1 of 2"));
        assertThat(tablet.findElement(By.cssSelector(".kiosk-question")).getText()).isEqualTo("Little interest or pleasure in doing things");
        screenshot(tablet, "kiosk-question.png");
        tap(tablet, wait, "More than half the days", "2 of 2");
        tap(tablet, wait, "More than half the days", "3 of 9");
        // the positive PHQ-2 continues with the remaining PHQ-9 items
        assertThat(tablet.findElement(By.cssSelector(".kiosk-question")).getText())
                .isEqualTo("Trouble falling or staying asleep, or sleeping too much");
        tablet.manage().window().setSize(new Dimension(820, 1180));
        tablet.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".kiosk-count"), "3 of 9"));
        screenshot(tablet, "kiosk-question-tablet.png");
        tablet.manage().window().setSize(new Dimension(390, 844));
        tablet.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".kiosk-count"), "3 of 9"));
        screenshot(tablet, "kiosk-question-phone.png");
        tablet.manage().window().setSize(new Dimension(1280, 900));
        for (int position = 3; position < 9; position++) {
            tap(tablet, wait, "Not at all", (position + 1) + " of 9");
        }
        assertThat(tablet.findElement(By.cssSelector(".kiosk-question")).getText())
                .startsWith("Thoughts that you would be better off dead");
        // a minor slip: back one question and forward again
        tablet.findElement(By.cssSelector("form.kiosk-back button")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".kiosk-count"), "8 of 9"));
        assertThat(tablet.findElement(By.cssSelector("button.selected")).getText()).isEqualTo("Not at all");
        tap(tablet, wait, "Not at all", "9 of 9");
        screenshot(tablet, "kiosk-question-9.png");
        tablet.findElement(By.xpath("//button[normalize-space()='Several days']")).click();

        // hand-back: no answers, no results
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Thank you."));
        String handBack = tablet.findElement(By.tagName("body")).getText();
        assertThat(handBack).contains("Please hand the device back to the staff.")
                .doesNotContain("Several days", "More than half", "Not at all", "PHQ", "Positive", "alert");
        screenshot(tablet, "kiosk-handback.png");

        // the BHC's open page shows the banner without a reload, within 2 seconds
        new WebDriverWait(bhc, Duration.ofSeconds(2)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#alert-banner .alert-banner")));
        String banner = bhc.findElement(By.id("alert-banner")).getText();
        assertThat(banner).contains("Quintero, Elena Maria", "PHQ-9 item 9 positive", "Open the alert");
        assertThat(bhc.findElement(By.cssSelector("#alert-count .nav-count")).getText()).isEqualTo("1");
        bhcWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("alert-list"), "Quintero, Elena Maria"));
        assertThat(bhc.getCurrentUrl()).isEqualTo(url("/alerts"));
        screenshot(bhc, "alert-banner.png");

        // staff take the tablet back: password, then the results for staff
        tablet.findElement(By.cssSelector("a.kiosk-staff")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("password")));
        tablet.findElement(By.id("password")).sendKeys("wrong password");
        tablet.findElement(By.cssSelector(".kiosk-unlock-form button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert.error"), "Wrong password"));
        tablet.findElement(By.id("password")).sendKeys(PracticeFixture.PASSWORD);
        tablet.findElement(By.cssSelector(".kiosk-unlock-form button")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Screening results"));
        String results = tablet.findElement(By.tagName("main")).getText();
        assertThat(results).contains("PHQ-2", "4", "of 6", "PHQ-9", "5", "of 27", "Mild", "Safety alert raised",
                "clinicians on duty were alerted");
        screenshot(tablet, "kiosk-results-for-staff.png");
        tablet.get(url("/patients/" + patient.id()));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#screening .safety-alert")));
        assertThat(tablet.findElement(By.cssSelector("#screening .safety-alert")).getText())
                .contains("PHQ-9 item 9 positive", "Not acknowledged yet");
        screenshot(tablet, "screening-patient-summary-alert.png");

        // the BHC opens the alert, acknowledges it and documents the risk assessment
        bhc.findElement(By.cssSelector("#alert-banner a.banner-open")).click();
        bhcWait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Safety alert: Quintero, Elena Maria"));
        assertThat(bhc.findElement(By.cssSelector(".answer-list li.safety")).getText()).contains("Several days");
        bhc.findElement(By.cssSelector("form.acknowledge button")).click();
        bhcWait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert.success"), "You acknowledged the alert"));
        bhc.findElement(By.cssSelector("input[name=level][value=moderate]")).click();
        bhc.findElement(By.id("plan")).sendKeys("Passive thoughts, no plan or intent. Safety plan made with the patient; "
                + "BHC follow-up visit tomorrow.");
        bhc.findElement(By.cssSelector("input[name=safetyPlanGiven]")).click();
        bhc.findElement(By.cssSelector("input[name=crisisResourcesGiven]")).click();
        ((org.openqa.selenium.JavascriptExecutor) bhc).executeScript("document.getElementById('assessment').scrollIntoView()");
        screenshot(bhc, "alert-assessment-form.png");
        bhc.findElement(By.cssSelector(".assessment-form button[type=submit]")).click();
        bhcWait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert.success"), "the alert is closed"));
        assertThat(bhc.findElement(By.cssSelector(".alert-summary")).getText()).contains("Closed");
        assertThat(bhc.findElements(By.cssSelector("#alert-banner .alert-banner"))).isEmpty();
        screenshot(bhc, "alert-closed.png");

        // staff entry of a GAD-7 for the same patient
        tablet.get(url("/patients/" + patient.id() + "/screening/new?instrument=gad-7"));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("fieldset.question"), 7));
        List<WebElement> questions = tablet.findElements(By.cssSelector("fieldset.question"));
        for (int i = 0; i < 5; i++) {
            questions.get(i).findElements(By.cssSelector("label.choice")).get(i % 3).click();
        }
        tablet.findElement(By.cssSelector(".entry-form button.primary")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("entry-problems")));
        assertThat(tablet.findElement(By.id("entry-problems")).getText()).contains("Not answered yet: questions 6, 7");
        screenshot(tablet, "staff-entry-missing.png");
        questions = tablet.findElements(By.cssSelector("fieldset.question"));
        questions.get(5).findElements(By.cssSelector("label.choice")).get(1).click();
        questions.get(6).findElements(By.cssSelector("label.choice")).get(0).click();
        ((org.openqa.selenium.JavascriptExecutor) tablet).executeScript("window.scrollTo(0, 0)");
        screenshot(tablet, "staff-entry.png");
        tablet.findElement(By.cssSelector(".entry-form button.primary")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Screening results"));
        assertThat(tablet.findElement(By.cssSelector(".card.result")).getText()).contains("GAD-7", "5", "of 21", "Mild", "Negative");

        tablet.get(url("/patients/" + patient.id()));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#screening table.screening-results")));
        assertThat(tablet.findElements(By.cssSelector("#screening table.screening-results tbody tr"))).hasSize(4);
        screenshot(tablet, "screening-patient-summary-after.png");
        tablet.manage().window().setSize(new Dimension(820, 1180));
        tablet.navigate().refresh();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#screening table.screening-results")));
        screenshot(tablet, "screening-patient-summary-tablet.png");
    }

    private void tap(WebDriver browser, WebDriverWait wait, String answer, String nextCount) {
        browser.findElement(By.xpath("//button[normalize-space()='" + answer + "']")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".kiosk-count"), nextCount));
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

    private WebDriver browser() throws IOException {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile = Files.createTempDirectory("tandem-chromium");
        profiles.add(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--autoplay-policy=no-user-gesture-required", "--lang=en-US", "--window-size=1280,900",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        browsers.add(browser);
        Files.createDirectories(SCREENSHOTS);
        return browser;
    }

    private static void screenshot(WebDriver browser, String name) throws IOException {
        Path file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(file, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
