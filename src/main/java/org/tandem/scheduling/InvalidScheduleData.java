package org.tandem.scheduling;

import java.util.List;
import org.tandem.patient.InvalidPatientData;

/** Scheduling input that breaks a rule; the message says which, in words a clinician understands. Nothing changed. */
public class InvalidScheduleData extends InvalidPatientData {

    public InvalidScheduleData(String problem) {
        super(problem);
    }

    public InvalidScheduleData(List<String> problems) {
        super(problems);
    }
}
