package org.tandem.screening;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tandem.patient.PatientId;
import org.tandem.screening.ProgramRule.OnPositive;
import org.tandem.screening.ProgramRule.Population;

/**
 * The reach numbers on a hand-made practice, January and February 2026 (UTC). Every expected number is counted by
 * hand in the comments.
 */
class ReachReportTest {

    static final ZoneId UTC = ZoneOffset.UTC;
    static final YearMonth JAN = YearMonth.of(2026, 1);
    static final YearMonth FEB = YearMonth.of(2026, 2);
    static final UUID C1 = UUID.randomUUID();
    static final UUID C2 = UUID.randomUUID();
    static final List<ProgramRule> RULES = List.of(
            new ProgramRule(UUID.randomUUID(), Instruments.PHQ_2, 12, null, 12, Population.ALL, OnPositive.WARM_HANDOFF, 0),
            new ProgramRule(UUID.randomUUID(), Instruments.GAD_2, 18, null, 12, Population.ALL, OnPositive.WARM_HANDOFF, 1));

    final PatientId a = patient();
    final PatientId b = patient();
    final PatientId c = patient();
    final PatientId d = patient();
    final PatientId e = patient();
    final PatientId f = patient();
    final PatientId g = patient();
    final UUID responseA9 = UUID.randomUUID();

    List<ReachReport.Visit> visits = new ArrayList<>();
    Map<PatientId, LocalDate> births = new HashMap<>();
    Map<PatientId, List<ScreeningEvent>> screenings = new HashMap<>();
    Map<UUID, List<LocalDate>> followUps = new HashMap<>();
    Map<PatientId, List<LocalDate>> alerts = new HashMap<>();
    Map<PatientId, List<LocalDate>> orders = new HashMap<>();
    Map<PatientId, List<LocalDate>> perinatal = new HashMap<>();

    @BeforeEach
    void practice() {
        // A, 46: PHQ-2 positive then PHQ-9 12 (positive) the same visit, follow-up documented for the PHQ-9 10 days
        // later; GAD-2 negative.
        births.put(a, LocalDate.of(1980, 1, 1));
        visit(a, "2026-01-10T15:00:00Z", C1);
        screen(a, Instruments.PHQ_2, "2026-01-10T15:05:00Z", true, null);
        screen(a, Instruments.PHQ_9, "2026-01-10T15:10:00Z", true, responseA9);
        screen(a, Instruments.GAD_2, "2026-01-10T15:06:00Z", false, null);
        followUps.put(responseA9, List.of(LocalDate.of(2026, 1, 20)));
        // B, 13 (no GAD-2): PHQ-2 positive with C2; an order 36 days later is too late.
        births.put(b, LocalDate.of(2012, 6, 1));
        visit(b, "2026-01-15T15:00:00Z", C2);
        screen(b, Instruments.PHQ_2, "2026-01-15T15:05:00Z", true, null);
        orders.put(b, List.of(LocalDate.of(2026, 2, 20)));
        // C, 75: not screened in January; in February an imported PHQ-9 positive, alert closed 7 days later.
        births.put(c, LocalDate.of(1950, 5, 5));
        visit(c, "2026-01-20T15:00:00Z", C1);
        visit(c, "2026-02-03T15:00:00Z", C1);
        screenings.computeIfAbsent(c, k -> new ArrayList<>()).add(new ScreeningEvent(Instant.parse("2026-02-03T15:05:00Z"),
                Instruments.PHQ_9, true, 15, "moderately-severe", true, null, null, "obs-c"));
        alerts.put(c, List.of(LocalDate.of(2026, 2, 10)));
        // D, 36: PHQ-2 positive then PHQ-9 9 (negative): screened, not positive; GAD-2 positive with a procedure
        // exactly 30 days later.
        births.put(d, LocalDate.of(1990, 1, 1));
        visit(d, "2026-01-25T15:00:00Z", C1);
        screen(d, Instruments.PHQ_2, "2026-01-25T15:05:00Z", true, null);
        screen(d, Instruments.PHQ_9, "2026-01-25T15:10:00Z", false, null);
        screen(d, Instruments.GAD_2, "2026-01-25T15:06:00Z", true, null);
        orders.put(d, List.of(LocalDate.of(2026, 2, 24)));
        // E, 10: no rule applies.
        births.put(e, LocalDate.of(2015, 6, 1));
        visit(e, "2026-01-12T15:00:00Z", C1);
        // F: birth date not recorded: left out.
        visit(f, "2026-01-12T16:00:00Z", C1);
        screen(f, Instruments.PHQ_2, "2026-01-12T16:05:00Z", true, null);
        // G, 41: screened in December only; two visits in January count once.
        births.put(g, LocalDate.of(1985, 1, 1));
        visit(g, "2026-01-05T15:00:00Z", C1);
        visit(g, "2026-01-28T15:00:00Z", C1);
        screen(g, Instruments.PHQ_2, "2025-12-20T15:00:00Z", true, null);
    }

    @Test
    void countsEligibleScreenedPositiveAndFollowedUpByMonthAndInstrument() {
        ReachReport.Result result = compute(new ReachReport.Filter(JAN, FEB, null, null));

        assertThat(result.instruments()).containsExactly(Instruments.PHQ_2, Instruments.GAD_2);
        // January PHQ-2: eligible A B C D G (E is 10, F has no birth date) = 5; due A B C D (G was screened in
        // December) = 4; screened A B D = 3, all of them due; positive A (PHQ-9 12 is the latest) and B = 2 (D's latest,
        // the PHQ-9, is negative); followed up A = 1 (B's order is 36 days on)
        assertThat(row(result, JAN, Instruments.PHQ_2)).isEqualTo(new ReachReport.Row(JAN, Instruments.PHQ_2, 5, 4, 3, 3, 2, 1));
        // January GAD-2: eligible and due A C D G = 4; screened A D = 2; positive D = 1; followed up D (day 30) = 1
        assertThat(row(result, JAN, Instruments.GAD_2)).isEqualTo(new ReachReport.Row(JAN, Instruments.GAD_2, 4, 4, 2, 2, 1, 1));
        // February: only C is seen, due (the imported PHQ-9 is of the visit day itself, which does not count against
        // being due); it screens and is positive; the alert closed 7 days later follows up
        assertThat(row(result, FEB, Instruments.PHQ_2)).isEqualTo(new ReachReport.Row(FEB, Instruments.PHQ_2, 1, 1, 1, 1, 1, 1));
        assertThat(row(result, FEB, Instruments.GAD_2)).isEqualTo(new ReachReport.Row(FEB, Instruments.GAD_2, 1, 1, 0, 0, 0, 0));

        ReachReport.Row janPhq = row(result, JAN, Instruments.PHQ_2);
        assertThat(janPhq.percentScreened()).isEqualTo(60); // 3 / 5
        assertThat(janPhq.percentDueScreened()).isEqualTo(75); // 3 / 4
        assertThat(janPhq.percentPositive()).isEqualTo(67); // 2 / 3
        assertThat(janPhq.percentFollowedUp()).isEqualTo(50); // 1 / 2
        assertThat(row(result, FEB, Instruments.GAD_2).percentPositive()).isNull();
    }

    @Test
    void patientsScreenedWithinTheIntervalAreEligibleButNotDue() {
        // G, screened in December, is screened again in January: screened, but not among the due
        screen(g, Instruments.PHQ_9, "2026-01-05T15:10:00Z", false, null);
        ReachReport.Row jan = row(compute(new ReachReport.Filter(JAN, JAN, null, null)), JAN, Instruments.PHQ_2);
        assertThat(jan).isEqualTo(new ReachReport.Row(JAN, Instruments.PHQ_2, 5, 4, 4, 3, 2, 1));
        assertThat(jan.percentScreened()).isEqualTo(80);
        assertThat(jan.percentDueScreened()).isEqualTo(75);
    }

    @Test
    void capacityComparesFollowUpHoursWithBhcHours() {
        ReachReport.Result result = compute(new ReachReport.Filter(JAN, FEB, null, null));
        // January: 2 + 1 positives x 30 min = 1.5 h; 20 h/week x 31/7 weeks = 88.571.. = 88.6 h
        assertThat(result.capacity().get(0)).isEqualTo(new ReachReport.Capacity(JAN, 3, new BigDecimal("1.5"), new BigDecimal("88.6")));
        assertThat(result.capacity().get(0).percentOfAvailable()).isEqualTo(2); // 1.5 / 88.6 = 1.7 %
        // February: 1 positive x 30 min = 0.5 h; 20 x 28/7 = 80.0 h
        assertThat(result.capacity().get(1)).isEqualTo(new ReachReport.Capacity(FEB, 1, new BigDecimal("0.5"), new BigDecimal("80.0")));
    }

    @Test
    void clinicianFilterCountsOnlyTheirVisits() {
        ReachReport.Result result = compute(new ReachReport.Filter(JAN, JAN, C2, null));
        // only B saw C2: 13, PHQ-2 positive, not followed up in time; no GAD-2 at 13
        assertThat(row(result, JAN, Instruments.PHQ_2)).isEqualTo(new ReachReport.Row(JAN, Instruments.PHQ_2, 1, 1, 1, 1, 1, 0));
        assertThat(row(result, JAN, Instruments.GAD_2)).isEqualTo(new ReachReport.Row(JAN, Instruments.GAD_2, 0, 0, 0, 0, 0, 0));
        assertThat(result.capacity()).hasSize(1);
    }

    @Test
    void ageBandFilterUsesAgeOnTheVisitDay() {
        ReachReport.Result seniors = compute(new ReachReport.Filter(JAN, JAN, null, ReachReport.AgeBand.AGE_65_PLUS));
        // only C (75), not screened in January
        assertThat(row(seniors, JAN, Instruments.PHQ_2)).isEqualTo(new ReachReport.Row(JAN, Instruments.PHQ_2, 1, 1, 0, 0, 0, 0));
        assertThat(row(seniors, JAN, Instruments.GAD_2)).isEqualTo(new ReachReport.Row(JAN, Instruments.GAD_2, 1, 1, 0, 0, 0, 0));
        ReachReport.Result teens = compute(new ReachReport.Filter(JAN, JAN, null, ReachReport.AgeBand.AGE_12_17));
        assertThat(row(teens, JAN, Instruments.PHQ_2)).isEqualTo(new ReachReport.Row(JAN, Instruments.PHQ_2, 1, 1, 1, 1, 1, 0));
        ReachReport.Result adults = compute(new ReachReport.Filter(JAN, JAN, null, ReachReport.AgeBand.AGE_18_64));
        // A D G eligible, A D due (G screened in December), A D screened
        assertThat(row(adults, JAN, Instruments.PHQ_2)).isEqualTo(new ReachReport.Row(JAN, Instruments.PHQ_2, 3, 2, 2, 2, 1, 1));
    }

    @Test
    void perinatalRulesCountOnlyPerinatalPatients() {
        List<ProgramRule> rules = List.of(new ProgramRule(UUID.randomUUID(), Instruments.EPDS, 12, null, 3, Population.PERINATAL,
                OnPositive.WARM_HANDOFF, 0));
        // A has a pregnancy condition 5 months before her visit; D's is 13 months before
        perinatal.put(a, List.of(LocalDate.of(2025, 8, 1)));
        perinatal.put(d, List.of(LocalDate.of(2024, 12, 1)));
        screen(a, Instruments.EPDS, "2026-01-10T15:20:00Z", false, null);
        ReachReport.Result result = ReachReport.compute(new ReachReport.Filter(JAN, JAN, null, null), rules, data(), UTC, 30,
                new BigDecimal("20"));
        assertThat(result.rows()).containsExactly(new ReachReport.Row(JAN, Instruments.EPDS, 1, 1, 1, 1, 0, 0));
    }

    @Test
    void monthsFollowThePracticesTimeZone() {
        // 03:00 UTC on 1 February is still 31 January in Chicago
        PatientId h = patient();
        births.put(h, LocalDate.of(1970, 1, 1));
        visit(h, "2026-02-01T03:00:00Z", C1);
        screen(h, Instruments.PHQ_2, "2026-02-01T03:05:00Z", false, null);
        ReachReport.Result result = ReachReport.compute(new ReachReport.Filter(JAN, FEB, null, null), RULES, data(),
                ZoneId.of("America/Chicago"), 30, new BigDecimal("20"));
        ReachReport.Row jan = row(result, JAN, Instruments.PHQ_2);
        ReachReport.Row feb = row(result, FEB, Instruments.PHQ_2);
        assertThat(jan.eligible()).isEqualTo(6);
        assertThat(jan.screened()).isEqualTo(4);
        assertThat(jan.due()).isEqualTo(5); // A B C D H; G was screened in December
        assertThat(feb.eligible()).isEqualTo(1);
    }

    ReachReport.Result compute(ReachReport.Filter filter) {
        return ReachReport.compute(filter, RULES, data(), UTC, 30, new BigDecimal("20"));
    }

    ReachReport.Data data() {
        return new ReachReport.Data(visits, births, perinatal, screenings, followUps, alerts, orders);
    }

    static ReachReport.Row row(ReachReport.Result result, YearMonth month, String instrument) {
        return result.rows().stream().filter(r -> r.month().equals(month) && r.instrument().equals(instrument)).findFirst().orElseThrow();
    }

    void visit(PatientId patient, String at, UUID clinician) {
        visits.add(new ReachReport.Visit(patient, Instant.parse(at), clinician));
    }

    void screen(PatientId patient, String instrument, String at, boolean positive, UUID response) {
        screenings.computeIfAbsent(patient, k -> new ArrayList<>()).add(new ScreeningEvent(Instant.parse(at), instrument, true,
                positive ? 4 : 1, null, positive, null, response == null ? UUID.randomUUID() : response, null));
    }

    static PatientId patient() {
        return new PatientId(UUID.randomUUID());
    }
}
