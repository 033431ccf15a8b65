package org.tandem.practice;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.platform.Actor;
import org.tandem.platform.Channel;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;
import org.tandem.platform.TenantJdbc;

/**
 * Staff sign-in: loads accounts by e-mail and locks an account for a while after repeated wrong passwords
 * ({@code tandem.security.max-failed-sign-ins}, default 5; {@code tandem.security.lockout}, default 15 minutes).
 */
@Component
class StaffSignIn implements UserDetailsService {

    private final TenantJdbc jdbc;
    private final Clock clock;
    private final int maxFailures;
    private final Duration lockout;

    StaffSignIn(TenantJdbc jdbc, Clock clock, @Value("${tandem.security.max-failed-sign-ins:5}") int maxFailures,
            @Value("${tandem.security.lockout:15m}") Duration lockout) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.lockout = lockout;
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String email) {
        Account account = jdbc.global().queryOne("SELECT a.id, a.email, a.display_name, a.password_hash, a.enabled, "
                + "a.locked_until, a.home_practice_id, a.support_organization_id, p.name AS practice_name, o.name AS org_name "
                + "FROM staff_account a LEFT JOIN practice p ON p.id = a.home_practice_id "
                + "LEFT JOIN support_organization o ON o.id = a.support_organization_id WHERE a.email = :email",
                Map.of("email", Practices.normalize(email)), (rs, n) -> {
                    OffsetDateTime locked = rs.getObject("locked_until", OffsetDateTime.class);
                    return new Account(rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("display_name"),
                            rs.getString("password_hash"), rs.getBoolean("enabled"),
                            locked != null && locked.toInstant().isAfter(clock.instant()),
                            rs.getObject("home_practice_id", UUID.class), rs.getObject("support_organization_id", UUID.class),
                            rs.getString("practice_name") != null ? rs.getString("practice_name") : rs.getString("org_name"));
                })
                .orElseThrow(() -> new UsernameNotFoundException("No staff account for this e-mail"));
        Set<Role> roles = EnumSet.noneOf(Role.class);
        PracticeId practice = null;
        if (account.practice() != null) {
            practice = new PracticeId(account.practice());
            jdbc.forPractice(practice).query("SELECT role FROM role_assignment WHERE practice_id = :practiceId AND account_id = :id",
                    Map.of("id", account.id()), (rs, n) -> roles.add(Role.valueOf(rs.getString(1))));
        } else {
            jdbc.global().query("SELECT role FROM support_role_assignment WHERE account_id = :id AND support_organization_id = :org",
                    Map.of("id", account.id(), "org", account.organization()), (rs, n) -> roles.add(Role.valueOf(rs.getString(1))));
        }
        Actor actor = new Actor(account.id().toString(), account.email(), Actor.Kind.USER, practice, roles, Channel.WEB, null);
        return new StaffPrincipal(actor, account.displayName(), account.passwordHash(), account.enabled(), account.locked(),
                account.organizationName());
    }

    @EventListener
    @Transactional
    public void onWrongPassword(AuthenticationFailureBadCredentialsEvent event) {
        if (!(event.getAuthentication() instanceof UsernamePasswordAuthenticationToken token)) {
            return;
        }
        String email = Practices.normalize(String.valueOf(token.getPrincipal()));
        jdbc.global().update("UPDATE staff_account SET failed_sign_ins = failed_sign_ins + 1 WHERE email = :email", Map.of("email", email));
        OffsetDateTime until = OffsetDateTime.ofInstant(clock.instant().plus(lockout), ZoneOffset.UTC);
        jdbc.global().update("UPDATE staff_account SET locked_until = :until, failed_sign_ins = 0 "
                + "WHERE email = :email AND failed_sign_ins >= :max", Map.of("email", email, "until", until, "max", maxFailures));
    }

    @EventListener
    @Transactional
    public void onSignedIn(AuthenticationSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof StaffPrincipal staff) {
            jdbc.global().update("UPDATE staff_account SET failed_sign_ins = 0, locked_until = NULL WHERE email = :email",
                    Map.of("email", staff.actor().name()));
        }
    }

    /** Clears a lock-out (practice admin). */
    @Transactional
    void unlock(PracticeId practice, UUID account) {
        jdbc.global().update("UPDATE staff_account SET failed_sign_ins = 0, locked_until = NULL "
                + "WHERE id = :id AND home_practice_id = :practice", Map.of("id", account, "practice", practice.value()));
    }

    @Transactional
    void setEnabled(PracticeId practice, UUID account, boolean enabled) {
        jdbc.global().update("UPDATE staff_account SET enabled = :enabled WHERE id = :id AND home_practice_id = :practice",
                Map.of("id", account, "practice", practice.value(), "enabled", enabled));
    }

    private record Account(UUID id, String email, String displayName, String passwordHash, boolean enabled, boolean locked,
            UUID practice, UUID organization, String organizationName) {
    }
}
