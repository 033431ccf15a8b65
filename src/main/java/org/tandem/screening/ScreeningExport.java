package org.tandem.screening;

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
import org.tandem.patient.PatientId;
import org.tandem.platform.TenantJdbc;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.DataCategory;
import org.tandem.privacy.Operation;

/**
 * Screening responses for bulk export, a page of patients at a time (see {@code PatientExport}): the access policy
 * decides an EXPORT of clinical data; the exporter audits the export as a whole and per patient. A response never
 * changes once stored, so its creation is its last change ({@code changedAfter < created_at <= changedUntil}).
 */
@Component
public class ScreeningExport {

    private final TenantJdbc jdbc;
    private final AccessPolicy policy;

    ScreeningExport(TenantJdbc jdbc, AccessPolicy policy) {
        this.jdbc = jdbc;
        this.policy = policy;
    }

    /** These patients' responses, by patient and authoring time. */
    @Transactional(readOnly = true)
    public List<ScreeningResponse> responses(Collection<PatientId> patients, Instant changedAfter, Instant changedUntil) {
        TenantJdbc.Scoped sql = jdbc.current();
        policy.require(sql.practiceId(), null, DataCategory.CLINICAL, Operation.EXPORT);
        List<UUID> ids = patients.stream().filter(Objects::nonNull).map(PatientId::value).distinct().toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Object> params = new HashMap<>();
        params.put("ids", ids);
        return sql.query("SELECT * FROM screening_response WHERE practice_id = :practiceId AND patient_id IN (:ids)"
                + window(params, changedAfter, changedUntil) + " ORDER BY patient_id, authored_at, id", params, Screenings::toResponse);
    }

    /** How many responses changed in the window (counts only, for what an export withheld). */
    @Transactional(readOnly = true)
    public long count(Instant changedAfter, Instant changedUntil) {
        policy.requireStaff();
        Map<String, Object> params = new HashMap<>();
        return jdbc.current().queryValue("SELECT COUNT(*) FROM screening_response WHERE practice_id = :practiceId"
                + window(params, changedAfter, changedUntil), params, Long.class);
    }

    private static String window(Map<String, Object> params, Instant changedAfter, Instant changedUntil) {
        String condition = "";
        if (changedAfter != null) {
            condition += " AND created_at > :changedAfter";
            params.put("changedAfter", OffsetDateTime.ofInstant(changedAfter, ZoneOffset.UTC));
        }
        if (changedUntil != null) {
            condition += " AND created_at <= :changedUntil";
            params.put("changedUntil", OffsetDateTime.ofInstant(changedUntil, ZoneOffset.UTC));
        }
        return condition;
    }
}
