package org.tandem.patient;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.platform.TenantJdbc;
import org.tandem.privacy.PatientDirectory;

/** The patient module's answer to the audit pages' look-ups, scoped to the current practice. */
@Component
class PracticePatientDirectory implements PatientDirectory {

    private final TenantJdbc jdbc;

    PracticePatientDirectory(TenantJdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<String> displayName(UUID patientId) {
        return jdbc.current().queryOne("SELECT family_name, given_names FROM patient WHERE practice_id = :practiceId AND id = :id",
                Map.of("id", patientId), (rs, n) -> {
                    String given = rs.getString("given_names");
                    String family = rs.getString("family_name");
                    return given == null || given.isBlank() ? family : family + ", " + given;
                });
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<UUID> findByMrn(String mrn) {
        if (mrn == null || mrn.isBlank()) {
            return Optional.empty();
        }
        return jdbc.current().query("SELECT id FROM patient WHERE practice_id = :practiceId AND mrn = :mrn ORDER BY mrn_system",
                Map.of("mrn", mrn.trim()), (rs, n) -> rs.getObject(1, UUID.class)).stream().findFirst();
    }
}
