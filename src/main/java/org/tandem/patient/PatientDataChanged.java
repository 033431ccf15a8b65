package org.tandem.patient;

import org.tandem.platform.PracticeId;

/**
 * A practice's patient data was written (a patient, visit or clinical fact created or changed), published in the
 * writer's transaction. Caches of population data (measures) drop the practice's entry on it.
 */
public record PatientDataChanged(PracticeId practice) {
}
