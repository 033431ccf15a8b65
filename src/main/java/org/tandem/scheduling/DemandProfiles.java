package org.tandem.scheduling;

import java.time.LocalDate;
import org.springframework.stereotype.Component;

/**
 * Builds the practice's demand profile from its own data: primary care visits (patient module), positive screens
 * (screening module) and handoff requests (any {@link DemandSource}, the handoff module's). Counts only.
 */
@Component
public class DemandProfiles {

    /** The profile over [from, to] in the practice's time zone. */
    public DemandProfile of(LocalDate from, LocalDate to) {
        throw new UnsupportedOperationException("demand");
    }
}
