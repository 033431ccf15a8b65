package org.tandem.scheduling;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientNotFound;
import org.tandem.patient.Patients;
import org.tandem.patient.VersionConflict;
import org.tandem.platform.Actor;
import org.tandem.platform.TenantJdbc;
import org.tandem.practice.Practices;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditEntry;
import org.tandem.privacy.AuditOutcome;
import org.tandem.privacy.AuditTrail;
import org.tandem.privacy.DataCategory;
import org.tandem.privacy.Operation;

/**
 * Visits booked with behavioral health clinicians. Booking claims the slot with a conditional update, so two people
 * booking the same slot at once get one appointment and one clear refusal. Reads pass the access policy; writes are
 * audited.
 * <p>
 * Appointments are patient data of the category {@link DataCategory#ENCOUNTERS}: booking and status changes need
 * the access policy's CREATE / UPDATE of encounters (front desk, medical assistants and clinicians; not practice
 * admins), reading needs READ (anyone working in the practice). Each read of one patient's appointments and each
 * write is audited with resource type "Appointment"; a schedule read ({@link #between}) is audited once per patient
 * in it. A refused booking or status change throws {@link InvalidScheduleData} with the reason in words a clinician
 * understands, or {@link VersionConflict} for a stale version; nothing changes then. An unknown id throws
 * {@link PatientNotFound}.
 */
@Component
public class Appointments {

    static final String RESOURCE = "Appointment";
    static final int REASON_MAX = 500;
    static final String TAKEN = "This slot was just booked by someone else — pick another";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    /** The status changes a visit may go through. */
    static final Map<AppointmentStatus, Set<AppointmentStatus>> NEXT = Map.of(
            AppointmentStatus.BOOKED, EnumSet.of(AppointmentStatus.ARRIVED, AppointmentStatus.NOSHOW, AppointmentStatus.CANCELLED),
            AppointmentStatus.ARRIVED, EnumSet.of(AppointmentStatus.FULFILLED),
            AppointmentStatus.FULFILLED, EnumSet.noneOf(AppointmentStatus.class),
            AppointmentStatus.NOSHOW, EnumSet.noneOf(AppointmentStatus.class),
            AppointmentStatus.CANCELLED, EnumSet.noneOf(AppointmentStatus.class));

    private final TenantJdbc jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Patients patients;
    private final Practices practices;
    private final SlotGenerator generator;
    private final Clock clock;

    Appointments(TenantJdbc jdbc, AccessPolicy policy, AuditTrail audit, Patients patients, Practices practices,
            SlotGenerator generator, Clock clock) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
        this.patients = patients;
        this.practices = practices;
        this.generator = generator;
        this.clock = clock;
    }

    /**
     * Books a patient into a slot. The slot must be a counseling, brief or open-access slot without an appointment
     * that has not started yet; an open-access slot only from its release time on, except for a warm handoff's
     * fallback ({@link AppointmentSource#HANDOFF_FALLBACK}), which may book an open-access slot at once, held or
     * released, even one already under way but not ended (that is what open access is for). A patient cannot have two visits at
     * once. The source defaults to {@link AppointmentSource#RETURN_VISIT}; the reason is optional (at most 500
     * characters).
     *
     * @throws InvalidScheduleData when the slot is taken, held for handoffs, not bookable or in the past
     */
    @Transactional
    public Appointment book(Booking booking) {
        TenantJdbc.Scoped sql = jdbc.current();
        if (booking == null || booking.patient() == null) {
            throw new InvalidScheduleData("Choose the patient to book");
        }
        Actor actor = policy.require(sql.practiceId(), booking.patient().value(), DataCategory.ENCOUNTERS, Operation.CREATE);
        if (booking.slot() == null) {
            throw new InvalidScheduleData("Choose a slot to book");
        }
        String reason = blankToNull(booking.reason());
        if (reason != null && reason.length() > REASON_MAX) {
            throw new InvalidScheduleData("The reason has at most " + REASON_MAX + " characters");
        }
        AppointmentSource source = booking.source() == null ? AppointmentSource.RETURN_VISIT : booking.source();
        if (!patients.exists(booking.patient())) {
            throw new PatientNotFound("Patient " + booking.patient());
        }
        Instant now = clock.instant();
        Slot slot = sql.queryOne("SELECT * FROM schedule_slot WHERE practice_id = :practiceId AND id = :id",
                Map.of("id", booking.slot()), (rs, n) -> Schedules.toSlot(rs, now))
                .orElseThrow(() -> new InvalidScheduleData("This slot is no longer in the schedule (the template may have changed) "
                        + "— pick another"));
        ZoneId zone = practices.zoneOf(sql.practiceId());
        boolean fallback = source == AppointmentSource.HANDOFF_FALLBACK;
        if (!slot.kind().bookable()) {
            throw new InvalidScheduleData((slot.kind() == BlockKind.HUDDLE ? "A huddle" : "Admin time")
                    + " cannot be booked — pick a counseling, brief or open-access slot");
        }
        if (slot.appointment() != null) {
            throw new InvalidScheduleData(TAKEN);
        }
        boolean atOnce = fallback && slot.kind() == BlockKind.OPEN_ACCESS;
        if (atOnce ? !slot.end().isAfter(now) : !slot.start().isAfter(now)) {
            throw new InvalidScheduleData("This slot (" + WHEN.format(slot.start().atZone(zone)) + ") is in the past — pick a later one");
        }
        if (slot.status() == SlotStatus.HELD && !fallback) {
            throw new InvalidScheduleData(slot.releaseAt() == null
                    ? "This open-access slot is always held for warm handoffs — pick another"
                    : "This open-access slot is held for warm handoffs until " + WHEN.format(slot.releaseAt().atZone(zone))
                            + " — pick another, or book it from then on if it is still free");
        }
        List<String> clash = sql.query("SELECT start_at FROM appointment WHERE practice_id = :practiceId AND patient_id = :patient "
                + "AND status IN ('booked', 'arrived') AND start_at < :end AND end_at > :start",
                Map.of("patient", booking.patient().value(), "start", SlotGenerator.utc(slot.start()), "end", SlotGenerator.utc(slot.end())),
                (rs, n) -> TIME.format(SlotGenerator.instant(rs, 1).atZone(zone)));
        if (!clash.isEmpty()) {
            throw new InvalidScheduleData("The patient already has a visit at " + clash.get(0) + " that day — pick another time");
        }
        UUID id = UUID.randomUUID();
        int claimed;
        try {
            claimed = sql.update("UPDATE schedule_slot SET appointment_id = :a, version = version + 1 "
                    + "WHERE practice_id = :practiceId AND id = :slot AND appointment_id IS NULL", Map.of("a", id, "slot", slot.id()));
        } catch (ConcurrencyFailureException e) {
            claimed = 0;
        }
        if (claimed == 0) {
            throw new InvalidScheduleData(TAKEN);
        }
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("patient", booking.patient().value());
        row.put("clinician", slot.clinician());
        row.put("slot", slot.id());
        row.put("start", SlotGenerator.utc(slot.start()));
        row.put("end", SlotGenerator.utc(slot.end()));
        row.put("kind", slot.kind().code());
        row.put("source", source.code());
        row.put("handoff", booking.handoff());
        row.put("reason", reason);
        row.put("bookedBy", actor.name());
        row.put("now", SlotGenerator.utc(now));
        sql.update("INSERT INTO appointment (practice_id, id, patient_id, clinician_id, slot_id, start_at, end_at, kind, status, source, "
                + "handoff_id, reason, cancel_reason, booked_by, created_at, updated_at, version) VALUES (:practiceId, :id, :patient, "
                + ":clinician, :slot, :start, :end, :kind, 'booked', :source, :handoff, :reason, NULL, :bookedBy, :now, :now, 1)", row);
        audit.record(actor, new AuditEntry(AuditAction.CREATE, booking.patient().value(), RESOURCE, id.toString(), AuditOutcome.SUCCESS,
                source.code() + " " + slot.kind().code() + " " + WHEN.format(slot.start().atZone(zone)) + " slot " + slot.id()));
        return find(sql, id);
    }

    /** One appointment (audited as a read of the patient's data). */
    @Transactional
    public Appointment get(UUID id) {
        TenantJdbc.Scoped sql = jdbc.current();
        Appointment appointment = find(sql, id);
        Actor actor = policy.require(sql.practiceId(), appointment.patient().value(), DataCategory.ENCOUNTERS, Operation.READ);
        audit.record(actor, AuditEntry.patient(AuditAction.READ, appointment.patient().value(), RESOURCE, id.toString()));
        return appointment;
    }

    /** A patient's appointments, any status, latest start first (audited as one read). */
    @Transactional
    public List<Appointment> ofPatient(PatientId patient) {
        TenantJdbc.Scoped sql = jdbc.current();
        Actor actor = policy.require(sql.practiceId(), patient.value(), DataCategory.ENCOUNTERS, Operation.READ);
        List<Appointment> list = sql.query("SELECT * FROM appointment WHERE practice_id = :practiceId AND patient_id = :patient "
                + "ORDER BY start_at DESC, id", Map.of("patient", patient.value()), Appointments::toAppointment);
        audit.record(actor, new AuditEntry(AuditAction.READ, patient.value(), RESOURCE, null, AuditOutcome.SUCCESS,
                list.size() + " appointments"));
        return list;
    }

    /** Appointments of one clinician (or all when null) starting in [from, to). */
    @Transactional
    public List<Appointment> between(UUID clinician, Instant from, Instant to) {
        Actor actor = policy.requireSearch(DataCategory.ENCOUNTERS);
        TenantJdbc.Scoped sql = jdbc.current();
        Map<String, Object> params = new HashMap<>();
        params.put("from", SlotGenerator.utc(from));
        params.put("to", SlotGenerator.utc(to));
        String byClinician = "";
        if (clinician != null) {
            byClinician = " AND clinician_id = :clinician";
            params.put("clinician", clinician);
        }
        List<Appointment> list = sql.query("SELECT * FROM appointment WHERE practice_id = :practiceId" + byClinician
                + " AND start_at >= :from AND start_at < :to ORDER BY start_at, clinician_id, id", params, Appointments::toAppointment);
        Set<UUID> seen = new LinkedHashSet<>();
        list.forEach(a -> seen.add(a.patient().value()));
        List<AuditEntry> entries = new ArrayList<>();
        for (UUID patient : seen) {
            entries.add(new AuditEntry(AuditAction.SEARCH, patient, RESOURCE, null, AuditOutcome.SUCCESS,
                    "schedule " + from + " to " + to));
        }
        audit.recordAll(actor, entries);
        return list;
    }

    /**
     * Moves an appointment to arrived, fulfilled or no-show, or cancels it (frees the slot; reason required).
     * <p>
     * booked → arrived → fulfilled, booked → no-show, booked → cancelled. Arrived, fulfilled and no-show from the
     * visit's day on (practice time zone); a visit is cancelled before it ends, with a reason (at most 500
     * characters). Cancelling frees the slot for another booking (or removes it, when a newer template has taken
     * over that day, and makes the newer template's slot instead).
     *
     * @param reason why it was cancelled; ignored for the other statuses
     * @param version the version the caller read
     */
    @Transactional
    public Appointment changeStatus(UUID id, AppointmentStatus status, String reason, int version) {
        TenantJdbc.Scoped sql = jdbc.current();
        Appointment appointment = find(sql, id);
        Actor actor = policy.require(sql.practiceId(), appointment.patient().value(), DataCategory.ENCOUNTERS, Operation.UPDATE);
        if (appointment.version() != version) {
            throw new VersionConflict("The appointment", version, appointment.version());
        }
        if (status == null) {
            throw new InvalidScheduleData("Choose what happened to the visit");
        }
        if (status == appointment.status()) {
            throw new InvalidScheduleData("The visit is already " + words(status));
        }
        if (!NEXT.get(appointment.status()).contains(status)) {
            Set<AppointmentStatus> next = NEXT.get(appointment.status());
            throw new InvalidScheduleData("A visit that is " + words(appointment.status()) + " cannot become " + words(status)
                    + (next.isEmpty() ? "" : " (it can become " + String.join(" or ", next.stream().map(Appointments::words).toList()) + ")"));
        }
        Instant now = clock.instant();
        ZoneId zone = practices.zoneOf(sql.practiceId());
        LocalDate day = LocalDate.ofInstant(appointment.start(), zone);
        String cancelReason = null;
        if (status == AppointmentStatus.CANCELLED) {
            cancelReason = blankToNull(reason);
            if (cancelReason == null) {
                throw new InvalidScheduleData("Give the reason for cancelling the visit");
            }
            if (cancelReason.length() > REASON_MAX) {
                throw new InvalidScheduleData("The reason has at most " + REASON_MAX + " characters");
            }
            if (!appointment.end().isAfter(now)) {
                throw new InvalidScheduleData("This visit is over; mark it arrived and fulfilled, or no-show, instead of cancelling it");
            }
        } else if (day.isAfter(LocalDate.ofInstant(now, zone))) {
            throw new InvalidScheduleData("A visit is marked " + words(status) + " on its day (" + day + ") or later, not before");
        }
        Map<String, Object> params = new HashMap<>();
        params.put("id", id);
        params.put("status", status.code());
        params.put("cancelReason", cancelReason);
        params.put("version", version);
        params.put("now", SlotGenerator.utc(now));
        if (sql.update("UPDATE appointment SET status = :status, cancel_reason = COALESCE(:cancelReason, cancel_reason), "
                + "version = version + 1, updated_at = :now WHERE practice_id = :practiceId AND id = :id AND version = :version", params) == 0) {
            throw new VersionConflict("The appointment", version, version + 1);
        }
        if (status == AppointmentStatus.CANCELLED && appointment.slot() != null) {
            free(sql, appointment, zone);
        }
        audit.record(actor, new AuditEntry(AuditAction.UPDATE, appointment.patient().value(), RESOURCE, id.toString(),
                AuditOutcome.SUCCESS, appointment.status().code() + " -> " + status.code()));
        return find(sql, id);
    }

    /** Frees a cancelled visit's slot; a slot of a template no longer in effect that day goes, and the newer one's comes. */
    private void free(TenantJdbc.Scoped sql, Appointment appointment, ZoneId zone) {
        sql.update("UPDATE schedule_slot SET appointment_id = NULL, version = version + 1 WHERE practice_id = :practiceId "
                + "AND id = :slot AND appointment_id = :a", Map.of("slot", appointment.slot(), "a", appointment.id()));
        LocalDate day = LocalDate.ofInstant(appointment.start(), zone);
        boolean superseded = sql.query("SELECT t.activated_on, t.effective_until FROM schedule_slot s JOIN schedule_template t "
                + "ON t.practice_id = s.practice_id AND t.id = s.template_id WHERE s.practice_id = :practiceId AND s.id = :slot",
                Map.of("slot", appointment.slot()), (rs, n) -> {
                    LocalDate from = rs.getObject(1, LocalDate.class);
                    LocalDate until = rs.getObject(2, LocalDate.class);
                    return from == null || day.isBefore(from) || (until != null && !day.isBefore(until));
                }).stream().findFirst().orElse(false);
        if (superseded) {
            sql.update("DELETE FROM schedule_slot WHERE practice_id = :practiceId AND id = :slot AND appointment_id IS NULL",
                    Map.of("slot", appointment.slot()));
            generator.extend(sql);
        }
    }

    private static Appointment find(TenantJdbc.Scoped sql, UUID id) {
        if (id == null) {
            throw new PatientNotFound("Appointment");
        }
        return sql.queryOne("SELECT * FROM appointment WHERE practice_id = :practiceId AND id = :id", Map.of("id", id),
                Appointments::toAppointment).orElseThrow(() -> new PatientNotFound("Appointment " + id));
    }

    static String words(AppointmentStatus status) {
        return switch (status) {
            case BOOKED -> "booked";
            case ARRIVED -> "arrived";
            case FULFILLED -> "fulfilled";
            case CANCELLED -> "cancelled";
            case NOSHOW -> "no-show";
        };
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static Appointment toAppointment(ResultSet rs, int n) throws SQLException {
        return new Appointment(rs.getObject("id", UUID.class), new PatientId(rs.getObject("patient_id", UUID.class)),
                rs.getObject("clinician_id", UUID.class), rs.getObject("slot_id", UUID.class), SlotGenerator.instant(rs, "start_at"),
                SlotGenerator.instant(rs, "end_at"), BlockKind.ofCode(rs.getString("kind")),
                AppointmentStatus.ofCode(rs.getString("status")), AppointmentSource.ofCode(rs.getString("source")),
                rs.getObject("handoff_id", UUID.class), rs.getString("reason"), rs.getString("cancel_reason"), rs.getString("booked_by"),
                SlotGenerator.instant(rs, "created_at"), SlotGenerator.instant(rs, "updated_at"), rs.getInt("version"));
    }
}
