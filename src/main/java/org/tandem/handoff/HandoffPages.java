package org.tandem.handoff;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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
import org.tandem.patient.InvalidPatientData;
import org.tandem.patient.PatientNotFound;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;

/**
 * The handoff board: for a BHC, their presence (one tap), the requests offered to them (live) with Accept, the
 * handoffs they took with Start and the outcome, and the presence of every BHC; for a PCP or MA, the requests they made
 * today and the board. The live stream (server-sent events) every handoff page listens to, and the fragments it
 * refreshes.
 */
@Controller
class HandoffPages {

    /** Roles that may open the handoff pages and their live stream (presence is not patient data). */
    static final Set<Role> STREAM_ROLES = EnumSet.of(Role.BHC, Role.PCP, Role.MEDICAL_ASSISTANT, Role.CARE_MANAGER,
            Role.PSYCHIATRIC_CONSULTANT, Role.PRACTICE_ADMIN);
    /** How many of today's requests the requester's list shows. */
    static final int LIST_LIMIT = 50;

    private final Handoffs handoffs;
    private final Availability availability;
    private final HandoffStream stream;
    private final HandoffViews views;
    private final CurrentActor actors;

    HandoffPages(Handoffs handoffs, Availability availability, HandoffStream stream, HandoffViews views,
            CurrentActor actors) {
        this.handoffs = handoffs;
        this.availability = availability;
        this.stream = stream;
        this.views = views;
        this.actors = actors;
    }

    /** What the outcome form holds, as typed. */
    record OutcomeForm(String outcome, String minutes, String intervention, String note) {

        static final OutcomeForm EMPTY = new OutcomeForm(null, null, null, null);
    }

    /** Problems with one handoff's outcome form: the messages and the fields they are about. */
    record Problems(UUID handoff, List<String> messages, Set<String> fields) {

        static final Problems NONE = new Problems(null, List.of(), Set.of());

        public boolean any(UUID id) {
            return id.equals(handoff) && !messages.isEmpty();
        }

        public boolean field(UUID id, String field) {
            return id.equals(handoff) && fields.contains(field);
        }
    }

    // ---------------------------------------------------------------- the page and its live parts

    @GetMapping("/handoffs")
    String page(Model model) {
        requireStaff();
        boolean bhc = views.isBhc();
        model.addAttribute("bhc", bhc);
        model.addAttribute("requester", views.isRequester());
        model.addAttribute("serverNow", views.now().toEpochMilli());
        if (bhc) {
            model.addAttribute("presence", views.myPresence());
            model.addAttribute("states", PresenceState.values());
            offersModel(model);
            mineModel(model, null, OutcomeForm.EMPTY, Problems.NONE);
        }
        if (views.isRequester()) {
            requestedModel(model);
        }
        boardModel(model);
        return "handoff/handoffs";
    }

    @GetMapping("/handoffs/offers")
    String offers(Model model) {
        requireBhc();
        offersModel(model);
        return "handoff/parts :: offers";
    }

    @GetMapping("/handoffs/mine")
    String mine(Model model) {
        requireBhc();
        mineModel(model, null, OutcomeForm.EMPTY, Problems.NONE);
        return "handoff/parts :: mine";
    }

    @GetMapping("/handoffs/requested")
    String requested(Model model) {
        requireStaff();
        if (!views.isRequester()) {
            throw new AccessDeniedException("Warm handoffs are requested by primary care clinicians and medical assistants");
        }
        requestedModel(model);
        return "handoff/parts :: requested";
    }

    @GetMapping("/handoffs/board")
    String board(Model model) {
        requireStaff();
        boardModel(model);
        return "handoff/parts :: board";
    }

    @GetMapping("/handoffs/presence")
    String presence(Model model) {
        requireBhc();
        model.addAttribute("presence", views.myPresence());
        model.addAttribute("states", PresenceState.values());
        return "handoff/parts :: presence";
    }

    /**
     * The live stream of handoff and presence events for the signed-in staff member; a status page names its handoff
     * (read here, so through the access policy) to hear of its changes too.
     */
    @GetMapping(path = "/handoffs/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@RequestParam(required = false) String handoff, HttpServletResponse response) {
        Actor actor = requireStaff();
        UUID watching = handoff == null || handoff.isBlank() ? null : handoffs.get(parse(handoff)).id();
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no");
        return stream.subscribe(actor, watching);
    }

    private void offersModel(Model model) {
        model.addAttribute("offers", views.views(handoffs.offeredToMe()));
        model.addAttribute("serverNow", views.now().toEpochMilli());
    }

    private void mineModel(Model model, UUID editing, OutcomeForm form, Problems problems) {
        UUID me = views.me();
        List<Handoff> open = new ArrayList<>(handoffs.open().stream().filter(h -> me.equals(h.acceptedBy())).toList());
        open.sort(Comparator.comparing(Handoff::acceptedAt, Comparator.nullsLast(Comparator.naturalOrder())));
        model.addAttribute("mine", views.views(open));
        model.addAttribute("editing", editing);
        model.addAttribute("outcomeForm", form);
        model.addAttribute("problems", problems);
        model.addAttribute("outcomes", HandoffOutcome.values());
        model.addAttribute("interventions", BriefIntervention.values());
        model.addAttribute("serverNow", views.now().toEpochMilli());
    }

    private void requestedModel(Model model) {
        UUID me = views.me();
        Instant now = views.now();
        Instant startOfDay = views.today().atStartOfDay(views.zone()).toInstant();
        List<Handoff> mine = handoffs.search(null, null, startOfDay, now.plusSeconds(1), 0, LIST_LIMIT).stream()
                .filter(h -> me.equals(h.requestedBy()) || me.equals(h.onBehalfOf())).toList();
        model.addAttribute("requested", views.views(mine));
        model.addAttribute("serverNow", now.toEpochMilli());
    }

    private void boardModel(Model model) {
        List<HandoffViews.BoardRow> board = views.board();
        model.addAttribute("board", board);
        model.addAttribute("availableCount", HandoffViews.availableCount(board));
    }

    // ---------------------------------------------------------------- actions

    /** One tap: the signed-in BHC sets their presence. */
    @PostMapping("/handoffs/presence")
    String setPresence(@RequestParam(required = false) String state,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        requireBhc();
        PresenceState wanted;
        try {
            wanted = PresenceState.ofCode(state == null ? "" : state);
        } catch (IllegalArgumentException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("presenceProblem", "handoff.presence.error.state");
            model.addAttribute("presence", views.myPresence());
            model.addAttribute("states", PresenceState.values());
            return "handoff/parts :: presence";
        }
        availability.set(wanted);
        if (htmx == null) {
            redirect.addFlashAttribute("notice", "handoff.presence.saved");
            return "redirect:/handoffs";
        }
        response.setHeader("HX-Trigger", "presence-changed");
        model.addAttribute("presence", views.myPresence());
        model.addAttribute("states", PresenceState.values());
        return "handoff/parts :: presence";
    }

    /**
     * Accepts a request. The first to accept gets it; whoever comes second is told who has it. On the page, the answer
     * goes to the notice area and every handoff part is refreshed.
     */
    @PostMapping("/handoffs/{id}/accept")
    String accept(@PathVariable String id, @RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        requireBhc();
        UUID handoffId = parse(id);
        try {
            Handoff accepted = handoffs.accept(handoffId);
            HandoffViews.View view = views.view(accepted);
            return accepted.room() == null
                    ? notice(htmx, model, response, redirect, HttpStatus.OK, "success", "handoff.accept.done", view.patient())
                    : notice(htmx, model, response, redirect, HttpStatus.OK, "success", "handoff.accept.doneRoom",
                            view.patient(), accepted.room());
        } catch (HandoffTaken taken) {
            return notice(htmx, model, response, redirect, HttpStatus.CONFLICT, "error",
                    taken.takenBy() == null ? "handoff.accept.closed" : "handoff.accept.taken",
                    taken.takenBy() == null ? "" : taken.takenBy());
        }
    }

    @PostMapping("/handoffs/{id}/start")
    String start(@PathVariable String id, @RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        requireBhc();
        UUID handoffId = parse(id);
        try {
            Handoff started = handoffs.start(handoffId);
            return notice(htmx, model, response, redirect, HttpStatus.OK, "success", "handoff.start.done",
                    views.view(started).patient());
        } catch (InvalidPatientData e) {
            return notice(htmx, model, response, redirect, HttpStatus.UNPROCESSABLE_CONTENT, "error", "handoff.problem",
                    String.join(" ", e.problems()));
        }
    }

    /** Records how a handoff ended; a refused outcome shows the form again as typed, with the problems. */
    @PostMapping("/handoffs/{id}/outcome")
    String outcome(@PathVariable String id, OutcomeForm form,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model, HttpServletResponse response,
            RedirectAttributes redirect, Locale locale) {
        requireBhc();
        UUID handoffId = parse(id);
        List<String> problems = new ArrayList<>();
        Set<String> fields = new HashSet<>();
        HandoffOutcome outcome = null;
        try {
            outcome = HandoffOutcome.ofCode(form.outcome() == null ? "" : form.outcome());
        } catch (IllegalArgumentException e) {
            problems.add(views.text(locale, "handoff.outcome.error.outcome"));
            fields.add("outcome");
        }
        Integer minutes = null;
        BriefIntervention intervention = null;
        if (outcome == HandoffOutcome.COMPLETED) {
            try {
                minutes = Integer.valueOf(form.minutes() == null ? "" : form.minutes().trim());
                if (minutes < 1 || minutes > 240) {
                    throw new NumberFormatException("out of range");
                }
            } catch (NumberFormatException e) {
                problems.add(views.text(locale, "handoff.outcome.error.minutes"));
                fields.add("minutes");
            }
            try {
                intervention = BriefIntervention.ofCode(form.intervention() == null ? "" : form.intervention());
            } catch (IllegalArgumentException e) {
                problems.add(views.text(locale, "handoff.outcome.error.intervention"));
                fields.add("intervention");
            }
        } else if (outcome == HandoffOutcome.CONVERTED_TO_VISIT && blankToNull(form.note()) == null) {
            problems.add(views.text(locale, "handoff.outcome.error.convertedNote"));
            fields.add("note");
        }
        if (problems.isEmpty()) {
            try {
                Handoff closed = outcome == HandoffOutcome.COMPLETED
                        ? handoffs.complete(handoffId, minutes, intervention, blankToNull(form.note()))
                        : handoffs.close(handoffId, outcome, blankToNull(form.note()));
                return notice(htmx, model, response, redirect, HttpStatus.OK, "success", "handoff.outcome.done",
                        views.view(closed).patient());
            } catch (InvalidPatientData e) {
                problems.addAll(e.problems());
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        Problems refused = new Problems(handoffId, problems, fields);
        if (htmx == null) {
            model.addAttribute("bhc", true);
            model.addAttribute("requester", views.isRequester());
            model.addAttribute("serverNow", views.now().toEpochMilli());
            model.addAttribute("presence", views.myPresence());
            model.addAttribute("states", PresenceState.values());
            offersModel(model);
            mineModel(model, handoffId, form, refused);
            boardModel(model);
            return "handoff/handoffs";
        }
        response.setHeader("HX-Retarget", "#handoffs-mine");
        response.setHeader("HX-Reswap", "innerHTML");
        mineModel(model, handoffId, form, refused);
        return "handoff/parts :: mine";
    }

    /**
     * The answer to an action: on the page (htmx), a notice in the notice area and a signal to refresh every handoff
     * part; otherwise back to the board with the notice.
     */
    private String notice(String htmx, Model model, HttpServletResponse response, RedirectAttributes redirect,
            HttpStatus status, String kind, String key, Object... args) {
        Notice notice = new Notice(kind, key, List.of(args));
        if (htmx == null) {
            redirect.addFlashAttribute("handoffNotice", notice);
            return "redirect:/handoffs";
        }
        response.setStatus(status.value());
        response.setHeader("HX-Trigger", "handoffs-changed");
        response.setHeader("HX-Retarget", "#handoff-notice");
        response.setHeader("HX-Reswap", "innerHTML");
        model.addAttribute("handoffNotice", notice);
        return "handoff/parts :: notice";
    }

    /** A message for the notice area: {@code success} or {@code error}, its key and arguments. */
    record Notice(String kind, String key, List<Object> args) {

        public Object[] arguments() {
            return args.toArray();
        }
    }

    // ---------------------------------------------------------------- checks

    private Actor requireStaff() {
        Actor actor = actors.require();
        if (actor.kind() != Actor.Kind.USER || actor.practice().isEmpty() || !actor.hasAnyRole(STREAM_ROLES)) {
            throw new AccessDeniedException("Warm handoffs are for the practice's clinicians");
        }
        return actor;
    }

    private void requireBhc() {
        requireStaff();
        if (!views.isBhc()) {
            throw new AccessDeniedException("Only behavioral health clinicians take warm handoffs");
        }
    }

    static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new PatientNotFound("Handoff " + id);
        }
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    @ExceptionHandler(PatientNotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound() {
        return "error/404";
    }
}
