package org.tandem.patient;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.platform.TenantJdbc;
import org.tandem.platform.WeekdayHours;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditEntry;
import org.tandem.privacy.AuditOutcome;
import org.tandem.privacy.AuditTrail;
import org.tandem.privacy.DataCategory;
import org.tandem.privacy.Operation;

/** Visits of the caller's practice's patients; reads pass the access policy, reads and writes are audited. */
@Component
public class Encounters {

    private static final String INSERT = "INSERT INTO encounter (practice_id, id, patient_id, status, class_code, type_system, "
            + "type_code, type_display, start_at, end_at, clinician_id, clinician_ref, type_codings, discharge_codings, "
            + "period_start_text, period_end_text, population_fields, version, raw_json, created_at, updated_at) VALUES "
            + "(:practiceId, :id, :patient, :status, :classCode, :typeSystem, :typeCode, :typeDisplay, :start, :end, :clinician, "
            + ":clinicianRef, :typeCodings, :dischargeCodings, :startText, :endText, :populationFields, 1, :raw, :now, :now)";
    private static final String UPDATE = "UPDATE encounter SET patient_id = :patient, status = :status, class_code = :classCode, "
            + "type_system = :typeSystem, type_code = :typeCode, type_display = :typeDisplay, start_at = :start, end_at = :end, "
            + "clinician_id = :clinician, clinician_ref = :clinicianRef, raw_json = :raw, type_codings = :typeCodings, "
            + "discharge_codings = :dischargeCodings, period_start_text = :startText, period_end_text = :endText, "
            + "population_fields = :populationFields, version = version + 1, "
            + "updated_at = :now WHERE practice_id = :practiceId AND id = :id AND version = :version";

    private final TenantJdbc jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Encounters(TenantJdbc jdbc, AccessPolicy policy, AuditTrail audit, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
    }

    @Transactional
    public EncounterRecord get(UUID id) {
        TenantJdbc.Scoped sql = jdbc.current();
        EncounterRecord encounter = find(sql, id).orElseThrow(() -> new PatientNotFound("Encounter " + id));
        policy.require(sql.practiceId(), encounter.patient().value(), DataCategory.ENCOUNTERS, Operation.READ);
        audit.record(AuditEntry.patient(AuditAction.READ, encounter.patient().value(), "Encounter", id.toString()));
        return encounter;
    }

    @Transactional(readOnly = true)
    public boolean exists(UUID id) {
        return find(jdbc.current(), id).isPresent();
    }

    /**
     * Visits of one patient or of the whole practice, newest first, optionally within a period.
     *
     * @param patient the patient, or null for every patient of the practice
     */
    @Transactional
    public PatientPage<EncounterRecord> search(PatientId patient, Instant from, Instant to, int offset, int limit) {
        TenantJdbc.Scoped sql = jdbc.current();
        if (patient == null) {
            policy.requireSearch(DataCategory.ENCOUNTERS);
        } else {
            policy.require(sql.practiceId(), patient.value(), DataCategory.ENCOUNTERS, Operation.SEARCH);
        }
        StringBuilder where = new StringBuilder(" FROM encounter WHERE practice_id = :practiceId");
        Map<String, Object> params = new HashMap<>();
        if (patient != null) {
            where.append(" AND patient_id = :patient");
            params.put("patient", patient.value());
        }
        if (from != null) {
            where.append(" AND start_at >= :from");
            params.put("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
        }
        if (to != null) {
            where.append(" AND start_at < :to");
            params.put("to", OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
        }
        int total = sql.queryValue("SELECT COUNT(*)" + where, params, Integer.class);
        params.put("limit", Math.max(1, Math.min(limit, 500)));
        params.put("offset", Math.max(0, offset));
        List<EncounterRecord> items = sql.query("SELECT *" + where + " ORDER BY start_at DESC, id LIMIT :limit OFFSET :offset",
                params, Encounters::toEncounter);
        List<AuditEntry> entries = new ArrayList<>();
        for (EncounterRecord encounter : items) {
            entries.add(AuditEntry.patient(AuditAction.SEARCH, encounter.patient().value(), "Encounter", encounter.id().toString()));
        }
        audit.recordAll(entries);
        return new PatientPage<>(items, total, offset, limit);
    }

    /**
     * Every visit of the practice that starts in [from, to), oldest first, for population features (due lists,
     * dashboards). Recorded as one search in the audit trail, not one entry per patient.
     */
    @Transactional
    public List<EncounterRecord> between(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        policy.requireSearch(DataCategory.ENCOUNTERS);
        List<EncounterRecord> found = jdbc.current().query("SELECT * FROM encounter WHERE practice_id = :practiceId "
                + "AND start_at >= :from AND start_at < :to ORDER BY start_at, id",
                Map.of("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC), "to", OffsetDateTime.ofInstant(to, ZoneOffset.UTC)),
                Encounters::toEncounter);
        audit.record(new AuditEntry(AuditAction.SEARCH, null, "Encounter", null, AuditOutcome.SUCCESS,
                found.size() + " encounters between " + from + " and " + to));
        return found;
    }

    /**
     * How many visits of the practice start in each weekday and hour (local to {@code zone}) in [from, to), for the
     * demand profile. Cancelled visits and visits entered in error are not counted. Counts only, no patient data: any
     * staff member of the practice may read them, and they are not recorded as a read of records.
     *
     * @return counts[weekday 0 = Monday .. 6 = Sunday][hour 0..23]
     */
    @Transactional(readOnly = true)
    public int[][] startsByWeekdayHour(Instant from, Instant to, ZoneId zone) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
        policy.requireStaff();
        return WeekdayHours.count(jdbc.current(), "start_at", "FROM encounter WHERE practice_id = :practiceId "
                + "AND start_at >= :from AND start_at < :to AND status NOT IN ('cancelled', 'entered-in-error')",
                Map.of("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC), "to", OffsetDateTime.ofInstant(to, ZoneOffset.UTC)),
                zone);
    }

    @Transactional
    public EncounterRecord create(UUID id, EncounterDetails details) {
        TenantJdbc.Scoped sql = jdbc.current();
        requireWritable(sql, details);
        Map<String, Object> params = params(details);
        params.put("id", id);
        sql.update(INSERT, params);
        audit.record(AuditEntry.patient(AuditAction.CREATE, details.patient().value(), "Encounter", id.toString()));
        events.publishEvent(new PatientDataChanged(sql.practiceId()));
        return find(sql, id).orElseThrow();
    }

    @Transactional
    public EncounterRecord update(UUID id, EncounterDetails details, Integer expectedVersion) {
        TenantJdbc.Scoped sql = jdbc.current();
        EncounterRecord current = find(sql, id).orElseThrow(() -> new PatientNotFound("Encounter " + id));
        policy.require(sql.practiceId(), current.patient().value(), DataCategory.ENCOUNTERS, Operation.UPDATE);
        requireWritable(sql, details);
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw new VersionConflict("Encounter " + id, expectedVersion, current.version());
        }
        Map<String, Object> params = params(details);
        params.put("id", id);
        params.put("version", current.version());
        int changed = sql.update(UPDATE, params);
        if (changed != 1) {
            throw new VersionConflict("Encounter " + id, current.version(), current.version() + 1);
        }
        audit.record(AuditEntry.patient(AuditAction.UPDATE, details.patient().value(), "Encounter", id.toString()));
        events.publishEvent(new PatientDataChanged(sql.practiceId()));
        return find(sql, id).orElseThrow();
    }

    private void requireWritable(TenantJdbc.Scoped sql, EncounterDetails details) {
        List<String> problems = details.problems();
        if (!problems.isEmpty()) {
            throw new InvalidPatientData(problems);
        }
        policy.require(sql.practiceId(), details.patient().value(), DataCategory.ENCOUNTERS, Operation.CREATE);
        int patients = sql.queryValue("SELECT COUNT(*) FROM patient WHERE practice_id = :practiceId AND id = :id",
                Map.of("id", details.patient().value()), Integer.class);
        if (patients == 0) {
            throw new InvalidPatientData("The visit's patient " + details.patient() + " is not a patient of this practice");
        }
    }

    private Map<String, Object> params(EncounterDetails details) {
        Map<String, Object> params = new HashMap<>();
        params.put("patient", details.patient().value());
        params.put("status", details.status());
        params.put("classCode", details.classCode());
        params.put("typeSystem", details.typeSystem());
        params.put("typeCode", details.typeCode());
        params.put("typeDisplay", details.typeDisplay());
        params.put("start", details.start() == null ? null : OffsetDateTime.ofInstant(details.start(), ZoneOffset.UTC));
        params.put("end", details.end() == null ? null : OffsetDateTime.ofInstant(details.end(), ZoneOffset.UTC));
        params.put("clinician", details.clinicianAccountId());
        params.put("clinicianRef", details.clinicianReference());
        params.put("raw", details.rawJson());
        params.put("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        PopulationFields.EncounterFields fields = PopulationFields.encounter(details.rawJson(), details.typeSystem(), details.typeCode());
        params.put("typeCodings", fields.typeCodings());
        params.put("dischargeCodings", fields.dischargeCodings());
        params.put("startText", fields.startText() != null && fields.startText().length() <= 64 ? fields.startText() : null);
        params.put("endText", fields.endText() != null && fields.endText().length() <= 64 ? fields.endText() : null);
        params.put("populationFields", PopulationFields.VERSION);
        return params;
    }

    /**
     * Creates the visit under this id, or updates the stored visit when what is sent differs from it; a visit already
     * stored exactly so is left alone (imports that run again change nothing).
     */
    @Transactional
    public WriteOutcome store(UUID id, EncounterDetails details) {
        TenantJdbc.Scoped sql = jdbc.current();
        Optional<EncounterRecord> current = find(sql, id);
        if (current.isEmpty()) {
            create(id, details);
            return WriteOutcome.CREATED;
        }
        EncounterRecord stored = current.get();
        policy.require(sql.practiceId(), stored.patient().value(), DataCategory.ENCOUNTERS, Operation.UPDATE);
        if (sameContent(stored, details)) {
            return WriteOutcome.UNCHANGED;
        }
        update(id, details, null);
        return WriteOutcome.UPDATED;
    }

    private static boolean sameContent(EncounterRecord stored, EncounterDetails details) {
        return Objects.equals(stored.rawJson(), details.rawJson()) && stored.patient().equals(details.patient())
                && Objects.equals(stored.status(), details.status()) && Objects.equals(stored.classCode(), details.classCode())
                && Objects.equals(stored.typeSystem(), details.typeSystem()) && Objects.equals(stored.typeCode(), details.typeCode())
                && Objects.equals(stored.typeDisplay(), details.typeDisplay()) && Objects.equals(stored.start(), details.start())
                && Objects.equals(stored.end(), details.end()) && Objects.equals(stored.clinicianAccountId(), details.clinicianAccountId())
                && Objects.equals(stored.clinicianReference(), details.clinicianReference());
    }

    /** One visit to store with {@link #storeAll}. */
    public record Write(UUID id, EncounterDetails details) {
    }

    /**
     * {@link #store} for many visits at once (imports: one chunk per transaction): one query reads the stored visits
     * and one checks their patients, new and changed visits are written in two JDBC batches, audited with one append
     * to the trail, and {@link PatientDataChanged} is published once. The access policy is asked for every visit, as
     * {@link #store} does. All or nothing: the first invalid visit, refusal or conflict throws.
     *
     * @return what was done to each visit, in the order given
     */
    @Transactional
    public List<WriteOutcome> storeAll(List<Write> writes) {
        if (writes.isEmpty()) {
            return List.of();
        }
        if (writes.stream().map(Write::id).distinct().count() < writes.size()) {
            return writes.stream().map(w -> store(w.id(), w.details())).toList();
        }
        TenantJdbc.Scoped sql = jdbc.current();
        List<UUID> ids = writes.stream().map(Write::id).toList();
        Map<UUID, EncounterRecord> stored = new HashMap<>();
        for (int start = 0; start < ids.size(); start += Patients.IN_LIST_CHUNK) {
            for (EncounterRecord encounter : sql.query("SELECT t.* " + Patients.FROM_VALUES
                    + "JOIN encounter t ON t.practice_id = :practiceId AND t.id = v.k", Map.of("values", Patients.values(ids.subList(start, Math.min(start + Patients.IN_LIST_CHUNK,
                    ids.size())))), Encounters::toEncounter)) {
                stored.put(encounter.id(), encounter);
            }
        }
        java.util.Set<UUID> patients = Patients.existingIds(sql, writes.stream()
                .map(w -> w.details().patient() == null ? null : w.details().patient().value()).toList());
        List<WriteOutcome> outcomes = new ArrayList<>(writes.size());
        List<Map<String, Object>> inserts = new ArrayList<>();
        List<Map<String, Object>> updates = new ArrayList<>();
        List<AuditEntry> entries = new ArrayList<>();
        for (Write write : writes) {
            EncounterDetails details = write.details();
            EncounterRecord current = stored.get(write.id());
            if (current != null) {
                policy.require(sql.practiceId(), current.patient().value(), DataCategory.ENCOUNTERS, Operation.UPDATE);
                if (sameContent(current, details)) {
                    outcomes.add(WriteOutcome.UNCHANGED);
                    continue;
                }
            }
            List<String> problems = details.problems();
            if (!problems.isEmpty()) {
                throw new InvalidPatientData(problems);
            }
            policy.require(sql.practiceId(), details.patient().value(), DataCategory.ENCOUNTERS, Operation.CREATE);
            if (!patients.contains(details.patient().value())) {
                throw new InvalidPatientData("The visit's patient " + details.patient() + " is not a patient of this practice");
            }
            Map<String, Object> params = params(details);
            params.put("id", write.id());
            if (current == null) {
                inserts.add(params);
                outcomes.add(WriteOutcome.CREATED);
                entries.add(AuditEntry.patient(AuditAction.CREATE, details.patient().value(), "Encounter", write.id().toString()));
            } else {
                params.put("version", current.version());
                updates.add(params);
                outcomes.add(WriteOutcome.UPDATED);
                entries.add(AuditEntry.patient(AuditAction.UPDATE, details.patient().value(), "Encounter", write.id().toString()));
            }
        }
        if (entries.isEmpty()) {
            return outcomes;
        }
        if (!inserts.isEmpty()) {
            sql.batchUpdate(INSERT, inserts);
        }
        if (!updates.isEmpty()) {
            int[] counts = sql.batchUpdate(UPDATE, updates);
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    int version = (Integer) updates.get(i).get("version");
                    throw new VersionConflict("Encounter " + updates.get(i).get("id"), version, version + 1);
                }
            }
        }
        audit.recordAll(entries);
        events.publishEvent(new PatientDataChanged(sql.practiceId()));
        return outcomes;
    }

    Optional<EncounterRecord> find(TenantJdbc.Scoped sql, UUID id) {
        return sql.queryOne("SELECT * FROM encounter WHERE practice_id = :practiceId AND id = :id", Map.of("id", id),
                Encounters::toEncounter);
    }

    static EncounterRecord toEncounter(ResultSet rs, int n) throws SQLException {
        OffsetDateTime start = rs.getObject("start_at", OffsetDateTime.class);
        OffsetDateTime end = rs.getObject("end_at", OffsetDateTime.class);
        return new EncounterRecord(rs.getObject("id", UUID.class), new PatientId(rs.getObject("patient_id", UUID.class)),
                rs.getString("status"), rs.getString("class_code"), rs.getString("type_system"), rs.getString("type_code"),
                rs.getString("type_display"), start == null ? null : start.toInstant(), end == null ? null : end.toInstant(),
                rs.getObject("clinician_id", UUID.class), rs.getString("clinician_ref"), rs.getInt("version"),
                rs.getString("raw_json"));
    }
}
