package org.tandem.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** UTC quarter hours placed in local weekdays and hours, including zones offset by half and three quarters of an hour. */
class WeekdayHoursTest {

    static long quarter(String instant) {
        return Math.floorDiv(Instant.parse(instant).getEpochSecond(), 900);
    }

    @Test
    void quarterHoursLandInTheLocalHourOfHalfHourAndQuarterHourZones() {
        int[][] india = new int[7][24];
        // Monday 2 March 2026 in Asia/Kolkata (UTC+5:30): 03:15 UTC is 08:45, 03:30 UTC is 09:00
        WeekdayHours.add(india, quarter("2026-03-02T03:15:00Z"), 2, ZoneId.of("Asia/Kolkata"));
        WeekdayHours.add(india, quarter("2026-03-02T03:44:59Z"), 1, ZoneId.of("Asia/Kolkata"));
        assertThat(india[0][8]).isEqualTo(2);
        assertThat(india[0][9]).isEqualTo(1);

        int[][] nepal = new int[7][24];
        // Asia/Kathmandu (UTC+5:45): 03:15 UTC is 09:00 local
        WeekdayHours.add(nepal, quarter("2026-03-02T03:00:00Z"), 1, ZoneId.of("Asia/Kathmandu"));
        WeekdayHours.add(nepal, quarter("2026-03-02T03:15:00Z"), 1, ZoneId.of("Asia/Kathmandu"));
        assertThat(nepal[0][8]).isEqualTo(1);
        assertThat(nepal[0][9]).isEqualTo(1);
    }

    @Test
    void sundayEveningInChicagoIsMondayInUtc() {
        int[][] counts = new int[7][24];
        WeekdayHours.add(counts, quarter("2026-03-09T04:30:00Z"), 1, ZoneId.of("America/Chicago"));
        assertThat(counts[6][23]).isEqualTo(1);
        int[][] beforeEpoch = new int[7][24];
        WeekdayHours.add(beforeEpoch, quarter("1969-12-31T23:50:00Z"), 1, ZoneId.of("UTC"));
        assertThat(beforeEpoch[2][23]).as("Wednesday 31 December 1969, 23:00").isEqualTo(1);
    }

    @Test
    void theSqlExpressionNamesTheColumn() {
        assertThat(WeekdayHours.quarterHourOf("start_at")).isEqualTo("CAST(FLOOR(EXTRACT(EPOCH FROM start_at) / 900) AS BIGINT)");
    }
}
