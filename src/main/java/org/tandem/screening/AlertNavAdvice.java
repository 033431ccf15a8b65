package org.tandem.screening;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.thymeleaf.context.LazyContextVariable;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;

/**
 * Gives every page the count of open safety alerts for the navigation ({@code alertNav}), for the staff who
 * receive live alerts. Counted only when a page actually shows it (lazy), and never for htmx fragments.
 */
@ControllerAdvice
class AlertNavAdvice {

    /** Open (not closed) alerts of the practice, and how many of them nobody has acknowledged yet. */
    record AlertNav(int open, int active) {
    }

    private final SafetyAlerts alerts;
    private final CurrentActor actors;

    AlertNavAdvice(SafetyAlerts alerts, CurrentActor actors) {
        this.alerts = alerts;
        this.actors = actors;
    }

    @ModelAttribute("alertNav")
    Object alertNav(HttpServletRequest request) {
        Actor actor = actors.find().orElse(null);
        if (actor == null || actor.kind() != Actor.Kind.USER || actor.practice().isEmpty()
                || !actor.hasAnyRole(AlertPages.STREAM_ROLES) || request.getHeader("HX-Request") != null) {
            return null;
        }
        return new LazyContextVariable<AlertNav>() {
            @Override
            protected AlertNav loadValue() {
                try {
                    int active = alerts.count(null, "active");
                    return new AlertNav(alerts.count(null, SafetyAlerts.OPEN), active);
                } catch (RuntimeException e) {
                    return null;
                }
            }
        };
    }
}
