package org.tandem.patient;

import java.util.List;

/** Patient data that breaks a rule; the message says which, in words a clinician understands. Nothing was changed. */
public class InvalidPatientData extends RuntimeException {

    private final List<String> problems;

    public InvalidPatientData(String problem) {
        this(List.of(problem));
    }

    public InvalidPatientData(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
