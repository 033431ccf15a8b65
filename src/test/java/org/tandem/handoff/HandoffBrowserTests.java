package org.tandem.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.tandem.PageFixtures;
import org.tandem.patient.PatientRecord;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;
import org.tandem.testsupport.Chromium;

/**
 * Warm handoffs in real headless Chromium, with separate signed-in sessions side by side: a PCP asks for a handoff and
 * the BHC's open page shows it within 2 seconds without a reload; the BHC accepts and the PCP's status page shows who
 * is coming, again without a reload. With two BHCs, both see the request and it disappears from the other's page as
 * soon as one accepts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = PageFixtures.H2)
class HandoffBrowserTests {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    HandoffTimer timer;

    final Chromium chromium = new Chromium();
    PageFixtures fixtures;
    PracticeId practice;
    String pcp;
    String dana;
    String sam;
    PatientRecord elena;

    @BeforeEach
    void createPractice() {
        Chromium.assumeInstalled();
        fixtures = new PageFixtures(context);
        practice = fixtures.practice("Riverside Family Medicine");
        pcp = fixtures.staff(practice, "Dr. Amara Okafor", Role.PCP);
        dana = fixtures.staff(practice, "Dana Rivera", Role.BHC);
        sam = fixtures.staff(practice, "Sam Ortiz", Role.BHC);
        elena = fixtures.patient(practice, "Quintero", "Elena", LocalDate.of(1984, 5, 17), "MRN-4711", fixtures.staffId(practice, pcp));
    }

    @AfterEach
    void closeBrowsers() {
        chromium.close();
    }

    @Test
    void pcpAsksTheBhcSeesItLiveAcceptsAndThePcpSeesWhoIsComing() {
        WebDriver bhc = chromium.open(1180, 820);
        WebDriver doctor = chromium.open();

        // the BHC opens the handoff page and taps Available
        signIn(bhc, dana);
        bhc.get(url("/handoffs"));
        wait(bhc).until(ExpectedConditions.textToBe(By.tagName("h1"), "Warm handoffs"));
        streamOpen(bhc);
        assertThat(bhc.findElement(By.id("handoffs-offers")).getText()).contains("No requests for you right now");
        bhc.findElement(By.cssSelector(".presence-button.state-available")).click();
        wait(bhc).until(ExpectedConditions.attributeToBe(By.cssSelector(".presence-button.state-available"), "aria-pressed", "true"));
        wait(bhc).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#presence-board .presence-row.state-available"),
                "Dana Rivera"));
        Chromium.screenshot(bhc, "handoff-bhc-empty.png");

        // the PCP asks for a handoff from the patient's page
        signIn(doctor, pcp);
        doctor.get(url("/patients/" + elena.id().value() + "/handoff"));
        wait(doctor).until(ExpectedConditions.textToBe(By.tagName("h1"), "Ask for a warm handoff"));
        assertThat(doctor.findElement(By.id("presence-board")).getText()).contains("1 of 2 available now", "Dana Rivera");
        doctor.findElement(By.xpath("//label[contains(@class,'choice')][.//span[text()='Positive screen']]")).click();
        doctor.findElement(By.id("room")).sendKeys("4");
        doctor.findElement(By.id("note")).sendKeys("PHQ-9 of 17 today, no safety concern.");
        Chromium.screenshot(doctor, "handoff-request-form.png");
        doctor.findElement(By.cssSelector(".handoff-request-form button[type=submit]")).click();
        wait(doctor).until(ExpectedConditions.textToBe(By.tagName("h1"), "Warm handoff: Quintero, Elena"));
        String statusUrl = doctor.getCurrentUrl();
        assertThat(doctor.findElement(By.id("status-heading")).getText()).isEqualTo("Waiting for a behavioral health clinician");
        assertThat(doctor.findElement(By.cssSelector(".status-panel")).getText()).contains("Offered to 1 available clinician");
        streamOpen(doctor);
        Chromium.screenshot(doctor, "handoff-status-waiting.png");

        // the BHC's open page shows the request within 2 seconds, without a reload
        markPage(bhc);
        within2s(bhc).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#handoffs-offers .handoff-item")));
        String offer = bhc.findElement(By.cssSelector("#handoffs-offers .handoff-item")).getText();
        assertThat(offer).contains("Quintero, Elena", "Positive screen", "Now", "Room 4", "Asked by Dr. Amara Okafor");
        assertThat(samePage(bhc)).isTrue();
        Chromium.screenshot(bhc, "handoff-bhc-request.png");

        // the BHC accepts; the PCP's status page shows who is coming, without a reload
        markPage(doctor);
        bhc.findElement(By.cssSelector("#handoffs-offers .handoff-item button")).click();
        wait(bhc).until(ExpectedConditions.textToBePresentInElementLocated(By.id("handoff-notice"),
                "You accepted the handoff of Quintero, Elena: go to room 4."));
        wait(bhc).until(ExpectedConditions.textToBePresentInElementLocated(By.id("handoffs-mine"), "Quintero, Elena"));
        wait(bhc).until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#handoffs-offers .handoff-item")));
        Chromium.screenshot(bhc, "handoff-bhc-accepted.png");

        within2s(doctor).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("status-heading"), "Dana Rivera (BHC) is coming"));
        assertThat(doctor.getCurrentUrl()).isEqualTo(statusUrl);
        assertThat(samePage(doctor)).isTrue();
        Chromium.screenshot(doctor, "handoff-status-coming.png");

        // the BHC starts and records the outcome; the PCP's page follows
        bhc.findElement(By.cssSelector("#handoffs-mine form[action$='/start'] button")).click();
        wait(bhc).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#handoffs-mine .badge"), "In progress"));
        wait(doctor).until(ExpectedConditions.textToBePresentInElementLocated(By.id("status-heading"), "is with the patient"));
        bhc.findElement(By.xpath("//div[@id='handoffs-mine']//label[.//span[text()='Completed']]")).click();
        bhc.findElement(By.cssSelector("#handoffs-mine input[name=minutes]")).sendKeys("20");
        new org.openqa.selenium.support.ui.Select(bhc.findElement(By.cssSelector("#handoffs-mine select[name=intervention]")))
                .selectByVisibleText("Motivational interviewing");
        Chromium.screenshot(bhc, "handoff-bhc-outcome.png");
        bhc.findElement(By.cssSelector("#handoffs-mine .outcome-form button[type=submit]")).click();
        wait(bhc).until(ExpectedConditions.textToBePresentInElementLocated(By.id("handoff-notice"), "is recorded"));
        wait(bhc).until(ExpectedConditions.textToBePresentInElementLocated(By.id("handoffs-mine"), "You have no open handoffs."));
        wait(doctor).until(ExpectedConditions.textToBe(By.id("status-heading"), "Completed"));
        assertThat(doctor.findElement(By.cssSelector(".status-panel")).getText()).contains("Completed", "by Dana Rivera", "20 min",
                "Motivational interviewing");
        Chromium.screenshot(doctor, "handoff-status-completed.png");
    }

    @Test
    void twoBhcsSeeTheRequestAndItDisappearsFromTheOtherWhenOneAccepts() {
        WebDriver first = chromium.open(1180, 820);
        WebDriver second = chromium.open(820, 1180);
        WebDriver doctor = chromium.open();
        signIn(first, dana);
        signIn(second, sam);
        for (WebDriver bhc : new WebDriver[] { first, second }) {
            bhc.get(url("/handoffs"));
            wait(bhc).until(ExpectedConditions.textToBe(By.tagName("h1"), "Warm handoffs"));
            streamOpen(bhc);
            bhc.findElement(By.cssSelector(".presence-button.state-available")).click();
            wait(bhc).until(ExpectedConditions.attributeToBe(By.cssSelector(".presence-button.state-available"), "aria-pressed", "true"));
        }
        // each board shows the other's presence live
        wait(first).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#presence-board .board-summary"),
                "2 of 2 available now"));

        signIn(doctor, pcp);
        doctor.get(url("/patients/" + elena.id().value() + "/handoff"));
        wait(doctor).until(ExpectedConditions.textToBe(By.tagName("h1"), "Ask for a warm handoff"));
        doctor.findElement(By.xpath("//label[contains(@class,'choice')][.//span[text()='Distress']]")).click();
        doctor.findElement(By.id("room")).sendKeys("2");
        markPage(first);
        markPage(second);
        doctor.findElement(By.cssSelector(".handoff-request-form button[type=submit]")).click();
        wait(doctor).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".status-panel"),
                "Offered to 2 available clinicians"));

        for (WebDriver bhc : new WebDriver[] { first, second }) {
            within2s(bhc).until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("handoffs-offers"), "Quintero, Elena"));
        }
        Chromium.screenshot(second, "handoff-second-bhc-request-tablet.png");

        second.findElement(By.cssSelector("#handoffs-offers .handoff-item button")).click();
        wait(second).until(ExpectedConditions.textToBePresentInElementLocated(By.id("handoffs-mine"), "Quintero, Elena"));

        // gone from the other BHC's page, live
        within2s(first).until(ExpectedConditions.invisibilityOfElementLocated(
                By.cssSelector("#handoffs-offers .handoff-item")));
        assertThat(first.findElement(By.id("handoffs-offers")).getText()).contains("No requests for you right now");
        assertThat(samePage(first)).isTrue();
        Chromium.screenshot(first, "handoff-first-bhc-gone.png");
        wait(doctor).until(ExpectedConditions.textToBePresentInElementLocated(By.id("status-heading"), "Sam Ortiz (BHC) is coming"));

        // the tablet layout of the accepted handoff
        second.manage().window().setSize(new Dimension(820, 1180));
        Chromium.screenshot(second, "handoff-second-bhc-accepted-tablet.png");
    }

    @Test
    void whenNobodyAcceptsInTimeTheStatusPageOffersFallbacksLive() {
        WebDriver doctor = chromium.open(1180, 820);
        signIn(doctor, pcp);
        doctor.get(url("/patients/" + elena.id().value() + "/handoff"));
        wait(doctor).until(ExpectedConditions.textToBe(By.tagName("h1"), "Ask for a warm handoff"));
        assertThat(doctor.findElement(By.cssSelector("#presence-board .board-summary")).getText()).isEqualTo("0 of 2 available now");
        doctor.findElement(By.xpath("//label[contains(@class,'choice')][.//span[text()='Substance use']]")).click();
        doctor.findElement(By.xpath("//label[contains(@class,'choice')][.//span[text()='Today']]")).click();
        doctor.findElement(By.cssSelector(".handoff-request-form button[type=submit]")).click();
        wait(doctor).until(ExpectedConditions.textToBe(By.tagName("h1"), "Warm handoff: Quintero, Elena"));
        assertThat(doctor.findElement(By.cssSelector(".status-panel")).getText()).contains(
                "Nobody was available when you asked", "Now also offered to clinicians with a patient who may be interrupted.");
        streamOpen(doctor);
        markPage(doctor);

        // five minutes later nobody has accepted: the timer escalates and the page shows the fallbacks by itself
        timer.tick(practice, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6)));
        within2s(doctor).until(ExpectedConditions.textToBe(By.id("status-heading"), "Nobody has accepted yet"));
        assertThat(samePage(doctor)).isTrue();
        assertThat(doctor.findElement(By.cssSelector(".fallback-form")).getText()).contains("Nobody is free: choose a fallback",
                "Book the next open slot", "Same-day callback", "Scheduled visit");
        Chromium.scrollTo(doctor, "fallback-heading");
        Chromium.screenshot(doctor, "handoff-status-fallbacks.png");

        doctor.findElement(By.xpath("//form[contains(@class,'fallback-form')]//label[.//span[text()='Same-day callback']]")).click();
        doctor.findElement(By.id("fallback-note")).sendKeys("Mobile 555-0142 after 3 pm");
        doctor.findElement(By.cssSelector(".fallback-form button[type=submit]")).click();
        wait(doctor).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert.success"),
                "A same-day callback is recorded."));
        assertThat(doctor.findElement(By.cssSelector(".fallback-chosen")).getText()).isEqualTo("Same-day callback");
        Chromium.screenshot(doctor, "handoff-status-callback.png");
    }

    private void signIn(WebDriver browser, String email) {
        browser.get(url("/login"));
        browser.findElement(By.id("email")).sendKeys(email);
        browser.findElement(By.id("password")).sendKeys(PageFixtures.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        wait(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Hello"));
    }

    /** Waits until the page's live stream is connected (events before that would be missed by the test, not by people). */
    private static void streamOpen(WebDriver browser) {
        wait(browser).until(ExpectedConditions.attributeToBe(By.tagName("main"), "data-stream", "open"));
    }

    /** Marks the loaded page, so that a reload (which would lose the mark) is noticed. */
    private static void markPage(WebDriver browser) {
        ((JavascriptExecutor) browser).executeScript("window.tandemTestMark = 'same page';");
    }

    private static boolean samePage(WebDriver browser) {
        return "same page".equals(((JavascriptExecutor) browser).executeScript("return window.tandemTestMark;"));
    }

    private static WebDriverWait wait(WebDriver browser) {
        return (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class);
    }

    /** The bound: the other page shows the change within 2 seconds. */
    private static WebDriverWait within2s(WebDriver browser) {
        return (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(2)).ignoring(StaleElementReferenceException.class);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
