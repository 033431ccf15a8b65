package org.tandem.handoff;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;

/**
 * What the handoff pages show, built from the facades: handoffs with their patient's name and age and times in the
 * practice's zone, and the presence board. Patient names are read through {@link Patients}, so the access policy
 * decides and the reads are audited.
 */
@Component
class HandoffViews {

    /** Roles that may ask for a warm handoff (an MA on behalf of a PCP). */
    static final Set<Role> REQUESTERS = Set.of(Role.PCP, Role.MEDICAL_ASSISTANT);

    /** A handoff as the pages show it; times are local to the practice. */
    record View(Handoff handoff, String patient, Integer age, String onBehalfOf, LocalDateTime requested,
            LocalDateTime accepted, LocalDateTime started, LocalDateTime ended, LocalDateTime escalated,
            long requestedMillis, long acceptedMillis, long startedMillis) {

        public UUID id() {
            return handoff.id();
        }

        public String status() {
            return handoff.status().code();
        }

        public String reason() {
            return handoff.reason().code();
        }

        public String urgency() {
            return handoff.urgency().code();
        }
    }

    /** A clinician on the presence board. */
    record BoardRow(UUID clinician, String name, String state, String source, LocalDateTime since, LocalDateTime until,
            boolean me) {

        public boolean available() {
            return PresenceState.AVAILABLE.code().equals(state);
        }
    }

    private final Patients patients;
    private final Practices practices;
    private final Availability availability;
    private final CurrentActor actors;
    private final Clock clock;
    private final MessageSource messages;

    HandoffViews(Patients patients, Practices practices, Availability availability, CurrentActor actors, Clock clock,
            MessageSource messages) {
        this.patients = patients;
        this.practices = practices;
        this.availability = availability;
        this.actors = actors;
        this.clock = clock;
        this.messages = messages;
    }

    ZoneId zone() {
        return practices.zoneOf(actors.requirePractice());
    }

    Instant now() {
        return clock.instant();
    }

    LocalDate today() {
        return LocalDate.ofInstant(now(), zone());
    }

    LocalDateTime local(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, zone());
    }

    UUID me() {
        Actor actor = actors.require();
        return actor.kind() == Actor.Kind.USER ? UUID.fromString(actor.id()) : null;
    }

    boolean isBhc() {
        Actor actor = actors.require();
        return actor.kind() == Actor.Kind.USER && actor.hasRole(Role.BHC);
    }

    boolean isRequester() {
        Actor actor = actors.require();
        return actor.kind() == Actor.Kind.USER && actor.hasAnyRole(REQUESTERS);
    }

    /** One handoff with its patient (read alone: one audited read of the patient). */
    View view(Handoff handoff) {
        PatientRecord patient = patients.get(handoff.patient());
        return view(handoff, patient, names(List.of(handoff)));
    }

    /** Several handoffs; their patients are read in one audited search. */
    List<View> views(Collection<Handoff> handoffs) {
        if (handoffs.isEmpty()) {
            return List.of();
        }
        Map<PatientId, PatientRecord> found = patients.byIds(handoffs.stream().map(Handoff::patient).toList());
        Map<UUID, String> names = names(handoffs);
        List<View> views = new ArrayList<>();
        for (Handoff handoff : handoffs) {
            PatientRecord patient = found.get(handoff.patient());
            if (patient != null) {
                views.add(view(handoff, patient, names));
            }
        }
        return views;
    }

    private View view(Handoff h, PatientRecord patient, Map<UUID, String> names) {
        return new View(h, patient.displayName(), patient.ageOn(today()),
                h.onBehalfOf() == null ? null : names.get(h.onBehalfOf()), local(h.requestedAt()), local(h.acceptedAt()),
                local(h.startedAt()), local(h.endedAt()), local(h.escalatedAt()), millis(h.requestedAt()),
                millis(h.acceptedAt()), millis(h.startedAt()));
    }

    private Map<UUID, String> names(Collection<Handoff> handoffs) {
        Set<UUID> ids = new HashSet<>();
        handoffs.stream().map(Handoff::onBehalfOf).filter(Objects::nonNull).forEach(ids::add);
        return ids.isEmpty() ? Map.of() : practices.displayNames(ids);
    }

    static long millis(Instant instant) {
        return instant == null ? 0 : instant.toEpochMilli();
    }

    /** The presence board: every BHC of the practice, available first (as {@link Availability#board()} orders it). */
    List<BoardRow> board() {
        UUID me = me();
        return availability.board().stream().map(p -> row(p, me)).toList();
    }

    /** The signed-in BHC's own presence. */
    BoardRow myPresence() {
        UUID me = me();
        return row(availability.of(me), me);
    }

    BoardRow row(Presence p, UUID me) {
        return new BoardRow(p.clinician(), p.name(), p.state().code(), p.source().name().toLowerCase(Locale.ROOT),
                local(p.since()), local(p.until()), p.clinician().equals(me));
    }

    /** How many clinicians the board shows as available now. */
    static long availableCount(List<BoardRow> board) {
        return board.stream().filter(BoardRow::available).count();
    }

    String text(Locale locale, String key, Object... args) {
        return messages.getMessage(key, args, locale);
    }
}
