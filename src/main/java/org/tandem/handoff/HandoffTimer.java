package org.tandem.handoff;

import java.time.Clock;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.tandem.platform.Actor;
import org.tandem.platform.Channel;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;

/**
 * Widens and escalates waiting handoff requests of every practice (see {@link Handoffs#widenAndEscalate}), every
 * {@code tandem.handoff.tick-ms} milliseconds (default 5000).
 */
@Component
class HandoffTimer {

    private static final Logger log = LoggerFactory.getLogger(HandoffTimer.class);

    private final Practices practices;
    private final Handoffs handoffs;
    private final CurrentActor actors;
    private final Clock clock;

    HandoffTimer(Practices practices, Handoffs handoffs, CurrentActor actors, Clock clock) {
        this.practices = practices;
        this.handoffs = handoffs;
        this.actors = actors;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${tandem.handoff.tick-ms:5000}", initialDelayString = "${tandem.handoff.tick-ms:5000}")
    void tick() {
        for (PracticeId practice : practices.allIds()) {
            try {
                tick(practice, clock);
            } catch (RuntimeException e) {
                log.error("Widening and escalating warm handoffs of practice {} failed", practice, e);
            }
        }
    }

    /** One tick for one practice at the clock's instant (tests pass a fixed clock). */
    Handoffs.Tick tick(PracticeId practice, Clock at) {
        Actor system = Actor.system("handoff-timer", practice, EnumSet.of(Role.BHC), Channel.SYSTEM);
        return actors.runAs(system, () -> handoffs.widenAndEscalate(at.instant()));
    }
}
