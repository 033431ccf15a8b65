package org.tandem.platform.web;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.tandem.platform.Actor;
import org.tandem.platform.ActorPrincipal;
import org.tandem.platform.Role;

/**
 * The signed-in staff member as the page header shows them.
 *
 * @param roleKeys message keys of the member's roles, in a stable order
 * @param inPractice whether they work in a practice (support-organization staff do not)
 * @param alerts whether live safety alerts are pushed to them (clinicians who respond to alerts and practice admins,
 *        who receive escalations): the layout then opens the alert stream and shows the open-alert count
 * @param clinical whether they hold a role that reads clinical data (clinicians and medical assistants), so the
 *        screening due list and reach dashboard are theirs
 * @param registry whether they are on the collaborative-care team (PCP, BHC, care manager, psychiatric consultant), so
 *        the caseload, new results, case review and billing pages are theirs
 * @param pcp whether they are a PCP, who answers the consultant's recommendations in the inbox
 * @param handoffs whether they take part in warm handoffs: BHCs take them, PCPs and medical assistants ask for them
 * @param asksForHandoffs whether they may ask for a warm handoff (PCPs, and medical assistants on a PCP's behalf)
 * @param schedule whether they work with the behavioral health schedule (book, cancel, mark visits)
 */
record SignedIn(String displayName, List<String> roleKeys, String organizationName, boolean admin, boolean inPractice,
        boolean alerts, boolean clinical, boolean registry, boolean pcp, boolean handoffs, boolean asksForHandoffs, boolean schedule) {

    /** Roles that receive live safety alerts. */
    static final Set<Role> ALERT_ROLES = EnumSet.of(Role.BHC, Role.PCP, Role.CARE_MANAGER, Role.PSYCHIATRIC_CONSULTANT,
            Role.PRACTICE_ADMIN);
    /** Practice roles that read clinical data (the access policy's clinicians). */
    static final Set<Role> CLINICAL = EnumSet.of(Role.PCP, Role.BHC, Role.CARE_MANAGER, Role.PSYCHIATRIC_CONSULTANT,
            Role.MEDICAL_ASSISTANT);
    /** The collaborative-care team. */
    static final Set<Role> REGISTRY = EnumSet.of(Role.PCP, Role.BHC, Role.CARE_MANAGER, Role.PSYCHIATRIC_CONSULTANT);
    /** Roles that take part in warm handoffs. */
    static final Set<Role> HANDOFFS = EnumSet.of(Role.PCP, Role.BHC, Role.MEDICAL_ASSISTANT);
    /** Roles that book and keep the behavioral health schedule. */
    static final Set<Role> SCHEDULE = EnumSet.of(Role.FRONT_DESK, Role.MEDICAL_ASSISTANT, Role.BHC, Role.CARE_MANAGER,
            Role.PCP);

    static SignedIn of(ActorPrincipal principal) {
        Actor actor = principal.actor();
        List<String> keys = actor.roles().stream().sorted().map(Role::messageKey).toList();
        return new SignedIn(principal.displayName(), keys, principal.organizationName(),
                actor.hasRole(Role.PRACTICE_ADMIN), actor.practice().isPresent(),
                actor.practice().isPresent() && actor.hasAnyRole(ALERT_ROLES),
                actor.practice().isPresent() && actor.hasAnyRole(CLINICAL),
                actor.practice().isPresent() && actor.hasAnyRole(REGISTRY),
                actor.practice().isPresent() && actor.hasRole(Role.PCP),
                actor.practice().isPresent() && actor.hasAnyRole(HANDOFFS),
                actor.practice().isPresent() && (actor.hasRole(Role.PCP) || actor.hasRole(Role.MEDICAL_ASSISTANT)),
                actor.practice().isPresent() && actor.hasAnyRole(SCHEDULE));
    }
}
