package org.tandem.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Cql#day} (an offset table per zone) gives exactly the day {@link LocalDate#ofInstant} gives. */
class CqlDayTest {

    @Test
    void sameDayAsTheJdkForRandomInstantsAndAroundTransitions() {
        Random random = new Random(2);
        for (String id : new String[] { "America/Chicago", "America/New_York", "Europe/Madrid", "Australia/Lord_Howe", "Asia/Kolkata",
                "UTC", "Pacific/Apia", "America/Sao_Paulo" }) {
            ZoneId zone = ZoneId.of(id);
            for (int i = 0; i < 200_000; i++) {
                // 1850 to 2150: inside and outside the table
                Instant t = Instant.ofEpochSecond(-3_786_825_600L + (long) (random.nextDouble() * 9_467_280_000L));
                assertThat(Cql.day(t, zone)).as("%s at %s", t, id).isEqualTo(LocalDate.ofInstant(t, zone));
            }
            var transition = zone.getRules().nextTransition(Instant.parse("2025-01-01T00:00:00Z"));
            if (transition != null) {
                for (long s = -90_000; s <= 90_000; s += 60) {
                    Instant t = transition.getInstant().plusSeconds(s);
                    assertThat(Cql.day(t, zone)).as("%s at %s", t, id).isEqualTo(LocalDate.ofInstant(t, zone));
                }
            }
        }
        assertThat(Cql.day(Cql.MIN, ZoneId.of("UTC"))).isEqualTo(LocalDate.MIN);
        assertThat(Cql.day(Cql.MAX, ZoneId.of("UTC"))).isEqualTo(LocalDate.MAX);
    }
}
