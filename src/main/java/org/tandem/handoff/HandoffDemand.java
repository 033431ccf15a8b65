package org.tandem.handoff;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.OffsetDateTime;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.platform.PracticeId;
import org.tandem.platform.TenantJdbc;
import org.tandem.scheduling.DemandKind;
import org.tandem.scheduling.DemandSource;

/** Warm handoff requests by weekday and hour of the practice's day, for the demand profile (counts only). */
@Component
class HandoffDemand implements DemandSource {

    private final TenantJdbc jdbc;

    HandoffDemand(TenantJdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public DemandKind kind() {
        return DemandKind.HANDOFF_REQUESTS;
    }

    @Override
    @Transactional(readOnly = true)
    public int[][] countsByWeekdayHour(PracticeId practice, Instant from, Instant to, ZoneId zone) {
        int[][] counts = new int[7][24];
        jdbc.forPractice(practice).query("SELECT requested_at FROM handoff_request WHERE practice_id = :practiceId "
                + "AND requested_at >= :from AND requested_at < :to", Map.of("from", Handoffs.utc(from), "to", Handoffs.utc(to)), (rs, n) -> {
                    ZonedDateTime local = rs.getObject(1, OffsetDateTime.class).atZoneSameInstant(zone);
                    counts[local.getDayOfWeek().getValue() - 1][local.getHour()]++;
                    return null;
                });
        return counts;
    }
}
