package org.tandem.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Tells who is acting right now: the signed-in staff member, the API client of a bearer token, or a system process
 * that the command line runs with {@link #runAs(Actor, Supplier)}.
 */
@Component
public class CurrentActor {

    /** JWT claim with the practice an API client acts for. */
    public static final String PRACTICE_CLAIM = "practice_id";
    /** JWT claim with the API client's role. */
    public static final String ROLE_CLAIM = "role";

    private static final ThreadLocal<Actor> OVERRIDE = new ThreadLocal<>();

    /** The current actor, or empty when nobody is signed in. */
    public Optional<Actor> find() {
        Actor override = OVERRIDE.get();
        if (override != null) {
            return Optional.of(override);
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            return Optional.empty();
        }
        Object principal = authentication.getPrincipal();
        HttpServletRequest request = currentRequest();
        Channel channel = channelOf(request);
        String address = request == null ? null : request.getRemoteAddr();
        if (principal instanceof ActorPrincipal staff) {
            return Optional.of(staff.actor().via(channel, address));
        }
        if (principal instanceof Jwt jwt) {
            return Optional.of(fromToken(jwt, channel, address));
        }
        return Optional.empty();
    }

    /** The current actor; fails when nobody is signed in. */
    public Actor require() {
        return find().orElseThrow(() -> new IllegalStateException("No signed-in user or API client"));
    }

    /** The practice of the current actor; fails for anyone not working in a practice. */
    public PracticeId requirePractice() {
        return require().practice()
                .orElseThrow(() -> new org.springframework.security.access.AccessDeniedException(
                        "This account does not work in a practice"));
    }

    /** Runs work as the given actor (command line, scheduled jobs, tests). */
    public <T> T runAs(Actor actor, Supplier<T> work) {
        Actor previous = OVERRIDE.get();
        OVERRIDE.set(actor);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                OVERRIDE.remove();
            } else {
                OVERRIDE.set(previous);
            }
        }
    }

    public void runAs(Actor actor, Runnable work) {
        runAs(actor, () -> {
            work.run();
            return null;
        });
    }

    static Actor fromToken(Jwt jwt, Channel channel, String address) {
        String practice = jwt.getClaimAsString(PRACTICE_CLAIM);
        String role = jwt.getClaimAsString(ROLE_CLAIM);
        Set<Role> roles = role == null ? Set.of() : EnumSet.of(Role.valueOf(role));
        return new Actor("client:" + jwt.getSubject(), jwt.getSubject(), Actor.Kind.CLIENT,
                practice == null ? null : PracticeId.of(practice), roles, channel, address);
    }

    static HttpServletRequest currentRequest() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            return attributes.getRequest();
        }
        return null;
    }

    static Channel channelOf(HttpServletRequest request) {
        if (request == null) {
            return Channel.SYSTEM;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/fhir")) {
            return Channel.FHIR;
        }
        if (path.startsWith("/api") || path.startsWith("/oauth2")) {
            return Channel.REST;
        }
        return Channel.WEB;
    }
}
