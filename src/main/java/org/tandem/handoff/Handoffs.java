package org.tandem.handoff;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientNotFound;
import org.tandem.patient.Patients;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.platform.TenantJdbc;
import org.tandem.practice.Practices;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditEntry;
import org.tandem.privacy.AuditOutcome;
import org.tandem.privacy.AuditTrail;
import org.tandem.privacy.DataCategory;
import org.tandem.privacy.Operation;
import org.tandem.scheduling.Appointment;
import org.tandem.scheduling.AppointmentSource;
import org.tandem.scheduling.Appointments;
import org.tandem.scheduling.Booking;
import org.tandem.scheduling.Schedules;
import org.tandem.scheduling.Slot;

/**
 * Warm handoff requests: routed to available clinicians, then to interruptible ones; the first to accept wins
 * (a conditional update, so exactly one wins when several accept at once); escalated with fallbacks when nobody
 * accepts in time; closed with an outcome. Reads pass the access policy; every change is audited and kept as a step.
 */
@Component
public class Handoffs {

    static final int MAX_ROOM = 40;
    static final int MAX_NOTE = 1000;
    static final int MIN_MINUTES = 1;
    static final int MAX_MINUTES = 240;
    /** The longest reason an appointment keeps (scheduling's limit); a longer fallback note is cut for the visit. */
    static final int MAX_BOOKING_REASON = 500;
    /** Who asks for a warm handoff: the PCP, or a medical assistant on a PCP's behalf. */
    static final Set<Role> REQUESTERS = EnumSet.of(Role.PCP, Role.MEDICAL_ASSISTANT);
    /** Name the history shows for the automatic steps (widening, escalation). */
    static final String AUTOMATIC = "Tandem";
    private static final String TASK = "Task";

    private final TenantJdbc jdbc;
    private final Availability availability;
    private final Patients patients;
    private final Practices practices;
    private final Schedules schedules;
    private final Appointments appointments;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final CurrentActor actors;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Handoffs(TenantJdbc jdbc, Availability availability, Patients patients, Practices practices, Schedules schedules,
            Appointments appointments, AccessPolicy policy, AuditTrail audit, CurrentActor actors, ApplicationEventPublisher events,
            Clock clock) {
        this.jdbc = jdbc;
        this.availability = availability;
        this.patients = patients;
        this.practices = practices;
        this.schedules = schedules;
        this.appointments = appointments;
        this.policy = policy;
        this.audit = audit;
        this.actors = actors;
        this.events = events;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- request

    /**
     * A PCP, or a medical assistant on a PCP's behalf, asks for a warm handoff. It is offered at once to the clinicians
     * who are available; when nobody is, it is widened at once to interruptible ones. Only one open request per patient.
     *
     * @throws AccessDeniedException when the user is not a signed-in PCP or medical assistant, or may not add to the
     *         patient's record
     * @throws org.tandem.patient.InvalidPatientData ({@link InvalidHandoffData}) when the request breaks a rule; nothing
     *         is stored then
     */
    @Transactional
    public Handoff request(HandoffRequest request) {
        Actor actor = actors.require();
        UUID me = accountOf(actor);
        if (me == null || !actor.hasAnyRole(REQUESTERS)) {
            throw new AccessDeniedException("A warm handoff is asked for by a signed-in PCP, or a medical assistant on a PCP's behalf");
        }
        TenantJdbc.Scoped sql = jdbc.current();
        if (request.patient() != null) {
            policy.require(sql.practiceId(), request.patient().value(), DataCategory.CLINICAL, Operation.CREATE);
        }
        List<String> problems = new ArrayList<>();
        if (request.patient() == null) {
            problems.add("Choose the patient the handoff is for");
        } else if (!patients.exists(request.patient())) {
            problems.add("This patient is not registered in your practice");
        } else {
            openRequestOf(sql, request.patient()).ifPresent(open -> problems.add("A warm handoff for this patient is already "
                    + (open.status() == HandoffStatus.REQUESTED ? "waiting to be accepted" : "accepted by " + open.acceptedByName())
                    + " (asked by " + open.requestedByName() + ")"));
        }
        if (request.reason() == null) {
            problems.add("Choose the reason for the handoff");
        }
        if (request.urgency() == null) {
            problems.add("Choose how soon the patient needs to be seen: now, today or next available");
        }
        String room = blankToNull(request.room());
        if (room != null && room.length() > MAX_ROOM) {
            problems.add("The room is longer than 40 characters");
        }
        String note = blankToNull(request.note());
        if (note != null && note.length() > MAX_NOTE) {
            problems.add("The note is longer than 1,000 characters");
        }
        if (request.reason() == HandoffReason.OTHER && note == null) {
            problems.add("Say in the note what the handoff is for when the reason is other");
        }
        UUID onBehalfOf = request.onBehalfOf() == null || request.onBehalfOf().equals(me) ? null : request.onBehalfOf();
        if (onBehalfOf == null && !actor.hasRole(Role.PCP)) {
            problems.add("Choose the PCP you are asking for");
        } else if (onBehalfOf != null && !isPcp(sql, onBehalfOf)) {
            problems.add("The clinician you are asking for is not a PCP of this practice");
        }
        if (!problems.isEmpty()) {
            throw new InvalidHandoffData(problems);
        }

        Instant now = clock.instant();
        HandoffSettings.Settings settings = HandoffSettings.of(sql);
        int available = (int) availability.all(sql, now).values().stream().filter(p -> p.state() == PresenceState.AVAILABLE).count();
        boolean widenNow = available == 0 || settings.widenSeconds() == 0;
        UUID id = UUID.randomUUID();
        String name = displayName(actor, me);
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("patient", request.patient().value());
        row.put("by", me);
        row.put("byName", name);
        row.put("onBehalfOf", onBehalfOf);
        row.put("reason", request.reason().code());
        row.put("urgency", request.urgency().code());
        row.put("room", room);
        row.put("note", note);
        row.put("screening", request.screeningResponse());
        row.put("now", utc(now));
        row.put("widened", widenNow ? utc(now) : null);
        row.put("offered", available);
        sql.update("INSERT INTO handoff_request (practice_id, id, patient_id, requested_by, requested_by_name, on_behalf_of, reason, "
                + "urgency, room, note, screening_response_id, status, requested_at, widened_at, offered_count, updated_at, version) "
                + "VALUES (:practiceId, :id, :patient, :by, :byName, :onBehalfOf, :reason, :urgency, :room, :note, :screening, "
                + "'requested', :now, :widened, :offered, :now, 0)", row);
        step(sql, id, "requested", now, name, available == 1 ? "offered to 1 available clinician"
                : "offered to " + available + " available clinicians");
        if (widenNow) {
            step(sql, id, "widened", now, AUTOMATIC, available == 0 ? "nobody available: offered to interruptible clinicians at once"
                    : "offered to interruptible clinicians at once (practice setting)");
        }
        audit.record(AuditEntry.patient(AuditAction.CREATE, request.patient().value(), TASK, id.toString())
                .withDetail("warm handoff requested: " + request.reason().code() + ", " + request.urgency().code() + ", offered to "
                        + available + (widenNow ? ", widened" : "")));
        events.publishEvent(new HandoffRequested(sql.practiceId(), id, me));
        return load(sql, id);
    }

    // ---------------------------------------------------------------- reads

    /** One handoff (access policy and audit apply). */
    @Transactional
    public Handoff get(UUID id) {
        TenantJdbc.Scoped sql = jdbc.current();
        Handoff handoff = load(sql, id);
        policy.require(sql.practiceId(), handoff.patient().value(), DataCategory.CLINICAL, Operation.READ);
        audit.record(AuditEntry.patient(AuditAction.READ, handoff.patient().value(), TASK, id.toString()));
        return handoff;
    }

    /** The steps of a handoff, oldest first (access policy and audit apply). */
    @Transactional
    public List<HandoffStep> history(UUID id) {
        TenantJdbc.Scoped sql = jdbc.current();
        Handoff handoff = load(sql, id);
        policy.require(sql.practiceId(), handoff.patient().value(), DataCategory.CLINICAL, Operation.READ);
        List<HandoffStep> steps = sql.query("SELECT * FROM handoff_step WHERE practice_id = :practiceId AND handoff_id = :id "
                + "ORDER BY at, id", Map.of("id", id), Handoffs::toStep);
        steps = new ArrayList<>(steps);
        steps.sort(Comparator.comparing(HandoffStep::at).thenComparingInt(s -> STEP_ORDER.indexOf(s.step())));
        audit.record(AuditEntry.patient(AuditAction.READ, handoff.patient().value(), TASK, id.toString()).withDetail("history"));
        return steps;
    }

    private static final List<String> STEP_ORDER = List.of("requested", "widened", "escalated", "fallback", "accepted", "started",
            "completed", "closed", "cancelled");

    /**
     * Open requests the signed-in clinician is offered now, oldest first: every waiting request when they are available;
     * the widened ones when they are with a patient but interruptible; nothing otherwise (do not interrupt, in a group,
     * away, off) and nothing for anyone who is not a behavioral health clinician.
     */
    @Transactional
    public List<Handoff> offeredToMe() {
        Actor actor = actors.require();
        UUID me = accountOf(actor);
        if (me == null || !actor.hasRole(Role.BHC)) {
            return List.of();
        }
        policy.requireSearch(DataCategory.CLINICAL);
        TenantJdbc.Scoped sql = jdbc.current();
        PresenceState state = availability.presenceOf(sql, me, clock.instant()).state();
        if (!receives(state, false) && !receives(state, true)) {
            return List.of();
        }
        List<Handoff> offered = sql.query(SELECT + " AND status = 'requested'" + (receives(state, false) ? "" : " AND widened_at IS NOT NULL")
                + " ORDER BY requested_at, id", Map.of(), Handoffs::toHandoff);
        auditSearch(offered, "offered to " + state.code() + " clinician");
        return offered;
    }

    /**
     * The clinicians an open request is offered to now (account ids; no patient data): the available ones, and the
     * interruptible ones once it is widened. Empty when it is no longer waiting. For pushing live updates.
     */
    @Transactional(readOnly = true)
    public List<UUID> offeredTo(UUID id) {
        TenantJdbc.Scoped sql = jdbc.current();
        Handoff handoff = load(sql, id);
        if (handoff.status() != HandoffStatus.REQUESTED) {
            return List.of();
        }
        List<UUID> to = new ArrayList<>();
        for (Presence presence : availability.all(sql, clock.instant()).values()) {
            if (receives(presence.state(), handoff.widenedAt() != null)) {
                to.add(presence.clinician());
            }
        }
        return to;
    }

    /** Whether a clinician in this state is offered a waiting request (widened or not). */
    static boolean receives(PresenceState state, boolean widened) {
        return state == PresenceState.AVAILABLE || (widened && state == PresenceState.INTERRUPTIBLE);
    }

    /** The practice's open handoffs (requested, accepted, in progress), oldest first (access policy and audit apply). */
    @Transactional
    public List<Handoff> open() {
        policy.requireSearch(DataCategory.CLINICAL);
        List<Handoff> open = jdbc.current().query(SELECT + " AND status IN ('requested', 'accepted', 'in-progress') "
                + "ORDER BY requested_at, id", Map.of(), Handoffs::toHandoff);
        auditSearch(open, "open handoffs");
        return open;
    }

    /** Handoffs of a patient (or all of the practice when null) requested in [from, to), newest first. */
    @Transactional
    public List<Handoff> search(PatientId patient, HandoffStatus status, Instant from, Instant to, int offset, int limit) {
        TenantJdbc.Scoped sql = jdbc.current();
        requireSearch(sql, patient);
        if (limit <= 0) {
            return List.of();
        }
        Map<String, Object> params = new HashMap<>();
        String where = where(patient, status, from, to, params);
        params.put("offset", Math.max(0, offset));
        params.put("limit", limit);
        List<Handoff> found = sql.query(SELECT + where + " ORDER BY requested_at DESC, id LIMIT :limit OFFSET :offset", params,
                Handoffs::toHandoff);
        if (found.isEmpty()) {
            audit.record(new AuditEntry(AuditAction.SEARCH, patient == null ? null : patient.value(), TASK, null, AuditOutcome.SUCCESS,
                    "no handoffs found"));
        } else {
            auditSearch(found, "handoff search");
        }
        return found;
    }

    /**
     * Every handoff of the practice requested in [from, to), oldest first, for population features (the measures
     * dashboard). Recorded as one search in the audit trail, not one entry per patient, like the other population reads.
     */
    @Transactional
    public List<Handoff> between(Instant from, Instant to) {
        java.util.Objects.requireNonNull(from, "from");
        java.util.Objects.requireNonNull(to, "to");
        policy.requireSearch(DataCategory.CLINICAL);
        List<Handoff> found = jdbc.current().query(SELECT + " AND requested_at >= :from AND requested_at < :to ORDER BY requested_at, id",
                Map.of("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC),
                        "to", OffsetDateTime.ofInstant(to, ZoneOffset.UTC)), Handoffs::toHandoff);
        audit.record(new AuditEntry(AuditAction.SEARCH, null, TASK, null, AuditOutcome.SUCCESS,
                found.size() + " handoffs requested between " + from + " and " + to));
        return found;
    }

    /** How many handoffs {@link #search} finds without paging (access policy applies). */
    @Transactional(readOnly = true)
    public int count(PatientId patient, HandoffStatus status, Instant from, Instant to) {
        TenantJdbc.Scoped sql = jdbc.current();
        requireSearch(sql, patient);
        Map<String, Object> params = new HashMap<>();
        String where = where(patient, status, from, to, params);
        return sql.queryValue("SELECT COUNT(*) FROM handoff_request WHERE practice_id = :practiceId" + where, params, Integer.class);
    }

    private void requireSearch(TenantJdbc.Scoped sql, PatientId patient) {
        if (patient == null) {
            policy.requireSearch(DataCategory.CLINICAL);
        } else {
            policy.require(sql.practiceId(), patient.value(), DataCategory.CLINICAL, Operation.SEARCH);
        }
    }

    private static String where(PatientId patient, HandoffStatus status, Instant from, Instant to, Map<String, Object> params) {
        StringBuilder where = new StringBuilder();
        if (patient != null) {
            where.append(" AND patient_id = :patient");
            params.put("patient", patient.value());
        }
        if (status != null) {
            where.append(" AND status = :status");
            params.put("status", status.code());
        }
        if (from != null) {
            where.append(" AND requested_at >= :from");
            params.put("from", utc(from));
        }
        if (to != null) {
            where.append(" AND requested_at < :to");
            params.put("to", utc(to));
        }
        return where.toString();
    }

    // ---------------------------------------------------------------- accept

    /**
     * A behavioral health clinician takes a waiting request. The first to accept wins: the change is one conditional
     * update, so when several accept at the same instant exactly one succeeds and the others are told who has it.
     * Accepting again a handoff one has already accepted returns it unchanged.
     *
     * @throws HandoffTaken when someone else accepted first or the request is no longer open
     * @throws AccessDeniedException when the user is not a signed-in behavioral health clinician
     */
    @Transactional
    public Handoff accept(UUID id) {
        Actor actor = actors.require();
        UUID me = accountOf(actor);
        if (me == null || !actor.hasRole(Role.BHC)) {
            throw new AccessDeniedException("A warm handoff is accepted by a signed-in behavioral health clinician");
        }
        TenantJdbc.Scoped sql = jdbc.current();
        Handoff handoff = load(sql, id);
        policy.require(sql.practiceId(), handoff.patient().value(), DataCategory.CLINICAL, Operation.UPDATE);
        Instant now = clock.instant();
        String name = displayName(actor, me);
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("me", me);
        row.put("name", name);
        row.put("now", utc(now));
        int won = sql.update("UPDATE handoff_request SET status = 'accepted', accepted_by = :me, accepted_by_name = :name, "
                + "accepted_at = :now, updated_at = :now, version = version + 1 "
                + "WHERE practice_id = :practiceId AND id = :id AND status = 'requested'", row);
        if (won == 0) {
            Handoff current = load(sql, id);
            if (me.equals(current.acceptedBy()) && current.status().open()) {
                return current;
            }
            throw taken(current);
        }
        step(sql, id, "accepted", now, name, null);
        audit.record(AuditEntry.patient(AuditAction.UPDATE, handoff.patient().value(), TASK, id.toString()).withDetail("accepted"));
        events.publishEvent(new HandoffChanged(sql.practiceId(), id, "accepted", handoff.requestedBy(), me));
        return load(sql, id);
    }

    private static HandoffTaken taken(Handoff current) {
        if (current.acceptedByName() != null) {
            return new HandoffTaken(current.acceptedByName() + " already accepted this handoff", current.acceptedByName());
        }
        if (current.status() == HandoffStatus.CANCELLED && current.outcome() == null) {
            return new HandoffTaken("This handoff was cancelled by " + current.requestedByName(), null);
        }
        return new HandoffTaken("This handoff is closed" + (current.outcome() == null ? "" : " (" + outcomeWords(current) + ")"), null);
    }

    // ---------------------------------------------------------------- the acceptor's steps

    /**
     * The clinician who accepted the handoff starts seeing the patient.
     *
     * @throws AccessDeniedException when the user is not the clinician who accepted it
     * @throws InvalidHandoffData when it is not accepted (still waiting, or already closed)
     */
    @Transactional
    public Handoff start(UUID id) {
        Change change = begin(id, Operation.UPDATE);
        Handoff handoff = change.handoff();
        requireAcceptor(change);
        if (handoff.status() == HandoffStatus.IN_PROGRESS) {
            return handoff;
        }
        if (handoff.status() != HandoffStatus.ACCEPTED) {
            throw new InvalidHandoffData(notOpen(handoff));
        }
        change.sql().update("UPDATE handoff_request SET status = 'in-progress', started_at = :now, updated_at = :now, "
                + "version = version + 1 WHERE practice_id = :practiceId AND id = :id", Map.of("id", id, "now", utc(change.now())));
        return finish(change, "started", null, "started");
    }

    /**
     * The clinician who accepted the handoff records it as completed: minutes spent with the patient (1-240) and the brief
     * intervention delivered.
     *
     * @throws AccessDeniedException when the user is not the clinician who accepted it
     * @throws InvalidHandoffData when minutes or intervention are missing or out of range, the note too long, or the
     *         handoff not accepted; nothing changes
     */
    @Transactional
    public Handoff complete(UUID id, Integer minutes, BriefIntervention intervention, String note) {
        Change change = begin(id, Operation.UPDATE);
        Handoff handoff = change.handoff();
        requireAcceptor(change);
        List<String> problems = new ArrayList<>();
        if (handoff.status() != HandoffStatus.ACCEPTED && handoff.status() != HandoffStatus.IN_PROGRESS) {
            problems.add(notOpen(handoff));
        }
        if (minutes == null) {
            problems.add("Say how many minutes you spent with the patient");
        } else if (minutes < MIN_MINUTES || minutes > MAX_MINUTES) {
            problems.add("Minutes with the patient must be between 1 and 240");
        }
        if (intervention == null) {
            problems.add("Choose the brief intervention you delivered");
        }
        String text = blankToNull(note);
        if (text != null && text.length() > MAX_NOTE) {
            problems.add("The note is longer than 1,000 characters");
        }
        if (!problems.isEmpty()) {
            throw new InvalidHandoffData(problems);
        }
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("now", utc(change.now()));
        row.put("minutes", minutes);
        row.put("intervention", intervention.code());
        row.put("note", text);
        change.sql().update("UPDATE handoff_request SET status = 'completed', outcome = 'completed', ended_at = :now, "
                + "minutes = :minutes, intervention = :intervention, outcome_note = :note, updated_at = :now, version = version + 1 "
                + "WHERE practice_id = :practiceId AND id = :id", row);
        return finish(change, "completed", minutes + " min, " + intervention.code() + (text == null ? "" : ": " + text),
                "completed " + minutes + " min " + intervention.code());
    }

    // ---------------------------------------------------------------- other endings

    /**
     * Ends an open handoff without a completed visit: the patient declined or left, nobody was available (only while it
     * is still waiting), or it was converted to a scheduled visit (say when in the note; {@link #fallback} books one in
     * Tandem). Recorded by whoever asked, the PCP it was asked for, or the clinician who accepted it.
     *
     * @throws AccessDeniedException when the user is none of those
     * @throws InvalidHandoffData when the outcome is missing or completed (use {@link #complete}), the handoff is
     *         closed already, or the note is missing (converted) or too long; nothing changes
     */
    @Transactional
    public Handoff close(UUID id, HandoffOutcome outcome, String note) {
        Change change = begin(id, Operation.UPDATE);
        Handoff handoff = change.handoff();
        if (!change.me().equals(handoff.requestedBy()) && !change.me().equals(handoff.onBehalfOf())
                && !change.me().equals(handoff.acceptedBy())) {
            throw denied(change, "Only whoever asked for the handoff, the PCP it was asked for, or the clinician who accepted it "
                    + "records how it ended");
        }
        List<String> problems = new ArrayList<>();
        String text = blankToNull(note);
        if (!handoff.status().open()) {
            problems.add(notOpen(handoff));
        } else if (outcome == null) {
            problems.add("Choose how the handoff ended");
        } else if (outcome == HandoffOutcome.COMPLETED) {
            problems.add("Record a completed handoff with the minutes and the intervention");
        } else if (outcome == HandoffOutcome.NOT_AVAILABLE && handoff.status() != HandoffStatus.REQUESTED) {
            problems.add(handoff.acceptedByName() + " accepted this handoff, so a clinician was available");
        } else if (outcome == HandoffOutcome.CONVERTED_TO_VISIT && text == null) {
            problems.add("Say in the note when the patient's visit is (or book it as a fallback)");
        }
        if (text != null && text.length() > MAX_NOTE) {
            problems.add("The note is longer than 1,000 characters");
        }
        if (!problems.isEmpty()) {
            throw new InvalidHandoffData(problems);
        }
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("now", utc(change.now()));
        row.put("status", outcome.status().code());
        row.put("outcome", outcome.code());
        row.put("note", text);
        change.sql().update("UPDATE handoff_request SET status = :status, outcome = :outcome, outcome_note = :note, ended_at = :now, "
                + "updated_at = :now, version = version + 1 WHERE practice_id = :practiceId AND id = :id", row);
        return finish(change, "closed", outcome.code() + (text == null ? "" : ": " + text), "closed " + outcome.code());
    }

    /**
     * Whoever asked (or the PCP it was asked for) withdraws a request that is no longer needed, before the visit started.
     *
     * @throws AccessDeniedException when the user did not ask for it
     * @throws InvalidHandoffData when the reason is missing or too long, or the visit already started or ended
     */
    @Transactional
    public Handoff cancel(UUID id, String reason) {
        Change change = begin(id, Operation.UPDATE);
        Handoff handoff = change.handoff();
        if (!change.me().equals(handoff.requestedBy()) && !change.me().equals(handoff.onBehalfOf())) {
            throw denied(change, "Only whoever asked for the handoff, or the PCP it was asked for, cancels it");
        }
        List<String> problems = new ArrayList<>();
        String text = blankToNull(reason);
        if (handoff.status() == HandoffStatus.IN_PROGRESS) {
            problems.add(handoff.acceptedByName() + " is already seeing the patient; record how the handoff ended instead");
        } else if (!handoff.status().open()) {
            problems.add(notOpen(handoff));
        }
        if (text == null) {
            problems.add("Say why the handoff is no longer needed");
        } else if (text.length() > MAX_NOTE) {
            problems.add("The reason is longer than 1,000 characters");
        }
        if (!problems.isEmpty()) {
            throw new InvalidHandoffData(problems);
        }
        change.sql().update("UPDATE handoff_request SET status = 'cancelled', outcome_note = :note, ended_at = :now, updated_at = :now, "
                + "version = version + 1 WHERE practice_id = :practiceId AND id = :id", Map.of("id", id, "now", utc(change.now()), "note", text));
        return finish(change, "cancelled", text, "cancelled");
    }

    /**
     * What to do when nobody could take a waiting request (offered once it is escalated, allowed before):
     * <ul>
     * <li>{@link Fallback#NEXT_OPEN_SLOT}: books the given slot, or when none is given the next open-access slot (else the
     * next bookable one), as a handoff fallback visit, and closes the handoff as converted to a visit with the appointment;</li>
     * <li>{@link Fallback#SCHEDULED_VISIT}: books the given slot as a scheduled visit and closes it the same way;</li>
     * <li>{@link Fallback#SAME_DAY_CALLBACK}: with a slot, books it as a callback and closes the handoff the same way;
     * without one, records that the patient is to be called back today and keeps the request open (still offered, no
     * longer escalated again) so the clinician who accepts it calls and records the outcome.</li>
     * </ul>
     * Chosen by whoever asked, the PCP it was asked for, or any behavioral health clinician.
     *
     * @throws AccessDeniedException when the user is none of those
     * @throws InvalidHandoffData when the fallback is missing, the handoff no longer waiting, a scheduled visit has no
     *         slot, no slot is free, or the note too long
     * @throws org.tandem.scheduling.InvalidScheduleData when the slot cannot be booked; nothing changes
     */
    @Transactional
    public Handoff fallback(UUID id, Fallback fallback, UUID slot, String note) {
        Change change = begin(id, Operation.UPDATE);
        Handoff handoff = change.handoff();
        if (!change.me().equals(handoff.requestedBy()) && !change.me().equals(handoff.onBehalfOf())
                && !change.actor().hasRole(Role.BHC)) {
            throw denied(change, "A fallback is chosen by whoever asked for the handoff, the PCP it was asked for, or a "
                    + "behavioral health clinician");
        }
        List<String> problems = new ArrayList<>();
        String text = blankToNull(note);
        if (handoff.status() != HandoffStatus.REQUESTED) {
            problems.add(handoff.status().open() ? handoff.acceptedByName() + " accepted this handoff; no fallback is needed"
                    : notOpen(handoff));
        }
        if (fallback == null) {
            problems.add("Choose a fallback: the next open slot, a same-day callback or a scheduled visit");
        } else if (fallback == Fallback.SCHEDULED_VISIT && slot == null) {
            problems.add("Choose the slot of the scheduled visit");
        }
        if (text != null && text.length() > MAX_NOTE) {
            problems.add("The note is longer than 1,000 characters");
        }
        if (!problems.isEmpty()) {
            throw new InvalidHandoffData(problems);
        }
        UUID chosen = slot;
        if (fallback == Fallback.NEXT_OPEN_SLOT && chosen == null) {
            chosen = nextOpenSlot(change.now())
                    .orElseThrow(() -> new InvalidHandoffData("No slot is free to book; choose a same-day callback or a later visit"));
        }
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("now", utc(change.now()));
        row.put("fallback", fallback.code());
        row.put("note", text);
        if (chosen == null) {
            change.sql().update("UPDATE handoff_request SET fallback = :fallback, outcome_note = :note, updated_at = :now, "
                    + "version = version + 1 WHERE practice_id = :practiceId AND id = :id", row);
            return finish(change, "fallback", fallback.code() + (text == null ? "" : ": " + text), "fallback " + fallback.code());
        }
        AppointmentSource source = switch (fallback) {
            case NEXT_OPEN_SLOT -> AppointmentSource.HANDOFF_FALLBACK;
            case SCHEDULED_VISIT -> AppointmentSource.SCHEDULED_VISIT;
            case SAME_DAY_CALLBACK -> AppointmentSource.CALLBACK;
        };
        String reason = text != null ? text : "Warm handoff not taken (" + handoff.reason().code() + ")";
        Appointment appointment = appointments.book(new Booking(handoff.patient(), chosen, source,
                reason.length() <= MAX_BOOKING_REASON ? reason : reason.substring(0, MAX_BOOKING_REASON), id));
        row.put("appointment", appointment.id());
        change.sql().update("UPDATE handoff_request SET status = 'completed', outcome = 'converted', fallback = :fallback, "
                + "appointment_id = :appointment, outcome_note = :note, ended_at = :now, updated_at = :now, version = version + 1 "
                + "WHERE practice_id = :practiceId AND id = :id", row);
        return finish(change, "fallback", fallback.code() + ": appointment " + appointment.id() + " at " + appointment.start()
                + (text == null ? "" : "; " + text), "fallback " + fallback.code() + ", converted to appointment " + appointment.id());
    }

    /**
     * The next open slot for a handoff that could not be taken: the next open-access slot without a visit (held for warm
     * handoffs, so a fallback may book it at once, even while it is under way), else the next bookable slot.
     */
    private Optional<UUID> nextOpenSlot(Instant now) {
        return schedules.nextOpenAccess(now, 1).stream().map(Slot::id).findFirst()
                .or(() -> schedules.nextBookable(now, 1).stream().map(Slot::id).findFirst());
    }

    // ---------------------------------------------------------------- widening and escalation (HandoffTimer)

    /** What one tick did in one practice. */
    record Tick(List<UUID> widened, List<UUID> escalated) {
    }

    /**
     * Widens the practice's waiting requests older than the widening time (offered to interruptible clinicians from then
     * on) and escalates those older than the time to accept (fallbacks are offered; a request with a same-day callback
     * is not escalated). Each change is a step, audited and published. Run by {@link HandoffTimer} as a system actor.
     */
    @Transactional
    Tick widenAndEscalate(Instant now) {
        TenantJdbc.Scoped sql = jdbc.current();
        HandoffSettings.Settings settings = HandoffSettings.of(sql);
        List<UUID> widened = new ArrayList<>();
        for (Handoff handoff : sql.query(SELECT + " AND status = 'requested' AND widened_at IS NULL AND requested_at <= :cutoff "
                + "ORDER BY requested_at, id", Map.of("cutoff", utc(now.minusSeconds(settings.widenSeconds()))), Handoffs::toHandoff)) {
            if (sql.update("UPDATE handoff_request SET widened_at = :now, updated_at = :now, version = version + 1 "
                    + "WHERE practice_id = :practiceId AND id = :id AND status = 'requested' AND widened_at IS NULL",
                    Map.of("id", handoff.id(), "now", utc(now))) == 1) {
                automatic(sql, handoff, "widened", now, "not accepted within " + settings.widenSeconds()
                        + " s: offered to interruptible clinicians too");
                widened.add(handoff.id());
            }
        }
        List<UUID> escalated = new ArrayList<>();
        for (Handoff handoff : sql.query(SELECT + " AND status = 'requested' AND escalated_at IS NULL AND fallback IS NULL "
                + "AND requested_at <= :cutoff ORDER BY requested_at, id", Map.of("cutoff", utc(now.minusSeconds(settings.acceptSeconds()))),
                Handoffs::toHandoff)) {
            if (sql.update("UPDATE handoff_request SET escalated_at = :now, updated_at = :now, version = version + 1 "
                    + "WHERE practice_id = :practiceId AND id = :id AND status = 'requested' AND escalated_at IS NULL",
                    Map.of("id", handoff.id(), "now", utc(now))) == 1) {
                automatic(sql, handoff, "escalated", now, "nobody accepted within " + minutesOrSeconds(settings.acceptSeconds())
                        + ": fallbacks offered");
                escalated.add(handoff.id());
            }
        }
        return new Tick(widened, escalated);
    }

    private void automatic(TenantJdbc.Scoped sql, Handoff handoff, String step, Instant now, String note) {
        step(sql, handoff.id(), step, now, AUTOMATIC, note);
        audit.record(AuditEntry.patient(AuditAction.UPDATE, handoff.patient().value(), TASK, handoff.id().toString()).withDetail(step));
        events.publishEvent(new HandoffChanged(sql.practiceId(), handoff.id(), step, handoff.requestedBy(), null));
    }

    private static String minutesOrSeconds(int seconds) {
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    // ---------------------------------------------------------------- helpers

    /** A change in progress: the row locked, the actor past the access policy. */
    private record Change(TenantJdbc.Scoped sql, Handoff handoff, Actor actor, UUID me, String name, Instant now) {
    }

    private Change begin(UUID id, Operation operation) {
        Actor actor = actors.require();
        UUID me = accountOf(actor);
        if (me == null) {
            throw new AccessDeniedException("Warm handoffs are changed by signed-in clinicians");
        }
        TenantJdbc.Scoped sql = jdbc.current();
        Handoff handoff = sql.queryOne(SELECT + " AND id = :id FOR UPDATE", Map.of("id", id), Handoffs::toHandoff)
                .orElseThrow(() -> new PatientNotFound("Warm handoff " + id));
        policy.require(sql.practiceId(), handoff.patient().value(), DataCategory.CLINICAL, operation);
        return new Change(sql, handoff, actor, me, displayName(actor, me), clock.instant());
    }

    private Handoff finish(Change change, String step, String note, String detail) {
        Handoff handoff = change.handoff();
        step(change.sql(), handoff.id(), step, change.now(), change.name(), note);
        audit.record(AuditEntry.patient(AuditAction.UPDATE, handoff.patient().value(), TASK, handoff.id().toString()).withDetail(detail));
        Handoff after = load(change.sql(), handoff.id());
        events.publishEvent(new HandoffChanged(change.sql().practiceId(), handoff.id(), step, handoff.requestedBy(), after.acceptedBy()));
        return after;
    }

    private void requireAcceptor(Change change) {
        Handoff handoff = change.handoff();
        if (!change.me().equals(handoff.acceptedBy())) {
            throw denied(change, handoff.acceptedBy() == null ? "Accept the handoff first"
                    : "Only " + handoff.acceptedByName() + ", who accepted this handoff, records its visit");
        }
    }

    private AccessDeniedException denied(Change change, String refusal) {
        Handoff handoff = change.handoff();
        audit.recordIndependently(change.actor(), new AuditEntry(AuditAction.UPDATE, handoff.patient().value(), TASK,
                handoff.id().toString(), AuditOutcome.DENIED, refusal));
        return new AccessDeniedException(refusal);
    }

    private static String notOpen(Handoff handoff) {
        return switch (handoff.status()) {
            case REQUESTED -> "Nobody has accepted this handoff yet";
            case ACCEPTED -> "This handoff is accepted but not started";
            case IN_PROGRESS -> "This handoff is in progress";
            case CANCELLED -> handoff.outcome() == null ? "This handoff was cancelled" : "This handoff is closed (" + outcomeWords(handoff) + ")";
            default -> "This handoff is closed (" + outcomeWords(handoff) + ")";
        };
    }

    private static String outcomeWords(Handoff handoff) {
        if (handoff.outcome() == null) {
            return handoff.status().code();
        }
        return switch (handoff.outcome()) {
            case COMPLETED -> "completed";
            case PATIENT_DECLINED -> "the patient declined";
            case PATIENT_LEFT -> "the patient left";
            case NOT_AVAILABLE -> "nobody was available";
            case CONVERTED_TO_VISIT -> "converted to a scheduled visit";
        };
    }

    private void auditSearch(List<Handoff> found, String detail) {
        if (found.isEmpty()) {
            return;
        }
        Set<UUID> seen = new LinkedHashSet<>();
        List<AuditEntry> entries = new ArrayList<>();
        for (Handoff handoff : found) {
            if (seen.add(handoff.patient().value())) {
                entries.add(new AuditEntry(AuditAction.SEARCH, handoff.patient().value(), TASK, null, AuditOutcome.SUCCESS, detail));
            }
        }
        audit.recordAll(entries);
    }

    private Optional<Handoff> openRequestOf(TenantJdbc.Scoped sql, PatientId patient) {
        return sql.query(SELECT + " AND patient_id = :patient AND status IN ('requested', 'accepted', 'in-progress') "
                + "ORDER BY requested_at DESC", Map.of("patient", patient.value()), Handoffs::toHandoff).stream().findFirst();
    }

    private boolean isPcp(TenantJdbc.Scoped sql, UUID account) {
        return practices.staffOf(sql.practiceId()).stream()
                .anyMatch(member -> member.id().equals(account) && member.enabled() && member.roles().contains(Role.PCP));
    }

    private String displayName(Actor actor, UUID account) {
        return practices.displayNames(List.of(account)).getOrDefault(account, actor.name());
    }

    /** The staff account of a signed-in user, or null for API clients, system processes and patients. */
    static UUID accountOf(Actor actor) {
        if (actor.kind() != Actor.Kind.USER || actor.id() == null) {
            return null;
        }
        try {
            return UUID.fromString(actor.id());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static Handoff load(TenantJdbc.Scoped sql, UUID id) {
        return sql.queryOne(SELECT + " AND id = :id", Map.of("id", id), Handoffs::toHandoff)
                .orElseThrow(() -> new PatientNotFound("Warm handoff " + id));
    }

    static void step(TenantJdbc.Scoped sql, UUID handoff, String step, Instant at, String by, String note) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", UUID.randomUUID());
        row.put("handoff", handoff);
        row.put("step", step);
        row.put("at", utc(at));
        row.put("by", by);
        row.put("note", note == null || note.length() <= MAX_NOTE ? note : note.substring(0, MAX_NOTE));
        sql.update("INSERT INTO handoff_step (practice_id, id, handoff_id, step, at, by_name, note) "
                + "VALUES (:practiceId, :id, :handoff, :step, :at, :by, :note)", row);
    }

    private static final String SELECT = "SELECT * FROM handoff_request WHERE practice_id = :practiceId";

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Handoff toHandoff(ResultSet rs, int n) throws SQLException {
        String outcome = rs.getString("outcome");
        String fallback = rs.getString("fallback");
        return new Handoff(rs.getObject("id", UUID.class), new PatientId(rs.getObject("patient_id", UUID.class)),
                rs.getObject("requested_by", UUID.class), rs.getString("requested_by_name"), rs.getObject("on_behalf_of", UUID.class),
                HandoffReason.ofCode(rs.getString("reason")), Urgency.ofCode(rs.getString("urgency")), rs.getString("room"),
                rs.getString("note"), rs.getObject("screening_response_id", UUID.class), HandoffStatus.ofCode(rs.getString("status")),
                instant(rs, "requested_at"), instant(rs, "widened_at"), instant(rs, "escalated_at"), rs.getInt("offered_count"),
                rs.getObject("accepted_by", UUID.class), rs.getString("accepted_by_name"), instant(rs, "accepted_at"),
                instant(rs, "started_at"), instant(rs, "ended_at"), outcome == null ? null : HandoffOutcome.ofCode(outcome),
                rs.getObject("minutes", Integer.class), rs.getString("intervention"), fallback == null ? null : Fallback.ofCode(fallback),
                rs.getObject("appointment_id", UUID.class), rs.getString("outcome_note"), instant(rs, "updated_at"), rs.getInt("version"));
    }

    static HandoffStep toStep(ResultSet rs, int n) throws SQLException {
        return new HandoffStep(rs.getObject("id", UUID.class), rs.getObject("handoff_id", UUID.class), rs.getString("step"),
                instant(rs, "at"), rs.getString("by_name"), rs.getString("note"));
    }
}
