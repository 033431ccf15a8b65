package org.tandem.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tandem.platform.Role;
import org.tandem.practice.StaffMember;

/** The rules of a template's week, both sides of every bound, and where blocks fall on days of a time-zone change. */
class TemplateRulesTest {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    static final UUID JORDAN = UUID.randomUUID();
    static final UUID SAM = UUID.randomUUID();
    static final UUID PAT = UUID.randomUUID();
    static final Map<UUID, StaffMember> STAFF = Map.of(
            JORDAN, new StaffMember(JORDAN, "jordan@example.org", "Jordan Counselor", Set.of(Role.BHC), true, null),
            SAM, new StaffMember(SAM, "sam@example.org", "Sam Rivera", Set.of(Role.BHC, Role.CARE_MANAGER), true, null),
            PAT, new StaffMember(PAT, "pat@example.org", "Pat Primary", Set.of(Role.PCP), true, null));

    static BlockInput block(DayOfWeek day, String start, Integer minutes, BlockKind kind) {
        return new BlockInput(JORDAN, day, LocalTime.parse(start), minutes, kind, null);
    }

    static List<TemplateBlock> check(BlockInput... blocks) {
        return TemplateRules.check(List.of(blocks), STAFF);
    }

    @ParameterizedTest(name = "{0}: {1}-{2} minutes")
    @CsvSource({ "COUNSELING, 30, 90", "BRIEF, 10, 30", "OPEN_ACCESS, 15, 240", "ADMIN, 5, 480", "HUDDLE, 5, 60" })
    void eachKindTakesItsLengthsAndRefusesOneMinuteMoreOrLess(BlockKind kind, int min, int max) {
        assertThatCode(() -> check(block(DayOfWeek.MONDAY, "08:00", min, kind))).doesNotThrowAnyException();
        assertThatCode(() -> check(block(DayOfWeek.MONDAY, "08:00", max, kind))).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(block(DayOfWeek.MONDAY, "08:00", min - 1, kind)))
                .isInstanceOf(InvalidScheduleData.class).hasMessageContaining("lasts " + min + " to " + max + " minutes")
                .hasMessageContaining("has " + (min - 1));
        assertThatThrownBy(() -> check(block(DayOfWeek.MONDAY, "08:00", max + 1, kind)))
                .isInstanceOf(InvalidScheduleData.class).hasMessageContaining("has " + (max + 1));
    }

    @Test
    void theMessageNamesTheBlockInWordsAnAdminUnderstands() {
        assertThatThrownBy(() -> check(block(DayOfWeek.TUESDAY, "09:00", 25, BlockKind.COUNSELING)))
                .hasMessage("A counseling visit lasts 30 to 90 minutes; the counseling visit of Jordan Counselor on Tuesday at 09:00 has 25");
        assertThatThrownBy(() -> check(block(DayOfWeek.TUESDAY, "09:00", 4, BlockKind.ADMIN)))
                .hasMessageStartingWith("An admin time block lasts 5 to 480 minutes");
    }

    @Test
    void aBlockStartsAndEndsWithinItsDay() {
        assertThatCode(() -> check(block(DayOfWeek.FRIDAY, "23:30", 30, BlockKind.OPEN_ACCESS))).doesNotThrowAnyException();
        assertThatCode(() -> check(block(DayOfWeek.FRIDAY, "00:00", 30, BlockKind.BRIEF))).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(block(DayOfWeek.FRIDAY, "23:31", 30, BlockKind.OPEN_ACCESS)))
                .hasMessageContaining("ends after midnight");
        assertThatThrownBy(() -> check(new BlockInput(JORDAN, DayOfWeek.FRIDAY, LocalTime.of(9, 0, 30), 30, BlockKind.BRIEF, null)))
                .hasMessageContaining("whole minutes");
    }

    @Test
    void blocksOfOneClinicianMayTouchButNotOverlap() {
        assertThatCode(() -> check(block(DayOfWeek.MONDAY, "09:00", 50, BlockKind.COUNSELING),
                block(DayOfWeek.MONDAY, "09:50", 50, BlockKind.COUNSELING))).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(block(DayOfWeek.MONDAY, "09:00", 50, BlockKind.COUNSELING),
                block(DayOfWeek.MONDAY, "09:49", 30, BlockKind.BRIEF)))
                .isInstanceOf(InvalidScheduleData.class)
                .hasMessage("Jordan Counselor's blocks overlap on Monday: 09:00-09:50 counseling visit and 09:49-10:19 brief visit");
        // a block inside a longer one
        assertThatThrownBy(() -> check(block(DayOfWeek.MONDAY, "08:00", 240, BlockKind.ADMIN),
                block(DayOfWeek.MONDAY, "11:00", 15, BlockKind.HUDDLE), block(DayOfWeek.MONDAY, "12:00", 30, BlockKind.BRIEF)))
                .hasMessageContaining("08:00-12:00 admin time block and 11:00-11:15 huddle");
        // another day, another clinician: no overlap
        assertThatCode(() -> TemplateRules.check(List.of(block(DayOfWeek.MONDAY, "09:00", 50, BlockKind.COUNSELING),
                block(DayOfWeek.TUESDAY, "09:00", 50, BlockKind.COUNSELING),
                new BlockInput(SAM, DayOfWeek.MONDAY, LocalTime.of(9, 0), 50, BlockKind.COUNSELING, null)), STAFF))
                .doesNotThrowAnyException();
    }

    @Test
    void onlyBehavioralHealthCliniciansOfThePracticeHaveBlocks() {
        assertThatThrownBy(() -> TemplateRules.check(List.of(new BlockInput(PAT, DayOfWeek.MONDAY, LocalTime.of(9, 0), 30,
                BlockKind.BRIEF, null)), STAFF)).hasMessageContaining("Pat Primary is not a behavioral health clinician (BHC)");
        assertThatThrownBy(() -> TemplateRules.check(List.of(new BlockInput(UUID.randomUUID(), DayOfWeek.MONDAY, LocalTime.of(9, 0),
                30, BlockKind.BRIEF, null)), STAFF)).hasMessageContaining("is not a staff member of this practice");
        assertThatThrownBy(() -> TemplateRules.check(List.of(new BlockInput(null, null, null, null, null, null)), STAFF))
                .isInstanceOf(InvalidScheduleData.class)
                .satisfies(e -> assertThat(((InvalidScheduleData) e).problems()).containsExactly(
                        "Choose the behavioral health clinician of the block", "Choose the day of the week of the block",
                        "Choose the kind of the block", "Enter the start time of the block", "Enter how many minutes the block lasts"));
    }

    @Test
    void openAccessReleaseIsZeroTo240MinutesAndDefaultsTo30() {
        List<TemplateBlock> blocks = check(new BlockInput(JORDAN, DayOfWeek.MONDAY, LocalTime.of(8, 0), 60, BlockKind.OPEN_ACCESS, null),
                new BlockInput(JORDAN, DayOfWeek.MONDAY, LocalTime.of(9, 0), 60, BlockKind.OPEN_ACCESS, 0),
                new BlockInput(JORDAN, DayOfWeek.MONDAY, LocalTime.of(10, 0), 60, BlockKind.OPEN_ACCESS, 240));
        assertThat(blocks).extracting(TemplateBlock::releaseMinutes).containsExactly(30, 0, 240);
        assertThatThrownBy(() -> check(new BlockInput(JORDAN, DayOfWeek.MONDAY, LocalTime.of(8, 0), 60, BlockKind.OPEN_ACCESS, -1)))
                .hasMessageContaining("0 (never) to 240 minutes before it starts").hasMessageContaining("has -1");
        assertThatThrownBy(() -> check(new BlockInput(JORDAN, DayOfWeek.MONDAY, LocalTime.of(8, 0), 60, BlockKind.OPEN_ACCESS, 241)))
                .hasMessageContaining("has 241");
        assertThatThrownBy(() -> check(new BlockInput(JORDAN, DayOfWeek.MONDAY, LocalTime.of(8, 0), 50, BlockKind.COUNSELING, 30)))
                .hasMessageContaining("Only open-access slots have a release time");
        assertThat(check(block(DayOfWeek.MONDAY, "08:00", 50, BlockKind.COUNSELING)).get(0).releaseMinutes()).isNull();
    }

    @Test
    void aBlockKeepsItsLocalTimeAcrossTheChangeToDaylightSavingTime() {
        TemplateBlock nine = check(block(DayOfWeek.MONDAY, "09:00", 50, BlockKind.COUNSELING)).get(0);
        // Chicago: CST (UTC-6) until Sunday 8 March 2026 02:00, then CDT (UTC-5)
        SlotGenerator.Occurrence before = SlotGenerator.occurrence(nine, UUID.randomUUID(), LocalDate.of(2026, 3, 2), CHICAGO);
        SlotGenerator.Occurrence after = SlotGenerator.occurrence(nine, UUID.randomUUID(), LocalDate.of(2026, 3, 9), CHICAGO);
        assertThat(before.start()).isEqualTo(Instant.parse("2026-03-02T15:00:00Z"));
        assertThat(after.start()).isEqualTo(Instant.parse("2026-03-09T14:00:00Z"));
        assertThat(after.end()).isEqualTo(Instant.parse("2026-03-09T14:50:00Z"));
    }

    @Test
    void onTheDayOfTheChangeABlockAcrossTheMissingHourIsAnHourShorterAndReleaseCountsRealMinutes() {
        TemplateBlock night = check(new BlockInput(JORDAN, DayOfWeek.SUNDAY, LocalTime.of(1, 30), 120, BlockKind.OPEN_ACCESS, 60)).get(0);
        SlotGenerator.Occurrence o = SlotGenerator.occurrence(night, UUID.randomUUID(), LocalDate.of(2026, 3, 8), CHICAGO);
        // 01:30 CST = 07:30Z; 03:30 CDT = 08:30Z: one real hour
        assertThat(o.start()).isEqualTo(Instant.parse("2026-03-08T07:30:00Z"));
        assertThat(o.end()).isEqualTo(Instant.parse("2026-03-08T08:30:00Z"));
        assertThat(Duration.between(o.start(), o.end())).isEqualTo(Duration.ofHours(1));
        assertThat(o.releaseAt()).isEqualTo(Instant.parse("2026-03-08T06:30:00Z"));
        // back to CST on Sunday 1 November 2026: the same block lasts three real hours
        SlotGenerator.Occurrence fall = SlotGenerator.occurrence(night, UUID.randomUUID(), LocalDate.of(2026, 11, 1), CHICAGO);
        assertThat(Duration.between(fall.start(), fall.end())).isEqualTo(Duration.ofHours(3));
        // a block ending at midnight ends at the start of the next day
        TemplateBlock late = check(block(DayOfWeek.MONDAY, "23:30", 30, BlockKind.BRIEF)).get(0);
        assertThat(SlotGenerator.occurrence(late, UUID.randomUUID(), LocalDate.of(2026, 3, 9), CHICAGO).end())
                .isEqualTo(Instant.parse("2026-03-10T05:00:00Z"));
    }

    @Test
    void aSlotIsBookedHeldUnavailableOrFree() {
        Instant now = Instant.parse("2026-03-02T15:00:00Z");
        UUID appointment = UUID.randomUUID();
        assertThat(Schedules.status(BlockKind.COUNSELING, null, appointment, now)).isEqualTo(SlotStatus.BOOKED);
        assertThat(Schedules.status(BlockKind.OPEN_ACCESS, now.minusSeconds(1), appointment, now)).isEqualTo(SlotStatus.BOOKED);
        assertThat(Schedules.status(BlockKind.ADMIN, null, null, now)).isEqualTo(SlotStatus.UNAVAILABLE);
        assertThat(Schedules.status(BlockKind.HUDDLE, null, null, now)).isEqualTo(SlotStatus.UNAVAILABLE);
        assertThat(Schedules.status(BlockKind.OPEN_ACCESS, now.plusSeconds(1), null, now)).isEqualTo(SlotStatus.HELD);
        assertThat(Schedules.status(BlockKind.OPEN_ACCESS, now, null, now)).isEqualTo(SlotStatus.FREE);
        assertThat(Schedules.status(BlockKind.OPEN_ACCESS, null, null, now)).as("never released").isEqualTo(SlotStatus.HELD);
        assertThat(Schedules.status(BlockKind.BRIEF, null, null, now)).isEqualTo(SlotStatus.FREE);
    }
}
