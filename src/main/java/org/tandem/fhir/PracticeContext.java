package org.tandem.fhir;

import java.time.ZoneId;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.tandem.platform.CurrentActor;
import org.tandem.practice.Practices;
import org.tandem.practice.StaffMember;

/** The caller's practice as FHIR mapping needs it: its time zone and its staff (for Practitioner references). */
@Component
class PracticeContext {

    private final Practices practices;
    private final CurrentActor actors;

    PracticeContext(Practices practices, CurrentActor actors) {
        this.practices = practices;
        this.actors = actors;
    }

    ZoneId zone() {
        return practices.find(actors.requirePractice()).orElseThrow().timeZone();
    }

    Set<UUID> staff() {
        return practices.staff().stream().map(StaffMember::id).collect(Collectors.toSet());
    }
}
