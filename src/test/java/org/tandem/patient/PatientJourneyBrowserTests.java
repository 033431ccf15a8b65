package org.tandem.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
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
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;

/** A medical assistant signs in, finds a patient as they type, and opens the overview, in a real headless Chromium. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = PageFixtures.H2)
class PatientJourneyBrowserTests {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    WebDriver browser;
    Path profile;
    String assistant;
    PatientRecord patient;

    @BeforeEach
    void startBrowserAndCreatePractice() throws IOException {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        Assumptions.assumeTrue(ci || Files.isExecutable(CHROMIUM), "Chromium is not installed; the browser test runs on CI");
        PageFixtures fixtures = new PageFixtures(context);
        PracticeId practice = fixtures.practice("Riverside Family Medicine");
        UUID pcp = fixtures.staffId(practice, fixtures.staff(practice, "Dr. Amara Okafor", Role.PCP));
        assistant = fixtures.staff(practice, "Maria Lopez", Role.MEDICAL_ASSISTANT);
        patient = fixtures.patient(practice, "Quintero", "Elena Maria", LocalDate.of(1980, 4, 12), "MRN-4711", pcp);
        fixtures.patient(practice, "Quinn", "Harold", LocalDate.of(1959, 11, 30), "MRN-0815", pcp);
        fixtures.encounter(practice, patient, Instant.parse("2025-03-04T15:30:00Z"), "Behavioral health follow-up", "390906007", pcp);
        fixtures.encounter(practice, patient, Instant.parse("2025-01-14T17:00:00Z"), "Office visit", "185349003", pcp);
        fixtures.observation(practice, patient, "phq9-1", "PHQ-9 total score", "44261-6", new BigDecimal("14"),
                Instant.parse("2025-03-04T15:45:00Z"));
        fixtures.condition(practice, patient, "dep-1", "Major depressive disorder, single episode, moderate", "832007",
                Instant.parse("2025-03-04T16:00:00Z"));

        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("tandem-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void medicalAssistantFindsPatientByNameAndOpensOverview() throws IOException {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        browser.get("http://localhost:" + port + "/login");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Sign in to Tandem");
        screenshot("login.png");

        browser.findElement(By.id("email")).sendKeys(assistant);
        browser.findElement(By.id("password")).sendKeys(PageFixtures.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Hello, Maria Lopez"));

        browser.findElement(By.cssSelector("nav.site-nav a[href='/patients']")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("q")));
        browser.findElement(By.id("q")).sendKeys("quin");
        // live results arrive through htmx, without a page load
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#results tbody tr"), 2));
        assertThat(browser.getCurrentUrl()).endsWith("/patients?q=quin");
        browser.findElement(By.id("q")).sendKeys("tero");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#results tbody tr"), 1));
        assertThat(browser.findElement(By.cssSelector("#results tbody tr")).getText()).contains("Quintero, Elena Maria", "MRN-4711");
        browser.findElement(By.id("q")).sendKeys(org.openqa.selenium.Keys.BACK_SPACE, org.openqa.selenium.Keys.BACK_SPACE,
                org.openqa.selenium.Keys.BACK_SPACE, org.openqa.selenium.Keys.BACK_SPACE);
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#results tbody tr"), 2));
        screenshot("patients.png");

        browser.findElement(By.linkText("Quintero, Elena Maria")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Quintero, Elena Maria"));
        String visits = browser.findElement(By.cssSelector("section[aria-labelledby=encounters-heading]")).getText();
        assertThat(visits).contains("2025-03-04 09:30", "Behavioral health follow-up", "Dr. Amara Okafor");
        assertThat(browser.findElement(By.cssSelector("section[aria-labelledby=facts-heading]")).getText())
                .contains("PHQ-9 total score", "Major depressive disorder");
        screenshot("overview.png");

        browser.manage().window().setSize(new Dimension(820, 1180));
        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Quintero, Elena Maria"));
        screenshot("overview-tablet.png");
    }

    private void screenshot(String name) throws IOException {
        Path file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(file, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
