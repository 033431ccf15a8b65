package org.tandem.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.tandem.PageFixtures;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.testsupport.Chromium;
import org.tandem.testsupport.PracticeFixture;

/**
 * The demand page in a real headless Chromium: 26 weeks of visits, positive screens and handoff requests (seeded, so
 * the same every run) that peak late morning and mid-afternoon, against a template whose open access sits early in the
 * morning and at lunchtime, so the gap map shows orange where handoffs are needed and blue where BHCs wait.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = PageFixtures.H2)
class DemandBrowserTests {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    static final int[] VISIT_HOURS = { 8, 8, 9, 9, 9, 10, 10, 10, 11, 11, 13, 14, 14, 15, 15, 16, 17 };
    static final int[] HANDOFF_HOURS = { 9, 10, 10, 10, 11, 11, 14, 14, 15, 15, 16 };

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

    @BeforeEach
    void createPracticeWithHalfAYearOfDemand() {
        Chromium.assumeInstalled();
        practice = PracticeFixture.create(practices, "Riverside Family Medicine");
        UUID bhc = practice.accounts().get(Role.BHC);
        DemandTestData data = new DemandTestData(context, practice.id(), CHICAGO);
        Random random = new Random(20250901);
        LocalDateTime monday = LocalDateTime.of(2025, 9, 1, 0, 0);
        for (int week = 0; week < 26; week++) {
            for (int i = 0; i < 14; i++) {
                data.visit(at(random, monday.plusWeeks(week), VISIT_HOURS));
            }
            for (int i = 0; i < 3; i++) {
                data.screen(at(random, monday.plusWeeks(week), VISIT_HOURS), "completed", true);
            }
            for (int i = 0; i < 4; i++) {
                data.handoff(at(random, monday.plusWeeks(week), HANDOFF_HOURS));
            }
        }
        List<BlockInput> blocks = new ArrayList<>();
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY)) {
            blocks.add(new BlockInput(bhc, day, LocalTime.of(8, 0), 60, BlockKind.OPEN_ACCESS, 30));
            blocks.add(new BlockInput(bhc, day, LocalTime.of(9, 0), 50, BlockKind.COUNSELING, null));
            blocks.add(new BlockInput(bhc, day, LocalTime.of(10, 0), 50, BlockKind.COUNSELING, null));
        }
        for (DayOfWeek day : List.of(DayOfWeek.TUESDAY, DayOfWeek.THURSDAY)) {
            blocks.add(new BlockInput(bhc, day, LocalTime.of(12, 0), 90, BlockKind.OPEN_ACCESS, 30));
            blocks.add(new BlockInput(bhc, day, LocalTime.of(14, 0), 50, BlockKind.COUNSELING, null));
        }
        actors.runAs(practice.user(Role.PRACTICE_ADMIN), () -> {
            ScheduleTemplate draft = templates.create("Autumn week", null);
            ScheduleTemplate filled = templates.replaceBlocks(draft.id(), blocks, draft.version());
            return templates.activate(filled.id(), LocalDate.now(CHICAGO).plusDays(1), filled.version());
        });
    }

    static String at(Random random, LocalDateTime monday, int[] hours) {
        return monday.plusDays(random.nextInt(5)).withHour(hours[random.nextInt(hours.length)]).withMinute(random.nextInt(60))
                .toString();
    }

    @AfterEach
    void stopBrowsers() {
        chromium.close();
    }

    @Test
    void bhcComparesWhenHandoffsAreNeededWithWhenTheTemplateHoldsOpenAccess() {
        WebDriver bhc = chromium.open(1280, 900);
        WebDriverWait wait = new WebDriverWait(bhc, Duration.ofSeconds(15));
        signIn(bhc, practice.emails().get(Role.BHC));

        bhc.get(url("/admin/schedule/demand?from=2025-09-01&to=2026-03-01"));
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Demand and BHC availability"));
        assertThat(bhc.findElement(By.cssSelector(".lead")).getText()).contains("(26.0 weeks)");
        assertThat(bhc.findElement(By.cssSelector("#card-handoffs .total")).getText()).isEqualTo("4.0 requests per week in all.");
        assertThat(bhc.findElement(By.cssSelector("#card-availability .total")).getText())
                .isEqualTo("6.0 hours of open access per week in all.");
        assertThat(bhc.findElements(By.cssSelector("#card-gap svg.heatmap"))).hasSize(1);
        bhc.manage().window().setSize(new Dimension(1280, 1700));
        Chromium.screenshot(bhc, "demand.png");

        bhc.findElement(By.cssSelector("#card-gap details summary")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("table-gap")));
        Chromium.scrollTo(bhc, "card-gap");
        Chromium.screenshot(bhc, "demand-gap-table.png");

        bhc.manage().window().setSize(new Dimension(800, 1200));
        bhc.get(url("/admin/schedule/demand?from=2025-09-01&to=2026-03-01"));
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Demand and BHC availability"));
        Chromium.scrollTo(bhc, "comparison-heading");
        Chromium.screenshot(bhc, "demand-tablet.png");
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
