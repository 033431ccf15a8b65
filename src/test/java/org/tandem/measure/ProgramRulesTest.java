package org.tandem.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tandem.measure.ProgramData.ContactKind;

class ProgramRulesTest {

    static final MeasurePeriod YEAR = MeasurePeriod.year(2025);
    final UUID pcp = UUID.randomUUID();
    final UUID other = UUID.randomUUID();

    /** A small mutable builder of {@link ProgramData}. */
    final class Data {
        final List<ProgramData.Visit> visits = new ArrayList<>();
        final Map<UUID, ProgramData.PatientInfo> patients = new HashMap<>();
        final Map<UUID, List<ProgramData.Screen>> screens = new HashMap<>();
        final Map<UUID, List<ProgramData.Contact>> contacts = new HashMap<>();
        final List<ProgramData.CompletedHandoff> handoffs = new ArrayList<>();
        final Map<UUID, List<ProgramData.Span>> depression = new HashMap<>();

        UUID patient(LocalDate birth, UUID pcpId) {
            UUID id = UUID.randomUUID();
            patients.put(id, new ProgramData.PatientInfo(birth, pcpId));
            return id;
        }

        UUID adult() {
            return patient(LocalDate.of(1970, 1, 1), pcp);
        }

        Data visit(UUID p, LocalDate day, UUID clinician) {
            visits.add(new ProgramData.Visit(p, day, clinician));
            return this;
        }

        Data screen(UUID p, LocalDate day, int hour, String instrument, Integer total, Boolean positive) {
            screens.computeIfAbsent(p, k -> new ArrayList<>()).add(new ProgramData.Screen(day,
                    day.atTime(hour, 0).toInstant(ZoneOffset.UTC), instrument, total, positive));
            return this;
        }

        Data phq9(UUID p, LocalDate day, int total) {
            return screen(p, day, 10, "phq-9", total, total >= 10);
        }

        Data contact(UUID p, LocalDate day, ContactKind kind) {
            contacts.computeIfAbsent(p, k -> new ArrayList<>()).add(new ProgramData.Contact(day, kind));
            return this;
        }

        Data depressed(UUID p, LocalDate from, LocalDate to) {
            depression.computeIfAbsent(p, k -> new ArrayList<>()).add(new ProgramData.Span(from, to));
            return this;
        }

        ProgramResult compute(ProgramMetric metric, MeasurePeriod period) {
            return ProgramRules.compute(metric, period, new ProgramData(visits, patients, screens, contacts, handoffs, depression));
        }
    }

    static LocalDate d(int month, int day) {
        return LocalDate.of(2025, month, day);
    }

    static ProgramResult.Subject subject(ProgramResult r, UUID patient) {
        return r.subjects().stream().filter(s -> s.patient().equals(patient)).findFirst().orElse(null);
    }

    @Test
    void reachCountsPatientsTwelveAndOlderSeenInThePeriodAndScreenedInIt() {
        Data data = new Data();
        UUID screened = data.adult();
        UUID notScreened = data.adult();
        UUID eleven = data.patient(LocalDate.of(2014, 6, 2), pcp); // 11 on 2025-06-01, 12 the day after
        UUID twelveOnVisit = data.patient(LocalDate.of(2013, 3, 1), pcp);
        UUID screenedLastYear = data.adult();
        data.visit(screened, d(3, 1), pcp).screen(screened, d(3, 1), 9, "phq-2", 1, false);
        data.visit(notScreened, d(3, 1), pcp);
        data.visit(eleven, d(6, 1), pcp).screen(eleven, d(6, 1), 9, "phq-a", 3, false);
        data.visit(twelveOnVisit, d(3, 1), pcp);
        data.visit(screenedLastYear, d(1, 5), pcp).screen(screenedLastYear, LocalDate.of(2024, 12, 31), 9, "phq-2", 0, false);

        ProgramResult r = data.compute(ProgramMetric.SCREENING_REACH, YEAR);

        assertThat(r.denominator()).isEqualTo(4);
        assertThat(r.numerator()).isEqualTo(1);
        assertThat(r.value()).isEqualTo(0.25);
        assertThat(subject(r, eleven)).isNull();
        assertThat(subject(r, twelveOnVisit).numerator()).isFalse();
        assertThat(subject(r, screened).numerator()).isTrue();
        assertThat(subject(r, screenedLastYear).numerator()).isFalse();
    }

    @Test
    void followUpOnDayThirtyCountsAndOnDayThirtyOneDoesNot() {
        Data data = new Data();
        UUID day30 = data.adult();
        UUID day31 = data.adult();
        UUID sameDay = data.adult();
        UUID before = data.adult();
        data.screen(day30, d(3, 1), 9, "phq-9", 14, true).contact(day30, d(3, 31), ContactKind.REGISTRY_CONTACT);
        data.screen(day31, d(3, 1), 9, "gad-7", 12, true).contact(day31, d(4, 1), ContactKind.HANDOFF_COMPLETED);
        data.screen(sameDay, d(5, 5), 9, "audit-c", 5, true).contact(sameDay, d(5, 5), ContactKind.FOLLOW_UP_DOCUMENTED);
        data.screen(before, d(5, 5), 9, "dast-10", 4, true).contact(before, d(5, 4), ContactKind.REGISTRY_ENROLMENT);

        ProgramResult r = data.compute(ProgramMetric.POSITIVE_FOLLOW_UP_30, YEAR);

        assertThat(r.denominator()).isEqualTo(4);
        assertThat(r.numerator()).isEqualTo(2);
        assertThat(subject(r, day30).value()).isEqualTo(30);
        assertThat(subject(r, day30).numerator()).isTrue();
        assertThat(subject(r, day31).numerator()).isFalse();
        assertThat(subject(r, sameDay).value()).isEqualTo(0);
        assertThat(subject(r, before).numerator()).isFalse();
    }

    @Test
    void aPositiveBriefScreenSupersededTheSameDayByANegativeFullOneIsNotPositive() {
        Data data = new Data();
        UUID superseded = data.adult();
        UUID confirmed = data.adult();
        UUID otherFamily = data.adult();
        UUID unscored = data.adult();
        data.screen(superseded, d(2, 1), 9, "phq-2", 4, true).screen(superseded, d(2, 1), 10, "phq-9", 6, false);
        data.screen(confirmed, d(2, 1), 9, "phq-2", 4, true).screen(confirmed, d(2, 1), 10, "phq-9", 12, true);
        data.screen(otherFamily, d(2, 1), 9, "gad-2", 4, true).screen(otherFamily, d(2, 1), 10, "phq-9", 3, false);
        data.screen(unscored, d(2, 1), 9, "pc-ptsd-5", 5, true);

        ProgramResult r = data.compute(ProgramMetric.POSITIVE_FOLLOW_UP_30, YEAR);

        assertThat(r.subjects()).extracting(ProgramResult.Subject::patient).containsExactlyInAnyOrder(confirmed, otherFamily);
        assertThat(r.value()).isEqualTo(0.0);
    }

    @Test
    void followUpIndexIsTheFirstPositiveInThePeriod() {
        Data data = new Data();
        UUID p = data.adult();
        data.screen(p, LocalDate.of(2024, 12, 20), 9, "phq-9", 15, true).contact(p, LocalDate.of(2025, 1, 2), ContactKind.REGISTRY_REFERRAL);
        data.screen(p, d(6, 1), 9, "phq-9", 15, true).screen(p, d(8, 1), 9, "phq-9", 15, true)
                .contact(p, d(8, 2), ContactKind.REGISTRY_CONTACT);

        ProgramResult r = data.compute(ProgramMetric.POSITIVE_FOLLOW_UP_30, YEAR);

        assertThat(subject(r, p).index()).isEqualTo(d(6, 1));
        assertThat(subject(r, p).numerator()).isFalse();
    }

    @Test
    void utilizationNeedsAPhq9InEveryFourMonthWindowWithDepression() {
        assertThat(ProgramRules.utilizationWindows(YEAR)).containsExactly(new MeasurePeriod(d(1, 1), d(4, 30)),
                new MeasurePeriod(d(5, 1), d(8, 31)), new MeasurePeriod(d(9, 1), d(12, 31)));
        Data data = new Data();
        UUID everyWindow = data.adult();
        UUID missedOne = data.adult();
        UUID diagnosedInSeptember = data.adult();
        UUID notSeen = data.adult();
        UUID noDepression = data.adult();
        data.depressed(everyWindow, LocalDate.of(2020, 1, 1), null).visit(everyWindow, d(2, 1), pcp)
                .phq9(everyWindow, d(4, 30), 12).phq9(everyWindow, d(5, 1), 9).phq9(everyWindow, d(12, 31), 4);
        data.depressed(missedOne, null, null).visit(missedOne, d(2, 1), pcp).phq9(missedOne, d(1, 1), 12).phq9(missedOne, d(9, 1), 8);
        data.depressed(diagnosedInSeptember, d(9, 10), null).visit(diagnosedInSeptember, d(9, 10), other)
                .screen(diagnosedInSeptember, d(9, 10), 9, "phq-a", 11, true);
        data.depressed(notSeen, null, null).phq9(notSeen, d(2, 1), 12);
        data.visit(noDepression, d(2, 1), pcp).phq9(noDepression, d(2, 1), 3);

        ProgramResult r = data.compute(ProgramMetric.PHQ9_UTILIZATION, YEAR);

        assertThat(r.subjects()).extracting(ProgramResult.Subject::patient)
                .containsExactlyInAnyOrder(everyWindow, missedOne, diagnosedInSeptember);
        assertThat(subject(r, everyWindow).numerator()).isTrue();
        assertThat(subject(r, missedOne).numerator()).isFalse();
        assertThat(subject(r, missedOne).value()).isEqualTo(2);
        assertThat(subject(r, diagnosedInSeptember).numerator()).isTrue();
        assertThat(r.numerator()).isEqualTo(2);
        assertThat(r.denominator()).isEqualTo(3);
    }

    @Test
    void responseAtTwelveMonthsCountsExactlyFiftyPercentAndTheWindowEndsSixtyDaysEachSide() {
        Data data = new Data();
        UUID half = data.adult();
        UUID lessThanHalf = data.adult();
        UUID windowStart = data.adult();
        UUID beforeWindow = data.adult();
        UUID windowEnd = data.adult();
        UUID afterWindow = data.adult();
        UUID lastCounts = data.adult();
        // indexes in 2024 (the 2025 period moved back 12 months); target day = index + 12 months
        for (UUID p : List.of(half, lessThanHalf, windowStart, beforeWindow, windowEnd, afterWindow, lastCounts)) {
            data.depressed(p, LocalDate.of(2023, 1, 1), null);
        }
        data.phq9(half, LocalDate.of(2024, 3, 1), 20).phq9(half, d(3, 1), 10);
        data.phq9(lessThanHalf, LocalDate.of(2024, 3, 1), 21).phq9(lessThanHalf, d(3, 1), 11);
        data.phq9(windowStart, LocalDate.of(2024, 3, 1), 20).phq9(windowStart, d(3, 1).minusDays(60), 4);
        data.phq9(beforeWindow, LocalDate.of(2024, 3, 1), 20).phq9(beforeWindow, d(3, 1).minusDays(61), 4);
        data.phq9(windowEnd, LocalDate.of(2024, 3, 1), 20).phq9(windowEnd, d(3, 1).plusDays(60), 4);
        data.phq9(afterWindow, LocalDate.of(2024, 3, 1), 20).phq9(afterWindow, d(3, 1).plusDays(61), 4);
        data.phq9(lastCounts, LocalDate.of(2024, 3, 1), 20).phq9(lastCounts, d(2, 1), 4).phq9(lastCounts, d(4, 1), 15);

        ProgramResult r = data.compute(ProgramMetric.RESPONSE_12, YEAR);

        assertThat(r.denominator()).isEqualTo(7);
        assertThat(subject(r, half).numerator()).isTrue();
        assertThat(subject(r, lessThanHalf).numerator()).isFalse();
        assertThat(subject(r, windowStart).numerator()).isTrue();
        assertThat(subject(r, beforeWindow).numerator()).isFalse();
        assertThat(subject(r, windowEnd).numerator()).isTrue();
        assertThat(subject(r, afterWindow).numerator()).isFalse();
        assertThat(subject(r, lastCounts).numerator()).isFalse();
        assertThat(subject(r, lastCounts).value()).isEqualTo(15);
        assertThat(r.numerator()).isEqualTo(3);
    }

    @Test
    void remissionNeedsBelowFiveAndAnIndexAboveNineWithDepression() {
        Data data = new Data();
        UUID four = data.adult();
        UUID five = data.adult();
        UUID indexNine = data.adult();
        UUID noDiagnosis = data.adult();
        UUID indexTooEarly = data.adult();
        for (UUID p : List.of(four, five, indexNine, indexTooEarly)) {
            data.depressed(p, null, null);
        }
        data.phq9(four, d(1, 15), 10).phq9(four, d(7, 15), 4);
        data.phq9(five, d(1, 15), 18).phq9(five, d(7, 15), 5);
        data.phq9(indexNine, d(1, 15), 9).phq9(indexNine, d(7, 15), 2);
        data.phq9(noDiagnosis, d(1, 15), 15).phq9(noDiagnosis, d(7, 15), 2);
        data.phq9(indexTooEarly, LocalDate.of(2024, 6, 30), 15).phq9(indexTooEarly, d(1, 1), 2);
        MeasurePeriod secondHalf = new MeasurePeriod(d(7, 1), d(12, 31)); // indexes 2025-01-01..2025-06-30

        ProgramResult r = data.compute(ProgramMetric.REMISSION_6, secondHalf);

        assertThat(r.subjects()).extracting(ProgramResult.Subject::patient).containsExactlyInAnyOrder(four, five);
        assertThat(subject(r, four).numerator()).isTrue();
        assertThat(subject(r, five).numerator()).isFalse();
        assertThat(subject(r, five).index()).isEqualTo(d(1, 15));
    }

    @Test
    void handoffsPer100VisitsCountsVisitsAndCompletedHandoffsByClinician() {
        Data data = new Data();
        UUID a = data.adult();
        UUID b = data.adult();
        for (int i = 1; i <= 3; i++) {
            data.visit(a, d(i, 1), pcp);
        }
        data.visit(b, d(1, 1), other).visit(b, LocalDate.of(2024, 12, 31), other);
        data.handoffs.add(new ProgramData.CompletedHandoff(a, d(2, 1), pcp));
        data.handoffs.add(new ProgramData.CompletedHandoff(b, LocalDate.of(2026, 1, 1), other));

        ProgramResult r = data.compute(ProgramMetric.HANDOFFS_PER_100_VISITS, YEAR);

        assertThat(r.denominator()).isEqualTo(4);
        assertThat(r.numerator()).isEqualTo(1);
        assertThat(r.value()).isEqualTo(25.0);
        assertThat(r.byClinician()).containsExactly(new ProgramResult.Breakdown(pcp, 1, 3, 100.0 / 3),
                new ProgramResult.Breakdown(other, 0, 1, 0.0));
        assertThat(subject(r, a).value()).isEqualTo(1);
        assertThat(subject(r, b).numerator()).isFalse();
    }

    @Test
    void medianDaysToFirstBehavioralHealthContact() {
        Data data = new Data();
        UUID two = data.adult();
        UUID ten = data.adult();
        UUID forty = data.patient(LocalDate.of(1980, 1, 1), other);
        UUID onlyDocumented = data.adult();
        UUID enrolled = data.adult();
        data.screen(two, d(3, 1), 9, "phq-9", 12, true).contact(two, d(3, 3), ContactKind.HANDOFF_COMPLETED)
                .contact(two, d(2, 28), ContactKind.REGISTRY_CONTACT);
        data.screen(ten, d(3, 1), 9, "phq-9", 12, true).contact(ten, d(3, 11), ContactKind.REGISTRY_CONTACT);
        data.screen(forty, d(3, 1), 9, "gad-7", 12, true).contact(forty, d(4, 10), ContactKind.REGISTRY_ENROLMENT);
        data.screen(onlyDocumented, d(3, 1), 9, "phq-9", 12, true).contact(onlyDocumented, d(3, 2), ContactKind.FOLLOW_UP_DOCUMENTED)
                .contact(onlyDocumented, d(3, 2), ContactKind.REGISTRY_REFERRAL);
        data.screen(enrolled, d(3, 1), 9, "phq-9", 12, true).contact(enrolled, d(3, 21), ContactKind.REGISTRY_ENROLMENT);

        ProgramResult r = data.compute(ProgramMetric.DAYS_TO_BH_CONTACT, YEAR);

        assertThat(r.denominator()).isEqualTo(5);
        assertThat(r.numerator()).isEqualTo(4);
        assertThat(r.value()).isEqualTo(15.0); // 2, 10, 20, 40: mean of the middle two
        assertThat(subject(r, onlyDocumented).numerator()).isFalse();
        assertThat(r.byClinician()).containsExactly(new ProgramResult.Breakdown(pcp, 3, 4, 10.0),
                new ProgramResult.Breakdown(other, 1, 1, 40.0));
    }

    @Test
    void attributionIsThePcpElseTheLatestVisitsClinician() {
        Data data = new Data();
        UUID noPcp = data.patient(LocalDate.of(1970, 1, 1), null);
        data.visit(noPcp, d(1, 1), pcp).visit(noPcp, d(5, 1), other).screen(noPcp, d(5, 1), 9, "phq-2", 0, false);

        ProgramResult r = data.compute(ProgramMetric.SCREENING_REACH, YEAR);

        assertThat(subject(r, noPcp).clinician()).isEqualTo(other);
        assertThat(r.byClinician()).containsExactly(new ProgramResult.Breakdown(other, 1, 1, 1.0));
    }

    @Test
    void emptyDenominatorsHaveNoValue() {
        Data data = new Data();
        for (ProgramMetric metric : ProgramMetric.values()) {
            ProgramResult r = data.compute(metric, YEAR);
            assertThat(r.value()).as(metric.name()).isNull();
            assertThat(r.denominator()).isZero();
        }
    }
}
