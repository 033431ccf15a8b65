package org.tandem.scheduling;

import java.time.Instant;
import java.time.ZoneId;
import org.springframework.stereotype.Component;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.screening.Screenings;

/** Positive screens by weekday and hour they were completed, from the screening module's responses. */
@Component
class ScreeningDemand implements DemandSource {

    private final Screenings screenings;
    private final CurrentActor actors;

    ScreeningDemand(Screenings screenings, CurrentActor actors) {
        this.screenings = screenings;
        this.actors = actors;
    }

    @Override
    public DemandKind kind() {
        return DemandKind.POSITIVE_SCREENS;
    }

    @Override
    public int[][] countsByWeekdayHour(PracticeId practice, Instant from, Instant to, ZoneId zone) {
        DemandProfiles.requireOwnPractice(actors, practice);
        return screenings.positivesByWeekdayHour(from, to, zone);
    }
}
