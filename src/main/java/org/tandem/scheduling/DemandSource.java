package org.tandem.scheduling;

import java.time.Instant;
import java.time.ZoneId;
import org.tandem.platform.PracticeId;

/**
 * Counts of one kind of demand by weekday and hour, for the demand profile. Implemented by the modules that own the
 * data (the handoff module implements it for handoff requests, so that scheduling need not depend on it). Counts only,
 * never patient data.
 */
public interface DemandSource {

    DemandKind kind();

    /**
     * @return counts[weekday 0 = Monday .. 6 = Sunday][hour 0..23] of events in [from, to), hours local to zone
     */
    int[][] countsByWeekdayHour(PracticeId practice, Instant from, Instant to, ZoneId zone);
}
