package org.tandem.screening;

import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientNotFound;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.DataCategory;
import org.tandem.privacy.Operation;

/**
 * Safety alerts for clinicians: the open alerts, one alert with its history, acknowledging it and closing it with a
 * documented risk assessment; the live stream (server-sent events) and the banner every page shows while an alert
 * waits for a clinician.
 */
@Controller
class AlertPages {

    /** Roles the live alert stream and the banner are for: responders, and practice admins for escalations. */
    static final Set<Role> STREAM_ROLES = EnumSet.of(Role.BHC, Role.PCP, Role.CARE_MANAGER, Role.PSYCHIATRIC_CONSULTANT,
            Role.PRACTICE_ADMIN);
    /** How many waiting alerts the banner names; the rest are counted. */
    static final int BANNER_LIMIT = 3;

    private final SafetyAlerts alerts;
    private final AlertStream stream;
    private final Screenings screenings;
    private final ScreeningPages screeningPages;
    private final Patients patients;
    private final Practices practices;
    private final AccessPolicy policy;
    private final CurrentActor actors;

    AlertPages(SafetyAlerts alerts, AlertStream stream, Screenings screenings, ScreeningPages screeningPages, Patients patients,
            Practices practices, AccessPolicy policy, CurrentActor actors) {
        this.alerts = alerts;
        this.stream = stream;
        this.screenings = screenings;
        this.screeningPages = screeningPages;
        this.patients = patients;
        this.practices = practices;
        this.policy = policy;
        this.actors = actors;
    }

    /** An alert as the list and the banner show it. */
    record AlertRow(UUID id, UUID patientId, String patientName, String instrument, List<String> rules, LocalDateTime raised,
            boolean acute, LocalDateTime escalated, String acknowledgedBy, String status) {

        public boolean active() {
            return "active".equals(status);
        }
    }

    /** One step of an alert's history. */
    record StepRow(String step, LocalDateTime at, String by, String detail) {
    }

    /** What the risk assessment form holds. */
    record AssessmentForm(String level, String plan, boolean safetyPlanGiven, boolean crisisResourcesGiven) {

        static final AssessmentForm EMPTY = new AssessmentForm(null, null, false, false);
    }

    @GetMapping("/alerts")
    String list(Model model, @RequestHeader(name = "HX-Request", required = false) String htmx) {
        listModel(model);
        return htmx != null ? "screening/alerts :: list" : "screening/alerts";
    }

    private void listModel(Model model) {
        boolean clinical = policy.permits(practice(), DataCategory.CLINICAL, Operation.READ);
        model.addAttribute("clinical", clinical);
        if (clinical) {
            model.addAttribute("alerts", rows(alerts.open()));
        } else {
            model.addAttribute("waiting", alerts.count(null, "active"));
            model.addAttribute("acknowledged", alerts.count(null, "acknowledged"));
        }
    }

    @GetMapping("/alerts/{id}")
    String detail(@PathVariable UUID id, Model model, Locale locale) {
        detailModel(model, id, AssessmentForm.EMPTY, List.of(), locale);
        return "screening/alert";
    }

    @PostMapping("/alerts/{id}/acknowledge")
    String acknowledge(@PathVariable UUID id, RedirectAttributes redirect) {
        try {
            alerts.acknowledge(id);
            redirect.addFlashAttribute("notice", "alerts.notice.acknowledged");
        } catch (SafetyAlerts.AlertConflict e) {
            redirect.addFlashAttribute("conflict", e.getMessage());
        }
        return "redirect:/alerts/" + id;
    }

    @PostMapping("/alerts/{id}/assessment")
    String assess(@PathVariable UUID id, @RequestParam(required = false) String level, @RequestParam(required = false) String plan,
            @RequestParam(required = false) String safetyPlanGiven, @RequestParam(required = false) String crisisResourcesGiven,
            Model model, Locale locale, HttpServletResponse response, RedirectAttributes redirect) {
        AssessmentForm form = new AssessmentForm(level, plan, safetyPlanGiven != null, crisisResourcesGiven != null);
        List<String> problems = new ArrayList<>();
        RiskAssessment.Level chosen = RiskAssessment.Level.fromCode(level);
        if (chosen == null) {
            problems.add("alerts.error.level");
        }
        if (plan == null || plan.isBlank()) {
            problems.add("alerts.error.plan");
        } else if (plan.length() > 4000) {
            problems.add("alerts.error.planLong");
        }
        if (problems.isEmpty()) {
            try {
                alerts.close(id, new RiskAssessment(chosen, plan, form.safetyPlanGiven(), form.crisisResourcesGiven()));
                redirect.addFlashAttribute("notice", "alerts.notice.closed");
                return "redirect:/alerts/" + id;
            } catch (SafetyAlerts.AlertConflict e) {
                redirect.addFlashAttribute("conflict", e.getMessage());
                return "redirect:/alerts/" + id;
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        detailModel(model, id, form, problems, locale);
        return "screening/alert";
    }

    private void detailModel(Model model, UUID id, AssessmentForm form, List<String> problems, Locale locale) {
        SafetyAlert alert = alerts.get(id);
        ZoneId zone = zone();
        PatientRecord patient = patients.get(alert.patient());
        model.addAttribute("alert", alert);
        model.addAttribute("row", row(alert, patient.displayName(), zone));
        model.addAttribute("patient", patient);
        model.addAttribute("steps", alert.steps().stream().map(s -> new StepRow(s.step(), LocalDateTime.ofInstant(s.at(), zone),
                s.by(), s.detail())).toList());
        ScreeningResponse response = screenings.get(alert.response());
        model.addAttribute("response", response);
        model.addAttribute("answers", screeningPages.answered(response, locale));
        if (alert.assessment() != null) {
            model.addAttribute("assessment", alert.assessment());
            model.addAttribute("closedAt", alert.closedAt() == null ? null : LocalDateTime.ofInstant(alert.closedAt(), zone));
        }
        Actor actor = actors.require();
        model.addAttribute("canRespond", actor.kind() == Actor.Kind.USER && actor.hasAnyRole(SafetyAlerts.RESPONDERS));
        model.addAttribute("form", form);
        model.addAttribute("problems", problems);
        model.addAttribute("levels", RiskAssessment.Level.values());
    }

    /** The live stream of alert events for the signed-in clinician or practice admin. */
    @GetMapping(path = "/alerts/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(HttpServletResponse response) {
        Actor actor = actors.require();
        if (actor.kind() != Actor.Kind.USER || actor.practice().isEmpty() || !actor.hasAnyRole(STREAM_ROLES)) {
            throw new AccessDeniedException("Live safety alerts are for clinicians and practice admins");
        }
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no");
        return stream.subscribe(actor);
    }

    /**
     * The banner at the top of every page: the alerts nobody has acknowledged yet (for practice admins, who may not
     * read clinical data, only how many wait), and the open-alert count for the navigation.
     */
    @GetMapping("/alerts/banner")
    String banner(Model model) {
        Actor actor = actors.require();
        if (actor.practice().isEmpty() || !actor.hasAnyRole(STREAM_ROLES)) {
            throw new AccessDeniedException("Live safety alerts are for clinicians and practice admins");
        }
        int active = alerts.count(null, "active");
        int open = alerts.count(null, SafetyAlerts.OPEN);
        boolean clinical = policy.permits(practice(), DataCategory.CLINICAL, Operation.READ);
        model.addAttribute("clinical", clinical);
        model.addAttribute("waitingCount", active);
        model.addAttribute("alertNav", new AlertNavAdvice.AlertNav(open, active));
        if (clinical && active > 0) {
            List<AlertRow> waiting = rows(alerts.search(null, "active", 0, BANNER_LIMIT));
            model.addAttribute("waiting", waiting);
            model.addAttribute("more", Math.max(0, active - waiting.size()));
        }
        return "screening/alert-banner :: banner";
    }

    private List<AlertRow> rows(List<SafetyAlert> list) {
        ZoneId zone = zone();
        Map<PatientId, String> names = new HashMap<>();
        List<AlertRow> rows = new ArrayList<>();
        for (SafetyAlert alert : list) {
            String name = names.computeIfAbsent(alert.patient(), p -> patients.get(p).displayName());
            rows.add(row(alert, name, zone));
        }
        return rows;
    }

    private static AlertRow row(SafetyAlert alert, String patientName, ZoneId zone) {
        return new AlertRow(alert.id(), alert.patient().value(), patientName, alert.instrument(), alert.rules(),
                LocalDateTime.ofInstant(alert.raisedAt(), zone), alert.acute(),
                alert.escalatedAt() == null ? null : LocalDateTime.ofInstant(alert.escalatedAt(), zone), alert.acknowledgedBy(),
                alert.status());
    }

    private PracticeId practice() {
        return actors.requirePractice();
    }

    private ZoneId zone() {
        return practices.zoneOf(practice());
    }

    @ExceptionHandler(PatientNotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound() {
        return "error/404";
    }
}
