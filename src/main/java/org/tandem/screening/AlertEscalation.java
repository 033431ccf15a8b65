package org.tandem.screening;

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
 * Escalates safety alerts that nobody acknowledged within the practice's escalation time (default 15 minutes),
 * checking every practice every {@code tandem.screening.escalation-check} (default 30 s).
 */
@Component
class AlertEscalation {

    private static final Logger log = LoggerFactory.getLogger(AlertEscalation.class);

    private final Practices practices;
    private final SafetyAlerts alerts;
    private final CurrentActor actors;

    AlertEscalation(Practices practices, SafetyAlerts alerts, CurrentActor actors) {
        this.practices = practices;
        this.alerts = alerts;
        this.actors = actors;
    }

    @Scheduled(fixedDelayString = "${tandem.screening.escalation-check:30s}", initialDelayString = "${tandem.screening.escalation-check:30s}")
    void escalateOverdue() {
        for (PracticeId practice : practices.allIds()) {
            escalate(practice);
        }
    }

    int escalate(PracticeId practice) {
        Actor system = Actor.system("alert-escalation", practice, EnumSet.of(Role.BHC), Channel.SYSTEM);
        try {
            return actors.runAs(system, () -> alerts.escalateOverdue().size());
        } catch (RuntimeException e) {
            log.error("Escalating safety alerts of practice {} failed", practice, e);
            return 0;
        }
    }
}
