package org.tandem.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tandem.PageFixtures;
import org.tandem.patient.AdministrativeSex;
import org.tandem.patient.PatientDetails;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.testsupport.Chromium;
import org.tandem.testsupport.PracticeFixture;

/**
 * Measurement at home in real headless Chromium: the care manager sends a link from the episode's section, the
 * e-mail arrives at a real local SMTP server, and the patient completes a PHQ-9 from the link on a phone-sized screen
 * (390x844): the progress counts up, a forgotten question is named, the Spanish switch works, item 9 answered
 * "Several days" ends on a thank-you page with crisis resources, and the link does not open a second time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = PageFixtures.H2)
class HomeLinkBrowserTests {

    static final Pattern LINK = Pattern.compile("/m/([A-Za-z0-9_-]{43})");
    static final int SMTP_PORT = freePort();
    static GreenMail smtp;

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
    }

    @BeforeAll
    static void startSmtp() {
        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @LocalServerPort
    int port;
    @Autowired
    Practices practices;
    @Autowired
    Patients patients;
    @Autowired
    Episodes episodes;
    @Autowired
    CurrentActor actors;
    @Autowired
    JdbcTemplate jdbc;

    final Chromium chromium = new Chromium();
    PracticeFixture practice;
    PatientRecord patient;
    Episode episode;

    @BeforeEach
    void createEpisodeWithHomeMeasurement() {
        Chromium.assumeInstalled();
        practice = PracticeFixture.create(practices, "Riverside Family Medicine");
        patient = actors.runAs(practice.actor(Role.PCP), () -> patients.register(new PatientDetails(null, "MRN-4711", "Quintero",
                "Elena Maria", LocalDate.of(1980, 4, 12), AdministrativeSex.FEMALE, "en", null, null)));
        actors.runAs(practice.user(Role.CARE_MANAGER), () -> {
            Episode enrolled = episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION));
            episodes.changeStatus(enrolled.id(), EpisodeStatus.ACTIVE, null, null, null, null);
            episode = episodes.updatePlan(enrolled.id(), new EpisodePlan(List.of("phq-9"), 14, 28, true, "eq@example.net", null, null,
                    null, false));
        });
    }

    @AfterEach
    void stopBrowsers() {
        chromium.close();
    }

    @Test
    void patientCompletesAPhq9FromTheLinkOnAPhone() throws Exception {
        // the care manager sends a link from the episode's section (htmx)
        WebDriver staff = chromium.open();
        WebDriverWait staffWait = new WebDriverWait(staff, Duration.ofSeconds(15));
        signIn(staff, Role.CARE_MANAGER);
        staff.get(url("/registry/episodes/" + episode.id() + "/home-links"));
        staffWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("home-links"), "No links sent yet."));
        staff.findElement(By.cssSelector("#home-links form button")).click();
        staffWait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#home-links .alert.success"),
                "A new link was sent"));
        assertThat(staff.findElement(By.cssSelector("table.home-link-list tbody")).getText())
                .contains("E-mail", "PHQ-9", "Sent, not answered yet");
        Chromium.screenshot(staff, "home-link-staff-sent.png");

        assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
        String body = GreenMailUtil.getBody(smtp.getReceivedMessages()[0]).replace("=\r\n", "");
        assertThat(body).doesNotContain("Quintero", "Elena", "MRN-4711", "PHQ");
        Matcher link = LINK.matcher(body);
        assertThat(link.find()).isTrue();
        String token = link.group(1);

        // the patient opens it on a phone
        WebDriver phone = chromium.open();
        phone.manage().window().setSize(new Dimension(390, 844));
        WebDriverWait wait = new WebDriverWait(phone, Duration.ofSeconds(15));
        phone.get(url("/m/" + token));
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Questions from your care team"));
        assertThat(phone.findElements(By.cssSelector("fieldset.home-question"))).hasSize(9);
        assertThat(phone.findElement(By.tagName("body")).getText()).doesNotContain("Quintero", "MRN-4711");
        assertThat(phone.findElement(By.id("home-count")).getText()).isEqualTo("0 of 9 answered");
        assertThat((Long) ((JavascriptExecutor) phone).executeScript("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(390L);
        Chromium.screenshot(phone, "home-link-form.png");

        // the Spanish switch and back
        phone.findElement(By.cssSelector(".home-language a[lang=es]")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Preguntas de su equipo de atención"));
        Chromium.screenshot(phone, "home-link-form-es.png");
        phone.findElement(By.cssSelector(".home-language a[lang=en]")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Questions from your care team"));

        // eight answers, question 5 forgotten: the progress counts, the page names the open question
        List<WebElement> questions = phone.findElements(By.cssSelector("fieldset.home-question"));
        for (int i = 0; i < 8; i++) {
            if (i != 4) {
                tap(phone, questions.get(i), i < 3 ? "More than half the days" : "Not at all");
            }
        }
        tap(phone, questions.get(8), "Several days");
        assertThat(phone.findElement(By.id("home-count")).getText()).isEqualTo("8 of 9 answered");
        ((JavascriptExecutor) phone).executeScript("arguments[0].scrollIntoView({block: 'center'})", questions.get(3));
        Chromium.screenshot(phone, "home-link-answering.png");
        phone.findElement(By.cssSelector("button.home-send")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("home-problems")));
        assertThat(phone.findElement(By.id("home-problems")).getText()).contains("Please answer every question", "Question 5");
        assertThat(phone.findElements(By.cssSelector("fieldset.home-question.invalid"))).hasSize(1);
        assertThat(phone.findElements(By.cssSelector("fieldset.home-question input:checked"))).hasSize(8);
        Chromium.screenshot(phone, "home-link-missing.png");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM screening_response WHERE patient_id = ?", Integer.class,
                patient.id().value())).isZero();

        WebElement forgotten = phone.findElement(By.cssSelector("fieldset.home-question.invalid"));
        tap(phone, forgotten, "Not at all");
        assertThat(phone.findElement(By.id("home-count")).getText()).isEqualTo("9 of 9 answered");
        phone.findElement(By.cssSelector("button.home-send")).click();

        // thank you, no scores; item 9 above zero: crisis resources
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Thank you."));
        String thanks = phone.findElement(By.tagName("body")).getText();
        assertThat(thanks).contains("Your answers have been sent to your care team.", "Your care team will contact you", "Call 988",
                "Text 988", "Call 911").doesNotContain("Several days", "PHQ", "of 27", "Moderate", "Mild");
        Chromium.screenshot(phone, "home-link-done.png");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM screening_response WHERE patient_id = ? AND mode = 'home' AND total = 7",
                Integer.class, patient.id().value())).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM safety_alert WHERE patient_id = ?", Integer.class,
                patient.id().value())).isEqualTo(1);

        // the link does not open again
        phone.get(url("/m/" + token));
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "This link cannot be used"));
        assertThat(phone.findElement(By.tagName("body")).getText()).doesNotContain("Quintero", "Elena");
        Chromium.screenshot(phone, "home-link-unavailable.png");

        // the care manager sees it answered
        staff.navigate().refresh();
        staffWait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("table.home-link-list tbody"), "Answered"));
        Chromium.screenshot(staff, "home-link-staff-answered.png");
    }

    private static void tap(WebDriver browser, WebElement question, String answer) {
        WebElement label = question.findElement(By.xpath(".//label[normalize-space()='" + answer + "']"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", label);
        label.click();
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

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
