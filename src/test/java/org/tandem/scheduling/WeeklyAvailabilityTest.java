package org.tandem.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A template's blocks as minutes per weekday and hour, computed by hand. */
class WeeklyAvailabilityTest {

    static final UUID ANA = UUID.randomUUID();
    static final UUID BEN = UUID.randomUUID();

    static TemplateBlock block(UUID clinician, DayOfWeek day, String start, int minutes, BlockKind kind) {
        return new TemplateBlock(UUID.randomUUID(), clinician, day, LocalTime.parse(start), minutes, kind,
                kind == BlockKind.OPEN_ACCESS ? 30 : null);
    }

    final WeeklyAvailability week = WeeklyAvailability.of(List.of(
            block(ANA, DayOfWeek.MONDAY, "08:00", 60, BlockKind.COUNSELING),
            // 9:30-10:15: 30 minutes in the 9:00 hour, 15 in the 10:00 hour
            block(ANA, DayOfWeek.MONDAY, "09:30", 45, BlockKind.OPEN_ACCESS),
            // a second clinician's open access in the same hour adds up
            block(BEN, DayOfWeek.MONDAY, "09:00", 30, BlockKind.OPEN_ACCESS),
            block(ANA, DayOfWeek.MONDAY, "10:15", 15, BlockKind.ADMIN),
            // 13:50-14:10 across the hour
            block(BEN, DayOfWeek.TUESDAY, "13:50", 20, BlockKind.BRIEF),
            // 8:00-10:00 spans two whole hours
            block(BEN, DayOfWeek.WEDNESDAY, "08:00", 120, BlockKind.COUNSELING),
            // Sunday 23:30 to Monday 0:30
            block(ANA, DayOfWeek.SUNDAY, "23:30", 60, BlockKind.HUDDLE)));

    @Test
    void openAccessSplitsAcrossHoursAndAddsUpAcrossClinicians() {
        int[][] open = week.openAccess();
        assertThat(open[0][9]).isEqualTo(60);
        assertThat(open[0][10]).isEqualTo(15);
        assertThat(open[0][8]).isZero();
        assertThat(week.total(BlockKind.OPEN_ACCESS)).isEqualTo(75);
    }

    @Test
    void availableIsOpenAccessPlusAdminTime() {
        int[][] available = week.available();
        assertThat(available[0][9]).isEqualTo(60);
        assertThat(available[0][10]).isEqualTo(30);
        assertThat(available[0][8]).isZero();
        assertThat(sum(available)).isEqualTo(90);
    }

    @Test
    void bookableIsCounselingAndBriefVisits() {
        int[][] bookable = week.bookable();
        assertThat(bookable[0][8]).isEqualTo(60);
        assertThat(bookable[1][13]).isEqualTo(10);
        assertThat(bookable[1][14]).isEqualTo(10);
        assertThat(bookable[2][8]).isEqualTo(60);
        assertThat(bookable[2][9]).isEqualTo(60);
        assertThat(bookable[2][10]).isZero();
        assertThat(bookable[0][9]).as("open access is held for handoffs, not bookable in advance").isZero();
        assertThat(sum(bookable)).isEqualTo(60 + 20 + 120);
    }

    @Test
    void aBlockPastMidnightOnSundayGoesOnIntoMonday() {
        assertThat(week.minutes(BlockKind.HUDDLE, 6, 23)).isEqualTo(30);
        assertThat(week.minutes(BlockKind.HUDDLE, 0, 0)).isEqualTo(30);
        assertThat(week.total(BlockKind.HUDDLE)).isEqualTo(60);
    }

    @Test
    void gridsHandedOutAreCopies() {
        week.openAccess()[0][9] = 0;
        assertThat(week.openAccess()[0][9]).isEqualTo(60);
        assertThat(WeeklyAvailability.of(List.of()).total(BlockKind.OPEN_ACCESS)).isZero();
    }

    static int sum(int[][] cells) {
        int total = 0;
        for (int[] day : cells) {
            for (int m : day) {
                total += m;
            }
        }
        return total;
    }
}
