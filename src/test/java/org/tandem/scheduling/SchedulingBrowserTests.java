package org.tandem.scheduling;

import org.tandem.testsupport.SettableClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
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
import org.springframework.context.annotation.Import;
import org.tandem.PageFixtures;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.testsupport.Chromium;
import org.tandem.testsupport.PracticeFixture;

/**
 * In a real headless Chromium, on Monday 2 March 2026 at 08:00 in Chicago: the practice admin drafts a template, adds
 * three counseling visits and an open-access hour to Jordan's Tuesday, copies the day to Wednesday and Thursday and
 * activates the template from today; the front desk opens Tuesday's schedule, books Jordan's 09:00 visit for Elena
 * Quintero and sees her name in the slot; the next morning she is marked arrived.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = PageFixtures.H2)
@Import(SettableClock.Config.class)
class SchedulingBrowserTests {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    Practices practices;
    @Autowired
    SettableClock clock;

    final Chromium chromium = new Chromium();
    PracticeFixture practice;
    UUID jordan;

    @BeforeEach
    void createPractice() {
        Chromium.assumeInstalled();
        clock.set(SettableClock.Config.START);
        practice = PracticeFixture.create(practices, "Riverside Family Medicine " + UUID.randomUUID());
        PageFixtures fixtures = new PageFixtures(context);
        jordan = fixtures.staffId(practice.id(), fixtures.staff(practice.id(), "Jordan Counselor", Role.BHC));
        fixtures.patient(practice.id(), "Quintero", "Elena Maria", LocalDate.of(1950, 4, 12), "MRN-4711", null);
        fixtures.patient(practice.id(), "Quinn", "Tom", LocalDate.of(1962, 6, 1), "MRN-4712", null);
    }

    @AfterEach
    void stopBrowsers() {
        chromium.close();
    }

    @Test
    void anAdminBuildsAndActivatesATemplateAndTheFrontDeskBooksAVisit() {
        WebDriver admin = chromium.open(1280, 1000);
        WebDriverWait wait = new WebDriverWait(admin, Duration.ofSeconds(15));
        signIn(admin, practice.emails().get(Role.PRACTICE_ADMIN));

        admin.get(url("/admin/schedule"));
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "BHC schedule templates"));
        admin.findElement(By.id("template-name")).sendKeys("Spring 2026");
        admin.findElement(By.cssSelector(".create-template button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert.success"), "Draft created"));
        assertThat(admin.findElement(By.tagName("h1")).getText()).contains("Spring 2026", "Draft");
        String editor = admin.getCurrentUrl().replaceAll("\\?.*", "");

        // the fixture's BHC ("Test BHC") comes first; pick Jordan
        admin.findElement(By.partialLinkText("Jordan Counselor")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("week-heading"), "Week of Jordan Counselor"));
        addBlocks(admin, wait, "tuesday", "09:00", "counseling", "50", "", "3");
        addBlocks(admin, wait, "tuesday", "13:00", "open-access", "60", "30", "1");
        new Select(admin.findElement(By.id("copy-from"))).selectByValue("tuesday");
        admin.findElement(By.cssSelector("#copy-day input[value=wednesday]")).click();
        admin.findElement(By.cssSelector("#copy-day input[value=thursday]")).click();
        admin.findElement(By.cssSelector(".copy-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert.success"), "Day copied"));
        assertThat(admin.findElements(By.cssSelector("#blocks tbody tr"))).hasSize(12);
        assertThat(admin.findElements(By.cssSelector("svg.week-grid g.block"))).hasSize(12);

        // a block that breaks a rule comes back with the message and what was typed
        addBlocks(admin, wait, "tuesday", "09:30", "brief", "20", "", "1");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("block-problems")));
        assertThat(admin.findElement(By.id("block-problems")).getText())
                .contains("Jordan Counselor's blocks overlap on Tuesday: 09:00-09:50 counseling visit and 09:30-09:50 brief visit");
        assertThat(admin.findElement(By.id("block-minutes")).getAttribute("value")).isEqualTo("20");
        Chromium.scrollTo(admin, "add-block");
        Chromium.screenshot(admin, "schedule-template-refused.png");

        admin.get(editor + "?bhc=" + jordan);
        admin.manage().window().setSize(new Dimension(1280, 1700));
        Chromium.screenshot(admin, "schedule-template.png");

        admin.get(url("/admin/schedule"));
        ((JavascriptExecutor) admin).executeScript("document.querySelector('.activate-form input[type=date]').value = '2026-03-02'");
        admin.findElement(By.cssSelector(".activate-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert.success"),
                "Template \u201cSpring 2026\u201d is active from 2026-03-02."));
        assertThat(admin.findElement(By.cssSelector(".template-card")).getText()).contains("Active from 2026-03-02", "12 blocks",
                "Jordan Counselor", "7.5", "3.0", "10.5");
        admin.manage().window().setSize(new Dimension(1280, 1000));
        Chromium.screenshot(admin, "schedule-templates.png");

        // the front desk books Tuesday 09:00 for Elena Quintero
        WebDriver desk = chromium.open(1280, 1000);
        WebDriverWait deskWait = new WebDriverWait(desk, Duration.ofSeconds(15));
        signIn(desk, practice.emails().get(Role.FRONT_DESK));
        desk.get(url("/schedule?date=2026-03-03"));
        deskWait.until(ExpectedConditions.textToBe(By.id("schedule-day"), "Tuesday 3 March 2026"));
        WebElement held = desk.findElement(By.cssSelector(".slot.kind-open-access"));
        assertThat(held.getText()).contains("13:00–14:00", "Open access", "Held for warm handoffs, bookable from 12:30");
        WebElement nine = desk.findElements(By.cssSelector(".slot.kind-counseling")).get(0);
        assertThat(nine.getText()).contains("09:00–09:50", "Free");
        nine.findElement(By.cssSelector("a.book-link")).click();
        deskWait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Book a BH visit"));
        desk.findElement(By.id("patient-q")).sendKeys("quin");
        desk.findElement(By.cssSelector(".patient-search button[type=submit]")).click();
        deskWait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".patient-choices .choice"), 2));
        desk.findElements(By.cssSelector(".patient-choices .choice")).stream().filter(c -> c.getText().contains("Quintero, Elena Maria"))
                .findFirst().orElseThrow().click();
        desk.findElement(By.id("book-reason")).sendKeys("PHQ-9 follow-up");
        Chromium.screenshot(desk, "schedule-book.png");
        desk.findElement(By.cssSelector(".book-form button[type=submit]")).click();
        deskWait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert.success"),
                "Booked with Jordan Counselor on 2026-03-03 at 09:00."));
        WebElement booked = desk.findElement(By.cssSelector(".slot.status-booked"));
        assertThat(booked.getText()).contains("09:00–09:50", "Quintero, Elena Maria", "Booked", "PHQ-9 follow-up");
        desk.manage().window().setSize(new Dimension(1280, 1400));
        Chromium.screenshot(desk, "schedule-day.png");
        desk.manage().window().setSize(new Dimension(820, 1180));
        Chromium.screenshot(desk, "schedule-day-tablet.png");
        desk.manage().window().setSize(new Dimension(1280, 1000));

        // Tuesday morning: she arrives
        clock.set(java.time.Instant.parse("2026-03-03T14:55:00Z"));
        desk.navigate().refresh();
        deskWait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".slot.status-booked button")));
        desk.findElement(By.cssSelector(".slot.status-booked")).findElements(By.tagName("button")).stream()
                .filter(b -> b.getText().equals("Arrived")).findFirst().orElseThrow().click();
        deskWait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert.success"), "Marked as arrived."));
        assertThat(desk.findElement(By.cssSelector(".slot.status-booked")).getText()).contains("Arrived");
        assertThat(desk.findElement(By.cssSelector(".slot.kind-open-access")).getText()).contains("bookable from 12:30");

        desk.get(url("/schedule?date=2026-03-03&view=week&bhc=" + jordan));
        deskWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("schedule-day"), "Jordan Counselor"));
        List<String> days = desk.findElements(By.cssSelector("table.calendar thead th")).stream().map(WebElement::getText).toList();
        assertThat(days).containsExactly("Time", "Mon 2 Mar", "Tue 3 Mar", "Wed 4 Mar", "Thu 5 Mar", "Fri 6 Mar");
        Chromium.screenshot(desk, "schedule-week.png");

        desk.findElement(By.cssSelector(".slot.status-booked .slot-patient a")).click();
        deskWait.until(ExpectedConditions.textToBe(By.tagName("h1"), "BH appointments of Quintero, Elena Maria"));
        assertThat(desk.findElement(By.id("upcoming")).getText()).contains("09:00–09:50", "Jordan Counselor", "Arrived");
        Chromium.screenshot(desk, "schedule-patient.png");
    }

    private void addBlocks(WebDriver browser, WebDriverWait wait, String day, String start, String kind, String minutes, String release,
            String repeat) {
        new Select(browser.findElement(By.id("block-day"))).selectByValue(day);
        ((JavascriptExecutor) browser).executeScript("document.getElementById('block-start').value = arguments[0]", start);
        new Select(browser.findElement(By.id("block-kind"))).selectByValue(kind);
        type(browser, "block-minutes", minutes);
        type(browser, "block-release", release);
        type(browser, "block-repeat", repeat);
        browser.findElement(By.cssSelector(".block-form button[type=submit]")).click();
        wait.until(ExpectedConditions.or(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert.success"), "Block added"),
                ExpectedConditions.visibilityOfElementLocated(By.id("block-problems"))));
    }

    private static void type(WebDriver browser, String id, String value) {
        WebElement input = browser.findElement(By.id(id));
        input.clear();
        if (!value.isEmpty()) {
            input.sendKeys(value);
        }
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
