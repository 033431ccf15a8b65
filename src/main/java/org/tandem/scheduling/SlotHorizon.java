package org.tandem.scheduling;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.tandem.platform.PracticeId;
import org.tandem.practice.Practices;

/**
 * Keeps every practice's slots made for the rolling horizon: once at start-up and every day
 * ({@code tandem.scheduling.extend-cron}, default 02:15 server time), so the schedule always reaches
 * {@code tandem.scheduling.horizon-weeks} ahead. Counts only in the log.
 */
@Component
class SlotHorizon {

    private static final Logger log = LoggerFactory.getLogger(SlotHorizon.class);

    private final Practices practices;
    private final SlotGenerator generator;
    private final String command;

    SlotHorizon(Practices practices, SlotGenerator generator, @Value("${tandem.command:}") String command) {
        this.practices = practices;
        this.generator = generator;
        this.command = command;
    }

    /** At start-up of the server; a one-off command ({@code tandem audit verify}) changes nothing. */
    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        if (command.isBlank()) {
            extendAll();
        }
    }

    @Scheduled(cron = "${tandem.scheduling.extend-cron:0 15 2 * * *}")
    void daily() {
        extendAll();
    }

    /** Extends every practice's slots; one practice failing does not stop the others. Returns slots made. */
    int extendAll() {
        int made = 0;
        for (PracticeId practice : practices.allIds()) {
            try {
                made += generator.extend(practice);
            } catch (RuntimeException e) {
                log.error("Extending the BHC schedule of practice {} failed", practice, e);
            }
        }
        if (made > 0) {
            log.info("Made {} schedule slots to keep {} weeks ahead", made, generator.horizonWeeks());
        }
        return made;
    }
}
