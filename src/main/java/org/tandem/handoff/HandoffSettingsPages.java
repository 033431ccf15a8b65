package org.tandem.handoff;

import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tandem.patient.InvalidPatientData;

/**
 * The practice's warm handoff settings for practice admins ({@code /admin/**} is for practice admins only): how long a
 * request waits before nobody accepting escalates it, how long before clinicians with an interruptible patient are
 * asked too, and whether a booked counseling visit may be interrupted. Times are entered in minutes (halves allowed).
 */
@Controller
class HandoffSettingsPages {

    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);

    private final HandoffSettings settings;
    private final HandoffViews views;

    HandoffSettingsPages(HandoffSettings settings, HandoffViews views) {
        this.settings = settings;
        this.views = views;
    }

    /** The settings form as typed: minutes as text, the norm as a presence code. */
    record SettingsForm(String acceptMinutes, String widenMinutes, String counselingNorm) {

        static SettingsForm of(HandoffSettings.Settings settings) {
            return new SettingsForm(minutes(settings.acceptSeconds()), minutes(settings.widenSeconds()),
                    settings.counselingNorm().code());
        }

        private static String minutes(Integer seconds) {
            return seconds == null ? null
                    : BigDecimal.valueOf(seconds).divide(SIXTY, 2, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        }
    }

    @GetMapping("/admin/handoffs")
    String page(Model model) {
        model.addAttribute("form", SettingsForm.of(settings.get()));
        model.addAttribute("problems", List.of());
        model.addAttribute("fields", Set.of());
        return settingsPage(model);
    }

    @PostMapping("/admin/handoffs")
    String save(SettingsForm form, Model model, Locale locale, HttpServletResponse response, RedirectAttributes redirect) {
        List<String> problems = new ArrayList<>();
        Set<String> fields = new HashSet<>();
        Integer accept = seconds(form.acceptMinutes());
        Integer widen = seconds(form.widenMinutes());
        if (accept == null || accept < HandoffSettings.MIN_ACCEPT_SECONDS || accept > HandoffSettings.MAX_ACCEPT_SECONDS) {
            problems.add(views.text(locale, "handoff.settings.error.accept"));
            fields.add("acceptMinutes");
        }
        if (widen == null || widen < 0 || widen > HandoffSettings.MAX_WIDEN_SECONDS) {
            problems.add(views.text(locale, "handoff.settings.error.widen"));
            fields.add("widenMinutes");
        } else if (accept != null && !fields.contains("acceptMinutes") && widen >= accept) {
            problems.add(views.text(locale, "handoff.settings.error.order"));
            fields.add("widenMinutes");
        }
        PresenceState norm = null;
        if (PresenceState.INTERRUPTIBLE.code().equals(form.counselingNorm())
                || PresenceState.DO_NOT_INTERRUPT.code().equals(form.counselingNorm())) {
            norm = PresenceState.ofCode(form.counselingNorm());
        } else {
            problems.add(views.text(locale, "handoff.settings.error.norm"));
            fields.add("counselingNorm");
        }
        if (problems.isEmpty()) {
            try {
                settings.save(new HandoffSettings.Settings(accept, widen, norm));
                redirect.addFlashAttribute("notice", "handoff.settings.saved");
                return "redirect:/admin/handoffs";
            } catch (InvalidPatientData e) {
                problems.addAll(e.problems());
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        model.addAttribute("form", form);
        model.addAttribute("problems", problems);
        model.addAttribute("fields", fields);
        return settingsPage(model);
    }

    private String settingsPage(Model model) {
        model.addAttribute("norms", List.of(PresenceState.INTERRUPTIBLE, PresenceState.DO_NOT_INTERRUPT));
        model.addAttribute("defaults", SettingsForm.of(HandoffSettings.DEFAULTS));
        return "handoff/settings";
    }

    /** Minutes as typed ("5", "1.5", "1,5") in whole seconds, or null when it is not a number of whole seconds. */
    static Integer seconds(String minutes) {
        if (minutes == null || minutes.isBlank()) {
            return null;
        }
        try {
            BigDecimal seconds = new BigDecimal(minutes.trim().replace(',', '.')).multiply(SIXTY);
            return seconds.stripTrailingZeros().scale() > 0 ? null : seconds.intValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
