package org.tandem.registry;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A contact to log, with the measurements taken in it.
 *
 * @param on the day of the contact (null: today in the practice's time zone)
 * @param measurements item scores in item order by instrument id (e.g. {@code phq-9} to nine scores of 0-3); every
 *        item must be answered
 * @param language the language the questions were asked in ({@code en}, {@code es})
 */
public record ContactEntry(UUID episode, LocalDate on, int minutes, ContactMode mode, Activity activity, String note,
        Map<String, List<Integer>> measurements, String language) {

    public ContactEntry {
        measurements = measurements == null ? Map.of() : Map.copyOf(measurements);
    }
}
