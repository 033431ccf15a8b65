package org.tandem.patient;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.platform.PracticeId;
import org.tandem.platform.TenantJdbc;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditEntry;
import org.tandem.privacy.AuditOutcome;
import org.tandem.privacy.AuditTrail;
import org.tandem.privacy.DataCategory;
import org.tandem.privacy.Operation;

/**
 * Patients of the caller's practice: registration, look-up and search. Every call asks the access policy first and
 * records an audit event in the same transaction.
 */
@Component
public class Patients {

    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** Ids per {@code IN (...)} list: well below the bind-parameter limits of H2 and PostgreSQL. */
    static final int IN_LIST_CHUNK = 500;
    private static final Pattern US_DATE = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4})");
    private static final String INSERT = "INSERT INTO patient (practice_id, id, mrn_system, mrn, family_name, given_names, "
            + "search_name, birth_date, sex, preferred_language, pcp_account_id, deceased, deceased_text, population_fields, version, "
            + "raw_json, created_at, updated_at) VALUES (:practiceId, :id, :mrnSystem, :mrn, :family, :given, :searchName, :birthDate, "
            + ":sex, :language, :pcp, :deceased, :deceasedText, :populationFields, 1, :raw, :now, :now)";
    private static final String UPDATE = "UPDATE patient SET mrn_system = :mrnSystem, mrn = :mrn, family_name = :family, "
            + "given_names = :given, search_name = :searchName, birth_date = :birthDate, sex = :sex, preferred_language = :language, "
            + "pcp_account_id = :pcp, raw_json = :raw, deceased = :deceased, deceased_text = :deceasedText, "
            + "population_fields = :populationFields, version = version + 1, updated_at = :now "
            + "WHERE practice_id = :practiceId AND id = :id AND version = :version";

    private final TenantJdbc jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Patients(TenantJdbc jdbc, AccessPolicy policy, AuditTrail audit, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
    }

    /** Reads one patient; throws {@link PatientNotFound} if the practice has no such patient. */
    @Transactional
    public PatientRecord get(PatientId id) {
        TenantJdbc.Scoped sql = jdbc.current();
        policy.require(sql.practiceId(), id.value(), DataCategory.DEMOGRAPHICS, Operation.READ);
        PatientRecord patient = find(sql, id).orElseThrow(() -> new PatientNotFound("Patient " + id));
        audit.record(AuditEntry.patient(AuditAction.READ, id.value(), "Patient", id.toString()));
        return patient;
    }

    /** Whether the caller's practice has this patient (no audit; used to choose between create and update). */
    @Transactional(readOnly = true)
    public boolean exists(PatientId id) {
        TenantJdbc.Scoped sql = jdbc.current();
        return sql.queryValue("SELECT COUNT(*) FROM patient WHERE practice_id = :practiceId AND id = :id",
                Map.of("id", id.value()), Integer.class) > 0;
    }

    /**
     * Which of these ids are patients of the caller's practice (no audit; imports check the patients that a chunk of
     * clinical resources refers to with one query).
     */
    @Transactional(readOnly = true)
    public java.util.Set<PatientId> existing(Collection<PatientId> ids) {
        return existingIds(jdbc.current(), ids.stream().map(PatientId::value).toList()).stream().map(PatientId::new)
                .collect(java.util.stream.Collectors.toSet());
    }

    /**
     * A derived table {@code v(k)} of {@link #values} bound as {@code :values}, joined to the table (alias t) on its
     * key, for look-ups of many keys of an index whose leading columns are fixed by equalities (practice_id = ...):
     * H2 uses an index for {@code IN (:list)} only on the index's first column, so it would scan all of the
     * practice's rows (and an IN over a subquery is slower still); the join looks each key up in the index, on H2 and
     * PostgreSQL alike.
     */
    static final String FROM_VALUES = "FROM (VALUES :values) AS v(k) ";

    /** The values as one-column rows for {@link #FROM_VALUES}: "(?), (?), ...". */
    static List<Object[]> values(List<?> values) {
        return values.stream().map(v -> new Object[] { v }).toList();
    }

    /** Which of these ids are patients of the practice: one query per {@value #IN_LIST_CHUNK} ids. */
    static java.util.Set<UUID> existingIds(TenantJdbc.Scoped sql, Collection<UUID> ids) {
        List<UUID> wanted = ids.stream().filter(Objects::nonNull).distinct().toList();
        java.util.Set<UUID> found = new java.util.HashSet<>();
        for (int start = 0; start < wanted.size(); start += IN_LIST_CHUNK) {
            found.addAll(sql.query("SELECT t.id " + FROM_VALUES + "JOIN patient t ON t.practice_id = :practiceId AND t.id = v.k",
                    Map.of("values", values(wanted.subList(start, Math.min(start + IN_LIST_CHUNK, wanted.size())))),
                    (rs, n) -> rs.getObject(1, UUID.class)));
        }
        return found;
    }

    /** Searches the practice's patients; each patient in the result is audited as found by a search. */
    @Transactional
    public PatientPage<PatientRecord> search(PatientQuery query) {
        policy.requireSearch(DataCategory.DEMOGRAPHICS);
        TenantJdbc.Scoped sql = jdbc.current();
        StringBuilder where = new StringBuilder(" FROM patient WHERE practice_id = :practiceId");
        Map<String, Object> params = new HashMap<>();
        int word = 0;
        if (query.name() != null && !query.name().isBlank()) {
            for (String part : query.name().trim().toLowerCase(Locale.ROOT).split("[\\s,]+")) {
                where.append(" AND search_name LIKE :w").append(word);
                params.put("w" + word++, "%" + escapeLike(part) + "%");
            }
        }
        if (query.birthFrom() != null) {
            where.append(" AND birth_date >= :birthFrom");
            params.put("birthFrom", query.birthFrom());
        }
        if (query.birthTo() != null) {
            where.append(" AND birth_date <= :birthTo");
            params.put("birthTo", query.birthTo());
        }
        if (query.identifier() != null) {
            where.append(" AND mrn = :mrn");
            params.put("mrn", query.identifier());
            if (query.identifierSystem() != null) {
                where.append(" AND mrn_system = :mrnSystem");
                params.put("mrnSystem", query.identifierSystem());
            }
        }
        if (query.text() != null && !query.text().isBlank()) {
            String text = query.text().trim();
            Optional<LocalDate> date = parseDate(text);
            if (date.isPresent()) {
                where.append(" AND birth_date = :textDate");
                params.put("textDate", date.get());
            } else {
                StringBuilder words = new StringBuilder();
                for (String part : text.toLowerCase(Locale.ROOT).split("[\\s,]+")) {
                    words.append(" AND search_name LIKE :w").append(word);
                    params.put("w" + word++, "%" + escapeLike(part) + "%");
                }
                where.append(" AND (mrn = :textMrn OR (1 = 1").append(words).append("))");
                params.put("textMrn", text);
            }
        }
        int total = sql.queryValue("SELECT COUNT(*)" + where, params, Integer.class);
        Map<String, Object> paged = new HashMap<>(params);
        paged.put("limit", Math.max(1, Math.min(query.limit(), 500)));
        paged.put("offset", Math.max(0, query.offset()));
        List<PatientRecord> items = sql.query("SELECT *" + where + " ORDER BY search_name, birth_date, id LIMIT :limit OFFSET :offset",
                paged, Patients::toPatient);
        List<AuditEntry> entries = new ArrayList<>();
        for (PatientRecord patient : items) {
            entries.add(AuditEntry.patient(AuditAction.SEARCH, patient.id().value(), "Patient", patient.id().toString())
                    .withDetail(describe(query)));
        }
        audit.recordAll(entries);
        return new PatientPage<>(items, total, query.offset(), query.limit());
    }

    /**
     * The practice's patients with these ids, for population features that already hold patient ids (due lists,
     * dashboards). Ids of no patient of the practice are left out of the map. Recorded as one search in the audit
     * trail, not one entry per patient.
     */
    @Transactional
    public Map<PatientId, PatientRecord> byIds(Collection<PatientId> ids) {
        policy.requireSearch(DataCategory.DEMOGRAPHICS);
        TenantJdbc.Scoped sql = jdbc.current();
        List<UUID> wanted = ids.stream().filter(Objects::nonNull).map(PatientId::value).distinct().toList();
        Map<UUID, PatientRecord> found = new HashMap<>();
        if (wanted.size() > IN_LIST_CHUNK) {
            // Many ids (population features): one pass over the practice's patients, filtered here. H2 does not use the
            // primary key for "id IN (500 ids)" (EXPLAIN: it scans the practice's rows and compares each with the whole
            // list), so chunks of 500 cost a full scan each: the 40 chunks of 20,000 ids took 20+ s on the dashboard's
            // first load; one pass takes 50-130 ms. On PostgreSQL the pass reads the practice's rows once (sequentially),
            // which for a large share of the practice is not slower than 40 index look-ups of 500.
            java.util.Set<UUID> set = new java.util.HashSet<>(wanted);
            for (PatientRecord patient : sql.query("SELECT * FROM patient WHERE practice_id = :practiceId", Map.of(),
                    (rs, n) -> set.contains(rs.getObject("id", UUID.class)) ? toPatient(rs, n) : null)) {
                if (patient != null) {
                    found.put(patient.id().value(), patient);
                }
            }
        } else if (!wanted.isEmpty()) {
            for (PatientRecord patient : sql.query("SELECT * FROM patient WHERE practice_id = :practiceId AND id IN (:ids)",
                    Map.of("ids", wanted), Patients::toPatient)) {
                found.put(patient.id().value(), patient);
            }
        }
        Map<PatientId, PatientRecord> result = new LinkedHashMap<>();
        for (UUID id : wanted) {
            PatientRecord patient = found.get(id);
            if (patient != null) {
                result.put(patient.id(), patient);
            }
        }
        audit.record(new AuditEntry(AuditAction.SEARCH, null, "Patient", null, AuditOutcome.SUCCESS,
                result.size() + " of " + wanted.size() + " patients by id"));
        return Collections.unmodifiableMap(result);
    }

    /** Registers a new patient with a new id. */
    @Transactional
    public PatientRecord register(PatientDetails details) {
        return create(new PatientId(UUID.randomUUID()), details);
    }

    /** Registers a new patient under a given id (FHIR update-as-create, imports). */
    @Transactional
    public PatientRecord create(PatientId id, PatientDetails details) {
        TenantJdbc.Scoped sql = jdbc.current();
        policy.require(sql.practiceId(), id.value(), DataCategory.DEMOGRAPHICS, Operation.CREATE);
        validate(details);
        Instant now = clock.instant();
        Map<String, Object> params = params(details);
        params.put("id", id.value());
        if (details.mrn() == null) {
            params.put("mrnSystem", PatientDetails.TANDEM_MRN_SYSTEM);
            params.put("mrn", "T" + id.value().toString().substring(0, 8).toUpperCase(Locale.ROOT));
        }
        params.put("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        requireUniqueMrn(sql, id, (String) params.get("mrnSystem"), (String) params.get("mrn"));
        sql.update(INSERT, params);
        audit.record(AuditEntry.patient(AuditAction.CREATE, id.value(), "Patient", id.toString()));
        events.publishEvent(new PatientDataChanged(sql.practiceId()));
        return find(sql, id).orElseThrow();
    }

    /**
     * Changes a patient's record.
     *
     * @param expectedVersion the version the caller read, or null to overwrite whatever is stored
     */
    @Transactional
    public PatientRecord update(PatientId id, PatientDetails details, Integer expectedVersion) {
        TenantJdbc.Scoped sql = jdbc.current();
        policy.require(sql.practiceId(), id.value(), DataCategory.DEMOGRAPHICS, Operation.UPDATE);
        validate(details);
        PatientRecord current = find(sql, id).orElseThrow(() -> new PatientNotFound("Patient " + id));
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw new VersionConflict("Patient " + id, expectedVersion, current.version());
        }
        Map<String, Object> params = params(details);
        params.put("id", id.value());
        if (details.mrn() == null) {
            params.put("mrnSystem", current.mrnSystem());
            params.put("mrn", current.mrn());
        }
        params.put("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        params.put("version", current.version());
        requireUniqueMrn(sql, id, (String) params.get("mrnSystem"), (String) params.get("mrn"));
        int changed = sql.update(UPDATE, params);
        if (changed != 1) {
            throw new VersionConflict("Patient " + id, current.version(), current.version() + 1);
        }
        audit.record(AuditEntry.patient(AuditAction.UPDATE, id.value(), "Patient", id.toString()));
        events.publishEvent(new PatientDataChanged(sql.practiceId()));
        return find(sql, id).orElseThrow();
    }

    /**
     * Creates the patient under this id, or updates the stored patient when what is sent differs from it; a patient
     * already stored exactly so is left alone (imports that run again change nothing). Asks the access policy for
     * the write either way.
     */
    @Transactional
    public WriteOutcome store(PatientId id, PatientDetails details) {
        TenantJdbc.Scoped sql = jdbc.current();
        Optional<PatientRecord> current = find(sql, id);
        if (current.isEmpty()) {
            create(id, details);
            return WriteOutcome.CREATED;
        }
        policy.require(sql.practiceId(), id.value(), DataCategory.DEMOGRAPHICS, Operation.UPDATE);
        if (sameContent(current.get(), details)) {
            return WriteOutcome.UNCHANGED;
        }
        update(id, details, null);
        return WriteOutcome.UPDATED;
    }

    /** One patient to store with {@link #storeAll}. */
    public record Write(PatientId id, PatientDetails details) {
    }

    /**
     * {@link #store} for many patients at once (imports: one chunk per transaction): one query reads the stored
     * patients, one checks the medical record numbers, new and changed patients are written in two JDBC batches, the
     * writes are audited with one append to the trail and {@link PatientDataChanged} is published once. The access
     * policy is asked for every patient, as {@link #store} does. All or nothing: the first invalid patient, refusal
     * or conflict throws, and the caller's transaction rolls back.
     *
     * @return what was done to each patient, in the order given
     */
    @Transactional
    public List<WriteOutcome> storeAll(List<Write> writes) {
        if (writes.isEmpty()) {
            return List.of();
        }
        if (writes.stream().map(Write::id).distinct().count() < writes.size()) {
            // the same patient twice: the second write must see the first, so one at a time
            return writes.stream().map(w -> store(w.id(), w.details())).toList();
        }
        TenantJdbc.Scoped sql = jdbc.current();
        Map<UUID, PatientRecord> stored = new HashMap<>();
        List<UUID> ids = writes.stream().map(w -> w.id().value()).toList();
        for (int start = 0; start < ids.size(); start += IN_LIST_CHUNK) {
            for (PatientRecord patient : sql.query("SELECT t.* " + FROM_VALUES + "JOIN patient t ON t.practice_id = :practiceId AND t.id = v.k",
                    Map.of("values", values(ids.subList(start, Math.min(start + IN_LIST_CHUNK, ids.size())))), Patients::toPatient)) {
                stored.put(patient.id().value(), patient);
            }
        }
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<WriteOutcome> outcomes = new ArrayList<>(writes.size());
        List<Map<String, Object>> inserts = new ArrayList<>();
        List<Map<String, Object>> updates = new ArrayList<>();
        List<AuditEntry> entries = new ArrayList<>();
        for (Write write : writes) {
            PatientId id = write.id();
            PatientDetails details = write.details();
            PatientRecord current = stored.get(id.value());
            policy.require(sql.practiceId(), id.value(), DataCategory.DEMOGRAPHICS, current == null ? Operation.CREATE : Operation.UPDATE);
            if (current != null && sameContent(current, details)) {
                outcomes.add(WriteOutcome.UNCHANGED);
                continue;
            }
            validate(details);
            Map<String, Object> params = params(details);
            params.put("id", id.value());
            params.put("now", now);
            if (details.mrn() == null) {
                params.put("mrnSystem", current == null ? PatientDetails.TANDEM_MRN_SYSTEM : current.mrnSystem());
                params.put("mrn", current == null ? "T" + id.value().toString().substring(0, 8).toUpperCase(Locale.ROOT) : current.mrn());
            }
            if (current == null) {
                inserts.add(params);
                outcomes.add(WriteOutcome.CREATED);
                entries.add(AuditEntry.patient(AuditAction.CREATE, id.value(), "Patient", id.toString()));
            } else {
                params.put("version", current.version());
                updates.add(params);
                outcomes.add(WriteOutcome.UPDATED);
                entries.add(AuditEntry.patient(AuditAction.UPDATE, id.value(), "Patient", id.toString()));
            }
        }
        if (entries.isEmpty()) {
            return outcomes;
        }
        requireUniqueMrns(sql, inserts, updates);
        if (!inserts.isEmpty()) {
            sql.batchUpdate(INSERT, inserts);
        }
        if (!updates.isEmpty()) {
            int[] counts = sql.batchUpdate(UPDATE, updates);
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    int version = (Integer) updates.get(i).get("version");
                    throw new VersionConflict("Patient " + updates.get(i).get("id"), version, version + 1);
                }
            }
        }
        audit.recordAll(entries);
        events.publishEvent(new PatientDataChanged(sql.practiceId()));
        return outcomes;
    }

    /**
     * {@link #requireUniqueMrn} for a batch: one query for the stored patients with any of the numbers, and the
     * numbers within the batch itself.
     */
    private static void requireUniqueMrns(TenantJdbc.Scoped sql, List<Map<String, Object>> inserts, List<Map<String, Object>> updates) {
        Map<List<String>, Object> owners = new HashMap<>();
        Map<String, List<String>> mrnsBySystem = new LinkedHashMap<>();
        for (List<Map<String, Object>> rows : List.of(inserts, updates)) {
            for (Map<String, Object> row : rows) {
                List<String> key = List.of((String) row.get("mrnSystem"), (String) row.get("mrn"));
                Object other = owners.putIfAbsent(key, row.get("id"));
                if (other != null && !other.equals(row.get("id"))) {
                    throw new InvalidPatientData("Another patient already has medical record number " + row.get("mrn"));
                }
                if (other == null) {
                    mrnsBySystem.computeIfAbsent(key.get(0), s -> new ArrayList<>()).add(key.get(1));
                }
            }
        }
        // per system, so that the look-up uses the unique index (practice_id, mrn_system, mrn) instead of a scan
        for (Map.Entry<String, List<String>> system : mrnsBySystem.entrySet()) {
            List<String> mrns = system.getValue();
            for (int start = 0; start < mrns.size(); start += IN_LIST_CHUNK) {
                List<Object[]> taken = sql.query("SELECT t.id, t.mrn_system, t.mrn " + FROM_VALUES + "JOIN patient t ON "
                        + "t.practice_id = :practiceId AND t.mrn_system = :system AND t.mrn = v.k",
                        Map.of("system", system.getKey(), "values", values(mrns.subList(start, Math.min(start + IN_LIST_CHUNK, mrns.size())))),
                        (rs, n) -> new Object[] { rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3) });
                for (Object[] row : taken) {
                    Object owner = owners.get(List.of((String) row[1], (String) row[2]));
                    if (owner != null && !owner.equals(row[0])) {
                        throw new InvalidPatientData("Another patient already has medical record number " + row[2]);
                    }
                }
            }
        }
    }

    private static boolean sameContent(PatientRecord stored, PatientDetails details) {
        return Objects.equals(stored.rawJson(), details.rawJson())
                && (details.mrn() == null || (Objects.equals(stored.mrn(), details.mrn()) && Objects.equals(stored.mrnSystem(),
                        details.mrnSystem() == null ? PatientDetails.TANDEM_MRN_SYSTEM : details.mrnSystem())))
                && Objects.equals(stored.familyName(), details.familyName() == null ? null : details.familyName().trim())
                && Objects.equals(stored.givenNames(), blankToNull(details.givenNames()))
                && Objects.equals(stored.birthDate(), details.birthDate())
                && stored.sex() == (details.sex() == null ? AdministrativeSex.UNKNOWN : details.sex())
                && Objects.equals(stored.preferredLanguage(), blankToNull(details.preferredLanguage()))
                && Objects.equals(stored.pcpAccountId(), details.pcpAccountId());
    }

    /** The practice the current actor works in; the practice every call of this facade is scoped to. */
    public PracticeId practice() {
        return jdbc.current().practiceId();
    }

    Optional<PatientRecord> find(TenantJdbc.Scoped sql, PatientId id) {
        return sql.queryOne("SELECT * FROM patient WHERE practice_id = :practiceId AND id = :id", Map.of("id", id.value()),
                Patients::toPatient);
    }

    private void requireUniqueMrn(TenantJdbc.Scoped sql, PatientId id, String system, String mrn) {
        int others = sql.queryValue("SELECT COUNT(*) FROM patient WHERE practice_id = :practiceId AND mrn_system = :system "
                + "AND mrn = :mrn AND id <> :id", Map.of("system", system, "mrn", mrn, "id", id.value()), Integer.class);
        if (others > 0) {
            throw new InvalidPatientData("Another patient already has medical record number " + mrn);
        }
    }

    private void validate(PatientDetails details) {
        List<String> problems = details.problems(LocalDate.now(clock));
        if (!problems.isEmpty()) {
            throw new InvalidPatientData(problems);
        }
    }

    private static Map<String, Object> params(PatientDetails details) {
        Map<String, Object> params = new HashMap<>();
        params.put("mrnSystem", details.mrnSystem() == null ? PatientDetails.TANDEM_MRN_SYSTEM : details.mrnSystem());
        params.put("mrn", details.mrn());
        params.put("family", details.familyName().trim());
        params.put("given", blankToNull(details.givenNames()));
        params.put("searchName", searchName(details.familyName(), details.givenNames()));
        params.put("birthDate", details.birthDate());
        params.put("sex", (details.sex() == null ? AdministrativeSex.UNKNOWN : details.sex()).code());
        params.put("language", blankToNull(details.preferredLanguage()));
        params.put("pcp", details.pcpAccountId());
        params.put("raw", details.rawJson());
        PopulationFields.PatientFields fields = PopulationFields.patient(details.rawJson());
        params.put("deceased", fields.deceased());
        params.put("deceasedText", fields.deceasedText() != null && fields.deceasedText().length() <= 64 ? fields.deceasedText() : null);
        params.put("populationFields", PopulationFields.VERSION);
        return params;
    }

    static String searchName(String family, String given) {
        String name = (family == null ? "" : family.trim()) + " " + (given == null ? "" : given.trim());
        return name.trim().toLowerCase(Locale.ROOT);
    }

    static PatientRecord toPatient(ResultSet rs, int n) throws SQLException {
        return new PatientRecord(new PatientId(rs.getObject("id", UUID.class)), rs.getString("mrn_system"), rs.getString("mrn"),
                rs.getString("family_name"), rs.getString("given_names"), rs.getObject("birth_date", LocalDate.class),
                AdministrativeSex.fromCode(rs.getString("sex")), rs.getString("preferred_language"),
                rs.getObject("pcp_account_id", UUID.class), rs.getInt("version"), rs.getString("raw_json"),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    static Optional<LocalDate> parseDate(String text) {
        try {
            if (ISO_DATE.matcher(text).matches()) {
                return Optional.of(LocalDate.parse(text));
            }
            var us = US_DATE.matcher(text);
            if (us.matches()) {
                return Optional.of(LocalDate.of(Integer.parseInt(us.group(3)), Integer.parseInt(us.group(1)),
                        Integer.parseInt(us.group(2))));
            }
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    private static String describe(PatientQuery query) {
        List<String> parts = new ArrayList<>();
        if (query.text() != null) parts.add("text");
        if (query.name() != null) parts.add("name");
        if (query.birthFrom() != null || query.birthTo() != null) parts.add("birthdate");
        if (query.identifier() != null) parts.add("identifier");
        return "search by " + String.join(", ", parts);
    }
}
