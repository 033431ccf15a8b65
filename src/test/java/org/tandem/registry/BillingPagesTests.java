package org.tandem.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.tandem.PageFixtures;
import org.tandem.patient.PatientRecord;
import org.tandem.platform.Actor;
import org.tandem.platform.Channel;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;

/**
 * The billing report and the registry settings pages. March 2026, practice in America/Chicago, office rules:
 * <ul>
 * <li>Dr. Amara Okafor: Ada Okoro (CoCM, Medicare, consent 1 March) 45 + 45 = 90 minutes: 99492 + 99494; Bea Baker
 * (CoCM, no consent) 45 minutes: nothing billable;</li>
 * <li>Dr. Luis Reyes: Carl Diaz (CoCM, Medicare, consent 2 February, 40 minutes in February) 31 minutes: 99493, G2214
 * refused;</li>
 * <li>Jordan Counselor (behavioral health clinician): Dana Evans (G0323 model, PCP Okafor) 25 minutes: G0323.</li>
 * </ul>
 */
@SpringBootTest(properties = PageFixtures.H2)
@AutoConfigureMockMvc
class BillingPagesTests {

    static final ZoneId ZONE = ZoneId.of("America/Chicago");

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    Episodes episodes;
    @Autowired
    TimeLog timeLog;
    @Autowired
    CurrentActor actors;
    @Autowired
    JdbcTemplate jdbc;

    PageFixtures fixtures;
    PracticeId practice;
    String pcp;
    String admin;
    PatientRecord ada;
    PatientRecord bea;

    @BeforeEach
    void createPractice() {
        fixtures = new PageFixtures(context);
        practice = fixtures.practice("Riverside Family Medicine");
        pcp = fixtures.staff(practice, "Dr. Amara Okafor", Role.PCP);
        UUID okafor = fixtures.staffId(practice, pcp);
        UUID reyes = fixtures.staffId(practice, fixtures.staff(practice, "Dr. Luis Reyes", Role.PCP));
        UUID jordan = fixtures.staffId(practice, fixtures.staff(practice, "Jordan Counselor", Role.BHC));
        admin = fixtures.staff(practice, "Ada Admin", Role.PRACTICE_ADMIN);
        ada = fixtures.patient(practice, "Okoro", "Ada", LocalDate.of(1950, 4, 12), "MRN-1", okafor);
        bea = fixtures.patient(practice, "Baker", "Bea", LocalDate.of(1980, 6, 1), "MRN-2", okafor);
        PatientRecord carl = fixtures.patient(practice, "Diaz", "Carl", LocalDate.of(1955, 1, 2), "MRN-3", reyes);
        PatientRecord dana = fixtures.patient(practice, "Evans", "Dana", LocalDate.of(1990, 9, 9), "MRN-4", okafor);

        Episode adaEpisode = enrol(ada, BillingModel.COCM, true, LocalDate.of(2026, 3, 1), jordan);
        consent(adaEpisode, LocalDate.of(2026, 3, 1));
        log(adaEpisode, LocalDateTime.of(2026, 3, 3, 10, 0), 45);
        log(adaEpisode, LocalDateTime.of(2026, 3, 17, 10, 0), 45);

        Episode beaEpisode = enrol(bea, BillingModel.COCM, false, LocalDate.of(2026, 3, 1), jordan);
        log(beaEpisode, LocalDateTime.of(2026, 3, 5, 9, 0), 45);

        Episode carlEpisode = enrol(carl, BillingModel.COCM, true, LocalDate.of(2026, 2, 2), jordan);
        consent(carlEpisode, LocalDate.of(2026, 2, 2));
        log(carlEpisode, LocalDateTime.of(2026, 2, 10, 9, 0), 40);
        log(carlEpisode, LocalDateTime.of(2026, 3, 10, 9, 0), 31);

        Episode danaEpisode = enrol(dana, BillingModel.BH_CARE_MANAGEMENT, false, LocalDate.of(2026, 3, 1), jordan);
        consent(danaEpisode, LocalDate.of(2026, 3, 1));
        log(danaEpisode, LocalDateTime.of(2026, 3, 12, 14, 0), 25);
    }

    @Test
    void reportGroupsPatientsByBillingPractitionerWithTotalsAndRefusals() throws Exception {
        Document page = page(get("/registry/billing").param("month", "2026-03"), pcp);

        assertThat(page.select("h1").text()).isEqualTo("Collaborative care billing, 2026-03");
        assertThat(page.select(".lead").text()).contains("under the office rules for 2026");
        assertThat(page.select("section.billing-group h2").eachText())
                .containsExactly("Dr. Amara Okafor", "Dr. Luis Reyes", "Jordan Counselor");
        assertThat(page.select("#billing-totals").text()).contains("4 patients with time logged, 146 counted minutes")
                .doesNotContain("G0512");
        assertThat(page.select("#billing-totals .badge").eachText()).containsExactly("99492", "99493", "99494", "G0323");

        List<String> okafor = rows(page, 0);
        // patient MRN, CoCM month, minutes, codes, not billable, next threshold, not counted
        assertThat(okafor).containsExactly(
                "Baker, Bea MRN MRN-2 First month 0 \u2014 Nothing is billable: consent not documented. 45 min: no documented consent",
                "Okoro, Ada MRN MRN-1 First month 90 99492 99494 G2214 may not be billed with 99492 in the same month. "
                        + "99494 (unit 2) at 116 minutes: 26 more");
        assertThat(page.select("section.billing-group").get(0).select(".group-totals").text())
                .isEqualTo("2 patients, 90 counted minutes 99492 99494");
        assertThat(rows(page, 1)).containsExactly("Diaz, Carl MRN MRN-3 Later month 31 99493 "
                + "G2214 may not be billed with 99493 in the same month. 99494 at 76 minutes: 45 more");
        assertThat(rows(page, 2)).containsExactly("Evans, Dana MRN MRN-4 \u2014 25 G0323");
        assertThat(page.select("tr[data-patient=" + ada.id().value() + "] a").attr("href")).isEqualTo("/patients/" + ada.id().value());
        assertThat(page.select(".unverified")).isEmpty();
        assertThat(page.select("#billing-unverified")).isEmpty();
    }

    @Test
    void rulesTableCitesTheSourceOfEveryCode() throws Exception {
        Document page = page(get("/registry/billing").param("month", "2026-03"), pcp);

        assertThat(page.select("#billing-rules h2").text()).isEqualTo("Rules for 2026, office");
        assertThat(page.select("#billing-rules tbody tr").eachAttr("data-code"))
                .containsExactly("99492", "99493", "99494", "G2214", "99484", "G0323");
        assertThat(page.select("#billing-rules tbody tr td.source")).allSatisfy(td -> assertThat(td.text()).contains("facts.md"));
        assertThat(page.select("#billing-rules tr[data-code=99492]").text())
                .contains("First month of collaborative care", "Billable from 36 minutes (70-minute code)",
                        "Treating practitioner (the episode's PCP)", "99484, G2214");
        assertThat(page.select("#billing-rules tr[data-code=99494]").text())
                .contains("Each further 30 minutes, from 16 minutes beyond the time of 99492, 99493");
        assertThat(page.select("#billing-rules tr[data-code=G2214]").text()).contains("Medicare patients only", "CMS-1734-F");
        assertThat(page.select("#billing-rules tr[data-code=G0323]").text()).contains("Behavioral health clinician");
        assertThat(page.select(".footnotes li")).hasSize(7);
    }

    @Test
    void monthPickerDefaultsToLastMonthAndNamesBadMonths() throws Exception {
        YearMonth last = YearMonth.now(ZONE).minusMonths(1);
        Document page = page(get("/registry/billing"), pcp);
        assertThat(page.select("#billing-month").val()).isEqualTo(last.toString());
        assertThat(page.select("#billing-month").attr("max")).isEqualTo(last.plusMonths(1).toString());
        assertThat(page.select("#billing-empty").text()).isEqualTo("Nobody logged time on an episode of care in " + last + ".");
        assertThat(page.select("#billing-previous").attr("href")).isEqualTo("/registry/billing?month=" + last.minusMonths(1));
        assertThat(page.select("#billing-next").attr("href")).isEqualTo("/registry/billing?month=" + last.plusMonths(1));
        assertThat(page.select("#billing-csv").attr("href")).isEqualTo("/registry/billing.csv?month=" + last);

        Document bad = page(get("/registry/billing").param("month", "March"), pcp);
        assertThat(bad.select(".alert.error").text()).isEqualTo("A month is written as yyyy-mm; last month is shown instead.");
        assertThat(bad.select("#billing-month").val()).isEqualTo(last.toString());
        Document future = page(get("/registry/billing").param("month", last.plusMonths(3).toString()), pcp);
        assertThat(future.select(".alert.error").text()).startsWith("Choose a month from 2000 up to this month");

        Document noRules = page(get("/registry/billing").param("month", "2024-05"), pcp);
        assertThat(noRules.select("#billing-no-rules").text()).contains("Tandem has no billing rules for 2024");
        assertThat(noRules.select("#billing-rules")).isEmpty();
    }

    @Test
    void spanishPage() throws Exception {
        Document page = page(get("/registry/billing").param("month", "2026-03").locale(Locale.forLanguageTag("es")), pcp);

        assertThat(page.select("h1").text()).isEqualTo("Facturaci\u00f3n de atenci\u00f3n colaborativa, 2026-03");
        assertThat(page.select("tr[data-patient=" + bea.id().value() + "] td.refusals").text())
                .isEqualTo("Nada es facturable: consentimiento no documentado.");
        assertThat(page.select("tr[data-patient=" + ada.id().value() + "] td.next").text())
                .isEqualTo("99494 (unidad 2) a los 116 minutos: faltan 26");
    }

    @Test
    void csvDownloadIsEscapedAndAuditedAsAnExport() throws Exception {
        MockHttpServletResponse response = mvc.perform(get("/registry/billing.csv").param("month", "2026-03").with(fixtures.as(pcp)))
                .andExpect(status().isOk()).andReturn().getResponse();

        assertThat(response.getContentType()).isEqualTo("text/csv;charset=UTF-8");
        assertThat(response.getHeader("Content-Disposition")).isEqualTo("attachment; filename=\"tandem-billing-2026-03.csv\"");
        String csv = response.getContentAsString(StandardCharsets.UTF_8);
        assertThat(csv).startsWith("\uFEFFmonth,rules,billing_practitioner,patient,mrn,patient_id,cocm_month,counted_minutes,codes,"
                + "unverified_codes,not_billable,next_threshold,not_counted\r\n");
        List<String> lines = List.of(csv.substring(1).split("\r\n"));
        assertThat(lines).hasSize(5);
        assertThat(lines.get(2)).isEqualTo("2026-03,2026 office,Dr. Amara Okafor,\"Okoro, Ada\",MRN-1," + ada.id().value()
                + ",initial,90,99492; 99494,,G2214 may not be billed with 99492 in the same month,99494 unit 2 at 116 min (26 to go),");
        assertThat(lines.get(1)).contains("\"Baker, Bea\"", ",consent not documented,", "no-consent 45 min");
        assertThat(lines.get(4)).startsWith("2026-03,2026 office,Jordan Counselor,\"Evans, Dana\",MRN-4,").contains(",25,G0323,");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE practice_id = ? AND action = 'EXPORT' "
                + "AND resource_type = 'BillingReport' AND resource_id = '2026-03'", Integer.class, practice.value())).isEqualTo(1);

        mvc.perform(get("/registry/billing.csv").param("month", "03/2026").with(fixtures.as(pcp))).andExpect(status().isBadRequest());
    }

    @Test
    void csvFieldsAreQuotedAndFormulasDisarmed() {
        assertThat(BillingCsv.field("Okoro, Ada")).isEqualTo("\"Okoro, Ada\"");
        assertThat(BillingCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(BillingCsv.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(BillingCsv.field("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(BillingCsv.field("+1")).isEqualTo("'+1");
        assertThat(BillingCsv.field("@SUM")).isEqualTo("'@SUM");
        assertThat(BillingCsv.field("99494 x2")).isEqualTo("99494 x2");
        assertThat(BillingCsv.field(null)).isEmpty();
    }

    @Test
    void theReportIsOneAuditedSearch() throws Exception {
        page(get("/registry/billing").param("month", "2026-03"), pcp);

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE practice_id = ? AND action = 'SEARCH' "
                + "AND resource_type = 'BillingReport'", Integer.class, practice.value())).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT detail FROM audit_event WHERE practice_id = ? AND resource_type = 'BillingReport'",
                String.class, practice.value())).isEqualTo("4 patients, 146 min, 99492 x1 99493 x1 99494 x1 G0323 x1");
    }

    @Test
    void rolesWithoutClinicalAccessAreRefused() throws Exception {
        String frontDesk = fixtures.staff(practice, "Frank Desk", Role.FRONT_DESK);
        mvc.perform(get("/registry/billing").with(fixtures.as(frontDesk))).andExpect(status().isForbidden());
        mvc.perform(get("/registry/billing").with(fixtures.as(admin))).andExpect(status().isForbidden());
        mvc.perform(get("/registry/billing.csv").param("month", "2026-03").with(fixtures.as(admin))).andExpect(status().isForbidden());
        mvc.perform(get("/admin/registry").with(fixtures.as(pcp))).andExpect(status().isForbidden());
    }

    @Test
    void adminsSetTheBillingSettingAndTheReportFollowsIt() throws Exception {
        Document form = page(get("/admin/registry"), admin);
        assertThat(form.select("h1").text()).isEqualTo("Registry settings");
        assertThat(form.select("input[name=billingSetting][checked]").val()).isEqualTo("office");
        assertThat(form.select("#linkExpiryHours").val()).isEqualTo("72");
        assertThat(form.select("input[name=billingSetting]").eachAttr("value")).containsExactly("office", "fqhc", "rhc");

        mvc.perform(post("/admin/registry").param("billingSetting", "fqhc").param("linkExpiryHours", "48").with(csrf())
                .with(fixtures.as(admin))).andExpect(redirectedUrl("/admin/registry"))
                .andExpect(flash().attribute("notice", "registry.billing.settings.saved"));
        Document saved = page(get("/admin/registry"), admin);
        assertThat(saved.select("input[name=billingSetting][checked]").val()).isEqualTo("fqhc");
        assertThat(saved.select("#linkExpiryHours").val()).isEqualTo("48");

        // 2026 in an FQHC: the CoCM codes directly (issue 4)
        Document march = page(get("/registry/billing").param("month", "2026-03"), pcp);
        assertThat(march.select(".lead").text()).contains("under the FQHC rules for 2026");
        assertThat(rows(march, 0).get(1)).contains("99492 99494");
        assertThat(march.select("#billing-rules tr[data-code=99492] .badge.warning")).isEmpty();
        assertThat(march.select("#billing-rules tr[data-code=99484]").text()).contains("UNVERIFIED", "not in facts.md");
        assertThat(march.select("#billing-unverified").text()).contains("UNVERIFIED");
    }

    @Test
    void badSettingsAreNamedKeptAndNotSaved() throws Exception {
        Document page = Jsoup.parse(mvc.perform(post("/admin/registry").param("billingSetting", "hospital").param("linkExpiryHours", "400")
                .with(csrf()).with(fixtures.as(admin))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());

        assertThat(page.select("#settings-problems").text()).contains("The settings were not saved");
        assertThat(page.select(".field-error").eachText()).containsExactly("Choose office, FQHC or RHC.",
                "Enter a whole number of hours from 1 to 336.");
        assertThat(page.select("#linkExpiryHours").val()).isEqualTo("400");
        assertThat(page.select("input[name=billingSetting][checked]")).isEmpty();
        assertThat(page(get("/admin/registry"), admin).select("input[name=billingSetting][checked]").val()).isEqualTo("office");
    }

    // ---- helpers ----

    private Actor careManager() {
        return Actor.system("billing-test", practice, Set.of(Role.CARE_MANAGER), Channel.SYSTEM);
    }

    private Episode enrol(PatientRecord patient, BillingModel model, boolean medicare, LocalDate on, UUID careManager) {
        return actors.runAs(careManager(), () -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)
                .on(on, EpisodeStatus.ACTIVE).withTeam(careManager, null, null).billing(model, medicare)));
    }

    private void consent(Episode episode, LocalDate on) {
        actors.runAs(careManager(), () -> episodes.recordConsent(episode.id(), on, "written", null));
    }

    private void log(Episode episode, LocalDateTime start, int minutes) {
        actors.runAs(careManager(), () -> timeLog.log(new TimeLogEntry(episode.id(), start.atZone(ZONE).toInstant(), minutes,
                ContactMode.PHONE, Activity.FOLLOW_UP, null, null, null)));
    }

    private static List<String> rows(Document page, int group) {
        return page.select("section.billing-group").get(group).select("tbody tr").eachText();
    }

    private Document page(MockHttpServletRequestBuilder request, String who) throws Exception {
        return Jsoup.parse(mvc.perform(request.with(fixtures.as(who))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }
}
