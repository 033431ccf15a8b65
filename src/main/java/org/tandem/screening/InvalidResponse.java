package org.tandem.screening;

import java.util.List;

/** A response that cannot be stored: unknown instrument, unknown item, an answer not in the item's list. */
public class InvalidResponse extends RuntimeException {

    private final List<String> problems;

    public InvalidResponse(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidResponse(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
