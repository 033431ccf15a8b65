package org.tandem.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.MockMvc;
import org.tandem.PageFixtures;
import org.tandem.patient.PatientRecord;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.testsupport.PracticeFixture;

/**
 * Issue 4: the caseload "loads in well under a second for a 300-patient caseload". Builds 300 episodes with
 * measurements and contacts through the facades, then times {@link Caseloads#of} and GET /registry five times each
 * and prints the medians (no timing assertion: the machine running the tests decides the figure).
 */
@SpringBootTest
@AutoConfigureMockMvc
class CaseloadPerformanceTests {

    static final int PATIENTS = 300;

    @Autowired
    Practices practices;
    @Autowired
    Caseloads caseloads;
    @Autowired
    CurrentActor actors;
    @Autowired
    ApplicationContext context;
    @Autowired
    MockMvc mvc;

    @Test
    void a300PatientCaseloadLoadsInBatch() throws Exception {
        PracticeFixture practice = PracticeFixture.create(practices, "Large caseload");
        UUID careManager = practice.accounts().get(Role.CARE_MANAGER);
        CaseloadTestData data = new CaseloadTestData(context, practice.actor(Role.CARE_MANAGER));
        long buildStart = System.nanoTime();
        for (int i = 0; i < PATIENTS; i++) {
            int enrolled = 30 + i % 150; // 30 to 179 days ago
            PatientRecord patient = data.patient("Patient" + String.format("%03d", i), "Test", LocalDate.of(1950 + i % 50, 1 + i % 12, 1),
                    "MRN-" + i);
            int group = i % 5;
            Episode episode = data.enrol(patient, EpisodeFocus.DEPRESSION, enrolled, careManager,
                    group == 4 ? new String[] { "phq-9", "gad-7" } : new String[0]);
            data.phq9(patient, enrolled, 18, false);
            switch (group) {
                case 0, 4 -> { // responders: contacted and measured 5 days ago, PHQ-9 18 -> 6
                    data.contact(episode, enrolled - 1);
                    data.contact(episode, 20);
                    data.contact(episode, 5);
                    data.phq9(patient, enrolled / 2, 12, false);
                    data.phq9(patient, 5, 6, false);
                    if (group == 4) {
                        data.gad7(patient, enrolled, 12);
                        data.gad7(patient, 5, 6);
                    }
                }
                case 1 -> { // worse by 6 points 5 days ago
                    data.contact(episode, enrolled - 1);
                    data.contact(episode, 5);
                    data.phq9(patient, 5, 24, false);
                }
                case 2 -> { // only the enrolment-day contact, measured 5 days ago
                    data.contact(episode, enrolled);
                    data.phq9(patient, 5, 17, false);
                }
                default -> { // contacted 20 days ago, measured 29 days ago (29 <= enrolled - 1)
                    data.contact(episode, enrolled - 1);
                    data.contact(episode, 20);
                    data.phq9(patient, 29, 8, false);
                }
            }
        }
        System.out.printf("caseload performance: built %d episodes through the facades in %d ms%n", PATIENTS,
                (System.nanoTime() - buildStart) / 1_000_000);

        List<Long> facade = new ArrayList<>();
        List<CaseloadRow> rows = List.of();
        for (int run = 0; run < 5; run++) {
            long start = System.nanoTime();
            rows = actors.runAs(practice.user(Role.CARE_MANAGER), () -> caseloads.of(careManager, CaseloadFilter.ALL));
            facade.add((System.nanoTime() - start) / 1_000_000);
        }
        List<Long> page = new ArrayList<>();
        int pageRows = 0;
        for (int run = 0; run < 5; run++) {
            long start = System.nanoTime();
            String html = mvc.perform(get("/registry").with(new PageFixtures(context).as(practice.emails().get(Role.CARE_MANAGER))))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
            page.add((System.nanoTime() - start) / 1_000_000);
            pageRows = Jsoup.parse(html).select("table.caseload tbody tr").size();
        }
        System.out.printf("caseload performance: Caseloads.of for %d episodes, runs %s ms, median %d ms%n", rows.size(), facade,
                median(facade));
        System.out.printf("caseload performance: GET /registry for %d rows, runs %s ms, median %d ms%n", pageRows, page, median(page));

        assertThat(rows).hasSize(PATIENTS);
        assertThat(pageRows).isEqualTo(PATIENTS);
        assertThat(rows.stream().filter(r -> r.flags().isEmpty())).hasSize(120); // groups 0 and 4
        assertThat(rows.stream().filter(r -> r.has(Flag.WORSENING))).hasSize(60);
        assertThat(rows.stream().filter(r -> r.has(Flag.NO_FOLLOW_UP))).hasSize(60);
        assertThat(rows.stream().filter(r -> r.has(Flag.NO_RECENT_MEASUREMENT))).hasSize(60);
        // not improved from week 8 on: worse (group 1) and 18 -> 17 (group 2), enrolled 49 days ago or more
        long reviewDue = 0;
        for (int i = 0; i < PATIENTS; i++) {
            if ((i % 5 == 1 || i % 5 == 2) && 30 + i % 150 >= 49) {
                reviewDue++;
            }
        }
        assertThat(rows.stream().filter(r -> r.has(Flag.NEEDS_PSYCHIATRIC_REVIEW)).count()).isEqualTo(reviewDue);
        CaseloadRow first = rows.stream().filter(r -> r.name().equals("Patient000, Test")).findFirst().orElseThrow();
        assertThat(first.phq9().baseline()).isEqualTo(18);
        assertThat(first.phq9().latest()).isEqualTo(6);
        assertThat(first.phq9().response()).isTrue();
        assertThat(first.contacts()).isEqualTo(3);
    }

    private static long median(List<Long> times) {
        List<Long> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
