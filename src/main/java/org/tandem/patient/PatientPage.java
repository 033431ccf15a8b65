package org.tandem.patient;

import java.util.List;

/** One page of search results and the total number of matches. */
public record PatientPage<T>(List<T> items, int total, int offset, int limit) {

    public boolean hasNext() {
        return offset + items.size() < total;
    }

    public boolean hasPrevious() {
        return offset > 0;
    }
}
