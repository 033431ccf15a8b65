package org.tandem.handoff;

import java.util.List;
import org.tandem.patient.InvalidPatientData;

/** A handoff request or step that breaks a rule; the message says which, in words a clinician understands. Nothing changed. */
public class InvalidHandoffData extends InvalidPatientData {

    public InvalidHandoffData(String problem) {
        super(problem);
    }

    public InvalidHandoffData(List<String> problems) {
        super(problems);
    }
}
