package org.tandem.platform.web;

import java.util.List;
import org.tandem.platform.Actor;
import org.tandem.platform.ActorPrincipal;
import org.tandem.platform.Role;

/**
 * The signed-in staff member as the page header shows them.
 *
 * @param roleKeys message keys of the member's roles, in a stable order
 * @param inPractice whether they work in a practice (support-organization staff do not)
 */
record SignedIn(String displayName, List<String> roleKeys, String organizationName, boolean admin, boolean inPractice) {

    static SignedIn of(ActorPrincipal principal) {
        Actor actor = principal.actor();
        List<String> keys = actor.roles().stream().sorted().map(Role::messageKey).toList();
        return new SignedIn(principal.displayName(), keys, principal.organizationName(),
                actor.hasRole(Role.PRACTICE_ADMIN), actor.practice().isPresent());
    }
}
