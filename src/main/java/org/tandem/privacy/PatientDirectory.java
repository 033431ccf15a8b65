package org.tandem.privacy;

import java.util.Optional;
import java.util.UUID;

/**
 * Names and medical record numbers of the current practice's patients, for the audit pages. Implemented by the
 * patient module, which depends on privacy (not the other way round). Look-ups are not audited: they show the name
 * of a patient whose access history an admin is already allowed to read.
 */
public interface PatientDirectory {

    /** The patient's name as the practice shows it, or empty if the current practice has no such patient. */
    Optional<String> displayName(UUID patientId);

    /** The current practice's patient with this medical record number, if any. */
    Optional<UUID> findByMrn(String mrn);
}
