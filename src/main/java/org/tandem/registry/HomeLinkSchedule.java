package org.tandem.registry;

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
 * Sends home measurement links that are due, checking every practice every {@code tandem.registry.home-link-check}
 * (default 1 hour; the first check one interval after start, so tests and short runs stay quiet).
 */
@Component
class HomeLinkSchedule {

    private static final Logger log = LoggerFactory.getLogger(HomeLinkSchedule.class);

    private final Practices practices;
    private final HomeLinks links;
    private final CurrentActor actors;

    HomeLinkSchedule(Practices practices, HomeLinks links, CurrentActor actors) {
        this.practices = practices;
        this.links = links;
        this.actors = actors;
    }

    @Scheduled(fixedDelayString = "${tandem.registry.home-link-check:1h}", initialDelayString = "${tandem.registry.home-link-check:1h}")
    void sendDueLinks() {
        for (PracticeId practice : practices.allIds()) {
            sendDueLinks(practice);
        }
    }

    /** Sends the practice's due links as the system actor "home-links"; returns how many links were made. */
    int sendDueLinks(PracticeId practice) {
        Actor system = Actor.system("home-links", practice, EnumSet.of(Role.CARE_MANAGER), Channel.SYSTEM);
        try {
            return actors.runAs(system, () -> links.issueDue().size());
        } catch (RuntimeException e) {
            log.error("Sending due home measurement links of practice {} failed", practice, e);
            return 0;
        }
    }
}
