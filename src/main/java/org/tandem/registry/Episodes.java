package org.tandem.registry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientNotFound;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.platform.TenantJdbc;
import org.tandem.practice.Practices;
import org.tandem.practice.StaffMember;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditEntry;
import org.tandem.privacy.AuditOutcome;
import org.tandem.privacy.AuditTrail;
import org.tandem.privacy.DataCategory;
import org.tandem.privacy.Operation;
import org.tandem.screening.Instruments;

/**
 * Episodes of behavioral health care: enrolment (from a positive screen or by hand), status changes with their
 * history, consent to collaborative care, the care team, the measurement plan and treatment changes. Every read
 * passes the access policy and every change is audited.
 */
@Component
public class Episodes {

    /** facts.md, contact: every 2 weeks in active treatment. */
    public static final int DEFAULT_ACTIVE_CADENCE_DAYS = 14;
    /** facts.md, contact: every 4 weeks after remission. */
    public static final int DEFAULT_RELAPSE_CADENCE_DAYS = 28;
    static final String RESOURCE = "EpisodeOfCare";

    private final TenantJdbc jdbc;
    private final Patients patients;
    private final Practices practices;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final CurrentActor actors;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;

    Episodes(TenantJdbc jdbc, Patients patients, Practices practices, AccessPolicy policy, AuditTrail audit,
            CurrentActor actors, Clock clock, org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.patients = patients;
        this.practices = practices;
        this.policy = policy;
        this.audit = audit;
        this.actors = actors;
        this.clock = clock;
    }

    /**
     * Opens an episode. One open episode per patient and focus.
     *
     * @throws InvalidRegistryData when the patient already has an open episode of this focus, a team member does not
     *         hold the role, or an instrument is unknown; nothing is stored then
     */
    @Transactional
    public Episode enrol(Enrolment enrolment) {
        TenantJdbc.Scoped sql = jdbc.current();
        if (enrolment.patient() == null || enrolment.focus() == null) {
            throw new InvalidRegistryData("An episode needs a patient and a focus");
        }
        Actor actor = policy.require(sql.practiceId(), enrolment.patient().value(), DataCategory.CLINICAL, Operation.CREATE);
        PatientRecord patient;
        try {
            patient = patients.get(enrolment.patient());
        } catch (PatientNotFound e) {
            throw new InvalidRegistryData("Patient " + enrolment.patient() + " is not a patient of this practice");
        }
        EpisodeStatus status = enrolment.status() == null ? EpisodeStatus.ENROLLED : enrolment.status();
        if (status != EpisodeStatus.REFERRED && status != EpisodeStatus.ENROLLED && status != EpisodeStatus.ACTIVE) {
            throw new InvalidRegistryData("A new episode starts as referred, enrolled or active");
        }
        Integer open = sql.queryValue("SELECT COUNT(*) FROM registry_episode WHERE practice_id = :practiceId AND patient_id = :patient "
                + "AND focus = :focus AND status <> 'discharged'", Map.of("patient", patient.id().value(),
                        "focus", enrolment.focus().code()), Integer.class);
        if (open > 0) {
            throw new InvalidRegistryData(patient.displayName() + " already has an open " + label(enrolment.focus())
                    + " episode; update it instead of opening another");
        }
        ZoneId zone = zone(sql);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate on = enrolment.on() == null ? today : enrolment.on();
        if (on.isAfter(today)) {
            throw new InvalidRegistryData("The enrolment date cannot be in the future");
        }
        UUID careManager = enrolment.careManager();
        if (careManager == null && (actor.hasRole(Role.CARE_MANAGER) || actor.hasRole(Role.BHC)) && actor.kind() == Actor.Kind.USER) {
            careManager = UUID.fromString(actor.id());
        }
        UUID pcp = enrolment.pcp() != null ? enrolment.pcp() : patient.pcpAccountId();
        checkTeam(sql, careManager, pcp, enrolment.consultant());
        List<String> instruments = enrolment.instruments() == null || enrolment.instruments().isEmpty()
                ? enrolment.focus().defaultInstruments() : enrolment.instruments();
        checkInstruments(instruments);

        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("patient", patient.id().value());
        row.put("focus", enrolment.focus().code());
        row.put("status", status.code());
        row.put("careManager", careManager);
        row.put("pcp", pcp);
        row.put("consultant", enrolment.consultant());
        row.put("referredOn", on);
        row.put("enrolledOn", status == EpisodeStatus.REFERRED ? null : on);
        row.put("activeSince", status == EpisodeStatus.ACTIVE ? on : null);
        row.put("response", enrolment.sourceResponse());
        row.put("alert", enrolment.sourceAlert());
        row.put("billing", (enrolment.billingModel() == null ? BillingModel.COCM : enrolment.billingModel()).code());
        row.put("medicare", enrolment.medicare());
        row.put("instruments", String.join(",", instruments));
        row.put("active", DEFAULT_ACTIVE_CADENCE_DAYS);
        row.put("relapse", DEFAULT_RELAPSE_CADENCE_DAYS);
        row.put("now", now);
        sql.update("INSERT INTO registry_episode (practice_id, id, patient_id, focus, status, care_manager_id, pcp_id, consultant_id, "
                + "referred_on, enrolled_on, active_since, source_response_id, source_alert_id, billing_model, medicare, instruments, "
                + "active_cadence_days, relapse_cadence_days, home_measurement, created_at, updated_at, version) VALUES (:practiceId, :id, "
                + ":patient, :focus, :status, :careManager, :pcp, :consultant, :referredOn, :enrolledOn, :activeSince, :response, :alert, "
                + ":billing, :medicare, :instruments, :active, :relapse, FALSE, :now, :now, 1)", row);
        step(sql, id, status.code(), on, actor, note(enrolment.note(), enrolment.sourceResponse() != null
                ? "from screening response " + enrolment.sourceResponse() : null));
        audit.record(AuditEntry.patient(AuditAction.CREATE, patient.id().value(), RESOURCE, id.toString())
                .withDetail(enrolment.focus().code() + " " + status.code()));
        events.publishEvent(new RegistryDataChanged(sql.practiceId()));
        return load(sql, id);
    }

    /** One episode (access policy and audit apply). */
    @Transactional
    public Episode get(UUID id) {
        TenantJdbc.Scoped sql = jdbc.current();
        Episode episode = load(sql, id);
        policy.require(sql.practiceId(), episode.patient().value(), DataCategory.CLINICAL, Operation.READ);
        audit.record(AuditEntry.patient(AuditAction.READ, episode.patient().value(), RESOURCE, id.toString()));
        return episode;
    }

    /** A patient's episodes, newest first (access policy and audit apply). */
    @Transactional
    public List<Episode> of(PatientId patient) {
        TenantJdbc.Scoped sql = jdbc.current();
        policy.require(sql.practiceId(), patient.value(), DataCategory.CLINICAL, Operation.READ);
        List<Episode> episodes = sql.query("SELECT * FROM registry_episode WHERE practice_id = :practiceId AND patient_id = :patient "
                + "ORDER BY referred_on DESC, created_at DESC", Map.of("patient", patient.value()), Episodes::toEpisode);
        audit.record(new AuditEntry(AuditAction.READ, patient.value(), RESOURCE, null, AuditOutcome.SUCCESS,
                episodes.size() + " episodes"));
        return episodes;
    }

    /**
     * Episodes across the practice (one search in the audit trail).
     *
     * @param careManager only this care manager's episodes, or null for all
     * @param statuses only these statuses, or empty for all
     */
    @Transactional
    public List<Episode> search(UUID careManager, Collection<EpisodeStatus> statuses) {
        policy.requireSearch(DataCategory.CLINICAL);
        TenantJdbc.Scoped sql = jdbc.current();
        StringBuilder where = new StringBuilder("SELECT * FROM registry_episode WHERE practice_id = :practiceId");
        Map<String, Object> params = new HashMap<>();
        if (careManager != null) {
            where.append(" AND care_manager_id = :careManager");
            params.put("careManager", careManager);
        }
        if (statuses != null && !statuses.isEmpty()) {
            where.append(" AND status IN (:statuses)");
            params.put("statuses", statuses.stream().map(EpisodeStatus::code).toList());
        }
        where.append(" ORDER BY referred_on, created_at");
        List<Episode> episodes = sql.query(where.toString(), params, Episodes::toEpisode);
        audit.record(new AuditEntry(AuditAction.SEARCH, null, RESOURCE, null, AuditOutcome.SUCCESS,
                episodes.size() + " episodes" + (careManager == null ? "" : " of care manager " + careManager)
                        + (statuses == null || statuses.isEmpty() ? "" : " with status "
                                + statuses.stream().map(EpisodeStatus::code).collect(Collectors.joining(",")))));
        return episodes;
    }

    /**
     * Moves an episode on. Discharge needs a reason.
     *
     * @param on the day it took effect (null: today)
     * @param expectedVersion the version the user saw, or null to skip the check
     */
    @Transactional
    public Episode changeStatus(UUID id, EpisodeStatus to, DischargeReason reason, LocalDate on, String note, Integer expectedVersion) {
        TenantJdbc.Scoped sql = jdbc.current();
        Episode episode = loadForUpdate(sql, id, expectedVersion);
        if (to == null) {
            throw new InvalidRegistryData("Choose the new status");
        }
        if (!episode.status().canMoveTo(to)) {
            throw new InvalidRegistryData("An episode that is " + episode.status().code() + " cannot become " + to.code());
        }
        if (to == EpisodeStatus.DISCHARGED && reason == null) {
            throw new InvalidRegistryData("Give the reason for discharge");
        }
        LocalDate today = LocalDate.now(clock.withZone(zone(sql)));
        LocalDate day = on == null ? today : on;
        if (day.isAfter(today)) {
            throw new InvalidRegistryData("The date cannot be in the future");
        }
        if (day.isBefore(episode.referredOn())) {
            throw new InvalidRegistryData("The date cannot be before the referral on " + episode.referredOn());
        }
        Map<String, Object> params = new HashMap<>();
        params.put("id", id);
        params.put("status", to.code());
        params.put("day", day);
        params.put("reason", reason == null ? null : reason.code());
        params.put("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        String set = switch (to) {
            case ENROLLED -> "enrolled_on = :day";
            case ACTIVE -> "active_since = :day, enrolled_on = COALESCE(enrolled_on, :day)";
            case RELAPSE_PREVENTION -> "relapse_prevention_since = :day";
            case DISCHARGED -> "discharged_on = :day, discharge_reason = :reason";
            case REFERRED -> "referred_on = :day";
        };
        sql.update("UPDATE registry_episode SET status = :status, " + set + ", updated_at = :now, version = version + 1 "
                + "WHERE practice_id = :practiceId AND id = :id", params);
        events.publishEvent(new RegistryDataChanged(sql.practiceId()));
        step(sql, id, to.code(), day, actors.require(), note(note, reason == null ? null : "reason " + reason.code()));
        audit.record(AuditEntry.patient(AuditAction.UPDATE, episode.patient().value(), RESOURCE, id.toString())
                .withDetail(episode.status().code() + " -> " + to.code() + (reason == null ? "" : " (" + reason.code() + ")")));
        return load(sql, id);
    }

    /** Documents the patient's consent to collaborative care (required before time is billed). */
    @Transactional
    public Episode recordConsent(UUID id, LocalDate on, String method, String note) {
        TenantJdbc.Scoped sql = jdbc.current();
        Episode episode = loadForUpdate(sql, id, null);
        if (!"verbal".equals(method) && !"written".equals(method)) {
            throw new InvalidRegistryData("Say whether consent was verbal or written");
        }
        LocalDate today = LocalDate.now(clock.withZone(zone(sql)));
        LocalDate day = on == null ? today : on;
        if (day.isAfter(today)) {
            throw new InvalidRegistryData("Consent cannot be dated in the future");
        }
        Actor actor = actors.require();
        Map<String, Object> params = new HashMap<>();
        params.put("id", id);
        params.put("day", day);
        params.put("method", method);
        params.put("by", actor.name());
        params.put("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        sql.update("UPDATE registry_episode SET consent_on = :day, consent_method = :method, consent_recorded_by = :by, "
                + "updated_at = :now, version = version + 1 WHERE practice_id = :practiceId AND id = :id", params);
        step(sql, id, "consent", day, actor, note(note, method));
        audit.record(AuditEntry.patient(AuditAction.UPDATE, episode.patient().value(), RESOURCE, id.toString())
                .withDetail("consent " + method + " on " + day));
        return load(sql, id);
    }

    /** Changes the care team of an episode. */
    @Transactional
    public Episode assign(UUID id, UUID careManager, UUID pcp, UUID consultant) {
        TenantJdbc.Scoped sql = jdbc.current();
        Episode episode = loadForUpdate(sql, id, null);
        checkTeam(sql, careManager, pcp, consultant);
        Map<String, Object> params = new HashMap<>();
        params.put("id", id);
        params.put("careManager", careManager);
        params.put("pcp", pcp);
        params.put("consultant", consultant);
        params.put("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        sql.update("UPDATE registry_episode SET care_manager_id = :careManager, pcp_id = :pcp, consultant_id = :consultant, "
                + "updated_at = :now, version = version + 1 WHERE practice_id = :practiceId AND id = :id", params);
        step(sql, id, "assigned", LocalDate.now(clock.withZone(zone(sql))), actors.require(), null);
        audit.record(AuditEntry.patient(AuditAction.UPDATE, episode.patient().value(), RESOURCE, id.toString()).withDetail("care team"));
        return load(sql, id);
    }

    /** Changes the measurement plan, home measurement, relapse-prevention plan and billing model. */
    @Transactional
    public Episode updatePlan(UUID id, EpisodePlan plan) {
        TenantJdbc.Scoped sql = jdbc.current();
        Episode episode = loadForUpdate(sql, id, null);
        List<String> problems = new ArrayList<>();
        if (plan.instruments() == null || plan.instruments().isEmpty()) {
            problems.add("Choose at least one measure");
        } else {
            try {
                checkInstruments(plan.instruments());
            } catch (InvalidRegistryData e) {
                problems.addAll(e.problems());
            }
        }
        if (plan.activeCadenceDays() < 7 || plan.activeCadenceDays() > 90) {
            problems.add("Measure every 7 to 90 days in active treatment");
        }
        if (plan.relapseCadenceDays() < 7 || plan.relapseCadenceDays() > 180) {
            problems.add("Measure every 7 to 180 days in relapse prevention");
        }
        String email = blankToNull(plan.homeEmail());
        String phone = blankToNull(plan.homePhone());
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            problems.add("The e-mail address '" + email + "' is not valid");
        }
        if (phone != null && !phone.matches("\\+?[0-9 ()-]{7,20}")) {
            problems.add("The phone number '" + phone + "' is not valid");
        }
        if (plan.homeMeasurement() && email == null && phone == null) {
            problems.add("Home measurement needs the patient's e-mail address or mobile number");
        }
        if (!problems.isEmpty()) {
            throw new InvalidRegistryData(problems);
        }
        Map<String, Object> params = new HashMap<>();
        params.put("id", id);
        params.put("instruments", String.join(",", plan.instruments()));
        params.put("active", plan.activeCadenceDays());
        params.put("relapse", plan.relapseCadenceDays());
        params.put("home", plan.homeMeasurement());
        params.put("email", email);
        params.put("phone", phone);
        params.put("relapsePlan", blankToNull(plan.relapsePreventionPlan()));
        params.put("billing", (plan.billingModel() == null ? episode.billingModel() : plan.billingModel()).code());
        params.put("medicare", plan.medicare());
        params.put("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        sql.update("UPDATE registry_episode SET instruments = :instruments, active_cadence_days = :active, relapse_cadence_days = :relapse, "
                + "home_measurement = :home, home_email = :email, home_phone = :phone, relapse_prevention_plan = :relapsePlan, "
                + "billing_model = :billing, medicare = :medicare, updated_at = :now, version = version + 1 "
                + "WHERE practice_id = :practiceId AND id = :id", params);
        step(sql, id, "plan", LocalDate.now(clock.withZone(zone(sql))), actors.require(), null);
        audit.record(AuditEntry.patient(AuditAction.UPDATE, episode.patient().value(), RESOURCE, id.toString()).withDetail("plan"));
        return load(sql, id);
    }

    /** The history of an episode, oldest first. */
    @Transactional
    public List<EpisodeStep> history(UUID id) {
        TenantJdbc.Scoped sql = jdbc.current();
        Episode episode = load(sql, id);
        policy.require(sql.practiceId(), episode.patient().value(), DataCategory.CLINICAL, Operation.READ);
        audit.record(AuditEntry.patient(AuditAction.READ, episode.patient().value(), RESOURCE, id.toString()).withDetail("history"));
        return sql.query("SELECT * FROM registry_episode_step WHERE practice_id = :practiceId AND episode_id = :id ORDER BY at, effective_on",
                Map.of("id", id), (rs, n) -> new EpisodeStep(rs.getString("step"), rs.getObject("effective_on", LocalDate.class),
                        rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getString("by_name"), rs.getString("note")));
    }

    /** Records a change of treatment (marked on the trajectory chart). */
    @Transactional
    public TreatmentChange addTreatmentChange(UUID episodeId, LocalDate on, TreatmentKind kind, String description) {
        TenantJdbc.Scoped sql = jdbc.current();
        Episode episode = loadForUpdate(sql, episodeId, null);
        List<String> problems = new ArrayList<>();
        if (kind == null) {
            problems.add("Choose the kind of treatment change");
        }
        if (description == null || description.isBlank()) {
            problems.add("Describe the change (e.g. sertraline 50 mg daily)");
        } else if (description.length() > 2000) {
            problems.add("The description is longer than 2,000 characters");
        }
        LocalDate today = LocalDate.now(clock.withZone(zone(sql)));
        LocalDate day = on == null ? today : on;
        if (day.isAfter(today)) {
            problems.add("The date cannot be in the future");
        }
        if (!problems.isEmpty()) {
            throw new InvalidRegistryData(problems);
        }
        Actor actor = actors.require();
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("episode", episodeId);
        row.put("day", day);
        row.put("kind", kind.code());
        row.put("description", description.trim());
        row.put("by", actor.name());
        row.put("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        sql.update("INSERT INTO registry_treatment_change (practice_id, id, episode_id, changed_on, kind, description, recorded_by, created_at) "
                + "VALUES (:practiceId, :id, :episode, :day, :kind, :description, :by, :now)", row);
        audit.record(AuditEntry.patient(AuditAction.CREATE, episode.patient().value(), "TreatmentChange", id.toString())
                .withDetail(kind.code()));
        return new TreatmentChange(id, episodeId, day, kind, description.trim(), actor.name(), now);
    }

    /** Treatment changes of an episode, oldest first. */
    @Transactional
    public List<TreatmentChange> treatmentChanges(UUID episodeId) {
        TenantJdbc.Scoped sql = jdbc.current();
        Episode episode = load(sql, episodeId);
        policy.require(sql.practiceId(), episode.patient().value(), DataCategory.CLINICAL, Operation.READ);
        audit.record(AuditEntry.patient(AuditAction.READ, episode.patient().value(), "TreatmentChange", null)
                .withDetail("of episode " + episodeId));
        return treatmentChanges(sql, List.of(episodeId)).getOrDefault(episodeId, List.of());
    }

    // ---- package helpers: callers have passed the access policy ----

    static Map<UUID, List<TreatmentChange>> treatmentChanges(TenantJdbc.Scoped sql, Collection<UUID> episodes) {
        Map<UUID, List<TreatmentChange>> changes = new HashMap<>();
        if (episodes.isEmpty()) {
            return changes;
        }
        List<UUID> ids = List.copyOf(episodes);
        for (int start = 0; start < ids.size(); start += 500) {
            sql.query("SELECT * FROM registry_treatment_change WHERE practice_id = :practiceId AND episode_id IN (:ids) "
                    + "ORDER BY changed_on, created_at", Map.of("ids", ids.subList(start, Math.min(ids.size(), start + 500))), (rs, n) -> {
                        TreatmentChange c = new TreatmentChange(rs.getObject("id", UUID.class), rs.getObject("episode_id", UUID.class),
                                rs.getObject("changed_on", LocalDate.class), TreatmentKind.of(rs.getString("kind")),
                                rs.getString("description"), rs.getString("recorded_by"),
                                rs.getObject("created_at", OffsetDateTime.class).toInstant());
                        changes.computeIfAbsent(c.episode(), k -> new ArrayList<>()).add(c);
                        return null;
                    });
        }
        return changes;
    }

    /** Loads an episode with no policy check (callers check); not found is a 404. */
    static Episode load(TenantJdbc.Scoped sql, UUID id) {
        return sql.queryOne("SELECT * FROM registry_episode WHERE practice_id = :practiceId AND id = :id", Map.of("id", id),
                Episodes::toEpisode).orElseThrow(() -> new PatientNotFound("Episode " + id));
    }

    /** Loads and locks an episode for a change, after the access policy allowed the change. */
    private Episode loadForUpdate(TenantJdbc.Scoped sql, UUID id, Integer expectedVersion) {
        Episode episode = sql.queryOne("SELECT * FROM registry_episode WHERE practice_id = :practiceId AND id = :id FOR UPDATE",
                Map.of("id", id), Episodes::toEpisode).orElseThrow(() -> new PatientNotFound("Episode " + id));
        policy.require(sql.practiceId(), episode.patient().value(), DataCategory.CLINICAL, Operation.UPDATE);
        if (expectedVersion != null && expectedVersion != episode.version()) {
            throw new org.tandem.patient.VersionConflict("The episode", expectedVersion, episode.version());
        }
        return episode;
    }

    private void checkTeam(TenantJdbc.Scoped sql, UUID careManager, UUID pcp, UUID consultant) {
        if (careManager == null && pcp == null && consultant == null) {
            return;
        }
        Map<UUID, StaffMember> staff = practices.staff().stream().collect(Collectors.toMap(StaffMember::id, s -> s));
        List<String> problems = new ArrayList<>();
        checkMember(staff, careManager, Set.of(Role.CARE_MANAGER, Role.BHC), "care manager", problems);
        checkMember(staff, pcp, Set.of(Role.PCP), "PCP", problems);
        checkMember(staff, consultant, Set.of(Role.PSYCHIATRIC_CONSULTANT), "psychiatric consultant", problems);
        if (!problems.isEmpty()) {
            throw new InvalidRegistryData(problems);
        }
    }

    private static void checkMember(Map<UUID, StaffMember> staff, UUID id, Set<Role> roles, String what, List<String> problems) {
        if (id == null) {
            return;
        }
        StaffMember member = staff.get(id);
        if (member == null) {
            problems.add("The " + what + " is not on this practice's staff");
        } else if (member.roles().stream().noneMatch(roles::contains)) {
            problems.add(member.displayName() + " is not a " + what);
        }
    }

    static void checkInstruments(List<String> instruments) {
        List<String> problems = new ArrayList<>();
        for (String id : instruments) {
            if (Instruments.find(id).isEmpty()) {
                problems.add("Unknown measure '" + id + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRegistryData(problems);
        }
    }

    private void step(TenantJdbc.Scoped sql, UUID episode, String step, LocalDate on, Actor actor, String note) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", UUID.randomUUID());
        row.put("episode", episode);
        row.put("step", step);
        row.put("on", on);
        row.put("at", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        row.put("by", actor.name());
        row.put("note", note == null ? null : note.length() > 2000 ? note.substring(0, 2000) : note);
        sql.update("INSERT INTO registry_episode_step (practice_id, id, episode_id, step, effective_on, at, by_name, note) "
                + "VALUES (:practiceId, :id, :episode, :step, :on, :at, :by, :note)", row);
    }

    ZoneId zone(TenantJdbc.Scoped sql) {
        return practices.zoneOf(sql.practiceId());
    }

    static String label(EpisodeFocus focus) {
        return focus.code().replace('-', ' ');
    }

    private static String note(String note, String extra) {
        String n = blankToNull(note);
        if (extra == null) {
            return n;
        }
        return n == null ? extra : n + " (" + extra + ")";
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static Episode toEpisode(ResultSet rs, int n) throws SQLException {
        String reason = rs.getString("discharge_reason");
        String instruments = rs.getString("instruments");
        return new Episode(rs.getObject("id", UUID.class), new PatientId(rs.getObject("patient_id", UUID.class)),
                EpisodeFocus.of(rs.getString("focus")), EpisodeStatus.of(rs.getString("status")),
                reason == null ? null : DischargeReason.of(reason), rs.getObject("care_manager_id", UUID.class),
                rs.getObject("pcp_id", UUID.class), rs.getObject("consultant_id", UUID.class),
                rs.getObject("referred_on", LocalDate.class), rs.getObject("enrolled_on", LocalDate.class),
                rs.getObject("active_since", LocalDate.class), rs.getObject("relapse_prevention_since", LocalDate.class),
                rs.getObject("discharged_on", LocalDate.class), rs.getObject("source_response_id", UUID.class),
                rs.getObject("source_alert_id", UUID.class), rs.getObject("consent_on", LocalDate.class),
                rs.getString("consent_method"), rs.getString("consent_recorded_by"), BillingModel.of(rs.getString("billing_model")),
                rs.getBoolean("medicare"), instruments == null || instruments.isBlank() ? List.of() : Arrays.asList(instruments.split(",")),
                rs.getInt("active_cadence_days"), rs.getInt("relapse_cadence_days"), rs.getBoolean("home_measurement"),
                rs.getString("home_email"), rs.getString("home_phone"), rs.getString("relapse_prevention_plan"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                rs.getInt("version"));
    }
}
