package org.tandem.screening;

import java.util.List;

/** TEMPORARY compile placeholder, replaced by the screening-content branch before commit. */
public class InvalidQuestionnaire extends RuntimeException {
    private final List<String> problems;

    public InvalidQuestionnaire(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = problems;
    }

    public List<String> problems() {
        return problems;
    }
}
