package org.tandem.handoff;

import java.io.IOException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.tandem.platform.Actor;
import org.tandem.platform.Channel;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;

/**
 * Pushes warm handoff events to the staff who have a handoff page open (server-sent events): a new request goes to
 * every BHC of the practice (each page then fetches what is offered to that BHC); a handoff that moved on goes to the
 * BHCs, to the clinician who asked and to whoever has its status page open (e.g. the PCP an MA asked for), so their
 * pages follow; a presence change goes to everyone of the practice, so the boards follow. Events carry ids and codes only; pages fetch what they show through the facades and
 * the access policy. Subscribers are held in this process (one application node).
 */
@Component
class HandoffStream {

    private static final Logger log = LoggerFactory.getLogger(HandoffStream.class);

    /** Roles that receive every handoff event of their practice. */
    static final Set<Role> RECEIVERS = EnumSet.of(Role.BHC);

    /** @param watching the handoff whose status page is open (its changes are sent whoever asked), or null */
    record Subscriber(SseEmitter emitter, PracticeId practice, UUID account, Set<Role> roles, UUID watching) {
    }

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    /** The boards last pushed per practice, to notice presence that changed by the schedule (a block began or ended). */
    private final Map<PracticeId, Map<UUID, PresenceState>> lastBoards = new ConcurrentHashMap<>();
    private final Availability availability;
    private final CurrentActor actors;

    HandoffStream(Availability availability, CurrentActor actors) {
        this.availability = availability;
        this.actors = actors;
    }

    SseEmitter subscribe(Actor actor, UUID watching) {
        return subscribe(actor, watching, new SseEmitter(30L * 60 * 1000));
    }

    SseEmitter subscribe(Actor actor, UUID watching, SseEmitter emitter) {
        Subscriber subscriber = new Subscriber(emitter, actor.practiceId(), UUID.fromString(actor.id()), actor.roles(), watching);
        subscribers.add(subscriber);
        emitter.onCompletion(() -> subscribers.remove(subscriber));
        emitter.onTimeout(() -> subscribers.remove(subscriber));
        emitter.onError(e -> subscribers.remove(subscriber));
        send(subscriber, SseEmitter.event().name("ready").data("ready").reconnectTime(2000));
        return emitter;
    }

    int subscriberCount() {
        return subscribers.size();
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(HandoffRequested requested) {
        String data = handoffData(requested.handoff(), "requested");
        for (Subscriber s : subscribers) {
            if (s.practice().equals(requested.practice())
                    && (receivesAll(s) || s.account().equals(requested.requestedBy()))) {
                send(s, SseEmitter.event().name("handoff").data(data));
            }
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(HandoffChanged changed) {
        String data = handoffData(changed.handoff(), changed.step());
        for (Subscriber s : subscribers) {
            if (s.practice().equals(changed.practice()) && (receivesAll(s) || s.account().equals(changed.requestedBy())
                    || s.account().equals(changed.acceptedBy()) || changed.handoff().equals(s.watching()))) {
                send(s, SseEmitter.event().name("handoff").data(data));
            }
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(PresenceChanged changed) {
        lastBoards.computeIfPresent(changed.practice(), (practice, board) -> {
            Map<UUID, PresenceState> updated = new HashMap<>(board);
            updated.put(changed.clinician(), PresenceState.ofCode(changed.state()));
            return updated;
        });
        pushPresence(changed.practice(), changed.clinician(), PresenceState.ofCode(changed.state()));
    }

    private void pushPresence(PracticeId practice, UUID clinician, PresenceState state) {
        String data = "{\"clinician\":\"" + clinician + "\",\"state\":\"" + state.code() + "\"}";
        for (Subscriber s : subscribers) {
            if (s.practice().equals(practice)) {
                send(s, SseEmitter.event().name("presence").data(data));
            }
        }
    }

    /**
     * Presence also changes without anyone tapping: when a scheduled block begins or ends. Every 30 seconds, the board
     * of each practice someone is watching is compared with the last one, and each change is pushed (not published as
     * an event: the handoff core publishes {@link PresenceChanged} for what it changes itself).
     */
    @Scheduled(fixedDelay = 30_000, initialDelay = 30_000)
    void watchSchedules() {
        Set<PracticeId> watched = new java.util.HashSet<>();
        subscribers.forEach(s -> watched.add(s.practice()));
        lastBoards.keySet().retainAll(watched);
        for (PracticeId practice : watched) {
            try {
                Map<UUID, PresenceState> board = new HashMap<>();
                actors.runAs(Actor.system("handoff-presence-watch", practice, Set.of(Role.BHC), Channel.SYSTEM),
                        () -> availability.board().forEach(p -> board.put(p.clinician(), p.state())));
                Map<UUID, PresenceState> before = lastBoards.put(practice, board);
                if (before == null) {
                    continue;
                }
                board.forEach((clinician, state) -> {
                    if (!Objects.equals(before.get(clinician), state)) {
                        pushPresence(practice, clinician, state);
                    }
                });
            } catch (RuntimeException e) {
                log.warn("Could not read the presence board of practice {}: {}", practice, e.toString());
            }
        }
    }

    @Scheduled(fixedDelay = 20_000)
    void heartbeat() {
        for (Subscriber s : subscribers) {
            send(s, SseEmitter.event().comment("keep-alive"));
        }
    }

    /**
     * Ends every open stream when the application stops, so that a graceful shutdown does not wait for browsers
     * (they reconnect to the next instance on their own).
     */
    @EventListener(ContextClosedEvent.class)
    void closeAll() {
        for (Subscriber s : subscribers) {
            try {
                s.emitter().complete();
            } catch (RuntimeException e) {
                // already gone
            }
        }
        subscribers.clear();
    }

    private static boolean receivesAll(Subscriber s) {
        return s.roles().stream().anyMatch(RECEIVERS::contains);
    }

    private static String handoffData(UUID handoff, String step) {
        return "{\"id\":\"" + handoff + "\",\"step\":\"" + step + "\"}";
    }

    private void send(Subscriber subscriber, SseEmitter.SseEventBuilder event) {
        try {
            subscriber.emitter().send(event);
        } catch (IOException | IllegalStateException e) {
            subscribers.remove(subscriber);
        }
    }
}
