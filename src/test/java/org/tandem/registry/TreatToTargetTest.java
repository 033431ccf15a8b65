package org.tandem.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tandem.registry.EpisodeStatus.ACTIVE;
import static org.tandem.registry.EpisodeStatus.ENROLLED;
import static org.tandem.registry.EpisodeStatus.RELAPSE_PREVENTION;
import static org.tandem.registry.Flag.NEEDS_PSYCHIATRIC_REVIEW;
import static org.tandem.registry.Flag.NO_FOLLOW_UP;
import static org.tandem.registry.Flag.NO_RECENT_CONTACT;
import static org.tandem.registry.Flag.NO_RECENT_MEASUREMENT;
import static org.tandem.registry.Flag.NO_SERVICES_6_MONTHS;
import static org.tandem.registry.Flag.SAFETY;
import static org.tandem.registry.Flag.WORSENING;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tandem.patient.PatientId;
import org.tandem.registry.TreatToTarget.Assessment;
import org.tandem.registry.TreatToTarget.Contact;
import org.tandem.registry.TreatToTarget.Facts;
import org.tandem.registry.TreatToTarget.Measurement;
import org.tandem.registry.TreatToTarget.Progress;

/**
 * The treat-to-target rules at both sides of every threshold, with the expected flags worked out by hand. The patient
 * is enrolled on Monday 6 January 2025 (day 0) unless a test says otherwise.
 */
class TreatToTargetTest {

    static final LocalDate E = LocalDate.of(2025, 1, 6);

    // ---- first follow-up within 4 weeks (Bao 2015) ----

    @Test
    void noFollowUpIsRaisedOnDay28WithoutAContactAfterTheEnrolmentDay() {
        // the initial assessment on the enrolment day is not a follow-up; the PHQ-9 on day 0 is the last measurement
        Scenario s = scenario().contact(0).phq9(0, 15);
        // day 27: only the 14-day contact rule (27 days since the enrolment-day contact)
        assertThat(s.on(27).flags()).containsExactly(NO_RECENT_CONTACT);
        // day 28: 4 weeks without follow-up, and 28 days since the last measurement
        assertThat(s.on(28).flags()).containsExactly(NO_FOLLOW_UP, NO_RECENT_CONTACT, NO_RECENT_MEASUREMENT);
        assertThat(s.on(28).reasons().get(0).arguments()).containsExactly(28L);
    }

    @Test
    void aContactTheDayAfterEnrolmentIsTheFollowUp() {
        Scenario s = scenario().contact(1).phq9(0, 15);
        assertThat(s.on(28).flags()).containsExactly(NO_RECENT_CONTACT, NO_RECENT_MEASUREMENT);
        assertThat(s.on(28).has(NO_FOLLOW_UP)).isFalse();
    }

    @Test
    void workWithoutThePatientIsNoFollowUp() {
        Scenario s = scenario().work(5).phq9(20, 15);
        assertThat(s.on(28).flags()).containsExactly(NO_FOLLOW_UP, NO_RECENT_CONTACT);
        assertThat(s.on(28).contacts()).isZero();
        assertThat(s.on(28).lastContact()).isNull();
    }

    // ---- contact every 2 weeks in active treatment, 4 in relapse prevention (facts.md) ----

    @Test
    void activeTreatmentNeedsAContactEvery14Days() {
        Scenario s = scenario().status(ACTIVE).contact(1).contact(20).phq9(20, 12);
        Assessment day33 = s.on(33); // 13 days after the contact on day 20
        assertThat(day33.flags()).isEmpty();
        assertThat(day33.daysSinceContact()).isEqualTo(13);
        assertThat(day33.nextContactDue()).isEqualTo(E.plusDays(34));
        assertThat(day33.contacts()).isEqualTo(2);
        Assessment day34 = s.on(34);
        assertThat(day34.flags()).containsExactly(NO_RECENT_CONTACT);
        assertThat(day34.reasons().get(0).messageKey()).isEqualTo("registry.caseload.flag.no-recent-contact.reason");
        assertThat(day34.reasons().get(0).arguments()).containsExactly(14L, 14);
    }

    @Test
    void withoutAnyContactTheTwoWeeksCountFromEnrolment() {
        Scenario s = scenario().status(ENROLLED).phq9(0, 12);
        assertThat(s.on(13).flags()).isEmpty();
        assertThat(s.on(13).nextContactDue()).isEqualTo(E.plusDays(14));
        assertThat(s.on(14).flags()).containsExactly(NO_RECENT_CONTACT);
        assertThat(s.on(14).reasons().get(0).messageKey()).isEqualTo("registry.caseload.flag.no-recent-contact.reason.never");
    }

    @Test
    void relapsePreventionNeedsAContactEvery28Days() {
        // responded and moved to relapse prevention; contacts and measurements up to day 100
        Scenario s = scenario().status(RELAPSE_PREVENTION).contact(1).contact(100).phq9(0, 16).phq9(100, 4);
        assertThat(s.on(113).flags()).isEmpty(); // 13 days: fine in relapse prevention
        assertThat(s.on(127).flags()).isEmpty(); // 27 days
        assertThat(s.on(127).nextContactDue()).isEqualTo(E.plusDays(128));
        assertThat(s.on(128).flags()).containsExactly(NO_RECENT_CONTACT, NO_RECENT_MEASUREMENT);
        assertThat(s.on(128).reasons().get(0).arguments()).containsExactly(28L, 28);
    }

    // ---- a measurement at least every 4 weeks (issue 4) ----

    @Test
    void aPlanMeasureIsNeededEvery28Days() {
        Scenario s = scenario().contact(1).contact(30).contact(36).phq9(10, 14);
        assertThat(s.on(37).flags()).isEmpty(); // 27 days after the PHQ-9 on day 10
        assertThat(s.on(37).lastMeasurement()).isEqualTo(E.plusDays(10));
        assertThat(s.on(37).nextMeasurementDue()).isEqualTo(E.plusDays(24)); // the episode's 14-day cadence
        assertThat(s.on(38).flags()).containsExactly(NO_RECENT_MEASUREMENT);
        assertThat(s.on(38).reasons().get(0).arguments()).containsExactly(28L);
    }

    @Test
    void aPhqAcountsAsPhq9ButAGad7IsNotInADepressionPlan() {
        Scenario s = scenario().contact(1).contact(30).contact(36).measure("phq-a", 10, 14).measure("gad-7", 30, 9);
        assertThat(s.on(37).flags()).isEmpty();
        assertThat(s.on(37).phq9().baseline()).isEqualTo(14);
        assertThat(s.on(38).flags()).containsExactly(NO_RECENT_MEASUREMENT);
    }

    @Test
    void aScreenBeforeEnrolmentIsTheBaselineButTheFourWeeksCountFromEnrolment() {
        Scenario s = scenario().contact(1).contact(20).phq9(-5, 16);
        assertThat(s.on(27).flags()).isEmpty();
        assertThat(s.on(27).phq9().baselineOn()).isEqualTo(E.minusDays(5));
        assertThat(s.on(28).flags()).containsExactly(NO_RECENT_MEASUREMENT);
        assertThat(s.on(28).reasons().get(0).messageKey()).isEqualTo("registry.caseload.flag.no-recent-measurement.reason.never");
    }

    // ---- psychiatric review from week 8 if not improved (Bao 2015, IMPACT) ----

    @Test
    void notImprovedInWeek8NeedsAPsychiatricReview() {
        // 20 -> 12: a 40% drop and still 10 or more
        Scenario s = scenario().status(ACTIVE).contact(1).contact(40).contact(45).phq9(0, 20).phq9(40, 12);
        Assessment day48 = s.on(48);
        assertThat(day48.treatmentWeek()).isEqualTo(7);
        assertThat(day48.weeksInTreatment()).isEqualTo(6);
        assertThat(day48.flags()).isEmpty();
        Assessment day49 = s.on(49);
        assertThat(day49.treatmentWeek()).isEqualTo(8);
        assertThat(day49.weeksInTreatment()).isEqualTo(7);
        assertThat(day49.flags()).containsExactly(NEEDS_PSYCHIATRIC_REVIEW);
        assertThat(day49.reasons().get(0).arguments()).containsExactly(8, 20, 12);
        assertThat(day49.phq9().percentChange()).isEqualTo(-40);
        assertThat(day49.phq9().response()).isFalse();
    }

    @Test
    void aCaseReviewFromTheFirstDayOfWeek8AnswersTheFlag() {
        Scenario s = scenario().status(ACTIVE).contact(1).contact(40).contact(45).phq9(0, 20).phq9(40, 12);
        assertThat(s.reviewed(48).on(50).flags()).containsExactly(NEEDS_PSYCHIATRIC_REVIEW); // day 48 is still week 7
        assertThat(s.reviewed(49).on(50).flags()).isEmpty();
    }

    @Test
    void aFiftyPercentDropIsImprovementButFortyEightPercentIsNot() {
        // 26 -> 13 is exactly 50%: response, no review needed
        Assessment half = scenario().contact(1).contact(50).phq9(0, 26).phq9(50, 13).on(56);
        assertThat(half.flags()).isEmpty();
        assertThat(half.phq9().percentChange()).isEqualTo(-50);
        assertThat(half.phq9().response()).isTrue();
        assertThat(half.phq9().remission()).isFalse();
        // 27 -> 14 is 48% (the closest a PHQ-9 gets below 50%): not improved, still 10 or more
        Assessment under = scenario().contact(1).contact(50).phq9(0, 27).phq9(50, 14).on(56);
        assertThat(under.flags()).containsExactly(NEEDS_PSYCHIATRIC_REVIEW);
        assertThat(under.phq9().percentChange()).isEqualTo(-48);
        assertThat(under.phq9().response()).isFalse();
    }

    @Test
    void aLatestPhq9Below10IsImprovementEvenWithoutResponse() {
        Assessment nine = scenario().contact(1).contact(50).phq9(0, 12).phq9(50, 9).on(56);
        assertThat(nine.flags()).isEmpty();
        assertThat(nine.phq9().percentChange()).isEqualTo(-25);
        assertThat(nine.phq9().response()).isFalse();
        Assessment ten = scenario().contact(1).contact(50).phq9(0, 12).phq9(50, 10).on(56);
        assertThat(ten.flags()).containsExactly(NEEDS_PSYCHIATRIC_REVIEW);
        assertThat(ten.phq9().percentChange()).isEqualTo(-16); // -16.7 truncated toward zero
    }

    @Test
    void aBaselineWithoutALaterResultInWeek8IsNotImproved() {
        Assessment a = scenario().contact(1).contact(50).phq9(0, 15).on(56);
        assertThat(a.flags()).containsExactly(NEEDS_PSYCHIATRIC_REVIEW, NO_RECENT_MEASUREMENT);
        assertThat(a.phq9().followedUp()).isFalse();
        assertThat(a.phq9().latest()).isEqualTo(15);
        assertThat(a.phq9().change()).isZero();
    }

    // ---- worsening by 5 points (facts.md: 5 points = minimal clinically important change) ----

    @Test
    void phq9WorseningBy5PointsIsFlaggedBy4IsNot() {
        Assessment four = scenario().contact(1).contact(10).phq9(0, 8).phq9(10, 12).on(12);
        assertThat(four.flags()).isEmpty();
        assertThat(four.phq9().change()).isEqualTo(4);
        assertThat(four.phq9().percentChange()).isEqualTo(50);
        Assessment five = scenario().contact(1).contact(10).phq9(0, 8).phq9(10, 13).on(12);
        assertThat(five.flags()).containsExactly(WORSENING);
        assertThat(five.reasons().get(0).arguments()).containsExactly("PHQ-9", 8, 13);
    }

    @Test
    void gad7WorseningBy5PointsIsFlaggedBy4IsNot() {
        Scenario anxious = scenario().plan("gad-7").contact(1).contact(10);
        assertThat(anxious.copy().measure("gad-7", 0, 6).measure("gad-7", 10, 10).on(12).flags()).isEmpty();
        Assessment five = anxious.copy().measure("gad-7", 0, 6).measure("gad-7", 10, 11).on(12);
        assertThat(five.flags()).containsExactly(WORSENING);
        assertThat(five.reasons().get(0).arguments()).containsExactly("GAD-7", 6, 11);
    }

    // ---- safety (issue 4: new positive safety item) ----

    @Test
    void anUnreviewedSafetyResultComesFirst() {
        Assessment a = scenario().contact(1).phq9(0, 20).phq9(10, 26).safety(1).on(15); // 14 days after the contact on day 1
        assertThat(a.flags()).containsExactly(SAFETY, WORSENING, NO_RECENT_CONTACT);
        assertThat(a.reasons().get(0).arguments()).containsExactly(1);
    }

    // ---- 6 months without services (facts.md) ----

    @Test
    void anEpisodeOpenMoreThanSixMonthsWithoutServicesSuggestsDischarge() {
        LocalDate today = LocalDate.of(2025, 1, 15);
        LocalDate sixMonthsAgo = LocalDate.of(2024, 7, 15);
        // enrolled exactly 6 months ago: not more than 6 months
        assertThat(new Scenario(sixMonthsAgo).status(ACTIVE).at(today).has(NO_SERVICES_6_MONTHS)).isFalse();
        // a day longer, nothing ever logged or measured
        Assessment never = new Scenario(sixMonthsAgo.minusDays(1)).status(ACTIVE).at(today);
        assertThat(never.flags()).containsExactly(NO_FOLLOW_UP, NO_RECENT_CONTACT, NO_RECENT_MEASUREMENT, NO_SERVICES_6_MONTHS);
        assertThat(never.reasons().get(3).messageKey()).isEqualTo("registry.caseload.flag.no-services-6-months.reason.never");
        // time without the patient on the first day of the 6 months is a service
        Scenario s = new Scenario(sixMonthsAgo.minusDays(40)).status(ACTIVE).contact(1);
        assertThat(s.copy().workOn(sixMonthsAgo).at(today).has(NO_SERVICES_6_MONTHS)).isFalse();
        assertThat(s.copy().workOn(sixMonthsAgo.minusDays(1)).at(today).has(NO_SERVICES_6_MONTHS)).isTrue();
        // so is a measurement
        assertThat(s.copy().measureOn("phq-9", sixMonthsAgo, 7).at(today).has(NO_SERVICES_6_MONTHS)).isFalse();
        Assessment old = s.copy().measureOn("phq-9", sixMonthsAgo.minusDays(1), 7).at(today);
        assertThat(old.has(NO_SERVICES_6_MONTHS)).isTrue();
        assertThat(old.reasons().get(old.reasons().size() - 1).arguments()).containsExactly(sixMonthsAgo.minusDays(1));
    }

    // ---- baseline, latest, change ----

    @Test
    void theBaselineIsTheLatestResultInThe30DaysUpToEnrolment() {
        Assessment a = scenario().contact(1).phq9(-31, 25).phq9(-30, 8).phq9(-3, 14).phq9(0, 15).phq9(10, 12).on(12);
        assertThat(a.phq9().baseline()).isEqualTo(15);
        assertThat(a.phq9().baselineOn()).isEqualTo(E);
        Assessment before = scenario().contact(1).phq9(-31, 25).phq9(-30, 8).phq9(-3, 14).phq9(10, 12).on(12);
        assertThat(before.phq9().baseline()).isEqualTo(14);
        assertThat(before.phq9().latest()).isEqualTo(12);
        assertThat(before.phq9().latestOn()).isEqualTo(E.plusDays(10));
        assertThat(before.phq9().percentChange()).isEqualTo(-14); // -2/14 = -14.3%
        Assessment edge = scenario().contact(1).phq9(-31, 25).phq9(-30, 8).phq9(10, 12).on(12);
        assertThat(edge.phq9().baseline()).isEqualTo(8); // day -30 is inside the 30 days
    }

    @Test
    void withoutAResultBeforeEnrolmentTheBaselineIsTheFirstAfterIt() {
        Assessment a = scenario().contact(1).phq9(-31, 25).phq9(3, 18).phq9(10, 4).on(12);
        assertThat(a.phq9().baseline()).isEqualTo(18);
        assertThat(a.phq9().baselineOn()).isEqualTo(E.plusDays(3));
        assertThat(a.phq9().latest()).isEqualTo(4);
        assertThat(a.phq9().response()).isTrue();
        assertThat(a.phq9().remission()).isTrue();
        assertThat(a.phq9().improvedByMid()).isTrue();
        Assessment none = scenario().contact(1).phq9(-31, 25).on(12);
        assertThat(none.phq9().measured()).isFalse();
        assertThat(none.phq9().latest()).isNull();
    }

    @Test
    void remissionIsALatestPhq9Below5() {
        assertThat(scenario().phq9(0, 9).phq9(10, 4).on(12).phq9().remission()).isTrue();
        assertThat(scenario().phq9(0, 9).phq9(10, 5).on(12).phq9().remission()).isFalse();
        assertThat(scenario().phq9(0, 4).on(12).phq9().remission()).isFalse(); // no result after the baseline yet
    }

    @Test
    void gad7HasChangeAndA4PointImprovementButNoResponseOrRemission() {
        Scenario s = scenario().plan("phq-9", "gad-7").contact(1);
        Progress four = s.copy().measure("gad-7", 0, 12).measure("gad-7", 10, 8).on(12).gad7();
        assertThat(four.improvedByMid()).isTrue();
        assertThat(four.percentChange()).isEqualTo(-33);
        assertThat(four.response()).isFalse();
        assertThat(four.remission()).isFalse();
        Progress three = s.copy().measure("gad-7", 0, 12).measure("gad-7", 10, 9).on(12).gad7();
        assertThat(three.improvedByMid()).isFalse();
        Progress zero = s.copy().measure("gad-7", 0, 0).measure("gad-7", 10, 3).on(12).gad7();
        assertThat(zero.percentChange()).isNull();
        assertThat(zero.change()).isEqualTo(3);
    }

    @Test
    void referredPatientsHaveNoTreatmentWeeksAndNoReviewFlag() {
        Scenario s = scenario().status(EpisodeStatus.REFERRED).notEnrolled().contact(1).contact(50).phq9(0, 20).phq9(50, 19);
        Assessment a = s.on(56);
        assertThat(a.weeksInTreatment()).isNull();
        assertThat(a.treatmentWeek()).isNull();
        assertThat(a.flags()).isEmpty();
    }

    // ---- facts from stored data ----

    @Test
    void factsFromAnEpisodeCountOnlyContactsWithThePatientAndUnreviewedSafetyResults() {
        ZoneId chicago = ZoneId.of("America/Chicago");
        Episode episode = new Episode(UUID.randomUUID(), new PatientId(UUID.randomUUID()), EpisodeFocus.DEPRESSION, ACTIVE, null,
                null, null, null, E, E, E, null, null, null, null, null, null, null, BillingModel.COCM, false, List.of("phq-9"), 14, 28,
                false, null, null, null, Instant.EPOCH, Instant.EPOCH, 1);
        PatientId patient = episode.patient();
        // 03:00 UTC on 7 January is still 6 January (the enrolment day) in Chicago: not a follow-up
        List<TimeEntry> entries = List.of(
                entry(episode, "2025-01-07T03:00:00Z", ContactMode.PHONE),
                entry(episode, "2025-01-20T15:00:00Z", ContactMode.NONE));
        List<RegistryResult> results = List.of(
                new RegistryResult(UUID.randomUUID(), patient, "phq-9", 22, true, true, "home", Instant.EPOCH, Instant.EPOCH,
                        Instant.EPOCH, "cm@example.org"),
                new RegistryResult(UUID.randomUUID(), patient, "phq-9", 12, true, false, "home", Instant.EPOCH, Instant.EPOCH, null, null));
        Facts facts = Facts.of(episode, List.of(new Measurement("phq-9", E, Instant.parse("2025-01-06T16:00:00Z"), 15, null, "obs-1")),
                entries, results, null, chicago, E.plusDays(28));
        assertThat(facts.time()).containsExactly(new Contact(E, true), new Contact(E.plusDays(14), false));
        assertThat(facts.unreviewedSafetyResults()).isZero();
        Assessment a = TreatToTarget.assess(facts);
        assertThat(a.flags()).containsExactly(NO_FOLLOW_UP, NO_RECENT_CONTACT, NO_RECENT_MEASUREMENT);
        assertThat(a.lastContact()).isEqualTo(E);
        assertThat(a.daysSinceContact()).isEqualTo(28);
        assertThat(a.contacts()).isEqualTo(1);
    }

    private static TimeEntry entry(Episode episode, String at, ContactMode mode) {
        return new TimeEntry(UUID.randomUUID(), episode.id(), episode.patient(), Instant.parse(at), 20, mode, Activity.FOLLOW_UP,
                ClinicianRole.CARE_MANAGER, null, "cm", null, null, Instant.parse(at));
    }

    private static Scenario scenario() {
        return new Scenario(E);
    }

    /** An episode's facts, built up by day offsets from the enrolment day. */
    static final class Scenario {
        final LocalDate start;
        EpisodeStatus status = ACTIVE;
        boolean enrolled = true;
        List<String> plan = List.of("phq-9");
        final List<Measurement> measurements = new ArrayList<>();
        final List<Contact> time = new ArrayList<>();
        int safety;
        LocalDate review;

        Scenario(LocalDate start) {
            this.start = start;
        }

        Scenario copy() {
            Scenario c = new Scenario(start);
            c.status = status;
            c.enrolled = enrolled;
            c.plan = plan;
            c.measurements.addAll(measurements);
            c.time.addAll(time);
            c.safety = safety;
            c.review = review;
            return c;
        }

        Scenario status(EpisodeStatus s) {
            status = s;
            return this;
        }

        Scenario notEnrolled() {
            enrolled = false;
            return this;
        }

        Scenario plan(String... instruments) {
            plan = List.of(instruments);
            return this;
        }

        Scenario contact(int day) {
            time.add(new Contact(start.plusDays(day), true));
            return this;
        }

        Scenario work(int day) {
            return workOn(start.plusDays(day));
        }

        Scenario workOn(LocalDate day) {
            time.add(new Contact(day, false));
            return this;
        }

        Scenario phq9(int day, int total) {
            return measure("phq-9", day, total);
        }

        Scenario measure(String instrument, int day, int total) {
            return measureOn(instrument, start.plusDays(day), total);
        }

        Scenario measureOn(String instrument, LocalDate day, int total) {
            measurements.add(new Measurement(instrument, day, day.atTime(10, 0).toInstant(java.time.ZoneOffset.UTC), total,
                    UUID.randomUUID(), null));
            return this;
        }

        Scenario safety(int count) {
            safety = count;
            return this;
        }

        Scenario reviewed(int day) {
            Scenario c = copy();
            c.review = start.plusDays(day);
            return c;
        }

        Assessment on(int day) {
            return at(start.plusDays(day));
        }

        Assessment at(LocalDate today) {
            return TreatToTarget.assess(new Facts(status, start, enrolled, plan, status == RELAPSE_PREVENTION ? 28 : 14, measurements,
                    time, safety, review, today));
        }
    }
}
