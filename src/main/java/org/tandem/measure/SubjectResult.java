package org.tandem.measure;

import java.util.Set;
import java.util.UUID;

/**
 * One patient's result for one measure and period.
 *
 * @param clinicianId the clinician the result is attributed to (the clinician of the patient's latest qualifying
 *     encounter in the period, else the patient's PCP), or null
 * @param siteId the site the result is attributed to, or null when unknown
 */
public record SubjectResult(java.util.UUID patientId, Set<Population> populations, UUID clinicianId, UUID siteId) {

    public boolean in(Population population) {
        return populations.contains(population);
    }
}
