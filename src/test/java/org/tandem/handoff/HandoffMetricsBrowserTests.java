package org.tandem.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.tandem.PageFixtures;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.testsupport.Chromium;
import org.tandem.testsupport.PracticeFixture;

/**
 * The handoff metrics page in a real headless Chromium: twelve weeks of requests (seeded, so the same every run), read
 * by a PCP who then narrows them to one reason; screenshots of the whole page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = PageFixtures.H2)
class HandoffMetricsBrowserTests {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    static final String[] REASONS = { "positive-screen", "positive-screen", "distress", "distress", "substance-use", "new-diagnosis",
        "medication-question", "other" };
    static final int[] HOURS = { 8, 9, 9, 10, 10, 10, 11, 13, 14, 14, 15, 16, 17 };

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    Practices practices;

    final Chromium chromium = new Chromium();
    PracticeFixture practice;
    int requests;
    int distress;

    @BeforeEach
    void createPracticeWithTwelveWeeksOfRequests() {
        Chromium.assumeInstalled();
        practice = PracticeFixture.create(practices, "Riverside Family Medicine");
        PageFixtures fixtures = new PageFixtures(context);
        UUID pcp = practice.accounts().get(Role.PCP);
        UUID reyes = fixtures.staffId(practice.id(), fixtures.staff(practice.id(), "Dr. Luis Reyes", Role.PCP));
        UUID bhc = practice.accounts().get(Role.BHC);
        UUID jordan = fixtures.staffId(practice.id(), fixtures.staff(practice.id(), "Jordan Rivera", Role.BHC));
        HandoffRows rows = new HandoffRows(context, practice.id(), CHICAGO);
        Random random = new Random(20260105);
        LocalDateTime monday = LocalDateTime.of(2026, 1, 5, 0, 0);
        for (int week = 0; week < 12; week++) {
            int perWeek = 4 + random.nextInt(6);
            for (int i = 0; i < perWeek; i++) {
                LocalDateTime at = monday.plusWeeks(week).plusDays(random.nextInt(5)).withHour(HOURS[random.nextInt(HOURS.length)])
                        .withMinute(random.nextInt(60));
                String reason = REASONS[random.nextInt(REASONS.length)];
                boolean second = random.nextBoolean();
                HandoffRows.Request request = rows.request(at.toString(), second ? reyes : pcp, second ? "Dr. Luis Reyes" : "Test PCP",
                        reason, random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(2));
                int fate = random.nextInt(10);
                if (fate < 7) {
                    boolean first = random.nextBoolean();
                    request.acceptedAfter(20 + random.nextInt(360), first ? bhc : jordan, first ? "Test BHC" : "Jordan Rivera");
                    if (fate < 5) {
                        request.closed("completed", "completed");
                    }
                } else {
                    request.escalated();
                }
                request.insert();
                requests++;
                distress += reason.equals("distress") ? 1 : 0;
            }
        }
    }

    @AfterEach
    void stopBrowsers() {
        chromium.close();
    }

    @Test
    void pcpReadsTwelveWeeksAndNarrowsThemToOneReason() {
        WebDriver pcp = chromium.open(1280, 900);
        WebDriverWait wait = new WebDriverWait(pcp, Duration.ofSeconds(15));
        signIn(pcp, practice.emails().get(Role.PCP));

        pcp.get(url("/handoffs/metrics?from=2026-01-05&to=2026-03-29"));
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Warm handoff metrics"));
        assertThat(pcp.findElement(By.cssSelector("[data-stat=requests]")).getText()).isEqualTo(Integer.toString(requests));
        assertThat(pcp.findElements(By.cssSelector("#week-chart g.bar.metric-0"))).hasSize(12);
        assertThat(pcp.findElements(By.cssSelector("#median-chart .median-dot"))).hasSize(12);
        pcp.manage().window().setSize(new Dimension(1280, 2700));
        Chromium.screenshot(pcp, "handoff-metrics.png");

        new Select(pcp.findElement(By.id("metrics-reason"))).selectByVisibleText("Distress");
        pcp.findElement(By.cssSelector(".filters button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("reason=distress"));
        assertThat(pcp.findElement(By.cssSelector("[data-stat=requests]")).getText()).isEqualTo(Integer.toString(distress));
        assertThat(pcp.findElements(By.cssSelector("#reason-table tbody tr"))).hasSize(1);
        pcp.findElement(By.cssSelector("#metrics-weeks details summary")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("week-table")));
        List<String> weeks = pcp.findElements(By.cssSelector("#week-table tbody tr")).stream().map(e -> e.getText()).toList();
        assertThat(weeks).hasSize(12).first().asString().startsWith("Week of Jan 5, 2026");
        Chromium.screenshot(pcp, "handoff-metrics-distress.png");

        pcp.manage().window().setSize(new Dimension(800, 1200));
        pcp.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Warm handoff metrics"));
        Chromium.screenshot(pcp, "handoff-metrics-tablet.png");
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
