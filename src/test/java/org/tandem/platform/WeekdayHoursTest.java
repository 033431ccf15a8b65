package org.tandem.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Instants placed in local weekdays and hours, including zones offset by half and three quarters of an hour. */
class WeekdayHoursTest {

    static void add(int[][] counts, String instant, String zone) {
        WeekdayHours.add(counts, Instant.parse(instant), ZoneId.of(zone));
    }

    @Test
    void instantsLandInTheLocalHourOfHalfHourAndQuarterHourZones() {
        int[][] india = new int[7][24];
        // Monday 2 March 2026 in Asia/Kolkata (UTC+5:30): 03:15 UTC is 08:45, 03:30 UTC is 09:00
        add(india, "2026-03-02T03:15:00Z", "Asia/Kolkata");
        add(india, "2026-03-02T03:29:59Z", "Asia/Kolkata");
        add(india, "2026-03-02T03:30:00Z", "Asia/Kolkata");
        assertThat(india[0][8]).isEqualTo(2);
        assertThat(india[0][9]).isEqualTo(1);

        int[][] nepal = new int[7][24];
        // Asia/Kathmandu (UTC+5:45): 03:14 UTC is 08:59, 03:15 UTC is 09:00
        add(nepal, "2026-03-02T03:14:00Z", "Asia/Kathmandu");
        add(nepal, "2026-03-02T03:15:00Z", "Asia/Kathmandu");
        assertThat(nepal[0][8]).isEqualTo(1);
        assertThat(nepal[0][9]).isEqualTo(1);
    }

    @Test
    void sundayEveningInChicagoIsMondayInUtc() {
        int[][] counts = new int[7][24];
        add(counts, "2026-03-09T04:30:00Z", "America/Chicago");
        assertThat(counts[6][23]).isEqualTo(1);
        assertThat(counts[0][4]).isZero();
    }
}
