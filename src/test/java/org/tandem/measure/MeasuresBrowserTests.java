package org.tandem.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.tandem.PageFixtures;
import org.tandem.testsupport.Chromium;

/**
 * The measures dashboard in a real headless Chromium, on a seeded practice with two years of visits, screens,
 * depression diagnoses and handoffs: the overview, a measure page (screenshots at 1280 and 800 px), a patient list
 * loaded with htmx, a patient's page from it, and a CSV download.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = PageFixtures.H2)
class MeasuresBrowserTests {

    static final String YEAR = "from=2025-01-01&to=2025-12-31";

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    final Chromium chromium = new Chromium();
    MeasureTestPractice data;

    @BeforeEach
    void createPractice() {
        Chromium.assumeInstalled();
        data = new MeasureTestPractice(context, 40, 20260105L);
    }

    @AfterEach
    void stopBrowsers() {
        chromium.close();
    }

    @Test
    void measurePagePatientListAndCsvDownload() throws Exception {
        WebDriver browser = chromium.open(1280, 900);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        signIn(browser, data.bhc);

        browser.get(url("/measures/positive-follow-up-30?" + YEAR));
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Positive screens followed up within 30 days"));
        int denominator = Integer.parseInt(browser.findElement(By.cssSelector("[data-stat=denominator]")).getText());
        int numerator = Integer.parseInt(browser.findElement(By.cssSelector("[data-stat=numerator]")).getText());
        assertThat(denominator).isPositive();
        assertThat(browser.findElements(By.cssSelector("#trend-chart .trend-dot"))).hasSizeBetween(12, 24);
        assertThat(browser.findElements(By.cssSelector("#clinician-table tbody tr"))).isNotEmpty();
        browser.manage().window().setSize(new Dimension(1280, 2300));
        Chromium.screenshot(browser, "measures-follow-up.png");

        // the patient list behind the numerator, loaded into the page with htmx
        browser.findElement(By.cssSelector("#groups-table tr[data-group=numerator] a")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#patient-list #patients-table")));
        assertThat(browser.getCurrentUrl()).contains("/measures/positive-follow-up-30?");
        List<WebElement> rows = browser.findElements(By.cssSelector("#patients-table tbody tr"));
        assertThat(rows).hasSize(Math.min(numerator, MeasurePages.PAGE_SIZE));
        Chromium.scrollTo(browser, "measure-groups");
        Chromium.screenshot(browser, "measures-follow-up-patients.png");

        // CSV of that list, downloaded for real
        Path downloads = Files.createTempDirectory("tandem-downloads");
        ((ChromeDriver) browser).executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toString()));
        browser.findElement(By.id("patients-csv")).click();
        Path csv = waitForDownload(downloads);
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).startsWith("\uFEFFmeasure,from,to,group,patient_id,name");
        assertThat(lines).hasSize(numerator + 1);

        // a name opens the patient's page
        String name = browser.findElement(By.cssSelector("#patients-table tbody th a")).getText();
        browser.findElement(By.cssSelector("#patients-table tbody th a")).click();
        wait.until(ExpectedConditions.urlMatches(".*/patients/[0-9a-f-]{36}$"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains(name.split(",")[0]);

        browser.manage().window().setSize(new Dimension(800, 2600));
        browser.get(url("/measures/phq9-utilization?" + YEAR));
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "PHQ-9 utilization"));
        Chromium.screenshot(browser, "measures-phq9-tablet.png");
    }

    @Test
    void overviewListsTheEcqmsAndProgramMetrics() {
        WebDriver browser = chromium.open(1280, 900);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        signIn(browser, data.bhc);

        browser.get(url("/measures?" + YEAR));
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Quality measures"));
        assertThat(browser.findElements(By.cssSelector("#ecqm-table tbody tr")).stream().map(e -> e.getAttribute("data-measure")))
                .containsExactly("PCSDepressionScreenAndFollowUpFHIR", "DepressionRemissionatTwelveMonthsFHIR");
        assertThat(browser.findElements(By.cssSelector("#program-table tbody tr"))).hasSize(ProgramMetric.values().length);
        browser.manage().window().setSize(new Dimension(1280, 1300));
        Chromium.screenshot(browser, "measures-overview.png");
        browser.manage().window().setSize(new Dimension(800, 1400));
        Chromium.screenshot(browser, "measures-overview-tablet.png");

        browser.findElement(By.cssSelector("#ecqm-table tr[data-measure=PCSDepressionScreenAndFollowUpFHIR] a")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "CMS2"));
        assertThat(browser.findElements(By.cssSelector("#trend-table tbody tr"))).hasSize(24);
        assertThat(browser.findElement(By.id("report-json")).getAttribute("href")).contains("/report.json?");
        browser.manage().window().setSize(new Dimension(1280, 2300));
        Chromium.screenshot(browser, "measures-cms2.png");
    }

    private static Path waitForDownload(Path dir) throws Exception {
        for (int i = 0; i < 100; i++) {
            try (Stream<Path> files = Files.list(dir)) {
                Path done = files.filter(p -> p.toString().endsWith(".csv")).findFirst().orElse(null);
                if (done != null) {
                    return done;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("No CSV was downloaded");
    }

    private void signIn(WebDriver browser, String email) {
        browser.get(url("/login"));
        browser.findElement(By.id("email")).sendKeys(email);
        browser.findElement(By.id("password")).sendKeys(PageFixtures.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Hello"));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
