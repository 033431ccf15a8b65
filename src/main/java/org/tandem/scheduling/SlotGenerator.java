package org.tandem.scheduling;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.platform.TenantJdbc;
import org.tandem.practice.Practices;

/**
 * Turns templates into slots. Each day of a practice's calendar is governed by the template whose period
 * [activated_on, effective_until) holds it; its blocks occur on that day at their local times in the practice's time
 * zone (so a 9:00 block stays at 9:00 across daylight saving changes). Slots are kept for a rolling horizon of
 * {@code tandem.scheduling.horizon-weeks} (default 8) weeks from today; slots that would start in the past, or overlap
 * a slot the clinician already has (a booked visit kept from the previous template), are not made.
 */
@Component
class SlotGenerator {

    private final TenantJdbc jdbc;
    private final Practices practices;
    private final Clock clock;
    private final int horizonWeeks;

    SlotGenerator(TenantJdbc jdbc, Practices practices, Clock clock,
            @Value("${tandem.scheduling.horizon-weeks:8}") int horizonWeeks) {
        if (horizonWeeks < 1 || horizonWeeks > 52) {
            throw new IllegalArgumentException("tandem.scheduling.horizon-weeks must be 1 to 52, not " + horizonWeeks);
        }
        this.jdbc = jdbc;
        this.practices = practices;
        this.clock = clock;
        this.horizonWeeks = horizonWeeks;
    }

    int horizonWeeks() {
        return horizonWeeks;
    }

    /** One occurrence of a block on a date. */
    record Occurrence(TemplateBlock block, UUID template, LocalDate date, Instant start, Instant end, Instant releaseAt) {

        boolean overlaps(Instant otherStart, Instant otherEnd) {
            return start.isBefore(otherEnd) && otherStart.isBefore(end);
        }
    }

    /**
     * Where a block falls on a date: its local start and end (which may be midnight of the next day) in the zone,
     * and for open access the release instant (null when it is never released).
     */
    static Occurrence occurrence(TemplateBlock block, UUID template, LocalDate date, ZoneId zone) {
        int startMinute = TemplateRules.minuteOfDay(block.start());
        Instant start = date.atStartOfDay().plusMinutes(startMinute).atZone(zone).toInstant();
        Instant end = date.atStartOfDay().plusMinutes(startMinute + block.minutes()).atZone(zone).toInstant();
        if (!end.isAfter(start)) {
            end = start.plusSeconds(60L * block.minutes());
        }
        Instant release = null;
        if (block.kind() == BlockKind.OPEN_ACCESS && block.releaseMinutes() != null && block.releaseMinutes() > 0) {
            release = start.minusSeconds(60L * block.releaseMinutes());
        }
        return new Occurrence(block, template, date, start, end, release);
    }

    /** Extends the practice's slots to the horizon; returns how many were made. */
    @Transactional
    int extend(TenantJdbc.Scoped sql) {
        ZoneId zone = practices.zoneOf(sql.practiceId());
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate end = today.plusWeeks(horizonWeeks);
        record Period(UUID id, LocalDate from, LocalDate until) {
        }
        // the lock serializes generation with activation and with another generation of the same practice
        List<Period> periods = sql.query("SELECT id, activated_on, effective_until FROM schedule_template "
                + "WHERE practice_id = :practiceId AND status IN ('active', 'retired') AND activated_on < :end "
                + "AND (effective_until IS NULL OR effective_until > :today) FOR UPDATE",
                Map.of("end", end, "today", today), (rs, n) -> new Period(rs.getObject("id", UUID.class),
                        rs.getObject("activated_on", LocalDate.class), rs.getObject("effective_until", LocalDate.class)));
        if (periods.isEmpty()) {
            return 0;
        }
        Instant windowStart = today.atStartOfDay(zone).toInstant();
        Instant windowEnd = end.plusDays(1).atStartOfDay(zone).toInstant();
        Map<UUID, List<Instant[]>> taken = new HashMap<>();
        sql.query("SELECT clinician_id, start_at, end_at FROM schedule_slot WHERE practice_id = :practiceId "
                + "AND start_at < :to AND end_at > :from", Map.of("from", utc(windowStart), "to", utc(windowEnd)), (rs, n) -> {
                    taken.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                            .add(new Instant[] { instant(rs, 2), instant(rs, 3) });
                    return null;
                });
        List<Map<String, ?>> rows = new ArrayList<>();
        for (Period period : periods) {
            List<TemplateBlock> blocks = Templates.blocksOf(sql, period.id());
            LocalDate first = period.from().isAfter(today) ? period.from() : today;
            LocalDate last = period.until() == null || period.until().isAfter(end) ? end : period.until();
            for (LocalDate date = first; date.isBefore(last); date = date.plusDays(1)) {
                DayOfWeek day = date.getDayOfWeek();
                for (TemplateBlock block : blocks) {
                    if (block.day() != day) {
                        continue;
                    }
                    Occurrence o = occurrence(block, period.id(), date, zone);
                    if (o.start().isBefore(now)) {
                        continue;
                    }
                    List<Instant[]> mine = taken.computeIfAbsent(block.clinician(), k -> new ArrayList<>());
                    if (mine.stream().anyMatch(t -> o.overlaps(t[0], t[1]))) {
                        continue;
                    }
                    mine.add(new Instant[] { o.start(), o.end() });
                    rows.add(row(o));
                }
            }
        }
        if (!rows.isEmpty()) {
            sql.batchUpdate("INSERT INTO schedule_slot (practice_id, id, template_id, block_id, clinician_id, start_at, end_at, kind, "
                    + "release_at, appointment_id, version) VALUES (:practiceId, :id, :template, :block, :clinician, :start, :end, "
                    + ":kind, :release, NULL, 1)", rows);
        }
        return rows.size();
    }

    /** Extends the slots of one practice (the daily job, trusted callers). */
    @Transactional
    int extend(org.tandem.platform.PracticeId practice) {
        return extend(jdbc.forPractice(practice));
    }

    /** Removes slots without an appointment that start at or after an instant; returns how many. */
    int removeUnbookedFrom(TenantJdbc.Scoped sql, Instant cut) {
        return sql.update("DELETE FROM schedule_slot WHERE practice_id = :practiceId AND appointment_id IS NULL AND start_at >= :cut",
                Map.of("cut", utc(cut)));
    }

    /** Booked slots that start at or after an instant (kept when another template takes over). */
    int bookedFrom(TenantJdbc.Scoped sql, Instant cut) {
        return sql.queryValue("SELECT COUNT(*) FROM schedule_slot WHERE practice_id = :practiceId AND appointment_id IS NOT NULL "
                + "AND start_at >= :cut", Map.of("cut", utc(cut)), Integer.class);
    }

    private static Map<String, ?> row(Occurrence o) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", UUID.randomUUID());
        row.put("template", o.template());
        row.put("block", o.block().id());
        row.put("clinician", o.block().clinician());
        row.put("start", utc(o.start()));
        row.put("end", utc(o.end()));
        row.put("kind", o.block().kind().code());
        row.put("release", o.releaseAt() == null ? null : utc(o.releaseAt()));
        return row;
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static LocalTime time(int minuteOfDay) {
        return LocalTime.of(minuteOfDay / 60, minuteOfDay % 60);
    }
}
