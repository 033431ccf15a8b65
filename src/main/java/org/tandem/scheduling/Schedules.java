package org.tandem.scheduling;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.platform.TenantJdbc;

/**
 * The slots the active template generated (FHIR Schedule per clinician, Slot), and what a clinician is scheduled for.
 * <p>
 * Slots of the caller's practice, for anyone working in it; a slot names its appointment by id only, so reading slots
 * is not reading patient data. A slot's status is computed at the time of reading (the injected clock):
 * {@link SlotStatus#BOOKED} when an appointment is in it, {@link SlotStatus#UNAVAILABLE} for admin time and huddles,
 * {@link SlotStatus#HELD} for an open-access slot before its release time (always, when its template never releases
 * it), otherwise {@link SlotStatus#FREE} (also for a slot in the past: booking refuses those).
 */
@Component
public class Schedules {

    private final TenantJdbc jdbc;
    private final SlotGenerator generator;
    private final Clock clock;

    Schedules(TenantJdbc jdbc, SlotGenerator generator, Clock clock) {
        this.jdbc = jdbc;
        this.generator = generator;
        this.clock = clock;
    }

    /** Slots of one clinician (or all when null) overlapping [from, to), by start. */
    @Transactional(readOnly = true)
    public List<Slot> slots(UUID clinician, Instant from, Instant to) {
        Map<String, Object> params = new HashMap<>();
        params.put("from", SlotGenerator.utc(from));
        params.put("to", SlotGenerator.utc(to));
        String byClinician = "";
        if (clinician != null) {
            byClinician = " AND clinician_id = :clinician";
            params.put("clinician", clinician);
        }
        Instant now = clock.instant();
        return jdbc.current().query("SELECT * FROM schedule_slot WHERE practice_id = :practiceId" + byClinician
                + " AND start_at < :to AND end_at > :from ORDER BY start_at, clinician_id, id", params, (rs, n) -> toSlot(rs, now));
    }

    /** One slot of the caller's practice. */
    @Transactional(readOnly = true)
    public Optional<Slot> slot(UUID id) {
        Instant now = clock.instant();
        return jdbc.current().queryOne("SELECT * FROM schedule_slot WHERE practice_id = :practiceId AND id = :id", Map.of("id", id),
                (rs, n) -> toSlot(rs, now));
    }

    /**
     * The block a clinician is scheduled for at an instant (with its appointment, if one is booked): the slot with
     * {@code start <= instant < end}, of any kind (admin time and huddles included); a booked one first should a kept
     * booked visit and a newer slot ever overlap. Empty when the clinician has no slot then.
     */
    @Transactional(readOnly = true)
    public Optional<Slot> at(UUID clinician, Instant instant) {
        Instant now = clock.instant();
        return jdbc.current().query("SELECT * FROM schedule_slot WHERE practice_id = :practiceId AND clinician_id = :clinician "
                + "AND start_at <= :at AND end_at > :at ORDER BY CASE WHEN appointment_id IS NULL THEN 1 ELSE 0 END, start_at DESC",
                Map.of("clinician", clinician, "at", SlotGenerator.utc(instant)), (rs, n) -> toSlot(rs, now)).stream().findFirst();
    }

    /** The earliest slots bookable now (free, or open access past its release) starting after an instant. */
    @Transactional(readOnly = true)
    public List<Slot> nextBookable(Instant after, int limit) {
        return nextBookable(null, after, limit);
    }

    /**
     * The earliest slots of one clinician (or all when null) bookable now: counseling and brief visits, and open-access
     * slots past their release time, without an appointment, starting after an instant and after now; by start.
     */
    @Transactional(readOnly = true)
    public List<Slot> nextBookable(UUID clinician, Instant after, int limit) {
        Instant now = clock.instant();
        Instant from = after == null || after.isBefore(now) ? now : after;
        Map<String, Object> params = new HashMap<>();
        params.put("after", SlotGenerator.utc(from));
        params.put("now", SlotGenerator.utc(now));
        params.put("limit", Math.max(1, Math.min(limit, 500)));
        String byClinician = "";
        if (clinician != null) {
            byClinician = " AND clinician_id = :clinician";
            params.put("clinician", clinician);
        }
        return jdbc.current().query("SELECT * FROM schedule_slot WHERE practice_id = :practiceId" + byClinician
                + " AND appointment_id IS NULL AND start_at > :after AND (kind IN ('counseling', 'brief') "
                + "OR (kind = 'open-access' AND release_at IS NOT NULL AND release_at <= :now)) "
                + "ORDER BY start_at, clinician_id, id LIMIT :limit", params, (rs, n) -> toSlot(rs, now));
    }

    /**
     * Open-access slots without an appointment that have not ended by an instant, held or released, by start: what a
     * warm handoff's fallback may book at once ({@link AppointmentSource#HANDOFF_FALLBACK}).
     */
    @Transactional(readOnly = true)
    public List<Slot> nextOpenAccess(Instant after, int limit) {
        Instant now = clock.instant();
        Instant from = after == null || after.isBefore(now) ? now : after;
        return jdbc.current().query("SELECT * FROM schedule_slot WHERE practice_id = :practiceId AND kind = 'open-access' "
                + "AND appointment_id IS NULL AND end_at > :after ORDER BY start_at, clinician_id, id LIMIT :limit",
                Map.of("after", SlotGenerator.utc(from), "limit", Math.max(1, Math.min(limit, 500))), (rs, n) -> toSlot(rs, now));
    }

    /** How many weeks ahead slots are kept ({@code tandem.scheduling.horizon-weeks}). */
    public int horizonWeeks() {
        return generator.horizonWeeks();
    }

    static Slot toSlot(ResultSet rs, Instant now) throws SQLException {
        BlockKind kind = BlockKind.ofCode(rs.getString("kind"));
        UUID appointment = rs.getObject("appointment_id", UUID.class);
        Instant release = SlotGenerator.instant(rs, "release_at");
        return new Slot(rs.getObject("id", UUID.class), rs.getObject("template_id", UUID.class), rs.getObject("block_id", UUID.class),
                rs.getObject("clinician_id", UUID.class), SlotGenerator.instant(rs, "start_at"), SlotGenerator.instant(rs, "end_at"),
                kind, release, appointment, status(kind, release, appointment, now));
    }

    /** A slot's status at an instant (see the class comment). */
    static SlotStatus status(BlockKind kind, Instant releaseAt, UUID appointment, Instant now) {
        if (appointment != null) {
            return SlotStatus.BOOKED;
        }
        if (!kind.bookable()) {
            return SlotStatus.UNAVAILABLE;
        }
        if (kind == BlockKind.OPEN_ACCESS && (releaseAt == null || now.isBefore(releaseAt))) {
            return SlotStatus.HELD;
        }
        return SlotStatus.FREE;
    }
}
