package org.tandem.platform.web;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page and the home page every signed-in staff member lands on. */
@Controller
class HomeController {

    @GetMapping("/login")
    String login(Authentication authentication) {
        if (authentication != null && authentication.isAuthenticated()
                && authentication.getPrincipal() instanceof org.tandem.platform.ActorPrincipal) {
            return "redirect:/";
        }
        return "platform/login";
    }

    @GetMapping("/")
    String home() {
        return "platform/home";
    }
}
