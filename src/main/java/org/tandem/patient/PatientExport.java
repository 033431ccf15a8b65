package org.tandem.patient;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.platform.PracticeId;
import org.tandem.platform.TenantJdbc;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.DataCategory;
import org.tandem.privacy.Operation;

/**
 * Reads for bulk export (FHIR {@code $export}, {@code tandem export}): the practice's patients one key-ordered page at
 * a time, and the records of a page of patients, so that an export's memory does not grow with the practice. Each
 * call asks the access policy for an EXPORT of its category (a refusal is audited and thrown). These reads are not
 * audited one by one: the exporter records the export itself, one entry per job and one per exported patient.
 *
 * <p>{@code changedAfter} / {@code changedUntil} bound the record's last change (FHIR Bulk Data {@code _since} and
 * the manifest's {@code transactionTime}): a record is returned when {@code changedAfter < updated_at <= changedUntil}.
 */
@Component
public class PatientExport {

    private final TenantJdbc jdbc;
    private final AccessPolicy policy;

    PatientExport(TenantJdbc jdbc, AccessPolicy policy) {
        this.jdbc = jdbc;
        this.policy = policy;
    }

    /** The practice of the current actor. */
    public PracticeId practice() {
        return jdbc.current().practiceId();
    }

    /** How many patients the practice has (for progress). */
    @Transactional(readOnly = true)
    public long patientCount() {
        TenantJdbc.Scoped sql = require(DataCategory.DEMOGRAPHICS);
        return sql.queryValue("SELECT COUNT(*) FROM patient WHERE practice_id = :practiceId", Map.of(), Long.class);
    }

    /** The next page of patient ids in id order, after {@code after} (null: from the start). */
    @Transactional(readOnly = true)
    public List<PatientId> patientIds(PatientId after, int limit) {
        TenantJdbc.Scoped sql = require(DataCategory.DEMOGRAPHICS);
        Map<String, Object> params = new HashMap<>();
        params.put("limit", Math.max(1, limit));
        String where = "";
        if (after != null) {
            where = " AND id > :after";
            params.put("after", after.value());
        }
        return sql.query("SELECT id FROM patient WHERE practice_id = :practiceId" + where + " ORDER BY id LIMIT :limit",
                params, (rs, n) -> new PatientId(rs.getObject("id", UUID.class)));
    }

    /** These patients' records, in id order, when changed in the window. */
    @Transactional(readOnly = true)
    public List<PatientRecord> patients(Collection<PatientId> patients, Instant changedAfter, Instant changedUntil) {
        TenantJdbc.Scoped sql = require(DataCategory.DEMOGRAPHICS);
        Map<String, Object> params = window(patients, changedAfter, changedUntil);
        return sql.query("SELECT * FROM patient WHERE practice_id = :practiceId AND id IN (:ids)" + changed("updated_at", params)
                + " ORDER BY id", params, Patients::toPatient);
    }

    /** These patients' visits, by patient and start, when changed in the window. */
    @Transactional(readOnly = true)
    public List<EncounterRecord> encounters(Collection<PatientId> patients, Instant changedAfter, Instant changedUntil) {
        TenantJdbc.Scoped sql = require(DataCategory.ENCOUNTERS);
        Map<String, Object> params = window(patients, changedAfter, changedUntil);
        return sql.query("SELECT * FROM encounter WHERE practice_id = :practiceId AND patient_id IN (:ids)"
                + changed("updated_at", params) + " ORDER BY patient_id, start_at, id", params, Encounters::toEncounter);
    }

    /** These patients' clinical facts of one type, by patient and id, when changed in the window. */
    @Transactional(readOnly = true)
    public List<ClinicalFact> facts(String resourceType, Collection<PatientId> patients, Instant changedAfter, Instant changedUntil) {
        return facts(List.of(resourceType), patients, changedAfter, changedUntil);
    }

    /** These patients' clinical facts of these types (one query), by type, patient and id, when changed in the window. */
    @Transactional(readOnly = true)
    public List<ClinicalFact> facts(Collection<String> resourceTypes, Collection<PatientId> patients, Instant changedAfter,
            Instant changedUntil) {
        for (String type : resourceTypes) {
            if (!ClinicalFactDetails.RESOURCE_TYPES.contains(type)) {
                throw new IllegalArgumentException("Tandem keeps no " + type + " facts");
            }
        }
        if (resourceTypes.isEmpty()) {
            return List.of();
        }
        TenantJdbc.Scoped sql = require(DataCategory.CLINICAL);
        Map<String, Object> params = window(patients, changedAfter, changedUntil);
        params.put("types", List.copyOf(resourceTypes));
        return sql.query("SELECT * FROM clinical_fact WHERE practice_id = :practiceId AND resource_type IN (:types) "
                + "AND patient_id IN (:ids)" + changed("updated_at", params) + " ORDER BY resource_type, patient_id, id", params,
                ClinicalFacts::toFact);
    }

    /**
     * How many records of a type changed in the window, without reading them: what an export withheld when the policy
     * refused the category. Counts hold no patient data; any staff member of the practice may read them.
     *
     * @param resourceType Patient, Encounter or one of {@link ClinicalFactDetails#RESOURCE_TYPES}
     */
    @Transactional(readOnly = true)
    public long count(String resourceType, Instant changedAfter, Instant changedUntil) {
        policy.requireStaff();
        TenantJdbc.Scoped sql = jdbc.current();
        Map<String, Object> params = new HashMap<>();
        String changed = changed("updated_at", windowOnly(params, changedAfter, changedUntil));
        if ("Patient".equals(resourceType)) {
            return sql.queryValue("SELECT COUNT(*) FROM patient WHERE practice_id = :practiceId" + changed, params, Long.class);
        }
        if ("Encounter".equals(resourceType)) {
            return sql.queryValue("SELECT COUNT(*) FROM encounter WHERE practice_id = :practiceId" + changed, params, Long.class);
        }
        if (!ClinicalFactDetails.RESOURCE_TYPES.contains(resourceType)) {
            throw new IllegalArgumentException("Tandem keeps no " + resourceType + " facts");
        }
        params.put("type", resourceType);
        return sql.queryValue("SELECT COUNT(*) FROM clinical_fact WHERE practice_id = :practiceId AND resource_type = :type" + changed,
                params, Long.class);
    }

    private TenantJdbc.Scoped require(DataCategory category) {
        TenantJdbc.Scoped sql = jdbc.current();
        policy.require(sql.practiceId(), null, category, Operation.EXPORT);
        return sql;
    }

    private static Map<String, Object> window(Collection<PatientId> patients, Instant changedAfter, Instant changedUntil) {
        List<UUID> ids = patients.stream().filter(Objects::nonNull).map(PatientId::value).distinct().toList();
        if (ids.isEmpty() || ids.size() > Patients.IN_LIST_CHUNK) {
            throw new IllegalArgumentException("Export pages hold 1 to " + Patients.IN_LIST_CHUNK + " patients, not " + ids.size());
        }
        Map<String, Object> params = new HashMap<>();
        params.put("ids", ids);
        return windowOnly(params, changedAfter, changedUntil);
    }

    private static Map<String, Object> windowOnly(Map<String, Object> params, Instant changedAfter, Instant changedUntil) {
        if (changedAfter != null) {
            params.put("changedAfter", OffsetDateTime.ofInstant(changedAfter, ZoneOffset.UTC));
        }
        if (changedUntil != null) {
            params.put("changedUntil", OffsetDateTime.ofInstant(changedUntil, ZoneOffset.UTC));
        }
        return params;
    }

    /** The window's condition on a timestamp column, for the parameters {@link #windowOnly} put in. */
    static String changed(String column, Map<String, Object> params) {
        String condition = "";
        if (params.containsKey("changedAfter")) {
            condition += " AND " + column + " > :changedAfter";
        }
        if (params.containsKey("changedUntil")) {
            condition += " AND " + column + " <= :changedUntil";
        }
        return condition;
    }
}
