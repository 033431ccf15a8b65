package org.tandem.screening;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.platform.TenantJdbc;

/**
 * A practice's screening program: cut-offs, alert escalation time and list, and the capacity figures the reach
 * dashboard compares positives against. Rules of who is due for what live in {@link ScreeningRules}.
 */
@Component
public class ScreeningProgram {

    /** The practice's screening settings. */
    public record Settings(ScoringSettings scoring, int escalationMinutes, int followUpMinutes, BigDecimal bhcHoursPerWeek,
            int version) {

        public static final Settings DEFAULTS = new Settings(ScoringSettings.DEFAULTS, 15, 30, new BigDecimal("40.0"), 0);

        public List<String> problems() {
            List<String> problems = new ArrayList<>(scoring.problems());
            if (escalationMinutes < 1 || escalationMinutes > 240) {
                problems.add("Escalation time must be between 1 and 240 minutes");
            }
            if (followUpMinutes < 5 || followUpMinutes > 240) {
                problems.add("Follow-up time per positive screen must be between 5 and 240 minutes");
            }
            if (bhcHoursPerWeek == null || bhcHoursPerWeek.signum() < 0 || bhcHoursPerWeek.compareTo(new BigDecimal("1000")) > 0) {
                problems.add("BHC hours per week must be between 0 and 1000");
            }
            return problems;
        }
    }

    private final TenantJdbc jdbc;
    private final CurrentActor actors;

    ScreeningProgram(TenantJdbc jdbc, CurrentActor actors) {
        this.jdbc = jdbc;
        this.actors = actors;
    }

    @Transactional(readOnly = true)
    public Settings settings() {
        return settings(jdbc.current());
    }

    static Settings settings(TenantJdbc.Scoped sql) {
        return sql.queryOne("SELECT * FROM screening_settings WHERE practice_id = :practiceId", Map.of(),
                (rs, n) -> new Settings(new ScoringSettings(rs.getInt("audit_c_men"), rs.getInt("audit_c_women"),
                        rs.getInt("pc_ptsd_5"), rs.getInt("epds")), rs.getInt("escalation_minutes"),
                        rs.getInt("followup_minutes"), rs.getBigDecimal("bhc_hours_per_week"), rs.getInt("version")))
                .orElse(Settings.DEFAULTS);
    }

    /** Saves the settings (practice admins). */
    @Transactional
    public Settings save(Settings settings) {
        requireAdmin();
        List<String> problems = settings.problems();
        if (!problems.isEmpty()) {
            throw new InvalidResponse(problems);
        }
        TenantJdbc.Scoped sql = jdbc.current();
        Settings current = settings(sql);
        Map<String, Object> params = new HashMap<>();
        params.put("men", settings.scoring().auditCMen());
        params.put("women", settings.scoring().auditCWomen());
        params.put("ptsd", settings.scoring().pcPtsd5());
        params.put("epds", settings.scoring().epds());
        params.put("escalation", settings.escalationMinutes());
        params.put("followup", settings.followUpMinutes());
        params.put("hours", settings.bhcHoursPerWeek());
        params.put("version", current.version() + 1);
        if (current.version() == 0) {
            sql.update("INSERT INTO screening_settings (practice_id, audit_c_men, audit_c_women, pc_ptsd_5, epds, escalation_minutes, "
                    + "followup_minutes, bhc_hours_per_week, version) VALUES (:practiceId, :men, :women, :ptsd, :epds, :escalation, "
                    + ":followup, :hours, :version)", params);
        } else {
            sql.update("UPDATE screening_settings SET audit_c_men = :men, audit_c_women = :women, pc_ptsd_5 = :ptsd, epds = :epds, "
                    + "escalation_minutes = :escalation, followup_minutes = :followup, bhc_hours_per_week = :hours, version = :version "
                    + "WHERE practice_id = :practiceId", params);
        }
        return settings(sql);
    }

    /** The staff accounts an unacknowledged alert escalates to, in order. */
    @Transactional(readOnly = true)
    public List<UUID> escalationContacts() {
        return escalationContacts(jdbc.current());
    }

    static List<UUID> escalationContacts(TenantJdbc.Scoped sql) {
        return sql.query("SELECT account_id FROM screening_escalation_contact WHERE practice_id = :practiceId ORDER BY position",
                Map.of(), (rs, n) -> rs.getObject(1, UUID.class));
    }

    /** Replaces the escalation list (practice admins). */
    @Transactional
    public void saveEscalationContacts(List<UUID> accounts) {
        requireAdmin();
        TenantJdbc.Scoped sql = jdbc.current();
        sql.update("DELETE FROM screening_escalation_contact WHERE practice_id = :practiceId", Map.of());
        List<Map<String, ?>> rows = new ArrayList<>();
        for (int i = 0; i < accounts.size(); i++) {
            rows.add(Map.of("account", accounts.get(i), "position", i));
        }
        sql.batchUpdate("INSERT INTO screening_escalation_contact (practice_id, account_id, position) VALUES (:practiceId, :account, :position)", rows);
    }

    private void requireAdmin() {
        if (!actors.require().hasRole(Role.PRACTICE_ADMIN)) {
            throw new AccessDeniedException("Only a practice admin may change the screening program");
        }
    }
}
