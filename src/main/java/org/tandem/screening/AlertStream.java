package org.tandem.screening;

import java.io.IOException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.tandem.platform.Actor;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;
import org.tandem.platform.TenantJdbc;
import org.tandem.practice.Practices;

/**
 * Pushes safety alerts to the clinicians on duty (server-sent events): a new alert goes to every BHC of the practice
 * with Tandem open and to the PCP of the visit; an escalated alert to the practice's escalation list (practice admins
 * when the list is empty); acknowledgements and closings to everyone who was shown the alert. Events carry ids only;
 * pages fetch what they show through the access policy. Subscribers are held in this process (one application node).
 */
@Component
class AlertStream {

    private static final Set<Role> ON_DUTY = EnumSet.of(Role.BHC);

    record Subscriber(SseEmitter emitter, PracticeId practice, UUID account, Set<Role> roles) {
    }

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final TenantJdbc jdbc;
    private final Practices practices;

    AlertStream(TenantJdbc jdbc, Practices practices) {
        this.jdbc = jdbc;
        this.practices = practices;
    }

    SseEmitter subscribe(Actor actor) {
        SseEmitter emitter = new SseEmitter(30L * 60 * 1000);
        UUID account = UUID.fromString(actor.id());
        Subscriber subscriber = new Subscriber(emitter, actor.practiceId(), account, actor.roles());
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
    void on(SafetyAlertRaised raised) {
        String data = "{\"id\":\"" + raised.alert() + "\",\"acute\":" + raised.acute() + "}";
        for (Subscriber s : subscribers) {
            if (s.practice().equals(raised.practice())
                    && (s.roles().stream().anyMatch(ON_DUTY::contains) || s.account().equals(raised.notifyAccount()))) {
                send(s, SseEmitter.event().name("alert").data(data));
            }
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(SafetyAlertChanged changed) {
        String data = "{\"id\":\"" + changed.alert() + "\",\"step\":\"" + changed.step() + "\"}";
        Set<UUID> escalation = new HashSet<>();
        if ("escalated".equals(changed.step())) {
            escalation.addAll(ScreeningProgram.escalationContacts(jdbc.forPractice(changed.practice())));
            if (escalation.isEmpty()) {
                practices.staffOf(changed.practice()).stream().filter(m -> m.roles().contains(Role.PRACTICE_ADMIN))
                        .forEach(m -> escalation.add(m.id()));
            }
        }
        for (Subscriber s : subscribers) {
            if (!s.practice().equals(changed.practice())) {
                continue;
            }
            if (escalation.contains(s.account())) {
                send(s, SseEmitter.event().name("alert").data(data));
            } else if (s.roles().stream().anyMatch(SafetyAlerts.RESPONDERS::contains)) {
                send(s, SseEmitter.event().name("alert-changed").data(data));
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

    private void send(Subscriber subscriber, SseEmitter.SseEventBuilder event) {
        try {
            subscriber.emitter().send(event);
        } catch (IOException | IllegalStateException e) {
            subscribers.remove(subscriber);
        }
    }

}
