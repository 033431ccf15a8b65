package org.tandem.handoff;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.patient.PatientNotFound;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.platform.TenantJdbc;
import org.tandem.practice.Practices;
import org.tandem.practice.StaffMember;
import org.tandem.scheduling.Schedules;
import org.tandem.scheduling.Slot;

/**
 * Presence of the practice's behavioral health clinicians. A state set by hand holds until the clinician's next
 * scheduled block starts; otherwise the schedule decides (open access, admin time or an unbooked slot: available; a
 * booked counseling or brief visit: with a patient, interruptible or not by the practice's norm; a huddle: in a
 * group; no block: off).
 */
@Component
public class Availability {

    /** How far ahead the next block is looked for, to say until when a state holds. */
    static final Duration LOOK_AHEAD = Duration.ofDays(7);

    private final TenantJdbc jdbc;
    private final Schedules schedules;
    private final Practices practices;
    private final CurrentActor actors;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Availability(TenantJdbc jdbc, Schedules schedules, Practices practices, CurrentActor actors, ApplicationEventPublisher events,
            Clock clock) {
        this.jdbc = jdbc;
        this.schedules = schedules;
        this.practices = practices;
        this.actors = actors;
        this.events = events;
        this.clock = clock;
    }

    /** Every BHC of the caller's practice with their presence now, available first, then by name. */
    @Transactional(readOnly = true)
    public List<Presence> board() {
        return board(clock.instant());
    }

    @Transactional(readOnly = true)
    List<Presence> board(Instant now) {
        List<Presence> board = new ArrayList<>(all(jdbc.current(), now).values());
        board.sort(Comparator.comparing(Presence::state).thenComparing(Presence::name, String.CASE_INSENSITIVE_ORDER)
                .thenComparing(Presence::clinician));
        return board;
    }

    /**
     * The presence of one BHC of the caller's practice now.
     *
     * @throws PatientNotFound when the practice has no such behavioral health clinician
     */
    @Transactional(readOnly = true)
    public Presence of(UUID clinician) {
        return of(clinician, clock.instant());
    }

    @Transactional(readOnly = true)
    Presence of(UUID clinician, Instant now) {
        TenantJdbc.Scoped sql = jdbc.current();
        StaffMember bhc = clinicians(sql).get(clinician);
        if (bhc == null) {
            throw new PatientNotFound("Behavioral health clinician " + clinician);
        }
        return presence(sql, bhc, manual(sql).get(clinician), HandoffSettings.of(sql).counselingNorm(), now);
    }

    /**
     * The signed-in clinician sets their own presence (one tap). It holds until their next scheduled block starts, then
     * the schedule decides again. Kept in the presence log.
     *
     * @throws AccessDeniedException when the user is not a behavioral health clinician signed in as themselves
     */
    @Transactional
    public Presence set(PresenceState state) {
        Actor actor = actors.require();
        UUID me = Handoffs.accountOf(actor);
        if (me == null || !actor.hasRole(Role.BHC)) {
            throw new AccessDeniedException("Only a behavioral health clinician sets their own presence");
        }
        if (state == null) {
            throw new InvalidHandoffData("Choose a presence state");
        }
        TenantJdbc.Scoped sql = jdbc.current();
        StaffMember bhc = clinicians(sql).get(me);
        if (bhc == null) {
            throw new AccessDeniedException("Only a behavioral health clinician of this practice sets their presence");
        }
        Instant now = clock.instant();
        Map<String, Object> row = new HashMap<>();
        row.put("clinician", me);
        row.put("state", state.code());
        row.put("at", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        row.put("by", actor.name());
        row.put("id", UUID.randomUUID());
        if (sql.update("UPDATE handoff_presence SET state = :state, set_at = :at, set_by = :by "
                + "WHERE practice_id = :practiceId AND clinician_id = :clinician", row) == 0) {
            sql.update("INSERT INTO handoff_presence (practice_id, clinician_id, state, set_at, set_by) "
                    + "VALUES (:practiceId, :clinician, :state, :at, :by)", row);
        }
        sql.update("INSERT INTO handoff_presence_log (practice_id, id, clinician_id, state, at, set_by) "
                + "VALUES (:practiceId, :id, :clinician, :state, :at, :by)", row);
        events.publishEvent(new PresenceChanged(sql.practiceId(), me, state.code()));
        return presence(sql, bhc, new Manual(state, now), HandoffSettings.of(sql).counselingNorm(), now);
    }

    // ---------------------------------------------------------------- for Handoffs

    /** Every enabled BHC of the practice with their presence at an instant, in no particular order. */
    Map<UUID, Presence> all(TenantJdbc.Scoped sql, Instant now) {
        Map<UUID, Manual> manual = manual(sql);
        PresenceState norm = HandoffSettings.of(sql).counselingNorm();
        Map<UUID, Presence> all = new LinkedHashMap<>();
        for (StaffMember bhc : clinicians(sql).values()) {
            all.put(bhc.id(), presence(sql, bhc, manual.get(bhc.id()), norm, now));
        }
        return all;
    }

    /** The presence of one clinician (BHC or not: a non-BHC is off). */
    Presence presenceOf(TenantJdbc.Scoped sql, UUID clinician, Instant now) {
        StaffMember bhc = clinicians(sql).get(clinician);
        if (bhc == null) {
            return new Presence(clinician, null, PresenceState.OFF, PresenceSource.NONE, null, null);
        }
        return presence(sql, bhc, manual(sql).get(clinician), HandoffSettings.of(sql).counselingNorm(), now);
    }

    // ---------------------------------------------------------------- rules

    /**
     * A manual state holds until the first block that starts after it was set has started; then (and when there is none)
     * the block the clinician is scheduled for now decides, until it ends.
     */
    private Presence presence(TenantJdbc.Scoped sql, StaffMember bhc, Manual manual, PresenceState norm, Instant now) {
        if (manual != null) {
            Instant from = manual.setAt().isBefore(now) ? manual.setAt() : now;
            Instant nextAfterSet = null;
            for (Slot slot : schedules.slots(bhc.id(), from, now.plus(LOOK_AHEAD))) {
                if (slot.start().isAfter(manual.setAt()) && (nextAfterSet == null || slot.start().isBefore(nextAfterSet))) {
                    nextAfterSet = slot.start();
                }
            }
            if (nextAfterSet == null || nextAfterSet.isAfter(now)) {
                return new Presence(bhc.id(), bhc.displayName(), manual.state(), PresenceSource.MANUAL, manual.setAt(), nextAfterSet);
            }
        }
        Optional<Slot> current = schedules.at(bhc.id(), now);
        if (current.isEmpty()) {
            return new Presence(bhc.id(), bhc.displayName(), PresenceState.OFF, PresenceSource.NONE, null, null);
        }
        Slot slot = current.get();
        return new Presence(bhc.id(), bhc.displayName(), fromSlot(slot, norm), PresenceSource.SCHEDULE, slot.start(), slot.end());
    }

    /**
     * What a block says about a clinician: a huddle is a group; a booked brief visit may be interrupted; any other booked
     * visit (counseling, or an open-access slot booked after its release) follows the practice's counseling norm; admin
     * time and anything unbooked is available.
     */
    static PresenceState fromSlot(Slot slot, PresenceState counselingNorm) {
        boolean booked = slot.appointment() != null;
        switch (slot.kind()) {
            case HUDDLE:
                return PresenceState.IN_GROUP;
            case ADMIN:
                return PresenceState.AVAILABLE;
            case BRIEF:
                return booked ? PresenceState.INTERRUPTIBLE : PresenceState.AVAILABLE;
            case COUNSELING:
            case OPEN_ACCESS:
            default:
                return booked ? counselingNorm : PresenceState.AVAILABLE;
        }
    }

    private record Manual(PresenceState state, Instant setAt) {
    }

    private static Map<UUID, Manual> manual(TenantJdbc.Scoped sql) {
        Map<UUID, Manual> manual = new HashMap<>();
        sql.query("SELECT clinician_id, state, set_at FROM handoff_presence WHERE practice_id = :practiceId", Map.of(), (rs, n) -> {
            manual.put(rs.getObject(1, UUID.class), new Manual(PresenceState.ofCode(rs.getString(2)),
                    rs.getObject(3, OffsetDateTime.class).toInstant()));
            return null;
        });
        return manual;
    }

    /** The practice's enabled staff with the BHC role, by account id. */
    Map<UUID, StaffMember> clinicians(TenantJdbc.Scoped sql) {
        Map<UUID, StaffMember> bhcs = new LinkedHashMap<>();
        for (StaffMember member : practices.staffOf(sql.practiceId())) {
            if (member.enabled() && member.roles().contains(Role.BHC)) {
                bhcs.put(member.id(), member);
            }
        }
        return bhcs;
    }
}
