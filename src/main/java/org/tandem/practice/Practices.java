package org.tandem.practice;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;
import org.tandem.platform.TenantJdbc;

/** Practices, support organizations, staff and API clients: look-ups for other modules and set-up for operators. */
@Component
public class Practices {

    private final TenantJdbc jdbc;
    private final PasswordEncoder passwords;
    private final Clock clock;

    Practices(TenantJdbc jdbc, PasswordEncoder passwords, Clock clock) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.clock = clock;
    }

    public List<PracticeId> allIds() {
        return jdbc.global().query("SELECT id FROM practice ORDER BY created_at, id", Map.of(),
                (rs, n) -> new PracticeId(rs.getObject(1, UUID.class)));
    }

    public Optional<PracticeInfo> find(PracticeId id) {
        return jdbc.global().queryOne("SELECT id, name, time_zone FROM practice WHERE id = :id", Map.of("id", id.value()),
                (rs, n) -> new PracticeInfo(id, rs.getString("name"), ZoneId.of(rs.getString("time_zone"))));
    }

    /** The practice's time zone, in which its clinical dates are kept (UTC for an unknown practice). */
    public java.time.ZoneId zoneOf(PracticeId id) {
        return find(id).map(PracticeInfo::timeZone).orElse(java.time.ZoneOffset.UTC);
    }

    public Optional<PracticeInfo> findByName(String name) {
        return jdbc.global().queryOne("SELECT id, name, time_zone FROM practice WHERE name = :name", Map.of("name", name),
                (rs, n) -> new PracticeInfo(new PracticeId(rs.getObject("id", UUID.class)), rs.getString("name"),
                        ZoneId.of(rs.getString("time_zone"))));
    }

    /** Whether the database holds any tenant at all (the demo loader refuses a database that does). */
    public boolean anyTenant() {
        Integer practices = jdbc.global().queryOne("SELECT COUNT(*) FROM practice", Map.of(), (rs, n) -> rs.getInt(1)).orElse(0);
        Integer organizations = jdbc.global().queryOne("SELECT COUNT(*) FROM support_organization", Map.of(), (rs, n) -> rs.getInt(1)).orElse(0);
        return practices + organizations > 0;
    }

    /** The practice of a staff account, by sign-in e-mail. */
    public Optional<PracticeId> practiceOfEmail(String email) {
        return jdbc.global().queryOne("SELECT home_practice_id FROM staff_account WHERE email = :email AND home_practice_id IS NOT NULL",
                Map.of("email", normalize(email)), (rs, n) -> new PracticeId(rs.getObject(1, UUID.class)));
    }

    /** The practice an API client acts for. */
    public Optional<PracticeId> practiceOfClient(String clientId) {
        return jdbc.global().queryOne("SELECT owner_practice FROM api_client WHERE client_id = :id", Map.of("id", clientId),
                (rs, n) -> new PracticeId(rs.getObject(1, UUID.class)));
    }

    /** Staff of the current practice with their roles, by name. */
    @Transactional(readOnly = true)
    public List<StaffMember> staff() {
        return staffOf(jdbc.current());
    }

    /** Staff of one practice (trusted callers: command line, demo). */
    @Transactional(readOnly = true)
    public List<StaffMember> staffOf(PracticeId practice) {
        return staffOf(jdbc.forPractice(practice));
    }

    private List<StaffMember> staffOf(TenantJdbc.Scoped sql) {
        Map<UUID, Set<Role>> roles = new HashMap<>();
        sql.query("SELECT account_id, role FROM role_assignment WHERE practice_id = :practiceId", Map.of(), (rs, n) -> {
            roles.computeIfAbsent(rs.getObject(1, UUID.class), k -> EnumSet.noneOf(Role.class)).add(Role.valueOf(rs.getString(2)));
            return null;
        });
        List<StaffMember> staff = new ArrayList<>();
        jdbc.global().query("SELECT id, email, display_name, enabled, locked_until FROM staff_account "
                + "WHERE home_practice_id = :practice ORDER BY display_name", Map.of("practice", sql.practiceId().value()), (rs, n) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    OffsetDateTime locked = rs.getObject("locked_until", OffsetDateTime.class);
                    staff.add(new StaffMember(id, rs.getString("email"), rs.getString("display_name"),
                            roles.getOrDefault(id, Set.of()), rs.getBoolean("enabled"), locked == null ? null : locked.toInstant()));
                    return null;
                });
        return staff;
    }

    /** Display names of staff accounts, for showing who a patient's PCP or a visit's clinician is. */
    public Map<UUID, String> displayNames(Collection<UUID> accountIds) {
        Map<UUID, String> names = new LinkedHashMap<>();
        if (accountIds.isEmpty()) {
            return names;
        }
        jdbc.global().query("SELECT id, display_name FROM staff_account WHERE id IN (:ids)", Map.of("ids", accountIds), (rs, n) -> {
            names.put(rs.getObject(1, UUID.class), rs.getString(2));
            return null;
        });
        return names;
    }

    // ---- set-up (demo data, tests, operators) ----

    @Transactional
    public UUID createSupportOrganization(String name) {
        UUID id = UUID.randomUUID();
        jdbc.global().update("INSERT INTO support_organization (id, name, created_at) VALUES (:id, :name, :now)",
                Map.of("id", id, "name", name, "now", now()));
        return id;
    }

    @Transactional
    public UUID createCollaborative(UUID supportOrganization, String name) {
        UUID id = UUID.randomUUID();
        jdbc.global().update("INSERT INTO collaborative (id, support_organization_id, name, created_at) VALUES (:id, :org, :name, :now)",
                Map.of("id", id, "org", supportOrganization, "name", name, "now", now()));
        return id;
    }

    @Transactional
    public PracticeId createPractice(String name, ZoneId timeZone) {
        PracticeId id = new PracticeId(UUID.randomUUID());
        jdbc.global().update("INSERT INTO practice (id, name, time_zone, created_at) VALUES (:id, :name, :zone, :now)",
                Map.of("id", id.value(), "name", name, "zone", timeZone.getId(), "now", now()));
        return id;
    }

    @Transactional
    public void joinCollaborative(PracticeId practice, UUID collaborative, LocalDate since) {
        jdbc.forPractice(practice).update("INSERT INTO practice_membership (practice_id, collaborative_id, joined_on) "
                + "VALUES (:practiceId, :collaborative, :since)", Map.of("collaborative", collaborative, "since", since));
    }

    @Transactional
    public UUID createSite(PracticeId practice, String name) {
        UUID id = UUID.randomUUID();
        jdbc.forPractice(practice).update("INSERT INTO site (practice_id, id, name) VALUES (:practiceId, :id, :name)",
                Map.of("id", id, "name", name));
        return id;
    }

    /** Creates a practice staff account with a password (stored as a BCrypt hash) and roles. */
    @Transactional
    public UUID createStaff(PracticeId practice, String email, String displayName, String password, Set<Role> roles) {
        if (roles.stream().anyMatch(Role::isSupportOrganizationRole)) {
            throw new IllegalArgumentException("Facilitators and collaborative leads belong to a support organization");
        }
        UUID id = insertAccount(email, displayName, password, practice.value(), null);
        setRoles(practice, id, roles);
        return id;
    }

    /** Creates a support-organization account (facilitator, collaborative lead). */
    @Transactional
    public UUID createSupportStaff(UUID supportOrganization, String email, String displayName, String password, Set<Role> roles) {
        if (!roles.stream().allMatch(Role::isSupportOrganizationRole)) {
            throw new IllegalArgumentException("Support-organization staff are facilitators or collaborative leads");
        }
        UUID id = insertAccount(email, displayName, password, null, supportOrganization);
        for (Role role : roles) {
            jdbc.global().update("INSERT INTO support_role_assignment (support_organization_id, account_id, role) VALUES (:org, :id, :role)",
                    Map.of("org", supportOrganization, "id", id, "role", role.name()));
        }
        return id;
    }

    /** Replaces the roles a staff member of the practice holds. */
    @Transactional
    public void setRoles(PracticeId practice, UUID account, Set<Role> roles) {
        TenantJdbc.Scoped sql = jdbc.forPractice(practice);
        sql.update("DELETE FROM role_assignment WHERE practice_id = :practiceId AND account_id = :id", Map.of("id", account));
        List<Map<String, ?>> rows = new ArrayList<>();
        for (Role role : roles) {
            if (role.isSupportOrganizationRole()) {
                throw new IllegalArgumentException("Role " + role + " belongs to a support organization");
            }
            rows.add(Map.of("id", account, "role", role.name()));
        }
        sql.batchUpdate("INSERT INTO role_assignment (practice_id, account_id, role) VALUES (:practiceId, :id, :role)", rows);
    }

    /** Registers an API client (client credentials) that acts for one practice in one role. */
    @Transactional
    public void createApiClient(PracticeId practice, String clientId, String name, String secret, Role role) {
        jdbc.global().update("INSERT INTO api_client (client_id, owner_practice, name, secret_hash, role, enabled, created_at) "
                + "VALUES (:id, :practice, :name, :secret, :role, TRUE, :now)",
                Map.of("id", clientId, "practice", practice.value(), "name", name, "secret", passwords.encode(secret),
                        "role", role.name(), "now", now()));
    }

    @Transactional
    public UUID createCareTeam(PracticeId practice, String name, Map<UUID, Role> members) {
        UUID id = UUID.randomUUID();
        TenantJdbc.Scoped sql = jdbc.forPractice(practice);
        sql.update("INSERT INTO care_team (practice_id, id, name) VALUES (:practiceId, :id, :name)", Map.of("id", id, "name", name));
        List<Map<String, ?>> rows = new ArrayList<>();
        members.forEach((account, role) -> rows.add(Map.of("team", id, "account", account, "role", role.name())));
        sql.batchUpdate("INSERT INTO care_team_member (practice_id, care_team_id, account_id, role) VALUES (:practiceId, :team, :account, :role)", rows);
        return id;
    }

    private UUID insertAccount(String email, String displayName, String password, UUID practice, UUID organization) {
        UUID id = UUID.randomUUID();
        Map<String, Object> params = new HashMap<>();
        params.put("id", id);
        params.put("email", normalize(email));
        params.put("name", displayName);
        params.put("hash", passwords.encode(password));
        params.put("practice", practice);
        params.put("org", organization);
        params.put("now", now());
        jdbc.global().update("INSERT INTO staff_account (id, email, display_name, password_hash, enabled, failed_sign_ins, "
                + "home_practice_id, support_organization_id, created_at) VALUES (:id, :email, :name, :hash, TRUE, 0, :practice, :org, :now)",
                params);
        return id;
    }

    static String normalize(String email) {
        return email == null ? "" : email.trim().toLowerCase(java.util.Locale.ROOT);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

}
