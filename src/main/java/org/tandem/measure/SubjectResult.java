package org.tandem.measure;

import java.util.Set;
import java.util.UUID;

/**
 * One patient's result for one measure and period.
 *
 * @param clinicianId the clinician the result is attributed to: the patient's PCP, else the clinician of their latest
 *     encounter in the period; null when neither is known
 * @param siteId the site the result is attributed to, or null when unknown
 */
public record SubjectResult(java.util.UUID patientId, Set<Population> populations, UUID clinicianId, UUID siteId) {

    public boolean in(Population population) {
        return populations.contains(population);
    }
}
