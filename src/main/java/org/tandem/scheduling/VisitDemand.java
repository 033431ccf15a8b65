package org.tandem.scheduling;

import java.time.Instant;
import java.time.ZoneId;
import org.springframework.stereotype.Component;
import org.tandem.patient.Encounters;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;

/** Primary care visits by weekday and hour of their start, from the patient module's encounters. */
@Component
class VisitDemand implements DemandSource {

    private final Encounters encounters;
    private final CurrentActor actors;

    VisitDemand(Encounters encounters, CurrentActor actors) {
        this.encounters = encounters;
        this.actors = actors;
    }

    @Override
    public DemandKind kind() {
        return DemandKind.PRIMARY_CARE_VISITS;
    }

    @Override
    public int[][] countsByWeekdayHour(PracticeId practice, Instant from, Instant to, ZoneId zone) {
        DemandProfiles.requireOwnPractice(actors, practice);
        return encounters.startsByWeekdayHour(from, to, zone);
    }
}
