package org.tandem.registry;

import java.util.Optional;
import org.tandem.platform.Actor;
import org.tandem.platform.Role;

/** The team role in which someone logged time. */
public enum ClinicianRole {
    CARE_MANAGER, PCP, PSYCHIATRIC_CONSULTANT;

    public String code() {
        return Codes.of(this);
    }

    public static ClinicianRole of(String code) {
        return Codes.parse(ClinicianRole.class, code, "Clinician role");
    }

    /** The role an actor logs time in: care manager (or BHC), PCP or consultant; empty for others. */
    public static Optional<ClinicianRole> of(Actor actor) {
        if (actor.hasRole(Role.CARE_MANAGER) || actor.hasRole(Role.BHC)) {
            return Optional.of(CARE_MANAGER);
        }
        if (actor.hasRole(Role.PSYCHIATRIC_CONSULTANT)) {
            return Optional.of(PSYCHIATRIC_CONSULTANT);
        }
        if (actor.hasRole(Role.PCP)) {
            return Optional.of(PCP);
        }
        return Optional.empty();
    }
}
