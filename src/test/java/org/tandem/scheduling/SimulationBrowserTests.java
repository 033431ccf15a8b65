package org.tandem.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
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
import org.tandem.testsupport.Chromium;
import org.tandem.testsupport.PracticeFixture;

/**
 * The simulation page in a real headless Chromium: the practice admin compares the current week (open access first
 * and last thing) with a draft (open access mid-morning) against the practice's visits, watches the progress bar, reads
 * the results and saves the best suggestion as a new draft; a mistyped parameter comes back marked, as typed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = PageFixtures.H2)
class SimulationBrowserTests {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    Practices practices;
    @Autowired
    Templates templates;
    @Autowired
    CurrentActor actors;

    final Chromium chromium = new Chromium();
    PracticeFixture practice;
    ScheduleTemplate current;
    ScheduleTemplate proposed;

    @BeforeEach
    void createPractice() {
        Chromium.assumeInstalled();
        practice = PracticeFixture.create(practices, "Riverside Family Medicine " + UUID.randomUUID());
        UUID bhc = practice.accounts().get(Role.BHC);
        current = draft("Current week", SimulationPagesTests.week(bhc, 8, 16));
        proposed = draft("Open access mid-morning", SimulationPagesTests.week(bhc, 10, 11));
        PageFixtures fixtures = new PageFixtures(context);
        ZoneId zone = practices.zoneOf(practice.id());
        LocalDate today = LocalDate.now(zone);
        PatientRecord patient = fixtures.patient(practice.id(), "Quintero", "Elena", LocalDate.of(1970, 1, 1), "MRN-1",
                practice.accounts().get(Role.PCP));
        for (LocalDate day = today.minusWeeks(26); day.isBefore(today); day = day.plusDays(1)) {
            if (day.getDayOfWeek().getValue() <= 5) {
                for (int hour : new int[] { 10, 11 }) {
                    fixtures.encounter(practice.id(), patient, day.atTime(hour, 20).atZone(zone).toInstant(), "Office visit",
                            "185349003", practice.accounts().get(Role.PCP));
                }
            }
        }
    }

    @AfterEach
    void stopBrowsers() {
        chromium.close();
    }

    @Test
    void adminComparesTwoTemplatesAndSavesASuggestionAsADraft() {
        WebDriver admin = chromium.open(1280, 1000);
        WebDriverWait wait = new WebDriverWait(admin, Duration.ofSeconds(120));
        signIn(admin, practice.emails().get(Role.PRACTICE_ADMIN));
        admin.get(url("/admin/schedule/simulate"));
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Simulate a schedule template"));

        new Select(admin.findElement(By.id("templateA"))).selectByVisibleText("Current week (draft)");
        new Select(admin.findElement(By.id("templateB"))).selectByVisibleText("Open access mid-morning (draft)");
        admin.findElement(By.cssSelector("input[name=source][value=visits]")).click();
        type(admin, "visitShare", "100");
        type(admin, "replications", "1");
        admin.findElement(By.cssSelector("details.assumptions summary")).click();
        new Select(admin.findElement(By.id("interruption"))).selectByValue("none");
        Chromium.screenshot(admin, "simulation-form.png");
        admin.findElement(By.cssSelector(".simulation-form button[type=submit]")).click();

        // one replication is too few for a confidence interval
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("simulation-problems")));
        assertThat(admin.findElement(By.id("replications")).getAttribute("value")).isEqualTo("1");
        assertThat(admin.findElement(By.cssSelector(".field.invalid .field-error")).getText())
                .isEqualTo("Enter a whole number of replications from 2 to 1000.");
        assertThat(new Select(admin.findElement(By.id("interruption"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("none");

        type(admin, "replications", "40");
        type(admin, "weeks", "26");
        admin.findElement(By.cssSelector(".simulation-form button[type=submit]")).click();
        wait.until(ExpectedConditions.urlMatches("/admin/schedule/simulate/[0-9a-f-]{36}$"));
        List<WebElement> progress = admin.findElements(By.id("simulation-progress"));
        if (!progress.isEmpty()) {
            Chromium.scrollTo(admin, "simulation-job");
            Chromium.screenshot(admin, "simulation-progress.png");
        }
        // htmx polls the progress until the results replace it
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#simulation-job h2"), "Results"));
        String met = admin.findElement(By.cssSelector("tr[data-metric=handoffs-met]")).getText();
        assertThat(met).contains("better");
        assertThat(admin.findElements(By.cssSelector("svg.simulation-chart rect.bar"))).hasSize(6);
        Chromium.scrollTo(admin, "simulation-job");
        Chromium.screenshot(admin, "simulation-results.png");

        assertThat(admin.findElements(By.cssSelector("li.suggestion"))).hasSizeGreaterThan(1);
        WebElement first = admin.findElement(By.id("suggestion-0"));
        assertThat(first.getText()).contains("Move Test BHC's open-access slot from", "(swap with a brief visit)");
        ((JavascriptExecutor) admin).executeScript("arguments[0].scrollIntoView()", first);
        Chromium.screenshot(admin, "simulation-suggestions.png");
        WebElement name = admin.findElement(By.id("draft-name-0"));
        name.clear();
        name.sendKeys("Mid-morning open access");
        first.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert.success"),
                "Draft \"Mid-morning open access\" saved with the suggested week."));
        assertThat(actors.runAs(practice.user(Role.PRACTICE_ADMIN), () -> templates.list()))
                .anySatisfy(t -> assertThat(t.name()).isEqualTo("Mid-morning open access"));

        // on a tablet in portrait the page still fits
        admin.manage().window().setSize(new org.openqa.selenium.Dimension(800, 1100));
        Chromium.scrollTo(admin, "simulation-job");
        Chromium.screenshot(admin, "simulation-results-tablet.png");
        Object overflow = ((JavascriptExecutor) admin).executeScript(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth");
        assertThat(overflow).isEqualTo(false);
    }

    private static void type(WebDriver browser, String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private ScheduleTemplate draft(String name, List<BlockInput> blocks) {
        return actors.runAs(practice.user(Role.PRACTICE_ADMIN), () -> {
            ScheduleTemplate draft = templates.create(name, null);
            return templates.replaceBlocks(draft.id(), blocks, draft.version());
        });
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
