package org.tandem.registry;

import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
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
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tandem.patient.PatientNotFound;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.practice.StaffMember;

/**
 * The psychiatric case review pages: the consultant's weekly list, the one-screen prep summary of a patient with the
 * form to record the review and its recommendations, and the care team's request to discuss a patient (a fragment the
 * episode page includes).
 */
@Controller
class CaseReviewPages {

    /** Recommendation rows the form shows when it opens; "add another" adds more. */
    static final int INITIAL_ROWS = 3;
    static final int MAX_ROWS = 20;

    private final CaseReviews reviews;
    private final Episodes episodes;
    private final Practices practices;
    private final CurrentActor actors;

    CaseReviewPages(CaseReviews reviews, Episodes episodes, Practices practices, CurrentActor actors) {
        this.reviews = reviews;
        this.episodes = episodes;
        this.practices = practices;
        this.actors = actors;
    }

    /** A problem to show: a message key and its arguments. */
    record Problem(String key, Object[] args) {

        static Problem of(String key, Object... args) {
            return new Problem(key, args);
        }
    }

    /** One recommendation row of the form as typed. */
    record RecommendationRow(String kind, String text) {

        boolean blank() {
            return (kind == null || kind.isBlank()) && (text == null || text.isBlank());
        }
    }

    /** The review form as typed. */
    record ReviewForm(String summary, String minutes, List<RecommendationRow> rows) {

        static ReviewForm empty() {
            List<RecommendationRow> rows = new ArrayList<>();
            for (int i = 0; i < INITIAL_ROWS; i++) {
                rows.add(new RecommendationRow(null, null));
            }
            return new ReviewForm(null, null, rows);
        }
    }

    /** One reason on the list or the summary, ready to show. */
    record ReasonView(String kind, String flag, String flagLabelKey, String flagKey, Object[] flagArgs, String detail) {

        static ReasonView of(ReviewReason reason) {
            TreatToTarget.Reason flag = reason.flag();
            return new ReasonView(reason.kind().code(), flag == null ? null : flag.flag().code(),
                    flag == null ? null : flag.flag().messageKey(), flag == null ? null : flag.messageKey(),
                    flag == null ? new Object[0] : flag.argumentArray(), reason.detail());
        }

        public boolean urgent() {
            return "safety".equals(kind);
        }

        public boolean warning() {
            return "requested".equals(kind) || "not-improved".equals(kind) || "worsening".equals(kind);
        }
    }

    /** A patient on the weekly list. */
    record ListRow(UUID episodeId, UUID patientId, String name, String mrn, String focus, String status, long weeks,
            List<ReasonView> reasons, TreatToTarget.Progress phq9, TreatToTarget.Progress gad7, LocalDate lastContact,
            LocalDate lastReviewedOn, boolean reviewedThisWeek) {
    }

    // ---------------------------------------------------------------- the weekly list

    @GetMapping("/registry/review")
    String list(@RequestParam(required = false) String week, Model model) {
        ZoneId zone = zone();
        LocalDate today = LocalDate.now(zone);
        LocalDate day = today;
        if (week != null && !week.isBlank()) {
            try {
                day = LocalDate.parse(week.trim());
            } catch (DateTimeParseException e) {
                model.addAttribute("weekProblem", true);
            }
        }
        LocalDate start = CaseReviews.weekStart(day);
        List<ListRow> rows = new ArrayList<>();
        for (ReviewItem item : reviews.reviewList(start)) {
            CaseloadRow row = item.row();
            rows.add(new ListRow(item.episode().id(), item.episode().patient().value(), row == null ? null : row.name(),
                    row == null ? null : row.mrn(), item.episode().focus().code(), item.episode().status().code(),
                    item.weeksInTreatment(), item.reasons().stream().map(ReasonView::of).toList(), row == null ? null : row.phq9(),
                    row == null ? null : row.gad7(), row == null ? null : row.lastContact(), item.lastReviewedOn(),
                    item.reviewedThisWeek()));
        }
        model.addAttribute("rows", rows);
        model.addAttribute("weekStart", start);
        model.addAttribute("weekEnd", start.plusDays(6));
        model.addAttribute("previousWeek", start.minusWeeks(1));
        model.addAttribute("nextWeek", start.plusWeeks(1));
        model.addAttribute("thisWeek", CaseReviews.weekStart(today).equals(start));
        model.addAttribute("reviewed", rows.stream().filter(ListRow::reviewedThisWeek).count());
        return "registry/review-list";
    }

    // ---------------------------------------------------------------- prep and recording

    @GetMapping("/registry/review/{episodeId}")
    String prep(@PathVariable UUID episodeId, Model model) {
        prepModel(model, episodeId, ReviewForm.empty(), List.of());
        return "registry/review-prep";
    }

    /** One more empty recommendation row (htmx "add another"). */
    @GetMapping("/registry/review/{episodeId}/recommendation-row")
    String row(@PathVariable UUID episodeId, @RequestParam(defaultValue = "0") int index, Model model) {
        int i = Math.max(0, Math.min(index, MAX_ROWS - 1));
        model.addAttribute("episodeId", episodeId);
        model.addAttribute("i", i);
        model.addAttribute("row", new RecommendationRow(null, null));
        model.addAttribute("kinds", RecommendationKind.values());
        model.addAttribute("next", i + 1 < MAX_ROWS ? i + 1 : null);
        model.addAttribute("invalidRows", List.of());
        return "registry/review-prep :: added-row";
    }

    @PostMapping("/registry/review/{episodeId}")
    String record(@PathVariable UUID episodeId, @RequestParam(required = false) String summary,
            @RequestParam(required = false) String minutes, @RequestParam Map<String, String> params, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        List<RecommendationRow> rows = new ArrayList<>();
        for (int i = 0; i < MAX_ROWS; i++) {
            if (params.containsKey("kind" + i) || params.containsKey("text" + i)) {
                rows.add(new RecommendationRow(params.get("kind" + i), params.get("text" + i)));
            }
        }
        ReviewForm form = new ReviewForm(summary, minutes, rows);
        List<Problem> problems = new ArrayList<>();
        List<RecommendationInput> inputs = new ArrayList<>();
        List<Integer> invalidRows = new ArrayList<>();
        int number = 0;
        for (int index = 0; index < rows.size(); index++) {
            RecommendationRow row = rows.get(index);
            if (row.blank()) {
                continue;
            }
            number++;
            int before = problems.size();
            RecommendationKind kind = kind(row.kind());
            if (kind == null) {
                problems.add(Problem.of("registry.review.error.recommendationKind", number));
            }
            if (row.text() == null || row.text().isBlank()) {
                problems.add(Problem.of("registry.review.error.recommendationText", number));
            } else if (row.text().length() > CaseReviews.MAX_TEXT) {
                problems.add(Problem.of("registry.review.error.recommendationLong", number));
            }
            if (problems.size() > before) {
                invalidRows.add(index);
            }
            inputs.add(new RecommendationInput(kind, row.text()));
        }
        boolean noSummary = summary == null || summary.isBlank();
        if (noSummary && inputs.isEmpty()) {
            problems.add(Problem.of("registry.review.error.empty"));
        }
        if (!noSummary && summary.length() > CaseReviews.MAX_SUMMARY) {
            problems.add(Problem.of("registry.review.error.summaryLong"));
        }
        Integer time = null;
        if (minutes != null && !minutes.isBlank()) {
            try {
                time = Integer.valueOf(minutes.trim());
                if (time < 1 || time > TimeLog.MAX_MINUTES) {
                    problems.add(Problem.of("registry.review.error.minutes", TimeLog.MAX_MINUTES));
                }
            } catch (NumberFormatException e) {
                problems.add(Problem.of("registry.review.error.minutes", TimeLog.MAX_MINUTES));
            }
        }
        if (problems.isEmpty()) {
            try {
                CaseReview review = reviews.recordReview(episodeId, summary, inputs, time);
                redirect.addFlashAttribute("recorded", review.recommendations().size());
                return "redirect:/registry/review/" + episodeId;
            } catch (InvalidRegistryData e) {
                e.problems().forEach(p -> problems.add(Problem.of("registry.review.error.other", p)));
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        prepModel(model, episodeId, form, problems);
        model.addAttribute("invalidRows", invalidRows);
        return "registry/review-prep";
    }

    @PostMapping("/registry/review/requests/{requestId}/withdraw")
    String withdraw(@PathVariable UUID requestId, @RequestParam UUID episode, RedirectAttributes redirect) {
        try {
            reviews.withdraw(requestId);
            redirect.addFlashAttribute("notice", "registry.review.notice.withdrawn");
        } catch (InvalidRegistryData e) {
            redirect.addFlashAttribute("conflict", e.getMessage());
        }
        return "redirect:/registry/review/" + episode;
    }

    private void prepModel(Model model, UUID episodeId, ReviewForm form, List<Problem> problems) {
        ReviewPrep prep = reviews.prep(episodeId);
        ZoneId zone = zone();
        Map<UUID, StaffMember> staff = new HashMap<>();
        Map<String, String> byEmail = new HashMap<>();
        for (StaffMember member : practices.staff()) {
            staff.put(member.id(), member);
            byEmail.put(member.email(), member.displayName());
        }
        Episode episode = prep.episode();
        model.addAttribute("prep", prep);
        model.addAttribute("episode", episode);
        model.addAttribute("row", prep.row());
        model.addAttribute("reasons", prep.reasons().stream().map(ReasonView::of).toList());
        model.addAttribute("pcpName", name(staff, episode.pcp()));
        model.addAttribute("careManagerName", name(staff, episode.careManager()));
        model.addAttribute("consultantName", name(staff, episode.consultant()));
        model.addAttribute("names", byEmail);
        model.addAttribute("contacts", prep.contacts().stream().limit(5).map(c -> new ContactView(
                LocalDateTime.ofInstant(c.startedAt(), zone), c.mode().code(), c.minutes(), byEmail.getOrDefault(c.recordedBy(),
                        c.recordedBy()))).toList());
        model.addAttribute("requests", prep.openRequests().stream().map(r -> new RequestView(r.id(), r.reason(),
                LocalDateTime.ofInstant(r.requestedAt(), zone), byEmail.getOrDefault(r.requestedBy(), r.requestedBy()))).toList());
        model.addAttribute("reviews", prep.reviews().stream().map(r -> new ReviewView(r.reviewedOn(),
                byEmail.getOrDefault(r.consultant(), r.consultant()), r.summary(), r.recommendations().stream()
                        .map(rec -> new RecommendationView(rec.id(), rec.kind().code(), rec.text(), rec.status().code(), rec.responseText(),
                                rec.respondedAt() == null ? null : LocalDate.ofInstant(rec.respondedAt(), zone),
                                rec.respondedBy() == null ? null : byEmail.getOrDefault(rec.respondedBy(), rec.respondedBy())))
                        .toList())).toList());
        Actor actor = actors.require();
        model.addAttribute("canRecord", actor.kind() == Actor.Kind.USER && actor.hasRole(Role.PSYCHIATRIC_CONSULTANT)
                && episode.status().open());
        model.addAttribute("canRequest", actor.hasAnyRole(CaseReviews.REQUESTERS) && episode.status().open());
        model.addAttribute("form", form);
        model.addAttribute("problems", problems);
        model.addAttribute("invalidRows", List.of());
        model.addAttribute("kinds", RecommendationKind.values());
        model.addAttribute("nextRow", form.rows().size() < MAX_ROWS ? form.rows().size() : null);
    }

    /** An earlier review as the summary lists it. */
    record ReviewView(LocalDate on, String consultant, String summary, List<RecommendationView> recommendations) {
    }

    /** A recommendation and what became of it. */
    record RecommendationView(UUID id, String kind, String text, String status, String answer, LocalDate answeredOn,
            String answeredBy) {

        public boolean pending() {
            return "pending".equals(status);
        }
    }

    /** A contact as the summary lists it. */
    record ContactView(LocalDateTime at, String mode, int minutes, String by) {
    }

    /** An open request as the summary lists it. */
    record RequestView(UUID id, String reason, LocalDateTime at, String by) {
    }

    // ---------------------------------------------------------------- the care team's request

    @PostMapping("/registry/episodes/{episodeId}/review-request")
    String request(@PathVariable UUID episodeId, @RequestParam(required = false) String reason, Model model,
            @RequestHeader(name = "HX-Request", required = false) String htmx, HttpServletResponse response,
            RedirectAttributes redirect) {
        Episode episode = episodes.get(episodeId);
        List<Problem> problems = new ArrayList<>();
        if (reason == null || reason.isBlank()) {
            problems.add(Problem.of("registry.review.request.error.reason"));
        } else if (reason.length() > CaseReviews.MAX_REASON) {
            problems.add(Problem.of("registry.review.request.error.long"));
        }
        if (problems.isEmpty()) {
            try {
                ReviewRequest request = reviews.requestReview(episodeId, reason);
                if (htmx == null) {
                    redirect.addFlashAttribute("notice", "registry.review.request.sent");
                    return "redirect:/registry/review/" + episodeId;
                }
                model.addAttribute("reviewRequestSent", request);
            } catch (InvalidRegistryData e) {
                e.problems().forEach(p -> problems.add(Problem.of("registry.review.error.other", p)));
            }
        }
        model.addAttribute("episode", episode);
        model.addAttribute("reviewRequestProblems", problems);
        model.addAttribute("reviewRequestReason", problems.isEmpty() ? null : reason);
        if (!problems.isEmpty()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        }
        return htmx != null ? "registry/review-request :: form(episode=${episode})" : "registry/review-request";
    }

    private static RecommendationKind kind(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        try {
            return RecommendationKind.of(code);
        } catch (InvalidRegistryData e) {
            return null;
        }
    }

    private static String name(Map<UUID, StaffMember> staff, UUID id) {
        return id == null || !staff.containsKey(id) ? null : staff.get(id).displayName();
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
