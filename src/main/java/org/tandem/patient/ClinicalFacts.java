package org.tandem.patient;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.platform.TenantJdbc;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditEntry;
import org.tandem.privacy.AuditOutcome;
import org.tandem.privacy.AuditTrail;
import org.tandem.privacy.DataCategory;
import org.tandem.privacy.Operation;

/**
 * Clinical facts imported from an EHR. Loading the same resource id again updates the stored fact (idempotent
 * imports); reads pass the access policy; reads and writes are audited.
 */
@Component
public class ClinicalFacts {

    /** Codes per {@code IN (...)} list: well below the bind-parameter limits of H2 and PostgreSQL. */
    static final int IN_LIST_CHUNK = 500;
    private static final Comparator<ClinicalFact> OLDEST_FIRST = Comparator
            .comparing(ClinicalFact::effectiveStart, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(ClinicalFact::id);

    private static final String POPULATION_UPDATE_COLUMNS = "codings = :pCodings, value_codings = :pValueCodings, "
            + "category_codings = :pCategories, clinical_status = :pClinical, verification_status = :pVerification, "
            + "not_done_reasons = :pNotDone, intent = :pIntent, do_not_perform = :pDoNotPerform, issued_at = :pIssued, "
            + "has_value = :pHasValue, timing_kind = :pKind, timing_start = :pStart, timing_end = :pEnd, population_fields = :pVersion, ";
    private static final String INSERT_FACT = "INSERT INTO clinical_fact (practice_id, resource_type, id, patient_id, code_system, "
            + "code, code_display, status, effective_start, effective_end, value_quantity, value_unit, value_code_system, value_code, "
            + "value_text, raw_json, codings, value_codings, category_codings, clinical_status, verification_status, not_done_reasons, "
            + "intent, do_not_perform, issued_at, has_value, timing_kind, timing_start, timing_end, population_fields, "
            + "version, created_at, updated_at) VALUES (:practiceId, :type, :id, :patient, :codeSystem, :code, :display, :status, "
            + ":start, :end, :quantity, :unit, :valueSystem, :valueCode, :valueText, :raw, :pCodings, :pValueCodings, "
            + ":pCategories, :pClinical, :pVerification, :pNotDone, :pIntent, :pDoNotPerform, :pIssued, :pHasValue, :pKind, :pStart, "
            + ":pEnd, :pVersion, 1, :now, :now)";
    private static final String UPDATE_FACT = "UPDATE clinical_fact SET patient_id = :patient, code_system = :codeSystem, code = :code, "
            + "code_display = :display, status = :status, effective_start = :start, effective_end = :end, value_quantity = :quantity, "
            + "value_unit = :unit, value_code_system = :valueSystem, value_code = :valueCode, value_text = :valueText, raw_json = :raw, "
            + POPULATION_UPDATE_COLUMNS + "version = version + 1, updated_at = :now "
            + "WHERE practice_id = :practiceId AND resource_type = :type AND id = :id";
    private static final String DELETE_CODINGS = "DELETE FROM clinical_fact_coding WHERE practice_id = :practiceId "
            + "AND resource_type = :type AND fact_id = :id";
    private static final String INSERT_CODING = "INSERT INTO clinical_fact_coding (practice_id, resource_type, fact_id, system, code) "
            + "VALUES (:practiceId, :type, :id, :system, :code)";

    private final TenantJdbc jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    ClinicalFacts(TenantJdbc jdbc, AccessPolicy policy, AuditTrail audit, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
    }


    /** Stores a fact, or replaces the stored fact with the same type and id. Returns whether it was new. */
    @Transactional
    public boolean save(ClinicalFactDetails fact) {
        return write(fact, false) == WriteOutcome.CREATED;
    }

    /**
     * Stores a fact, replaces the stored fact with the same type and id when what is sent differs from it, or leaves
     * a fact already stored exactly so alone (imports that run again change nothing).
     */
    @Transactional
    public WriteOutcome store(ClinicalFactDetails fact) {
        return write(fact, true);
    }

    private WriteOutcome write(ClinicalFactDetails fact, boolean skipUnchanged) {
        requireValid(fact);
        TenantJdbc.Scoped sql = jdbc.current();
        int patients = sql.queryValue("SELECT COUNT(*) FROM patient WHERE practice_id = :practiceId AND id = :id",
                Map.of("id", fact.patient().value()), Integer.class);
        if (patients == 0) {
            throw new InvalidPatientData(fact.resourceType() + " " + fact.id() + " refers to patient " + fact.patient()
                    + ", who is not a patient of this practice");
        }
        Map<String, Object> key = Map.of("type", fact.resourceType(), "id", fact.id());
        Optional<ClinicalFact> existing = sql.queryOne("SELECT * FROM clinical_fact WHERE practice_id = :practiceId "
                + "AND resource_type = :type AND id = :id", key, ClinicalFacts::toFact);
        policy.require(sql.practiceId(), fact.patient().value(), DataCategory.CLINICAL,
                existing.isPresent() ? Operation.UPDATE : Operation.CREATE);
        if (existing.isPresent() && !existing.get().patient().equals(fact.patient())) {
            policy.require(sql.practiceId(), existing.get().patient().value(), DataCategory.CLINICAL, Operation.UPDATE);
        }
        if (skipUnchanged && existing.isPresent() && sameContent(existing.get(), fact)) {
            return WriteOutcome.UNCHANGED;
        }
        Map<String, Object> params = params(fact);
        if (existing.isPresent()) {
            sql.update(DELETE_CODINGS, key);
            sql.update(UPDATE_FACT, params);
        } else {
            sql.update(INSERT_FACT, params);
        }
        List<Map<String, ?>> rows = new ArrayList<>();
        addCodings(fact, rows);
        sql.batchUpdate(INSERT_CODING, rows);
        audit.record(AuditEntry.patient(existing.isPresent() ? AuditAction.UPDATE : AuditAction.CREATE, fact.patient().value(),
                fact.resourceType(), fact.id()));
        events.publishEvent(new PatientDataChanged(sql.practiceId()));
        return existing.isEmpty() ? WriteOutcome.CREATED : WriteOutcome.UPDATED;
    }

    /** The parameters of {@link #UPDATE_FACT} and {@link #INSERT_FACT} for one fact. */
    private Map<String, Object> params(ClinicalFactDetails fact) {
        Map<String, Object> key = Map.of("type", fact.resourceType(), "id", fact.id());
        Map<String, Object> params = new HashMap<>(key);
        params.put("patient", fact.patient().value());
        params.put("codeSystem", fact.codeSystem());
        params.put("code", fact.code());
        params.put("display", truncate(fact.codeDisplay(), 300));
        params.put("status", fact.status());
        params.put("start", fact.effectiveStart() == null ? null : OffsetDateTime.ofInstant(fact.effectiveStart(), ZoneOffset.UTC));
        params.put("end", fact.effectiveEnd() == null ? null : OffsetDateTime.ofInstant(fact.effectiveEnd(), ZoneOffset.UTC));
        params.put("quantity", fact.valueQuantity());
        params.put("unit", fact.valueUnit());
        params.put("valueSystem", fact.valueCodeSystem());
        params.put("valueCode", fact.valueCode());
        params.put("valueText", truncate(fact.valueText(), 1000));
        params.put("raw", fact.rawJson());
        params.put("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        PopulationFields.FactFields fields = PopulationFields.fact(fact.resourceType(), fact.rawJson());
        params.put("pCodings", fields.codings());
        params.put("pValueCodings", fields.valueCodings());
        params.put("pCategories", fields.categories());
        params.put("pClinical", fields.clinicalStatus());
        params.put("pVerification", fields.verificationStatus());
        params.put("pNotDone", fields.notDoneReasons());
        params.put("pIntent", fields.intent());
        params.put("pDoNotPerform", fields.doNotPerform());
        params.put("pIssued", fields.issued() == null ? null : OffsetDateTime.ofInstant(fields.issued(), ZoneOffset.UTC));
        params.put("pHasValue", fields.hasValue());
        params.put("pKind", fields.kind());
        params.put("pStart", fields.start());
        params.put("pEnd", fields.end());
        params.put("pVersion", PopulationFields.VERSION);
        return params;
    }

    /** The fact's distinct codings with a system and a code, as rows of {@link #INSERT_CODING}. */
    private static void addCodings(ClinicalFactDetails fact, List<Map<String, ?>> rows) {
        Set<ClinicalFactDetails.Coding> codings = new LinkedHashSet<>();
        if (fact.codings() != null) {
            fact.codings().stream().filter(c -> c.system() != null && c.code() != null).forEach(codings::add);
        }
        for (ClinicalFactDetails.Coding coding : codings) {
            rows.add(Map.of("type", fact.resourceType(), "id", fact.id(), "system", coding.system(), "code", coding.code()));
        }
    }

    /** Checks what {@link #write} checks before reading anything. */
    private static void requireValid(ClinicalFactDetails fact) {
        if (!ClinicalFactDetails.RESOURCE_TYPES.contains(fact.resourceType())) {
            throw new InvalidPatientData("Tandem does not keep " + fact.resourceType() + " resources");
        }
        if (fact.patient() == null) {
            throw new InvalidPatientData(fact.resourceType() + " " + fact.id() + " does not name a patient of this practice");
        }
        if (fact.id() == null || !fact.id().matches("[A-Za-z0-9\\-.]{1,64}")) {
            throw new InvalidPatientData("A resource id must be 1 to 64 letters, digits, '-' or '.'");
        }
    }

    /**
     * {@link #store} for many facts at once (imports: one chunk per transaction): one query checks their patients and
     * one per resource type reads the stored facts; new and changed facts and their codings are written in JDBC
     * batches, audited with one append to the trail, and {@link PatientDataChanged} is published once. The access
     * policy is asked for every fact, as {@link #store} does. All or nothing: the first invalid fact or refusal throws.
     *
     * @return what was done to each fact, in the order given
     */
    @Transactional
    public List<WriteOutcome> storeAll(List<ClinicalFactDetails> writes) {
        if (writes.isEmpty()) {
            return List.of();
        }
        if (writes.stream().map(f -> f.resourceType() + "/" + f.id()).distinct().count() < writes.size()) {
            return writes.stream().map(this::store).toList();
        }
        writes.forEach(ClinicalFacts::requireValid);
        TenantJdbc.Scoped sql = jdbc.current();
        java.util.Set<java.util.UUID> patients = Patients.existingIds(sql, writes.stream().map(f -> f.patient().value()).toList());
        Map<String, List<String>> idsByType = new LinkedHashMap<>();
        writes.forEach(f -> idsByType.computeIfAbsent(f.resourceType(), t -> new ArrayList<>()).add(f.id()));
        Map<String, ClinicalFact> stored = new HashMap<>();
        idsByType.forEach((type, ids) -> {
            for (int start = 0; start < ids.size(); start += IN_LIST_CHUNK) {
                for (ClinicalFact fact : sql.query("SELECT t.* " + Patients.FROM_VALUES + "JOIN clinical_fact t ON "
                        + "t.practice_id = :practiceId AND t.resource_type = :type AND t.id = v.k", Map.of("type", type, "values",
                                Patients.values(ids.subList(start, Math.min(start + IN_LIST_CHUNK, ids.size())))),
                        ClinicalFacts::toFact)) {
                    stored.put(type + "/" + fact.id(), fact);
                }
            }
        });
        List<WriteOutcome> outcomes = new ArrayList<>(writes.size());
        List<Map<String, Object>> inserts = new ArrayList<>();
        List<Map<String, Object>> updates = new ArrayList<>();
        List<Map<String, ?>> replacedCodings = new ArrayList<>();
        List<Map<String, ?>> codings = new ArrayList<>();
        List<AuditEntry> entries = new ArrayList<>();
        for (ClinicalFactDetails fact : writes) {
            if (!patients.contains(fact.patient().value())) {
                throw new InvalidPatientData(fact.resourceType() + " " + fact.id() + " refers to patient " + fact.patient()
                        + ", who is not a patient of this practice");
            }
            ClinicalFact existing = stored.get(fact.resourceType() + "/" + fact.id());
            policy.require(sql.practiceId(), fact.patient().value(), DataCategory.CLINICAL,
                    existing != null ? Operation.UPDATE : Operation.CREATE);
            if (existing != null && !existing.patient().equals(fact.patient())) {
                policy.require(sql.practiceId(), existing.patient().value(), DataCategory.CLINICAL, Operation.UPDATE);
            }
            if (existing != null && sameContent(existing, fact)) {
                outcomes.add(WriteOutcome.UNCHANGED);
                continue;
            }
            Map<String, Object> params = params(fact);
            if (existing == null) {
                inserts.add(params);
                outcomes.add(WriteOutcome.CREATED);
            } else {
                updates.add(params);
                replacedCodings.add(Map.of("type", fact.resourceType(), "id", fact.id()));
                outcomes.add(WriteOutcome.UPDATED);
            }
            addCodings(fact, codings);
            entries.add(AuditEntry.patient(existing == null ? AuditAction.CREATE : AuditAction.UPDATE, fact.patient().value(),
                    fact.resourceType(), fact.id()));
        }
        if (entries.isEmpty()) {
            return outcomes;
        }
        if (!replacedCodings.isEmpty()) {
            sql.batchUpdate(DELETE_CODINGS, replacedCodings);
            sql.batchUpdate(UPDATE_FACT, updates);
        }
        if (!inserts.isEmpty()) {
            sql.batchUpdate(INSERT_FACT, inserts);
        }
        if (!codings.isEmpty()) {
            sql.batchUpdate(INSERT_CODING, codings);
        }
        audit.recordAll(entries);
        events.publishEvent(new PatientDataChanged(sql.practiceId()));
        return outcomes;
    }

    private static boolean sameContent(ClinicalFact stored, ClinicalFactDetails fact) {
        BigDecimal quantity = fact.valueQuantity();
        return Objects.equals(stored.rawJson(), fact.rawJson()) && stored.patient().equals(fact.patient())
                && Objects.equals(stored.codeSystem(), fact.codeSystem()) && Objects.equals(stored.code(), fact.code())
                && Objects.equals(stored.codeDisplay(), truncate(fact.codeDisplay(), 300))
                && Objects.equals(stored.status(), fact.status())
                && Objects.equals(stored.effectiveStart(), fact.effectiveStart())
                && Objects.equals(stored.effectiveEnd(), fact.effectiveEnd())
                && (stored.valueQuantity() == null ? quantity == null : quantity != null && stored.valueQuantity().compareTo(quantity) == 0)
                && Objects.equals(stored.valueUnit(), fact.valueUnit())
                && Objects.equals(stored.valueCodeSystem(), fact.valueCodeSystem())
                && Objects.equals(stored.valueCode(), fact.valueCode())
                && Objects.equals(stored.valueText(), truncate(fact.valueText(), 1000));
    }

    /** A patient's facts, newest first, optionally of one resource type. */
    @Transactional
    public List<ClinicalFact> of(PatientId patient, String resourceType) {
        TenantJdbc.Scoped sql = jdbc.current();
        policy.require(sql.practiceId(), patient.value(), DataCategory.CLINICAL, Operation.READ);
        Map<String, Object> params = new HashMap<>();
        params.put("patient", patient.value());
        String filter = "";
        if (resourceType != null) {
            filter = " AND resource_type = :type";
            params.put("type", resourceType);
        }
        List<ClinicalFact> facts = sql.query("SELECT * FROM clinical_fact WHERE practice_id = :practiceId AND patient_id = :patient"
                + filter + " ORDER BY effective_start DESC NULLS LAST, resource_type, id", params, ClinicalFacts::toFact);
        audit.record(new AuditEntry(AuditAction.READ, patient.value(), resourceType == null ? "ClinicalFacts" : resourceType,
                null, AuditOutcome.SUCCESS, facts.size() + " facts"));
        return facts;
    }

    /** One fact by type and id. */
    @Transactional
    public ClinicalFact get(String resourceType, String id) {
        TenantJdbc.Scoped sql = jdbc.current();
        ClinicalFact fact = sql.queryOne("SELECT * FROM clinical_fact WHERE practice_id = :practiceId AND resource_type = :type AND id = :id",
                Map.of("type", resourceType, "id", id), ClinicalFacts::toFact)
                .orElseThrow(() -> new PatientNotFound(resourceType + " " + id));
        policy.require(sql.practiceId(), fact.patient().value(), DataCategory.CLINICAL, Operation.READ);
        audit.record(AuditEntry.patient(AuditAction.READ, fact.patient().value(), resourceType, id));
        return fact;
    }

    /**
     * The practice's facts of one type whose main code or any coding is one of these codes, effective start in
     * [from, to), oldest first, for population features (measures, due lists). Recorded as one search in the audit
     * trail, not one entry per patient.
     *
     * @param system the codes' system, or null for codes of any system
     * @param codes the codes (e.g. a value set's codes of one system); more than 500 are queried in chunks
     * @param from earliest effective start (inclusive), or null for no lower bound
     * @param to effective starts before this (exclusive), or null for no upper bound; facts without an effective
     *        start match only when both bounds are null
     */
    @Transactional
    public List<ClinicalFact> withCodes(String resourceType, String system, Collection<String> codes, Instant from, Instant to) {
        requireType(resourceType);
        policy.requireSearch(DataCategory.CLINICAL);
        TenantJdbc.Scoped sql = jdbc.current();
        List<String> wanted = codes.stream().filter(Objects::nonNull).distinct().toList();
        Map<String, ClinicalFact> found = new LinkedHashMap<>();
        int chunks = 0;
        for (int start = 0; start < wanted.size(); start += IN_LIST_CHUNK, chunks++) {
            Map<String, Object> params = new HashMap<>();
            String where = where(resourceType, null, system, wanted.subList(start, Math.min(start + IN_LIST_CHUNK, wanted.size())),
                    from, to, params);
            for (ClinicalFact fact : sql.query("SELECT f.*" + where + " ORDER BY f.effective_start ASC NULLS LAST, f.id", params,
                    ClinicalFacts::toFact)) {
                found.putIfAbsent(fact.id(), fact);
            }
        }
        List<ClinicalFact> facts = new ArrayList<>(found.values());
        if (chunks > 1) {
            facts.sort(OLDEST_FIRST);
        }
        audit.record(new AuditEntry(AuditAction.SEARCH, null, resourceType, null, AuditOutcome.SUCCESS,
                facts.size() + " " + resourceType + " facts with " + wanted.size() + " codes of "
                        + (system == null ? "any system" : system) + period(from, to)));
        return facts;
    }

    /**
     * One page of the practice's facts of one type, newest first (FHIR search). A search of one patient's facts is
     * recorded as a search of that patient; a practice-wide search as a search of each patient on the page.
     */
    @Transactional
    public PatientPage<ClinicalFact> search(ClinicalFactQuery query) {
        requireType(query.resourceType());
        TenantJdbc.Scoped sql = jdbc.current();
        if (query.patient() == null) {
            policy.requireSearch(DataCategory.CLINICAL);
        } else {
            policy.require(sql.practiceId(), query.patient().value(), DataCategory.CLINICAL, Operation.SEARCH);
        }
        List<String> codes = query.codes() == null ? null : query.codes().stream().filter(Objects::nonNull).distinct().toList();
        if (codes != null && codes.size() > IN_LIST_CHUNK) {
            throw new InvalidPatientData("A search can name at most " + IN_LIST_CHUNK + " codes");
        }
        Map<String, Object> params = new HashMap<>();
        String where = where(query.resourceType(), query.patient(), query.codeSystem(), codes, query.from(), query.to(), params);
        int total = sql.queryValue("SELECT COUNT(*)" + where, params, Integer.class);
        params.put("limit", Math.max(1, Math.min(query.limit(), 500)));
        params.put("offset", Math.max(0, query.offset()));
        List<ClinicalFact> items = sql.query("SELECT f.*" + where
                + " ORDER BY f.effective_start DESC NULLS LAST, f.id LIMIT :limit OFFSET :offset", params, ClinicalFacts::toFact);
        String detail = describe(query) + ": " + items.size() + " of " + total + " facts";
        List<AuditEntry> entries = new ArrayList<>();
        if (query.patient() != null) {
            entries.add(new AuditEntry(AuditAction.SEARCH, query.patient().value(), query.resourceType(), null,
                    AuditOutcome.SUCCESS, detail));
        } else {
            items.stream().map(ClinicalFact::patient).distinct().forEach(patient -> entries.add(new AuditEntry(
                    AuditAction.SEARCH, patient.value(), query.resourceType(), null, AuditOutcome.SUCCESS, detail)));
            if (entries.isEmpty()) {
                entries.add(new AuditEntry(AuditAction.SEARCH, null, query.resourceType(), null, AuditOutcome.SUCCESS, detail));
            }
        }
        audit.recordAll(entries);
        return new PatientPage<>(items, total, query.offset(), query.limit());
    }

    /**
     * The FROM and WHERE clauses for facts of one type: of one patient or all, whose main code or any coding is one of
     * the codes (null: any code; empty: none), effective start in [from, to).
     */
    private static String where(String resourceType, PatientId patient, String system, List<String> codes, Instant from,
            Instant to, Map<String, Object> params) {
        StringBuilder where = new StringBuilder(" FROM clinical_fact f WHERE f.practice_id = :practiceId AND f.resource_type = :type");
        params.put("type", resourceType);
        if (patient != null) {
            where.append(" AND f.patient_id = :patient");
            params.put("patient", patient.value());
        }
        if (codes != null && codes.isEmpty()) {
            where.append(" AND 1 = 0");
        } else if (codes != null) {
            // The main code is tested on the row itself, the codings with one sub-select: H2 re-ran an
            // "IN (SELECT ... UNION SELECT ...)" for every row (seconds for a few thousand facts).
            String mainSystem = system == null ? "" : " AND f.code_system = :system";
            String codingSystem = system == null ? "" : " AND c.system = :system";
            where.append(" AND ((f.code IN (:codes)").append(mainSystem).append(") OR f.id IN (SELECT c.fact_id FROM ")
                    .append("clinical_fact_coding c WHERE c.practice_id = :practiceId AND c.resource_type = :type").append(codingSystem)
                    .append(" AND c.code IN (:codes)))");
            params.put("codes", codes);
            if (system != null) {
                params.put("system", system);
            }
        }
        if (from != null) {
            where.append(" AND f.effective_start >= :from");
            params.put("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
        }
        if (to != null) {
            where.append(" AND f.effective_start < :to");
            params.put("to", OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
        }
        return where.toString();
    }

    private static void requireType(String resourceType) {
        if (!ClinicalFactDetails.RESOURCE_TYPES.contains(resourceType)) {
            throw new IllegalArgumentException("Tandem keeps no " + resourceType + " facts");
        }
    }

    private static String describe(ClinicalFactQuery query) {
        List<String> parts = new ArrayList<>();
        if (query.patient() != null) parts.add("patient");
        if (query.codes() != null) parts.add("code");
        if (query.from() != null || query.to() != null) parts.add("date");
        return query.resourceType() + " search" + (parts.isEmpty() ? "" : " by " + String.join(", ", parts));
    }

    private static String period(Instant from, Instant to) {
        if (from == null) {
            return to == null ? "" : ", effective before " + to;
        }
        return to == null ? ", effective from " + from : ", effective between " + from + " and " + to;
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    static ClinicalFact toFact(ResultSet rs, int n) throws SQLException {
        OffsetDateTime start = rs.getObject("effective_start", OffsetDateTime.class);
        OffsetDateTime end = rs.getObject("effective_end", OffsetDateTime.class);
        BigDecimal quantity = rs.getBigDecimal("value_quantity");
        return new ClinicalFact(rs.getString("resource_type"), rs.getString("id"),
                new PatientId(rs.getObject("patient_id", java.util.UUID.class)), rs.getString("code_system"), rs.getString("code"),
                rs.getString("code_display"), rs.getString("status"), start == null ? null : start.toInstant(),
                end == null ? null : end.toInstant(), quantity == null ? null : quantity.stripTrailingZeros(), rs.getString("value_unit"),
                rs.getString("value_code_system"), rs.getString("value_code"), rs.getString("value_text"), rs.getInt("version"),
                rs.getString("raw_json"));
    }
}
