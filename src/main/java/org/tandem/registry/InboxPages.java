package org.tandem.registry;

import jakarta.servlet.http.HttpServletResponse;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientNotFound;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.practice.StaffMember;

/** The PCP's inbox of psychiatric recommendations, each to accept, modify or decline. */
@Controller
class InboxPages {

    private final CaseReviews reviews;
    private final Patients patients;
    private final Practices practices;
    private final CurrentActor actors;

    InboxPages(CaseReviews reviews, Patients patients, Practices practices, CurrentActor actors) {
        this.reviews = reviews;
        this.patients = patients;
        this.practices = practices;
        this.actors = actors;
    }

    /** A recommendation as the inbox shows it. */
    record Item(Recommendation recommendation, String patientName, String mrn, String consultant, boolean forAnyPcp) {
    }

    /** The answer form of one recommendation as typed. */
    record AnswerForm(UUID id, String answer, String text) {
    }

    @GetMapping("/inbox")
    String inbox(Model model) {
        model(model, null, List.of());
        return "registry/inbox";
    }

    @PostMapping("/inbox/{id}")
    String answer(@PathVariable UUID id, @RequestParam(required = false) String answer, @RequestParam(required = false) String text,
            Model model, HttpServletResponse response, RedirectAttributes redirect) {
        RecommendationAnswer chosen = parse(answer);
        List<String> problems = new ArrayList<>();
        boolean noText = text == null || text.isBlank();
        if (chosen == null) {
            problems.add("registry.review.inbox.error.answer");
        } else if (chosen == RecommendationAnswer.MODIFY && noText) {
            problems.add("registry.review.inbox.error.modify");
        } else if (chosen == RecommendationAnswer.DECLINE && noText) {
            problems.add("registry.review.inbox.error.decline");
        }
        if (!noText && text.length() > CaseReviews.MAX_TEXT) {
            problems.add("registry.review.inbox.error.long");
        }
        if (problems.isEmpty()) {
            try {
                Recommendation answered = reviews.respond(id, chosen, text);
                redirect.addFlashAttribute("notice", "registry.review.inbox.notice." + answered.status().code());
                return "redirect:/inbox";
            } catch (RecommendationAlreadyAnswered e) {
                redirect.addFlashAttribute("already", List.of(e.status().code(), names().getOrDefault(e.by(), e.by()), e.on()));
                return "redirect:/inbox";
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        model(model, new AnswerForm(id, answer, text), problems);
        return "registry/inbox";
    }

    private void model(Model model, AnswerForm form, List<String> problems) {
        Actor actor = actors.require();
        boolean pcp = actor.kind() == Actor.Kind.USER && actor.hasRole(Role.PCP);
        model.addAttribute("pcp", pcp);
        model.addAttribute("form", form);
        model.addAttribute("problems", problems);
        if (!pcp) {
            model.addAttribute("items", List.of());
            return;
        }
        List<Recommendation> pending = reviews.inbox(UUID.fromString(actor.id()));
        Map<PatientId, PatientRecord> records = pending.isEmpty() ? Map.of()
                : patients.byIds(pending.stream().map(Recommendation::patient).distinct().toList());
        Map<String, String> names = names();
        List<Item> items = new ArrayList<>();
        for (Recommendation r : pending) {
            PatientRecord patient = records.get(r.patient());
            items.add(new Item(r, patient == null ? null : patient.displayName(), patient == null ? null : patient.mrn(),
                    names.getOrDefault(r.consultant(), r.consultant()), r.pcp() == null));
        }
        model.addAttribute("items", items);
        model.addAttribute("zone", zone());
    }

    /** Staff display names by sign-in e-mail (actors are recorded by e-mail). */
    private Map<String, String> names() {
        Map<String, String> names = new HashMap<>();
        for (StaffMember member : practices.staff()) {
            names.put(member.email(), member.displayName());
        }
        return names;
    }

    private static RecommendationAnswer parse(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        try {
            return RecommendationAnswer.of(code);
        } catch (InvalidRegistryData e) {
            return null;
        }
    }

    private ZoneId zone() {
        return practices.zoneOf(actors.requirePractice());
    }

    @ExceptionHandler(PatientNotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound() {
        return "error/404";
    }
}
