package org.tandem.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * A refusal by the access policy on a page shows the 403 page inside the layout. Requests to the APIs are left to
 * their own error handling; 404 and 500 pages come from {@code templates/error/}.
 */
@ControllerAdvice
class ErrorPages {

    @ExceptionHandler(AccessDeniedException.class)
    String forbidden(AccessDeniedException exception, HttpServletRequest request, HttpServletResponse response) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/api") || path.startsWith("/fhir")) {
            throw exception;
        }
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        return "error/403";
    }
}
