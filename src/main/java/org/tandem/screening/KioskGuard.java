package org.tandem.screening;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a session in kiosk mode on the kiosk screens: while a patient holds the device, any other address (patient
 * records, sign-out, the APIs) leads back to the current kiosk screen. Only the staff member's password ends kiosk
 * mode ({@link KioskPages}). Runs before Spring Security's filters (order -100), so that sign-out is refused too.
 */
@Component
@Order(KioskGuard.ORDER)
class KioskGuard extends OncePerRequestFilter {

    /** Just before Spring Security's filter chain (-100). */
    static final int ORDER = -110;

    private static final List<String> ALLOWED_PREFIXES = List.of("/kiosk/", "/css/", "/js/", "/webjars/", "/img/");
    private static final List<String> ALLOWED = List.of("/kiosk", "/favicon.ico", "/error");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        if (session == null || session.getAttribute(KioskSitting.SESSION_KEY) == null || allowed(path(request))) {
            chain.doFilter(request, response);
            return;
        }
        String kiosk = request.getContextPath() + "/kiosk";
        if (request.getHeader("HX-Request") != null) {
            response.setHeader("HX-Redirect", kiosk);
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", kiosk);
    }

    static boolean allowed(String path) {
        return ALLOWED.contains(path) || ALLOWED_PREFIXES.stream().anyMatch(path::startsWith);
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
