package org.tandem.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
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
import org.tandem.testsupport.Chromium;
import org.tandem.testsupport.PracticeFixture;

/**
 * In real headless Chromium: a care manager opens the caseload (their own by default), sorts it by weeks in
 * treatment both ways, filters on a flag, looks at the printed layout and opens the queue of new results.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = PageFixtures.H2)
class CaseloadBrowserTests {


    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    Practices practices;

    final Chromium chromium = new Chromium();
    ChromeDriver browser;
    PracticeFixture practice;

    @BeforeEach
    void createCaseload() {
        Chromium.assumeInstalled();
        practice = PracticeFixture.create(practices, "Riverside Family Medicine");
        CaseloadTestData data = new CaseloadTestData(context, practice.actor(Role.CARE_MANAGER));
        UUID me = practice.accounts().get(Role.CARE_MANAGER);
        // a remitter in relapse prevention
        PatientRecord ana = data.patient("Quintero", "Ana", LocalDate.of(1980, 4, 12), "MRN-1001");
        data.phq9(ana, 130, 18, false);
        Episode anaEpisode = data.enrol(ana, EpisodeFocus.DEPRESSION, 128, me);
        for (int day : new int[] { 120, 100, 80, 60, 40, 20 }) {
            data.contact(anaEpisode, day);
        }
        data.phq9(ana, 100, 12, false);
        data.phq9(ana, 60, 7, false);
        data.phq9(ana, 20, 3, false);
        data.relapsePrevention(anaEpisode, 19);
        // a non-responder in week 10
        PatientRecord ben = data.patient("Okafor", "Ben", LocalDate.of(1968, 9, 30), "MRN-1002");
        Episode benEpisode = data.enrol(ben, EpisodeFocus.DEPRESSION, 66, me, "phq-9", "gad-7");
        data.phq9(ben, 66, 21, false);
        data.gad7(ben, 66, 14);
        for (int day : new int[] { 60, 45, 30, 12 }) {
            data.contact(benEpisode, day);
        }
        data.phq9(ben, 30, 19, false);
        data.phq9(ben, 12, 17, false);
        data.gad7(ben, 12, 11);
        // a responder in week 6
        PatientRecord cara = data.patient("Nguyen", "Cara", LocalDate.of(1992, 1, 20), "MRN-1003");
        Episode caraEpisode = data.enrol(cara, EpisodeFocus.ANXIETY, 40, me);
        data.gad7(cara, 40, 16);
        data.contact(caraEpisode, 35);
        data.contact(caraEpisode, 8);
        data.gad7(cara, 8, 7);
        // enrolled 3 weeks ago, never contacted since
        PatientRecord dev = data.patient("Patel", "Dev", LocalDate.of(2004, 11, 2), "MRN-1004");
        Episode devEpisode = data.enrol(dev, EpisodeFocus.DEPRESSION, 30, me);
        data.phq9(dev, 30, 14, false);
        data.contact(devEpisode, 30);
        // worsening with a positive item 9 two days ago
        PatientRecord eva = data.patient("Rossi", "Eva", LocalDate.of(1985, 3, 3), "MRN-1005");
        Episode evaEpisode = data.enrol(eva, EpisodeFocus.DEPRESSION, 24, me);
        data.phq9(eva, 24, 13, false);
        data.contact(evaEpisode, 22);
        data.contact(evaEpisode, 2);
        data.phq9(eva, 2, 19, true);
        // enrolled this week
        PatientRecord finn = data.patient("Berg", "Finn", LocalDate.of(1999, 7, 7), "MRN-1006");
        Episode finnEpisode = data.enrol(finn, EpisodeFocus.SUBSTANCE_USE, 3, me);
        data.phq9(finn, 3, 11, false);
        data.contact(finnEpisode, 3);
        // another care manager's patient: not on this caseload
        PatientRecord gus = data.patient("Other", "Gus", LocalDate.of(1970, 1, 1), "MRN-1007");
        data.enrol(gus, EpisodeFocus.DEPRESSION, 50, practice.accounts().get(Role.BHC));
    }

    @AfterEach
    void stopBrowser() {
        chromium.close();
    }

    @Test
    void aCareManagerSortsTheirCaseloadByWeeksInTreatment() throws IOException {
        browser = (ChromeDriver) chromium.open(1480, 1000);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        browser.get(url("/login"));
        browser.findElement(By.id("email")).sendKeys(practice.emails().get(Role.CARE_MANAGER));
        browser.findElement(By.id("password")).sendKeys(PracticeFixture.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Hello"));

        browser.get(url("/registry"));
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Caseload of Test CARE_MANAGER"));
        List<String> byFlags = names();
        assertThat(byFlags).hasSize(6).doesNotContain("Other, Gus");
        assertThat(byFlags.get(0)).isEqualTo("Rossi, Eva"); // safety first
        Chromium.screenshot(browser, "caseload-flags.png");

        browser.findElement(By.cssSelector("#col-weeks a")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("col-weeks"), "aria-sort", "descending"));
        List<String> longest = names();
        assertThat(longest).containsExactly("Quintero, Ana", "Okafor, Ben", "Nguyen, Cara", "Patel, Dev", "Rossi, Eva", "Berg, Finn");
        assertThat(longest).isNotEqualTo(byFlags);
        assertThat(weeks()).containsExactly("18", "9", "5", "4", "3", "0");
        Chromium.screenshot(browser, "caseload.png");

        browser.findElement(By.cssSelector("#col-weeks a")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("col-weeks"), "aria-sort", "ascending"));
        assertThat(names()).containsExactly("Berg, Finn", "Rossi, Eva", "Patel, Dev", "Nguyen, Cara", "Okafor, Ben", "Quintero, Ana");

        // the flag summary filters on a flag
        browser.findElement(By.cssSelector(".flag-summary a.flag-needs-psychiatric-review")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("table.caseload tbody tr"), 1));
        assertThat(names()).containsExactly("Okafor, Ben");
        assertThat(browser.findElement(By.cssSelector("table.caseload td.flags")).getText())
                .contains("Psychiatric review", "Week 10 of treatment, PHQ-9 21 → 17");

        // the printed caseload: no navigation, no filters, every row
        browser.get(url("/registry?sort=weeks&dir=desc"));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("table.caseload tbody tr"), 6));
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        assertThat(browser.findElement(By.cssSelector(".site-header")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.cssSelector("form.filters")).isDisplayed()).isFalse();
        assertThat(browser.findElements(By.cssSelector("table.caseload tbody tr")).stream().filter(WebElement::isDisplayed)).hasSize(6);
        Chromium.screenshot(browser, "caseload-print.png");
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));

        // the queue of new results, safety first
        browser.findElement(By.linkText("New results to review")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "New results to review"));
        assertThat(browser.findElement(By.cssSelector("table.results tbody tr")).getText()).contains("Rossi, Eva", "Safety item positive");
        Chromium.screenshot(browser, "caseload-results.png");
        browser.findElement(By.cssSelector("table.results tbody tr button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert.success"), "marked reviewed"));
        assertThat(browser.findElement(By.id("results-summary")).getText()).endsWith("0 with a safety signal");
        browser.manage().window().setSize(new Dimension(820, 1180));
        browser.get(url("/registry"));
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Caseload of Test CARE_MANAGER"));
        // reviewed: still first for worsening, but no longer a safety flag
        assertThat(names().get(0)).isEqualTo("Rossi, Eva");
        assertThat(browser.findElement(By.cssSelector("table.caseload tbody tr")).getAttribute("data-flags")).isEqualTo("worsening");
        Chromium.screenshot(browser, "caseload-tablet.png");
    }

    private List<String> names() {
        List<String> names = new ArrayList<>();
        for (WebElement a : browser.findElements(By.cssSelector("table.caseload tbody th.patient a"))) {
            names.add(a.getText());
        }
        return names;
    }

    private List<String> weeks() {
        List<String> weeks = new ArrayList<>();
        for (WebElement td : browser.findElements(By.cssSelector("table.caseload tbody td.weeks"))) {
            weeks.add(td.getText());
        }
        return weeks;
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

}
