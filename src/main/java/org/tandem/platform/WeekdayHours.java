package org.tandem.platform;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;

/**
 * Counts of events by weekday and hour local to a practice's time zone, for the demand profile and the handoff
 * metrics. The database groups the events by UTC quarter hour with an expression that H2 and PostgreSQL evaluate
 * alike ({@link #quarterHourOf}); Java then places each quarter hour in its local weekday and hour. Every time zone in
 * use today is offset from UTC by a whole number of quarter hours (+5:30, +5:45, -3:30 included), so a UTC quarter hour
 * never straddles two local hours, and daylight saving changes land where a clock on the wall shows them: the hour
 * repeated in autumn counts twice in its cell, the hour skipped in spring stays empty.
 */
public final class WeekdayHours {

    /** Length of the grouping unit in seconds. */
    static final int QUARTER = 900;

    private WeekdayHours() {
    }

    /** SQL numbering the UTC quarter hour of a {@code TIMESTAMP WITH TIME ZONE} column (H2 and PostgreSQL). */
    public static String quarterHourOf(String column) {
        return "CAST(FLOOR(EXTRACT(EPOCH FROM " + column + ") / " + QUARTER + ") AS BIGINT)";
    }

    /**
     * Counts the rows of a practice-scoped {@code FROM ... WHERE ...} clause by the local weekday and hour of one of their
     * timestamp columns, in one grouped query.
     *
     * @param fromWhere the statement's FROM and WHERE clauses (must filter by {@code :practiceId})
     * @return counts[weekday 0 = Monday .. 6 = Sunday][hour 0..23]
     */
    public static int[][] count(TenantJdbc.Scoped sql, String column, String fromWhere, Map<String, ?> params, ZoneId zone) {
        String quarter = quarterHourOf(column);
        int[][] counts = new int[7][24];
        sql.query("SELECT " + quarter + " AS quarter_hour, COUNT(*) AS events " + fromWhere + " GROUP BY " + quarter, params,
                (rs, n) -> {
                    add(counts, rs.getLong("quarter_hour"), rs.getInt("events"), zone);
                    return null;
                });
        return counts;
    }

    /** Adds events of one UTC quarter hour (numbered from the epoch) to their local weekday and hour. */
    static void add(int[][] counts, long quarterHour, int events, ZoneId zone) {
        ZonedDateTime local = Instant.ofEpochSecond(quarterHour * QUARTER).atZone(zone);
        counts[local.getDayOfWeek().getValue() - 1][local.getHour()] += events;
    }
}
