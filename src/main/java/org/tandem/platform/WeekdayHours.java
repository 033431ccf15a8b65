package org.tandem.platform;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;

/**
 * Counts of events by weekday and hour local to a practice's time zone, for the demand profile. The query reads only
 * the events' timestamp column and Java places each instant in its local weekday and hour, so daylight saving changes
 * land where a clock on the wall shows them: the hour repeated in autumn counts twice in its cell, the hour skipped in
 * spring stays empty. (Grouping in SQL by the UTC quarter hour, with {@code EXTRACT(EPOCH ...)}, gives the same counts
 * on H2 and PostgreSQL but measured 2 to 40 times slower on H2 for 50,000 visits and no faster on PostgreSQL; reading
 * 50,000 timestamps takes some 30-60 ms on H2 and 100-270 ms on PostgreSQL.)
 */
public final class WeekdayHours {

    private WeekdayHours() {
    }

    /**
     * Counts the rows of a practice-scoped {@code FROM ... WHERE ...} clause by the local weekday and hour of one of their
     * {@code TIMESTAMP WITH TIME ZONE} columns (rows where it is null are not counted).
     *
     * @param fromWhere the statement's FROM and WHERE clauses (must filter by {@code :practiceId})
     * @return counts[weekday 0 = Monday .. 6 = Sunday][hour 0..23]
     */
    public static int[][] count(TenantJdbc.Scoped sql, String column, String fromWhere, Map<String, ?> params, ZoneId zone) {
        int[][] counts = new int[7][24];
        sql.query("SELECT " + column + " " + fromWhere, params, (rs, n) -> {
            OffsetDateTime at = rs.getObject(1, OffsetDateTime.class);
            if (at != null) {
                add(counts, at.toInstant(), zone);
            }
            return null;
        });
        return counts;
    }

    /** Adds one event to its local weekday and hour. */
    static void add(int[][] counts, Instant instant, ZoneId zone) {
        ZonedDateTime local = instant.atZone(zone);
        counts[local.getDayOfWeek().getValue() - 1][local.getHour()]++;
    }
}
