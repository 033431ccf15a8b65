package org.tandem.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.tandem.platform.ActorPrincipal;

/** Puts the signed-in staff member ({@code me}) into every page's model for the shared layout's header. */
@ControllerAdvice
class LayoutAdvice {

    @ModelAttribute("me")
    SignedIn me() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof ActorPrincipal principal) {
            return SignedIn.of(principal);
        }
        return null;
    }

    /** Which navigation item the page belongs to, so the header can mark it as the current one. */
    /** Path prefixes and the nav section they belong to, most specific first. */
    private static final String[][] SECTIONS = {
            { "patients", "patients" }, { "alerts", "alerts" }, { "admin/users", "users" }, { "admin/audit", "audit" },
            { "admin/screening", "screening" }, { "admin/registry", "registry-settings" }, { "screening/due", "due" },
            { "screening/reach", "reach" }, { "registry", "registry" }, { "inbox", "inbox" },
            { "handoffs", "handoffs" }, { "schedule", "schedule" }, { "admin/schedule", "schedule-admin" },
            { "admin/handoffs", "schedule-admin" }, { "measures", "measures" } };

    @ModelAttribute("section")
    String section(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/") || path.isEmpty()) {
            return "home";
        }
        for (String[] section : SECTIONS) {
            if (path.equals("/" + section[0]) || path.startsWith("/" + section[0] + "/")) {
                return section[1];
            }
        }
        return "";
    }
}
