package org.tandem.registry;

import java.util.List;
import org.tandem.patient.InvalidPatientData;

/** Registry input that breaks a rule; the message says which, in words a clinician understands. Nothing was changed. */
public class InvalidRegistryData extends InvalidPatientData {

    public InvalidRegistryData(String problem) {
        super(problem);
    }

    public InvalidRegistryData(List<String> problems) {
        super(problems);
    }
}
