package org.tandem.measure;

import java.time.LocalDate;

/** A measurement period: whole days, both ends included, in the practice's time zone. */
public record MeasurePeriod(LocalDate start, LocalDate end) {

    public MeasurePeriod {
        if (start == null || end == null || end.isBefore(start)) {
            throw new InvalidMeasureRequest("The measurement period must have a start and an end on or after the start");
        }
    }

    /** The calendar year. */
    public static MeasurePeriod year(int year) {
        return new MeasurePeriod(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
    }
}
