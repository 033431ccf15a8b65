package org.tandem.platform;

import java.util.Locale;

/** Staff roles in an integrated-care practice and in the organizations that support practices. */
public enum Role {
    PCP, BHC, CARE_MANAGER, PSYCHIATRIC_CONSULTANT, MEDICAL_ASSISTANT, FRONT_DESK, PRACTICE_ADMIN,
    FACILITATOR, COLLABORATIVE_LEAD;

    /** Roles held by staff of a support organization rather than of a practice. */
    public boolean isSupportOrganizationRole() {
        return this == FACILITATOR || this == COLLABORATIVE_LEAD;
    }

    /** Message key of the role's display name. */
    public String messageKey() {
        return "role." + name().toLowerCase(Locale.ROOT);
    }

    public String authority() {
        return "ROLE_" + name();
    }
}
