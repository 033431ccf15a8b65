package org.tandem.privacy;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.stereotype.Component;
import org.tandem.platform.Actor;
import org.tandem.platform.ActorPrincipal;
import org.tandem.platform.Channel;
import org.tandem.platform.PracticeId;
import org.tandem.practice.Practices;

/**
 * Audits every sign-in of staff (form) and API clients (token endpoint), successful or not, and every sign-out.
 * Failed attempts for an unknown e-mail go to the platform chain.
 */
@Component
class SignInAudit implements LogoutHandler {

    private final AuditTrail audit;
    private final Practices practices;

    SignInAudit(AuditTrail audit, Practices practices) {
        this.audit = audit;
        this.practices = practices;
    }

    @EventListener
    public void onSuccess(AuthenticationSuccessEvent event) {
        Authentication authentication = event.getAuthentication();
        if (authentication.getPrincipal() instanceof ActorPrincipal staff && authentication instanceof UsernamePasswordAuthenticationToken) {
            Actor actor = staff.actor().via(Channel.WEB, address());
            audit.record(actor, new AuditEntry(AuditAction.SIGN_IN, null, null, null, AuditOutcome.SUCCESS, "password"));
        } else if (authentication instanceof OAuth2ClientAuthenticationToken client && client.getRegisteredClient() != null) {
            String clientId = client.getRegisteredClient().getClientId();
            audit.record(clientActor(clientId), new AuditEntry(AuditAction.SIGN_IN, null, null, null, AuditOutcome.SUCCESS,
                    "client credentials"));
        }
    }

    @EventListener
    public void onFailure(AbstractAuthenticationFailureEvent event) {
        Authentication authentication = event.getAuthentication();
        String reason = event.getException().getClass().getSimpleName();
        if (authentication instanceof UsernamePasswordAuthenticationToken attempt) {
            String email = String.valueOf(attempt.getPrincipal());
            PracticeId practice = practices.practiceOfEmail(email).orElse(null);
            Actor actor = new Actor("email:" + email, email, Actor.Kind.USER, practice, Set.of(), Channel.WEB, address());
            audit.recordIndependently(actor, new AuditEntry(AuditAction.SIGN_IN, null, null, null, AuditOutcome.FAILURE, reason));
        } else if (authentication instanceof OAuth2ClientAuthenticationToken client) {
            String clientId = String.valueOf(client.getPrincipal());
            audit.recordIndependently(clientActor(clientId), new AuditEntry(AuditAction.SIGN_IN, null, null, null,
                    AuditOutcome.FAILURE, reason));
        }
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
        if (authentication != null && authentication.getPrincipal() instanceof ActorPrincipal staff) {
            audit.record(staff.actor().via(Channel.WEB, request.getRemoteAddr()),
                    new AuditEntry(AuditAction.SIGN_OUT, null, null, null, AuditOutcome.SUCCESS, null));
        }
    }

    private Actor clientActor(String clientId) {
        PracticeId practice = practices.practiceOfClient(clientId).orElse(null);
        return new Actor("client:" + clientId, clientId, Actor.Kind.CLIENT, practice, Set.of(), Channel.REST, address());
    }

    private static String address() {
        if (org.springframework.web.context.request.RequestContextHolder.getRequestAttributes()
                instanceof org.springframework.web.context.request.ServletRequestAttributes attributes) {
            return attributes.getRequest().getRemoteAddr();
        }
        return null;
    }
}
