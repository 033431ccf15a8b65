package org.tandem.registry;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.platform.TenantJdbc;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditEntry;
import org.tandem.privacy.AuditOutcome;
import org.tandem.privacy.AuditTrail;

/** The practice's registry settings: where it bills from (office, FQHC, RHC) and how long home links stay valid. */
@Component
public class RegistrySettings {

    /** Where the practice bills from; FQHCs and RHCs follow their own payment rules. */
    public enum BillingSetting {
        OFFICE, FQHC, RHC;

        public String code() {
            return Codes.of(this);
        }

        public static BillingSetting of(String code) {
            return Codes.parse(BillingSetting.class, code, "Billing setting");
        }
    }

    /** @param linkExpiryHours how long a home measurement link stays valid (1-336 hours) */
    public record Settings(BillingSetting billingSetting, int linkExpiryHours) {
    }

    public static final Settings DEFAULTS = new Settings(BillingSetting.OFFICE, 72);

    private final TenantJdbc jdbc;
    private final CurrentActor actors;
    private final AuditTrail audit;
    private final Clock clock;

    RegistrySettings(TenantJdbc jdbc, CurrentActor actors, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.actors = actors;
        this.audit = audit;
        this.clock = clock;
    }

    /** The current practice's settings (defaults until an admin saves them). */
    @Transactional(readOnly = true)
    public Settings current() {
        return of(jdbc.current());
    }

    static Settings of(TenantJdbc.Scoped sql) {
        return sql.queryOne("SELECT billing_setting, link_expiry_hours FROM registry_settings WHERE practice_id = :practiceId", Map.of(),
                (rs, n) -> new Settings(BillingSetting.of(rs.getString(1)), rs.getInt(2))).orElse(DEFAULTS);
    }

    /** Saves the settings (practice admins only). */
    @Transactional
    public Settings update(Settings settings) {
        Actor actor = actors.require();
        if (!actor.hasRole(Role.PRACTICE_ADMIN)) {
            throw new AccessDeniedException("Only practice admins change the registry settings");
        }
        List<String> problems = new ArrayList<>();
        if (settings.billingSetting() == null) {
            problems.add("Choose where the practice bills from");
        }
        if (settings.linkExpiryHours() < 1 || settings.linkExpiryHours() > 336) {
            problems.add("Links must stay valid between 1 hour and 14 days (336 hours)");
        }
        if (!problems.isEmpty()) {
            throw new InvalidRegistryData(problems);
        }
        TenantJdbc.Scoped sql = jdbc.current();
        Map<String, Object> row = Map.of("setting", settings.billingSetting().code(), "hours", settings.linkExpiryHours(),
                "now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), "by", actor.name());
        if (sql.update("UPDATE registry_settings SET billing_setting = :setting, link_expiry_hours = :hours, updated_at = :now, "
                + "updated_by = :by WHERE practice_id = :practiceId", row) == 0) {
            sql.update("INSERT INTO registry_settings (practice_id, billing_setting, link_expiry_hours, updated_at, updated_by) "
                    + "VALUES (:practiceId, :setting, :hours, :now, :by)", row);
        }
        audit.record(new AuditEntry(AuditAction.UPDATE, null, "RegistrySettings", null, AuditOutcome.SUCCESS,
                settings.billingSetting().code() + ", links valid " + settings.linkExpiryHours() + " h"));
        return settings;
    }
}
