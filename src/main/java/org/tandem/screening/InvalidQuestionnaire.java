package org.tandem.screening;

import java.util.List;

/**
 * A Questionnaire that does not match an instrument's scoring rules (wrong id, a missing or extra item, a wrong
 * type, an answer list that differs, a score that disagrees). The problems are in words a practice admin
 * understands, one per problem found.
 */
public class InvalidQuestionnaire extends RuntimeException {

    private final List<String> problems;

    public InvalidQuestionnaire(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
