package org.tandem.handoff;

import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tandem.patient.InvalidPatientData;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientNotFound;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.practice.StaffMember;
import org.tandem.scheduling.Appointment;
import org.tandem.scheduling.Appointments;
import org.tandem.scheduling.Schedules;
import org.tandem.scheduling.Slot;

/**
 * Asking for a warm handoff from the patient's page (a PCP, or an MA on a PCP's behalf), and the live status page of
 * one handoff: who it was offered to and for how long it has waited, who is coming once accepted, the fallbacks once
 * nobody accepted in time (book the next open slot, a same-day callback, a scheduled visit), and cancelling it.
 */
@Controller
class HandoffRequestPages {

    /** How many bookable slots the fallback offers. */
    static final int SLOT_CHOICES = 5;

    private final Handoffs handoffs;
    private final Patients patients;
    private final Practices practices;
    private final Schedules schedules;
    private final Appointments appointments;
    private final HandoffViews views;
    private final CurrentActor actors;

    HandoffRequestPages(Handoffs handoffs, Patients patients, Practices practices, Schedules schedules,
            Appointments appointments, HandoffViews views, CurrentActor actors) {
        this.appointments = appointments;
        this.handoffs = handoffs;
        this.patients = patients;
        this.practices = practices;
        this.schedules = schedules;
        this.views = views;
        this.actors = actors;
    }

    /** The request form as typed. */
    record RequestForm(String reason, String urgency, String room, String note, String onBehalfOf, String response) {
    }

    /** The fallback form as typed. */
    record FallbackForm(String fallback, String slot, String note) {

        static final FallbackForm EMPTY = new FallbackForm(null, null, null);
    }

    /** Problems of a form: the messages and the fields they are about. */
    record Problems(List<String> messages, Set<String> fields) {

        static final Problems NONE = new Problems(List.of(), Set.of());

        public boolean any() {
            return !messages.isEmpty();
        }

        public boolean field(String field) {
            return fields.contains(field);
        }
    }

    record StaffChoice(UUID id, String name) {
    }

    /** A bookable slot offered as fallback. */
    record SlotChoice(UUID id, String clinician, LocalDateTime start, LocalDateTime end, String kind) {
    }

    // ---------------------------------------------------------------- asking for a handoff

    @GetMapping("/patients/{patientId}/handoff")
    String form(@PathVariable String patientId, @RequestParam(required = false) String response, Model model) {
        requireRequester();
        PatientRecord patient = patients.get(parsePatient(patientId));
        String onBehalfOf = !forOthers() || patient.pcpAccountId() == null ? null : patient.pcpAccountId().toString();
        RequestForm form = new RequestForm(null, Urgency.NOW.code(), null, null, onBehalfOf, uuidText(response));
        formModel(model, patient, form, Problems.NONE);
        return "handoff/request";
    }

    @PostMapping("/patients/{patientId}/handoff")
    String request(@PathVariable String patientId, RequestForm form, Model model, Locale locale,
            HttpServletResponse http) {
        requireRequester();
        PatientRecord patient = patients.get(parsePatient(patientId));
        List<String> problems = new ArrayList<>();
        Set<String> fields = new HashSet<>();
        HandoffReason reason = null;
        try {
            reason = HandoffReason.ofCode(form.reason() == null ? "" : form.reason());
        } catch (IllegalArgumentException e) {
            problems.add(views.text(locale, "handoff.request.error.reason"));
            fields.add("reason");
        }
        Urgency urgency = null;
        try {
            urgency = Urgency.ofCode(form.urgency() == null ? "" : form.urgency());
        } catch (IllegalArgumentException e) {
            problems.add(views.text(locale, "handoff.request.error.urgency"));
            fields.add("urgency");
        }
        UUID onBehalfOf = null;
        if (forOthers()) {
            onBehalfOf = pcps().stream().map(StaffChoice::id).filter(id -> id.toString().equals(form.onBehalfOf()))
                    .findFirst().orElse(null);
            if (onBehalfOf == null) {
                problems.add(views.text(locale, "handoff.request.error.onBehalfOf"));
                fields.add("onBehalfOf");
            }
        }
        if (problems.isEmpty()) {
            try {
                Handoff handoff = handoffs.request(new HandoffRequest(patient.id(), reason, urgency,
                        HandoffPages.blankToNull(form.room()), HandoffPages.blankToNull(form.note()), onBehalfOf,
                        uuid(form.response())));
                return "redirect:/handoffs/" + handoff.id();
            } catch (InvalidPatientData e) {
                problems.addAll(e.problems());
            }
        }
        http.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        formModel(model, patient, form, new Problems(problems, fields));
        return "handoff/request";
    }

    private void formModel(Model model, PatientRecord patient, RequestForm form, Problems problems) {
        model.addAttribute("patient", patient);
        model.addAttribute("age", patient.ageOn(views.today()));
        model.addAttribute("form", form);
        model.addAttribute("problems", problems);
        model.addAttribute("reasons", HandoffReason.values());
        model.addAttribute("urgencies", Urgency.values());
        model.addAttribute("forOthers", forOthers());
        model.addAttribute("pcps", pcps());
        List<HandoffViews.BoardRow> board = views.board();
        model.addAttribute("board", board);
        model.addAttribute("availableCount", HandoffViews.availableCount(board));
        model.addAttribute("serverNow", views.now().toEpochMilli());
    }

    /** A medical assistant asks on behalf of a PCP (a PCP asks for themself). */
    private boolean forOthers() {
        Actor actor = actors.require();
        return actor.hasRole(Role.MEDICAL_ASSISTANT) && !actor.hasRole(Role.PCP);
    }

    private List<StaffChoice> pcps() {
        return practices.staffOf(actors.requirePractice()).stream()
                .filter(s -> s.enabled() && s.roles().contains(Role.PCP))
                .sorted(Comparator.comparing(StaffMember::displayName, String.CASE_INSENSITIVE_ORDER))
                .map(s -> new StaffChoice(s.id(), s.displayName())).toList();
    }

    // ---------------------------------------------------------------- the status page

    @GetMapping("/handoffs/{id}")
    String status(@PathVariable String id, Model model) {
        statusPage(model, handoffs.get(HandoffPages.parse(id)), FallbackForm.EMPTY, Problems.NONE, null, Problems.NONE);
        return "handoff/handoff";
    }

    @GetMapping("/handoffs/{id}/status")
    String statusPart(@PathVariable String id, Model model) {
        statusModel(model, handoffs.get(HandoffPages.parse(id)), FallbackForm.EMPTY, Problems.NONE);
        return "handoff/handoff :: status";
    }

    private void statusModel(Model model, Handoff handoff, FallbackForm form, Problems problems) {
        statusModel(model, handoff, form, problems, null, Problems.NONE);
    }

    private void statusModel(Model model, Handoff handoff, FallbackForm form, Problems problems, String cancelReason,
            Problems cancelProblems) {
        Actor actor = actors.require();
        if (actor.kind() != Actor.Kind.USER || !actor.hasAnyRole(HandoffPages.STREAM_ROLES)) {
            throw new AccessDeniedException("Warm handoffs are for the practice's clinicians");
        }
        HandoffViews.View view = views.view(handoff);
        model.addAttribute("h", view);
        model.addAttribute("serverNow", views.now().toEpochMilli());
        boolean mine = isMine(handoff);
        boolean open = handoff.status() == HandoffStatus.REQUESTED;
        model.addAttribute("canCancel", mine && (open || handoff.status() == HandoffStatus.ACCEPTED));
        model.addAttribute("cancelReason", cancelReason);
        model.addAttribute("cancelProblems", cancelProblems);
        model.addAttribute("canAccept", open && views.isBhc());
        boolean fallbacks = open && handoff.escalated() && handoff.fallback() == null && (mine || views.isBhc());
        model.addAttribute("showFallbacks", fallbacks);
        model.addAttribute("fallbackForm", form);
        model.addAttribute("problems", problems);
        if (fallbacks) {
            model.addAttribute("slots", slots());
            model.addAttribute("fallbacks", Fallback.values());
        }
        model.addAttribute("history", handoffs.history(handoff.id()).stream()
                .map(step -> new StepRow(step.step(), views.local(step.at()), step.byName(), step.note())).toList());
        if (handoff.appointment() != null) {
            Appointment visit = appointments.get(handoff.appointment());
            model.addAttribute("visit", new SlotChoice(visit.slot(), practices.displayNames(Set.of(visit.clinician()))
                    .get(visit.clinician()), views.local(visit.start()), views.local(visit.end()), visit.kind().code()));
        }
    }

    /** One step of a handoff's history. */
    record StepRow(String step, LocalDateTime at, String by, String note) {
    }

    private List<SlotChoice> slots() {
        List<Slot> slots = schedules.nextBookable(views.now(), SLOT_CHOICES);
        Set<UUID> clinicians = new HashSet<>();
        slots.forEach(s -> clinicians.add(s.clinician()));
        Map<UUID, String> names = clinicians.isEmpty() ? Map.of() : practices.displayNames(clinicians);
        return slots.stream().map(s -> new SlotChoice(s.id(), names.get(s.clinician()), views.local(s.start()),
                views.local(s.end()), s.kind().code())).toList();
    }

    private boolean isMine(Handoff handoff) {
        UUID me = views.me();
        return me != null && (me.equals(handoff.requestedBy()) || me.equals(handoff.onBehalfOf()));
    }

    /** Withdraws a request that is no longer needed; the reason is required (a refused cancel shows the page again). */
    @PostMapping("/handoffs/{id}/cancel")
    String cancel(@PathVariable String id, @RequestParam(required = false) String reason, Model model, Locale locale,
            HttpServletResponse http, RedirectAttributes redirect) {
        requireRequester();
        UUID handoffId = HandoffPages.parse(id);
        List<String> problems = new ArrayList<>();
        if (HandoffPages.blankToNull(reason) == null) {
            problems.add(views.text(locale, "handoff.cancel.error.reason"));
        } else {
            try {
                handoffs.cancel(handoffId, HandoffPages.blankToNull(reason));
                redirect.addFlashAttribute("notice", "handoff.status.cancelledNotice");
                return "redirect:/handoffs/" + handoffId;
            } catch (InvalidPatientData e) {
                problems.addAll(e.problems());
            }
        }
        http.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        statusPage(model, handoffs.get(handoffId), FallbackForm.EMPTY, Problems.NONE, reason,
                new Problems(problems, Set.of("reason")));
        return "handoff/handoff";
    }

    private void statusPage(Model model, Handoff handoff, FallbackForm form, Problems problems, String cancelReason,
            Problems cancelProblems) {
        statusModel(model, handoff, form, problems, cancelReason, cancelProblems);
        List<HandoffViews.BoardRow> board = views.board();
        model.addAttribute("board", board);
        model.addAttribute("availableCount", HandoffViews.availableCount(board));
    }

    /** Chooses a fallback for a request nobody accepted in time; a refused choice shows the form again as typed. */
    @PostMapping("/handoffs/{id}/fallback")
    String fallback(@PathVariable String id, FallbackForm form, Model model, Locale locale, HttpServletResponse http,
            RedirectAttributes redirect) {
        if (!views.isRequester() && !views.isBhc()) {
            throw new AccessDeniedException("A fallback is chosen by whoever asked for the handoff or a behavioral health clinician");
        }
        UUID handoffId = HandoffPages.parse(id);
        List<String> problems = new ArrayList<>();
        Set<String> fields = new HashSet<>();
        Fallback fallback = null;
        try {
            fallback = Fallback.ofCode(form.fallback() == null ? "" : form.fallback());
        } catch (IllegalArgumentException e) {
            problems.add(views.text(locale, "handoff.fallback.error.choice"));
            fields.add("fallback");
        }
        // a callback is recorded without a slot (whoever accepts the request calls); a visit is booked in a slot, the
        // earliest one when "next open slot" is chosen without one
        UUID slot = fallback == Fallback.SAME_DAY_CALLBACK ? null : uuid(form.slot());
        if (fallback == Fallback.SCHEDULED_VISIT && slot == null) {
            problems.add(views.text(locale, "handoff.fallback.error.slot"));
            fields.add("slot");
        }
        if (problems.isEmpty()) {
            try {
                handoffs.fallback(handoffId, fallback, slot, HandoffPages.blankToNull(form.note()));
                redirect.addFlashAttribute("notice", "handoff.fallback.done." + fallback.code());
                return "redirect:/handoffs/" + handoffId;
            } catch (InvalidPatientData e) {
                problems.addAll(e.problems());
            }
        }
        http.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        statusPage(model, handoffs.get(handoffId), form, new Problems(problems, fields), null, Problems.NONE);
        return "handoff/handoff";
    }

    // ---------------------------------------------------------------- checks

    private void requireRequester() {
        if (!views.isRequester()) {
            throw new AccessDeniedException("Warm handoffs are requested by primary care clinicians and medical assistants");
        }
    }

    private static PatientId parsePatient(String id) {
        try {
            return PatientId.of(id);
        } catch (IllegalArgumentException e) {
            throw new PatientNotFound("Patient " + id);
        }
    }

    private static UUID uuid(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(text.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String uuidText(String text) {
        UUID id = uuid(text);
        return id == null ? null : id.toString();
    }

    @ExceptionHandler(PatientNotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound() {
        return "error/404";
    }
}
