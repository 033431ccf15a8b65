package org.tandem.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tandem.patient.PatientId;
import org.tandem.registry.BillingMonth.Next;
import org.tandem.registry.BillingMonth.Why;
import org.tandem.registry.BillingRules.CocmMonth;
import org.tandem.registry.RegistrySettings.BillingSetting;

/**
 * Billing codes from logged time, with answers computed by hand from facts.md ("Collaborative care billing"): 99492
 * billable 36-85 in the first month, 99493 31-75 in later months, +99494 per 30 minutes from 16 beyond the base (86,
 * 116 ... first month; 76, 106 ... later), G2214 (Medicare) from 16 and not with 99492/99493, 99484 and G0323 from 20,
 * 99484 not in a month with CoCM. Practice time zone America/Chicago (UTC-6 in March before the 8th, UTC-5 after).
 */
class BillingMonthTest {

    static final ZoneId ZONE = ZoneId.of("America/Chicago");
    static final PatientId PATIENT = new PatientId(UUID.fromString("00000000-0000-0000-0000-00000000000a"));
    static final UUID PCP = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
    static final UUID CARE_MANAGER = UUID.fromString("00000000-0000-0000-0000-0000000000c1");
    static final YearMonth MARCH = YearMonth.of(2026, 3);
    static final YearMonth FEBRUARY = YearMonth.of(2026, 2);

    /** The first month of CoCM (no time before), office, 2026. */
    @Nested
    class FirstMonth {

        @ParameterizedTest(name = "{0} min, Medicare -> {1}")
        @CsvSource(delimiter = ';', value = {
                "15; ''; G2214; 1; 16; 1",
                "16; G2214; 99492; 1; 36; 20",
                "35; G2214; 99492; 1; 36; 1",
                "36; 99492; 99494; 1; 86; 50",
                "85; 99492; 99494; 1; 86; 1",
                "86; 99492 99494; 99494; 2; 116; 30",
                "115; 99492 99494; 99494; 2; 116; 1",
                "116; 99492 99494 x2; 99494; 3; 146; 30" })
        void medicareThresholds(int minutes, String codes, String nextCode, int nextUnit, int nextAt, int toGo) {
            Episode episode = cocm(LocalDate.of(2026, 3, 1), null, true);
            BillingMonth month = compute(MARCH, BillingSetting.OFFICE, List.of(episode), minutesOn(episode, MARCH, minutes));

            assertThat(month.cocmMonth()).isEqualTo(CocmMonth.INITIAL);
            assertThat(month.minutes(BillingModel.COCM)).isEqualTo(minutes);
            assertThat(String.join(" ", month.codes())).isEqualTo(codes);
            assertThat(next(month)).isEqualTo(new Next(nextCode, nextUnit, nextAt, toGo));
            assertThat(month.claims()).allSatisfy(c -> {
                assertThat(c.billedBy()).isEqualTo(PCP);
                assertThat(c.verified()).isTrue();
            });
        }

        @Test
        void g2214IsRefusedWith99492AndTheReasonNamesBoth() {
            Episode episode = cocm(LocalDate.of(2026, 3, 1), null, true);
            BillingMonth month = compute(MARCH, BillingSetting.OFFICE, List.of(episode), minutesOn(episode, MARCH, 36));

            assertThat(month.codes()).containsExactly("99492");
            assertThat(month.reasons()).containsExactly("G2214 may not be billed with 99492 in the same month");
        }

        @ParameterizedTest(name = "{0} min, not Medicare -> {1}")
        @CsvSource(delimiter = ';', value = { "15; ''; 21", "16; ''; 20", "35; ''; 1", "36; 99492; 50" })
        void withoutMedicareG2214IsNotSuggestedAnd99492IsNext(int minutes, String codes, int toGo) {
            Episode episode = cocm(LocalDate.of(2026, 3, 1), null, false);
            BillingMonth month = compute(MARCH, BillingSetting.OFFICE, List.of(episode), minutesOn(episode, MARCH, minutes));

            assertThat(String.join(" ", month.codes())).isEqualTo(codes);
            assertThat(next(month).minutesToGo()).isEqualTo(toGo);
            if (minutes == 16 || minutes == 35) {
                assertThat(month.reasons()).containsExactly("G2214 is for Medicare patients and no episode is marked Medicare");
                assertThat(next(month)).isEqualTo(new Next("99492", 1, 36, toGo));
            } else {
                assertThat(month.reasons()).isEmpty();
            }
        }
    }

    /** A later month: the patient had 40 counted minutes in February. */
    @Nested
    class LaterMonth {

        @ParameterizedTest(name = "{0} min, Medicare -> {1}")
        @CsvSource(delimiter = ';', value = {
                "15; ''; G2214; 1; 16; 1",
                "16; G2214; 99493; 1; 31; 15",
                "30; G2214; 99493; 1; 31; 1",
                "31; 99493; 99494; 1; 76; 45",
                "75; 99493; 99494; 1; 76; 1",
                "76; 99493 99494; 99494; 2; 106; 30",
                "105; 99493 99494; 99494; 2; 106; 1",
                "106; 99493 99494 x2; 99494; 3; 136; 30" })
        void medicareThresholds(int minutes, String codes, String nextCode, int nextUnit, int nextAt, int toGo) {
            Episode episode = cocm(LocalDate.of(2026, 2, 2), null, true);
            List<TimeEntry> entries = new ArrayList<>(minutesOn(episode, FEBRUARY, 40));
            entries.addAll(minutesOn(episode, MARCH, minutes));
            BillingMonth month = compute(MARCH, BillingSetting.OFFICE, List.of(episode), entries);

            assertThat(month.cocmMonth()).isEqualTo(CocmMonth.LATER);
            assertThat(month.minutes(BillingModel.COCM)).isEqualTo(minutes);
            assertThat(String.join(" ", month.codes())).isEqualTo(codes);
            assertThat(next(month)).isEqualTo(new Next(nextCode, nextUnit, nextAt, toGo));
        }

        @Test
        void g2214MayNotBeBilledWith99493() {
            Episode episode = cocm(LocalDate.of(2026, 2, 2), null, true);
            List<TimeEntry> entries = new ArrayList<>(minutesOn(episode, FEBRUARY, 40));
            entries.addAll(minutesOn(episode, MARCH, 31));
            BillingMonth month = compute(MARCH, BillingSetting.OFFICE, List.of(episode), entries);

            assertThat(month.codes()).containsExactly("99493");
            assertThat(month.reasons()).containsExactly("G2214 may not be billed with 99493 in the same month");
        }

        @Test
        void aMonthWithFewMinutesStillMakesTheNextMonthALaterMonth() {
            Episode episode = cocm(LocalDate.of(2026, 2, 2), null, false);
            List<TimeEntry> entries = new ArrayList<>(minutesOn(episode, FEBRUARY, 10));
            entries.addAll(minutesOn(episode, MARCH, 40));

            assertThat(compute(MARCH, BillingSetting.OFFICE, List.of(episode), entries).codes()).containsExactly("99493");
            assertThat(compute(FEBRUARY, BillingSetting.OFFICE, List.of(episode), entries).cocmMonth()).isEqualTo(CocmMonth.INITIAL);
        }
    }

    @Nested
    class GeneralBhiAndBehavioralHealthCareManagement {

        @ParameterizedTest(name = "99484 at {0} min -> {1}")
        @CsvSource(delimiter = ';', value = { "19; ''", "20; 99484" })
        void generalBhiFrom20Minutes(int minutes, String codes) {
            Episode episode = episode(BillingModel.GENERAL_BHI, LocalDate.of(2026, 3, 1), null, false);
            BillingMonth month = compute(MARCH, BillingSetting.OFFICE, List.of(episode), minutesOn(episode, MARCH, minutes));

            assertThat(String.join(" ", month.codes())).isEqualTo(codes);
            assertThat(month.cocmMonth()).isNull();
            if (minutes == 19) {
                assertThat(next(month)).isEqualTo(new Next("99484", 1, 20, 1));
            } else {
                assertThat(next(month)).isNull();
                assertThat(month.claims().get(0).billedBy()).isEqualTo(PCP);
            }
        }

        @ParameterizedTest(name = "G0323 at {0} min -> {1}")
        @CsvSource(delimiter = ';', value = { "19; ''", "20; G0323" })
        void behavioralHealthCareManagementFrom20MinutesBilledByTheClinician(int minutes, String codes) {
            Episode episode = episode(BillingModel.BH_CARE_MANAGEMENT, LocalDate.of(2026, 3, 1), null, false);
            BillingMonth month = compute(MARCH, BillingSetting.OFFICE, List.of(episode), minutesOn(episode, MARCH, minutes));

            assertThat(String.join(" ", month.codes())).isEqualTo(codes);
            assertThat(month.part(BillingModel.BH_CARE_MANAGEMENT).orElseThrow().billedBy()).isEqualTo(CARE_MANAGER);
            assertThat(next(month)).isEqualTo(minutes == 19 ? new Next("G0323", 1, 20, 1) : null);
        }

        @Test
        void generalBhiIsRefusedInAMonthWithCollaborativeCare() {
            Episode depression = cocm(LocalDate.of(2026, 3, 1), null, false);
            Episode bhi = episode(BillingModel.GENERAL_BHI, LocalDate.of(2026, 3, 1), null, false);
            List<TimeEntry> entries = new ArrayList<>(minutesOn(depression, MARCH, 40));
            entries.add(entry(bhi, LocalDateTime.of(2026, 3, 20, 9, 0), 25, ClinicianRole.CARE_MANAGER));
            BillingMonth month = compute(MARCH, BillingSetting.OFFICE, List.of(depression, bhi), entries);

            assertThat(month.codes()).containsExactly("99492");
            assertThat(month.minutes(BillingModel.GENERAL_BHI)).isEqualTo(25);
            assertThat(month.reasons()).containsExactly("99484 may not be billed with 99492 in the same month");
            assertThat(month.part(BillingModel.GENERAL_BHI).orElseThrow().next()).isNull();
        }
    }

    @Nested
    class CountingMinutes {

        @Test
        void overlappingEntriesAreCountedOnce() {
            Episode episode = cocm(LocalDate.of(2026, 3, 1), null, true);
            // 10:00-10:20 and 10:10-10:30: 40 minutes logged, 30 spent
            List<TimeEntry> entries = List.of(entry(episode, LocalDateTime.of(2026, 3, 10, 10, 0), 20, ClinicianRole.CARE_MANAGER),
                    entry(episode, LocalDateTime.of(2026, 3, 10, 10, 10), 20, ClinicianRole.CARE_MANAGER));
            BillingMonth month = compute(MARCH, BillingSetting.OFFICE, List.of(episode), entries);

            assertThat(month.loggedMinutes()).isEqualTo(40);
            assertThat(month.minutes(BillingModel.COCM)).isEqualTo(30);
            assertThat(month.notCounted(Why.OVERLAP)).isEqualTo(10);
            // 40 minutes would be 99492; the 30 spent are G2214
            assertThat(month.codes()).containsExactly("G2214");
            assertThat(next(month)).isEqualTo(new Next("99492", 1, 36, 6));
        }

        @Test
        void anEntryInsideAnotherAddsNothingAndTouchingEntriesAddUp() {
            Episode episode = cocm(LocalDate.of(2026, 3, 1), null, false);
            List<TimeEntry> entries = List.of(entry(episode, LocalDateTime.of(2026, 3, 10, 10, 0), 60, ClinicianRole.CARE_MANAGER),
                    entry(episode, LocalDateTime.of(2026, 3, 10, 10, 15), 15, ClinicianRole.CARE_MANAGER),
                    entry(episode, LocalDateTime.of(2026, 3, 10, 11, 0), 26, ClinicianRole.CARE_MANAGER));
            BillingMonth month = compute(MARCH, BillingSetting.OFFICE, List.of(episode), entries);

            // 10:00-11:26 = 86 minutes
            assertThat(month.minutes(BillingModel.COCM)).isEqualTo(86);
            assertThat(month.codes()).containsExactly("99492", "99494");
        }

        @Test
        void onlyMinutesFromTheDayOfConsentCount() {
            Episode episode = cocm(LocalDate.of(2026, 3, 15), null, false);
            List<TimeEntry> entries = List.of(entry(episode, LocalDateTime.of(2026, 3, 10, 9, 0), 30, ClinicianRole.CARE_MANAGER),
                    // 23:50 on the 14th for 20 minutes: 10 before the consent day, 10 on it
                    entry(episode, LocalDateTime.of(2026, 3, 14, 23, 50), 20, ClinicianRole.CARE_MANAGER),
                    entry(episode, LocalDateTime.of(2026, 3, 20, 9, 0), 30, ClinicianRole.CARE_MANAGER));
            BillingMonth month = compute(MARCH, BillingSetting.OFFICE, List.of(episode), entries);

            assertThat(month.minutes(BillingModel.COCM)).isEqualTo(40);
            assertThat(month.codes()).containsExactly("99492");
            assertThat(month.notCounted()).containsExactly(new BillingMonth.NotCounted(Why.BEFORE_CONSENT, 40, LocalDate.of(2026, 3, 15)));
        }

        @Test
        void onlyMinutesUpToTheDayOfDischargeCount() {
            Episode episode = cocm(LocalDate.of(2026, 2, 2), LocalDate.of(2026, 3, 20), false);
            List<TimeEntry> entries = List.of(entry(episode, LocalDateTime.of(2026, 2, 10, 9, 0), 45, ClinicianRole.CARE_MANAGER),
                    entry(episode, LocalDateTime.of(2026, 3, 5, 9, 0), 25, ClinicianRole.CARE_MANAGER),
                    // 23:50 on the discharge day for 20 minutes: 10 on it, 10 after
                    entry(episode, LocalDateTime.of(2026, 3, 20, 23, 50), 20, ClinicianRole.CARE_MANAGER),
                    entry(episode, LocalDateTime.of(2026, 3, 21, 9, 0), 30, ClinicianRole.CARE_MANAGER));
            BillingMonth month = compute(MARCH, BillingSetting.OFFICE, List.of(episode), entries);

            assertThat(month.minutes(BillingModel.COCM)).isEqualTo(35);
            assertThat(month.codes()).containsExactly("99493");
            assertThat(month.notCounted()).containsExactly(new BillingMonth.NotCounted(Why.AFTER_DISCHARGE, 40, LocalDate.of(2026, 3, 20)));
        }

        @Test
        void withoutDocumentedConsentNothingIsBillable() {
            Episode episode = cocm(null, null, true);
            BillingMonth month = compute(MARCH, BillingSetting.OFFICE, List.of(episode), minutesOn(episode, MARCH, 90));

            assertThat(month.codes()).isEmpty();
            assertThat(month.minutes()).isZero();
            assertThat(month.reasons()).containsExactly("consent not documented");
            assertThat(month.notCounted(Why.NO_CONSENT)).isEqualTo(90);
            assertThat(month.part(BillingModel.COCM).orElseThrow().next()).isNull();
        }

        @Test
        void timeThePcpOrTheConsultantLoggedIsNotCounted() {
            Episode episode = cocm(LocalDate.of(2026, 3, 1), null, true);
            List<TimeEntry> entries = List.of(entry(episode, LocalDateTime.of(2026, 3, 10, 9, 0), 30, ClinicianRole.CARE_MANAGER),
                    entry(episode, LocalDateTime.of(2026, 3, 11, 9, 0), 20, ClinicianRole.PCP),
                    entry(episode, LocalDateTime.of(2026, 3, 12, 9, 0), 15, ClinicianRole.PSYCHIATRIC_CONSULTANT));
            BillingMonth month = compute(MARCH, BillingSetting.OFFICE, List.of(episode), entries);

            assertThat(month.loggedMinutes()).isEqualTo(65);
            assertThat(month.minutes(BillingModel.COCM)).isEqualTo(30);
            assertThat(month.notCounted(Why.NOT_CARE_MANAGER_TIME)).isEqualTo(35);
            assertThat(month.codes()).containsExactly("G2214");
        }

        @Test
        void monthsAreCalendarMonthsInThePracticeTimeZone() {
            Episode episode = cocm(LocalDate.of(2026, 3, 1), null, false);
            // 31 March 23:30 Chicago (1 April 04:30 UTC) for 60 minutes: 30 in March, 30 in April
            List<TimeEntry> entries = List.of(entry(episode, LocalDateTime.of(2026, 3, 31, 23, 30), 60, ClinicianRole.CARE_MANAGER),
                    entry(episode, LocalDateTime.of(2026, 3, 2, 9, 0), 10, ClinicianRole.CARE_MANAGER));

            assertThat(compute(MARCH, BillingSetting.OFFICE, List.of(episode), entries).minutes()).isEqualTo(40);
            BillingMonth april = compute(YearMonth.of(2026, 4), BillingSetting.OFFICE, List.of(episode), entries);
            assertThat(april.minutes()).isEqualTo(30);
            assertThat(april.cocmMonth()).isEqualTo(CocmMonth.LATER);
            assertThat(april.loggedMinutes()).isEqualTo(30);
        }

        @Test
        void aMinuteCountsForOneBillingModelOnly() {
            Episode cocm = cocm(LocalDate.of(2026, 3, 1), null, false);
            Episode g0323 = episode(BillingModel.BH_CARE_MANAGEMENT, LocalDate.of(2026, 3, 1), null, false);
            // the same 25 minutes logged on both episodes, and 15 more on the G0323 episode
            List<TimeEntry> entries = List.of(entry(cocm, LocalDateTime.of(2026, 3, 10, 9, 0), 25, ClinicianRole.CARE_MANAGER),
                    entry(g0323, LocalDateTime.of(2026, 3, 10, 9, 0), 25, ClinicianRole.CARE_MANAGER),
                    entry(g0323, LocalDateTime.of(2026, 3, 11, 9, 0), 15, ClinicianRole.CARE_MANAGER));
            BillingMonth month = compute(MARCH, BillingSetting.OFFICE, List.of(cocm, g0323), entries);

            assertThat(month.minutes(BillingModel.COCM)).isEqualTo(25);
            assertThat(month.minutes(BillingModel.BH_CARE_MANAGEMENT)).isEqualTo(15);
            assertThat(month.notCounted(Why.OVERLAP)).isEqualTo(25);
            assertThat(month.codes()).isEmpty();
        }
    }

    /** facts.md: an episode ends after 6 months without services; the next month of services is a first month again. */
    @Nested
    class SixMonthGap {

        @Test
        void sixMonthsWithoutServicesStartANewEpisode() {
            Episode episode = cocm(LocalDate.of(2026, 1, 1), null, false);
            List<TimeEntry> entries = new ArrayList<>(minutesOn(episode, YearMonth.of(2026, 1), 40));
            entries.addAll(minutesOn(episode, YearMonth.of(2026, 8), 40));
            // January, then nothing February to July (6 months): August is a first month
            BillingMonth august = compute(YearMonth.of(2026, 8), BillingSetting.OFFICE, List.of(episode), entries);

            assertThat(compute(YearMonth.of(2026, 1), BillingSetting.OFFICE, List.of(episode), entries).codes()).containsExactly("99492");

            assertThat(august.cocmMonth()).isEqualTo(CocmMonth.INITIAL);
            assertThat(august.codes()).containsExactly("99492");
        }

        @Test
        void fiveMonthsWithoutServicesContinueTheEpisode() {
            Episode episode = cocm(LocalDate.of(2026, 1, 1), null, false);
            List<TimeEntry> entries = new ArrayList<>(minutesOn(episode, YearMonth.of(2026, 1), 40));
            entries.addAll(minutesOn(episode, YearMonth.of(2026, 7), 40));
            // January, then nothing February to June (5 months): July is a later month
            BillingMonth july = compute(YearMonth.of(2026, 7), BillingSetting.OFFICE, List.of(episode), entries);

            assertThat(july.cocmMonth()).isEqualTo(CocmMonth.LATER);
            assertThat(july.codes()).containsExactly("99493");
        }

        @Test
        void theGapCountsAcrossTheYear() {
            Episode episode = cocm(LocalDate.of(2025, 6, 2), null, false);
            List<TimeEntry> entries = new ArrayList<>(minutesOn(episode, YearMonth.of(2025, 6), 40));
            entries.addAll(minutesOn(episode, YearMonth.of(2026, 1), 40));

            // July to December 2025: 6 months without services
            assertThat(compute(YearMonth.of(2026, 1), BillingSetting.OFFICE, List.of(episode), entries).codes()).containsExactly("99492");
        }

        @Test
        void timeBeforeConsentIsNotAServiceMonth() {
            Episode episode = cocm(LocalDate.of(2026, 3, 1), null, false);
            List<TimeEntry> entries = new ArrayList<>(minutesOn(episode, FEBRUARY, 40));
            entries.addAll(minutesOn(episode, MARCH, 40));

            assertThat(compute(MARCH, BillingSetting.OFFICE, List.of(episode), entries).codes()).containsExactly("99492");
        }
    }

    /** Rules by year and setting. */
    @Nested
    class YearsAndSettings {

        @Test
        void officeRulesAreTheSameIn2025And2026() {
            for (int year : List.of(2025, 2026)) {
                Episode episode = cocm(LocalDate.of(year, 3, 1), null, true);
                BillingMonth month = compute(YearMonth.of(year, 3), BillingSetting.OFFICE, List.of(episode),
                        minutesOn(episode, YearMonth.of(year, 3), 86));
                assertThat(month.codes()).containsExactly("99492", "99494");
                assertThat(month.rules().year()).isEqualTo(year);
                assertThat(month.rules().verified()).isTrue();
            }
        }

        @Test
        void in2026FqhcsAndRhcsBillTheCocmCodesDirectly() {
            for (BillingSetting setting : List.of(BillingSetting.FQHC, BillingSetting.RHC)) {
                Episode episode = cocm(LocalDate.of(2026, 3, 1), null, true);
                BillingMonth month = compute(MARCH, setting, List.of(episode), minutesOn(episode, MARCH, 36));
                assertThat(month.codes()).containsExactly("99492");
                assertThat(month.claims()).allMatch(BillingMonth.Claim::verified);
                BillingMonth g2214 = compute(MARCH, setting, List.of(episode), minutesOn(episode, MARCH, 16));
                assertThat(g2214.codes()).containsExactly("G2214");
            }
        }

        @Test
        void in2025FqhcsBillG0512WhichIsUnverified() {
            YearMonth march2025 = YearMonth.of(2025, 3);
            Episode episode = cocm(LocalDate.of(2025, 3, 1), null, true);

            BillingMonth sixtyNine = compute(march2025, BillingSetting.FQHC, List.of(episode), minutesOn(episode, march2025, 69));
            assertThat(sixtyNine.codes()).isEmpty();
            assertThat(next(sixtyNine)).isEqualTo(new Next("G0512", 1, 70, 1));
            BillingMonth seventy = compute(march2025, BillingSetting.FQHC, List.of(episode), minutesOn(episode, march2025, 70));
            assertThat(seventy.codes()).containsExactly("G0512");
            assertThat(seventy.claims().get(0).verified()).isFalse();
            assertThat(seventy.rules().verified()).isFalse();
            assertThat(seventy.rules().code("G0512").orElseThrow().unverified()).contains("not in facts.md");
            // no add-on and no G2214 under G0512
            assertThat(compute(march2025, BillingSetting.FQHC, List.of(episode), minutesOn(episode, march2025, 200)).codes())
                    .containsExactly("G0512");

            List<TimeEntry> later = new ArrayList<>(minutesOn(episode, march2025, 70));
            later.addAll(minutesOn(episode, YearMonth.of(2025, 4), 60));
            assertThat(compute(YearMonth.of(2025, 4), BillingSetting.RHC, List.of(episode), later).codes()).containsExactly("G0512");
        }

        @Test
        void aYearWithoutRulesSuggestsNothingAndSaysSo() {
            Episode episode = cocm(LocalDate.of(2024, 3, 1), null, true);
            BillingMonth month = compute(YearMonth.of(2024, 3), BillingSetting.OFFICE, List.of(episode),
                    minutesOn(episode, YearMonth.of(2024, 3), 60));

            assertThat(month.rules()).isNull();
            assertThat(month.minutes()).isEqualTo(60);
            assertThat(month.codes()).isEmpty();
            assertThat(month.reasons()).containsExactly("Tandem has no billing rules for 2024");
        }

        @Test
        void everyRuleCitesItsSourceAndUnverifiedRulesSayWhy() {
            for (int year : BillingRules.YEARS) {
                for (BillingSetting setting : BillingSetting.values()) {
                    BillingRules.RuleSet rules = BillingRules.of(year, setting).orElseThrow();
                    assertThat(rules.codes()).allSatisfy(rule -> assertThat(rule.source()).isNotBlank());
                    if (setting == BillingSetting.OFFICE) {
                        assertThat(rules.codes()).allSatisfy(rule -> assertThat(rule.source()).contains("facts.md"));
                        assertThat(rules.verified()).isTrue();
                    }
                }
            }
            assertThat(BillingRules.of(2026, BillingSetting.FQHC).orElseThrow().codes()).filteredOn(BillingRules.CodeRule::verified)
                    .extracting(BillingRules.CodeRule::code).containsExactly("99492", "99493", "99494", "G2214");
            assertThat(BillingRules.of(2025, BillingSetting.RHC).orElseThrow().codes()).noneMatch(BillingRules.CodeRule::verified);
        }
    }

    // ---- helpers ----

    static Next next(BillingMonth month) {
        return month.parts().get(0).next();
    }

    static BillingMonth compute(YearMonth month, BillingSetting setting, List<Episode> episodes, List<TimeEntry> entries) {
        return BillingMonth.compute(PATIENT, month, ZONE, setting, episodes, entries);
    }

    static Episode cocm(LocalDate consentOn, LocalDate dischargedOn, boolean medicare) {
        return episode(BillingModel.COCM, consentOn, dischargedOn, medicare);
    }

    static Episode episode(BillingModel model, LocalDate consentOn, LocalDate dischargedOn, boolean medicare) {
        LocalDate start = consentOn == null ? LocalDate.of(2024, 1, 1) : consentOn.withDayOfMonth(1);
        Instant now = Instant.parse("2026-11-01T00:00:00Z");
        return new Episode(UUID.randomUUID(), PATIENT, EpisodeFocus.DEPRESSION,
                dischargedOn == null ? EpisodeStatus.ACTIVE : EpisodeStatus.DISCHARGED,
                dischargedOn == null ? null : DischargeReason.GOALS_MET, CARE_MANAGER, PCP, null, start, start, start, null,
                dischargedOn, null, null, consentOn, consentOn == null ? null : "verbal", consentOn == null ? null : "cm@example.org",
                model, medicare, List.of("phq-9"), 14, 28, false, null, null, null, now, now, 1);
    }

    static TimeEntry entry(Episode episode, LocalDateTime start, int minutes, ClinicianRole role) {
        return new TimeEntry(UUID.randomUUID(), episode.id(), episode.patient(), start.atZone(ZONE).toInstant(), minutes,
                ContactMode.PHONE, Activity.FOLLOW_UP, role, role == ClinicianRole.PCP ? PCP : CARE_MANAGER, "someone", null, null,
                start.atZone(ZONE).toInstant());
    }

    /** {@code minutes} of care-manager time in the month, as calls of at most 20 minutes on separate days from the 2nd. */
    static List<TimeEntry> minutesOn(Episode episode, YearMonth month, int minutes) {
        List<TimeEntry> entries = new ArrayList<>();
        int day = 2;
        for (int left = minutes; left > 0; left -= 20) {
            entries.add(entry(episode, month.atDay(day++).atTime(10, 0), Math.min(20, left), ClinicianRole.CARE_MANAGER));
        }
        return entries;
    }
}
