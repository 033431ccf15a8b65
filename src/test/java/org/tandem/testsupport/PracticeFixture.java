package org.tandem.testsupport;

import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.tandem.platform.Actor;
import org.tandem.platform.Channel;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;

/**
 * A practice for a test: a staff member in every practice role (password {@link #PASSWORD}) and an API client per
 * role ({@code <prefix>-<role>} / {@link #SECRET}).
 */
public record PracticeFixture(PracticeId id, String prefix, Map<Role, String> emails, Map<Role, UUID> accounts) {

    public static final String PASSWORD = "fixture-password-1";
    public static final String SECRET = "fixture-secret-1";

    public static PracticeFixture create(Practices practices, String name) {
        String prefix = "p" + UUID.randomUUID().toString().substring(0, 8);
        PracticeId id = practices.createPractice(name, ZoneId.of("America/Chicago"));
        Map<Role, String> emails = new EnumMap<>(Role.class);
        Map<Role, UUID> accounts = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            if (role.isSupportOrganizationRole()) {
                continue;
            }
            String email = role.name().toLowerCase(Locale.ROOT) + "@" + prefix + ".example";
            accounts.put(role, practices.createStaff(id, email, "Test " + role.name(), PASSWORD, Set.of(role)));
            emails.put(role, email);
            practices.createApiClient(id, prefix + "-" + role.name().toLowerCase(Locale.ROOT), "Test client", SECRET, role);
        }
        return new PracticeFixture(id, prefix, emails, accounts);
    }

    public String client(Role role) {
        return prefix + "-" + role.name().toLowerCase(Locale.ROOT);
    }

    /** A system actor of this practice in the given role, for setting up data with the facades. */
    public Actor actor(Role role) {
        return Actor.system("test-" + role.name().toLowerCase(Locale.ROOT), id, Set.of(role), Channel.CLI);
    }

    /** The fixture's staff member in the given role, as a signed-in user on the web (named: e-mail and account id). */
    public Actor user(Role role) {
        return new Actor(accounts.get(role).toString(), emails.get(role), Actor.Kind.USER, id, Set.of(role), Channel.WEB, null);
    }
}
