package org.tandem.patient;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.platform.TenantJdbc;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditEntry;
import org.tandem.privacy.AuditTrail;
import org.tandem.privacy.DataCategory;
import org.tandem.privacy.Operation;

/**
 * Clinical facts imported from an EHR. Loading the same resource id again updates the stored fact (idempotent
 * imports); reads pass the access policy; reads and writes are audited.
 */
@Component
public class ClinicalFacts {

    private final TenantJdbc jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Clock clock;

    ClinicalFacts(TenantJdbc jdbc, AccessPolicy policy, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    /** Stores a fact, or replaces the stored fact with the same type and id. Returns whether it was new. */
    @Transactional
    public boolean save(ClinicalFactDetails fact) {
        if (!ClinicalFactDetails.RESOURCE_TYPES.contains(fact.resourceType())) {
            throw new InvalidPatientData("Tandem does not keep " + fact.resourceType() + " resources");
        }
        if (fact.patient() == null) {
            throw new InvalidPatientData(fact.resourceType() + " " + fact.id() + " does not name a patient of this practice");
        }
        if (fact.id() == null || !fact.id().matches("[A-Za-z0-9\\-.]{1,64}")) {
            throw new InvalidPatientData("A resource id must be 1 to 64 letters, digits, '-' or '.'");
        }
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
        if (existing.isPresent()) {
            sql.update("DELETE FROM clinical_fact_coding WHERE practice_id = :practiceId AND resource_type = :type AND fact_id = :id", key);
            sql.update("UPDATE clinical_fact SET patient_id = :patient, code_system = :codeSystem, code = :code, code_display = :display, "
                    + "status = :status, effective_start = :start, effective_end = :end, value_quantity = :quantity, value_unit = :unit, "
                    + "value_code_system = :valueSystem, value_code = :valueCode, value_text = :valueText, raw_json = :raw, "
                    + "version = version + 1, updated_at = :now WHERE practice_id = :practiceId AND resource_type = :type AND id = :id", params);
        } else {
            sql.update("INSERT INTO clinical_fact (practice_id, resource_type, id, patient_id, code_system, code, code_display, status, "
                    + "effective_start, effective_end, value_quantity, value_unit, value_code_system, value_code, value_text, raw_json, "
                    + "version, created_at, updated_at) VALUES (:practiceId, :type, :id, :patient, :codeSystem, :code, :display, :status, "
                    + ":start, :end, :quantity, :unit, :valueSystem, :valueCode, :valueText, :raw, 1, :now, :now)", params);
        }
        Set<ClinicalFactDetails.Coding> codings = new LinkedHashSet<>();
        if (fact.codings() != null) {
            fact.codings().stream().filter(c -> c.system() != null && c.code() != null).forEach(codings::add);
        }
        List<Map<String, ?>> rows = new ArrayList<>();
        for (ClinicalFactDetails.Coding coding : codings) {
            rows.add(Map.of("type", fact.resourceType(), "id", fact.id(), "system", coding.system(), "code", coding.code()));
        }
        sql.batchUpdate("INSERT INTO clinical_fact_coding (practice_id, resource_type, fact_id, system, code) "
                + "VALUES (:practiceId, :type, :id, :system, :code)", rows);
        audit.record(AuditEntry.patient(existing.isPresent() ? AuditAction.UPDATE : AuditAction.CREATE, fact.patient().value(),
                fact.resourceType(), fact.id()));
        return existing.isEmpty();
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
                null, org.tandem.privacy.AuditOutcome.SUCCESS, facts.size() + " facts"));
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
