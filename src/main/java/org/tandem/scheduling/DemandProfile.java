package org.tandem.scheduling;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

/**
 * When demand arises in a practice, by weekday and hour, averaged per week over a period.
 *
 * @param perWeek for each kind present, average events per week [weekday 0 = Monday .. 6][hour 0..23]
 * @param weeks number of weeks the averages are taken over
 */
public record DemandProfile(ZoneId zone, LocalDate from, LocalDate to, double weeks, Map<DemandKind, double[][]> perWeek) {

    /** Average events per week in one weekday-hour cell, 0 when the kind was not counted. */
    public double at(DemandKind kind, int weekday, int hour) {
        double[][] cells = perWeek.get(kind);
        return cells == null ? 0 : cells[weekday][hour];
    }
}
