package org.tandem.handoff;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
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

/**
 * The practice's warm handoff settings: how long a request waits for an available clinician before it is also offered
 * to interruptible ones, how long before nobody accepting escalates it, and whether a clinician in a booked counseling
 * visit may be interrupted.
 */
@Component
public class HandoffSettings {

    public static final int MIN_ACCEPT_SECONDS = 30;
    public static final int MAX_ACCEPT_SECONDS = 3600;
    public static final int MAX_WIDEN_SECONDS = 1800;

    /**
     * @param acceptSeconds escalate when nobody accepted within this time ({@value #MIN_ACCEPT_SECONDS}-{@value #MAX_ACCEPT_SECONDS} s)
     * @param widenSeconds offer to interruptible clinicians after this time (0-{@value #MAX_WIDEN_SECONDS} s, less than
     *        acceptSeconds; 0 = at once)
     * @param counselingNorm presence during a booked counseling visit: {@link PresenceState#INTERRUPTIBLE} or
     *        {@link PresenceState#DO_NOT_INTERRUPT}
     */
    public record Settings(Integer acceptSeconds, Integer widenSeconds, PresenceState counselingNorm) {
    }

    /** Five minutes to accept, one minute before interruptible clinicians are asked too, counseling interruptible. */
    public static final Settings DEFAULTS = new Settings(300, 60, PresenceState.INTERRUPTIBLE);

    private final TenantJdbc jdbc;
    private final CurrentActor actors;
    private final AuditTrail audit;
    private final Clock clock;

    HandoffSettings(TenantJdbc jdbc, CurrentActor actors, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.actors = actors;
        this.audit = audit;
        this.clock = clock;
    }

    /** The current practice's settings ({@link #DEFAULTS} until an admin saves them). */
    @Transactional(readOnly = true)
    public Settings get() {
        return of(jdbc.current());
    }

    static Settings of(TenantJdbc.Scoped sql) {
        return sql.queryOne("SELECT accept_seconds, widen_seconds, counseling_norm FROM handoff_settings WHERE practice_id = :practiceId",
                Map.of(), (rs, n) -> new Settings(rs.getInt(1), rs.getInt(2), PresenceState.ofCode(rs.getString(3)))).orElse(DEFAULTS);
    }

    /**
     * Saves the settings (practice admins only).
     *
     * @throws AccessDeniedException when the user is not a practice admin
     * @throws InvalidHandoffData when a time is missing or out of range, or the norm is not one of the two; nothing changes
     */
    @Transactional
    public Settings save(Settings settings) {
        Actor actor = actors.require();
        if (!actor.hasRole(Role.PRACTICE_ADMIN)) {
            throw new AccessDeniedException("Only practice admins change the warm handoff settings");
        }
        List<String> problems = problems(settings);
        if (!problems.isEmpty()) {
            throw new InvalidHandoffData(problems);
        }
        TenantJdbc.Scoped sql = jdbc.current();
        Map<String, Object> row = new HashMap<>();
        row.put("accept", settings.acceptSeconds());
        row.put("widen", settings.widenSeconds());
        row.put("norm", settings.counselingNorm().code());
        row.put("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        row.put("by", actor.name());
        if (sql.update("UPDATE handoff_settings SET accept_seconds = :accept, widen_seconds = :widen, counseling_norm = :norm, "
                + "updated_at = :now, updated_by = :by WHERE practice_id = :practiceId", row) == 0) {
            sql.update("INSERT INTO handoff_settings (practice_id, accept_seconds, widen_seconds, counseling_norm, updated_at, updated_by) "
                    + "VALUES (:practiceId, :accept, :widen, :norm, :now, :by)", row);
        }
        audit.record(new AuditEntry(AuditAction.UPDATE, null, "HandoffSettings", null, AuditOutcome.SUCCESS,
                "accept within " + settings.acceptSeconds() + " s, widen after " + settings.widenSeconds() + " s, counseling "
                        + settings.counselingNorm().code()));
        return settings;
    }

    static List<String> problems(Settings settings) {
        List<String> problems = new ArrayList<>();
        Integer accept = settings.acceptSeconds();
        Integer widen = settings.widenSeconds();
        if (accept == null) {
            problems.add("Say how long a request may wait for a clinician to accept it before it is escalated");
        } else if (accept < MIN_ACCEPT_SECONDS || accept > MAX_ACCEPT_SECONDS) {
            problems.add("The time to accept must be between 30 seconds and 60 minutes");
        }
        if (widen == null) {
            problems.add("Say how long a request waits for an available clinician before interruptible ones are asked too");
        } else if (widen < 0 || widen > MAX_WIDEN_SECONDS) {
            problems.add("The wait before interruptible clinicians are asked must be between 0 seconds and 30 minutes");
        } else if (accept != null && widen >= accept) {
            problems.add("Interruptible clinicians must be asked before the request is escalated (the wait must be shorter "
                    + "than the time to accept)");
        }
        if (settings.counselingNorm() != PresenceState.INTERRUPTIBLE && settings.counselingNorm() != PresenceState.DO_NOT_INTERRUPT) {
            problems.add("Choose whether a clinician in a counseling visit may be interrupted for a warm handoff");
        }
        return problems;
    }
}
