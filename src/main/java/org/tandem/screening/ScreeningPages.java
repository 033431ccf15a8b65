package org.tandem.screening;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.util.UriComponentsBuilder;
import org.tandem.patient.Encounters;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientNotFound;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.PracticeId;
import org.tandem.practice.Practices;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.DataCategory;
import org.tandem.privacy.Operation;

/**
 * Screening on a patient's record: the summary on the overview (results, open safety alerts, start menu), staff
 * entry of a whole instrument on one page with stepped screening (a positive PHQ-2 or GAD-2 continues to the PHQ-9
 * or GAD-7 in the same sitting), the results of a sitting, one response with its answers, and documented follow-up.
 */
@Controller
class ScreeningPages {

    /** Form fields carry answers as {@code q.<linkId>}. */
    static final String FIELD = "q.";

    private final Screenings screenings;
    private final SafetyAlerts alerts;
    private final Questionnaires questionnaires;
    private final Patients patients;
    private final Encounters encounters;
    private final Practices practices;
    private final AccessPolicy policy;
    private final Clock clock;

    ScreeningPages(Screenings screenings, SafetyAlerts alerts, Questionnaires questionnaires, Patients patients,
            Encounters encounters, Practices practices, AccessPolicy policy, Clock clock) {
        this.screenings = screenings;
        this.alerts = alerts;
        this.questionnaires = questionnaires;
        this.patients = patients;
        this.encounters = encounters;
        this.practices = practices;
        this.policy = policy;
        this.clock = clock;
    }

    /** One screening in the summary table. */
    record ResultRow(LocalDate date, String instrument, Integer total, Integer max, String band, Boolean positive,
            boolean complete, boolean imported, String mode, UUID response, UUID sitting, int followUps, UUID alert,
            boolean alertOpen) {
    }

    /** A safety alert as pages list it. */
    record AlertLine(UUID id, String instrument, List<String> rules, LocalDateTime raised, boolean acute, boolean escalated,
            String status, String acknowledgedBy) {
    }

    /** A visit the screening can belong to. */
    record VisitChoice(UUID id, LocalDateTime start, String type) {
    }

    /** An item on the staff entry form with the value it holds and whether it is asked. */
    record EntryItem(ScreeningForm.FormItem item, String value, boolean shown, boolean invalid, String gates) {
    }

    /** An answer carried over from the first step of a stepped screening (PHQ-2 to PHQ-9). */
    record CarriedItem(int number, String text, String answer) {
    }

    /** A response of a sitting with what it raised. */
    record SittingRow(ScreeningResponse response, Integer max, List<AlertLine> alerts, String continuedWith) {
    }

    /** An answered item of a stored response. */
    record AnsweredItem(int number, String text, String answer, String yesNoKey, boolean safety) {
    }

    // ---------------------------------------------------------------- summary

    @GetMapping("/patients/{id}/screening/summary")
    String summaryFragment(@PathVariable String id, Model model) {
        summary(parse(id), model);
        return "screening/summary :: summary";
    }

    @GetMapping("/patients/{id}/screening")
    String summaryPage(@PathVariable String id, Model model) {
        summary(parse(id), model);
        return "screening/summary";
    }

    private void summary(PatientId patientId, Model model) {
        PatientRecord patient = patients.get(patientId);
        ZoneId zone = zone();
        List<ResultRow> rows = new ArrayList<>();
        List<ScreeningEvent> history = screenings.history(patientId);
        Map<UUID, ScreeningResponse> own = screenings.of(patientId).stream()
                .collect(Collectors.toMap(ScreeningResponse::id, r -> r, (a, b) -> a, LinkedHashMap::new));
        List<SafetyAlert> patientAlerts = alerts.of(patientId);
        for (ScreeningEvent event : history) {
            ScreeningResponse response = event.response() == null ? null : own.get(event.response());
            int followUps = response != null && Boolean.TRUE.equals(response.positive())
                    ? screenings.followUps(response.id()).size() : 0;
            SafetyAlert raised = event.response() == null ? null : patientAlerts.stream()
                    .filter(a -> event.response().equals(a.response())).findFirst().orElse(null);
            rows.add(new ResultRow(event.at() == null ? null : LocalDate.ofInstant(event.at(), zone), event.instrument(),
                    event.total(), Instruments.find(event.instrument()).map(Instrument::maxTotal).orElse(null), event.band(),
                    event.positive(), event.complete(), event.imported(), response == null ? null : response.mode(),
                    event.response(), response == null ? null : response.sitting(), followUps,
                    raised == null ? null : raised.id(), raised != null && !raised.closed()));
        }
        model.addAttribute("patient", patient);
        model.addAttribute("rows", rows);
        model.addAttribute("openAlerts", patientAlerts.stream().filter(a -> !a.closed()).map(a -> line(a, zone)).toList());
        boolean canScreen = policy.permits(patients.practice(), DataCategory.CLINICAL, Operation.CREATE);
        model.addAttribute("canScreen", canScreen);
        if (canScreen) {
            model.addAttribute("instruments", usableInstruments());
            model.addAttribute("visits", recentVisits(patientId, zone));
            model.addAttribute("patientLanguage", patient.preferredLanguage() != null
                    && patient.preferredLanguage().toLowerCase(Locale.ROOT).startsWith("es") ? "es" : "en");
        }
    }

    /** Instruments the practice can use now, in catalog order (licensed ones once their wording is imported). */
    List<String> usableInstruments() {
        return Instruments.all().stream().map(Instrument::id).filter(questionnaires::usable).toList();
    }

    /** The patient's visits from yesterday to tomorrow, newest first, to attach a screening to. */
    private List<VisitChoice> recentVisits(PatientId patient, ZoneId zone) {
        Instant now = clock.instant();
        if (!policy.permits(patients.practice(), DataCategory.ENCOUNTERS, Operation.SEARCH)) {
            return List.of();
        }
        return encounters.search(patient, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)), 0, 10).items().stream()
                .map(e -> new VisitChoice(e.id(), e.start() == null ? null : LocalDateTime.ofInstant(e.start(), zone), e.typeDisplay()))
                .toList();
    }

    // ---------------------------------------------------------------- staff entry

    @GetMapping("/patients/{id}/screening/new")
    String entry(@PathVariable String id, @RequestParam(required = false) String instrument,
            @RequestParam(required = false) UUID encounter, @RequestParam(required = false) UUID sitting,
            @RequestParam(required = false) UUID from, Model model, Locale locale) {
        PatientId patientId = parse(id);
        requireCanScreen();
        if (instrument == null || instrument.isBlank()) {
            // No questionnaire chosen: back to the patient's screening page, where the start menu offers them.
            return "redirect:/patients/" + patients.get(patientId).id().value() + "/screening";
        }
        Map<String, Answer> carried = carried(patientId, instrument, from);
        entryModel(model, patientId, instrument, encounter, sitting == null ? UUID.randomUUID() : sitting, from, carried,
                new LinkedHashMap<>(), List.of(), List.of(), List.of(), locale);
        return "screening/entry";
    }

    @PostMapping("/patients/{id}/screening/new")
    String submitEntry(@PathVariable String id, @RequestParam String instrument, @RequestParam(required = false) UUID encounter,
            @RequestParam UUID sitting, @RequestParam(required = false) UUID from,
            @RequestParam(required = false) String incomplete, @RequestParam MultiValueMap<String, String> params,
            Model model, Locale locale, HttpServletResponse http) {
        PatientId patientId = parse(id);
        requireCanScreen();
        Instrument rules = questionnaires.instrument(instrument);
        ScreeningForm form = questionnaires.form(instrument, locale);
        Map<String, Answer> carried = carried(patientId, instrument, from);

        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Answer> answers = new LinkedHashMap<>(carried);
        List<FormAnswers.Problem> problems = new ArrayList<>();
        for (ScreeningForm.FormItem item : form.items()) {
            if (carried.containsKey(item.linkId())) {
                continue;
            }
            String raw = params.getFirst(FIELD + item.linkId());
            if (raw == null || raw.isBlank()) {
                continue;
            }
            values.put(item.linkId(), raw.strip());
            FormAnswers.Parsed parsed = FormAnswers.parse(item, rules.item(item.linkId()).orElse(null), raw);
            if (parsed.problem() != null) {
                problems.add(parsed.problem());
            } else {
                answers.put(item.linkId(), parsed.answer());
            }
        }
        answers = FormAnswers.withoutUnasked(form, answers);
        if (!problems.isEmpty()) {
            http.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            entryModel(model, patientId, instrument, encounter, sitting, from, carried, values, problems, List.of(), List.of(), locale);
            return "screening/entry";
        }
        List<ScreeningForm.FormItem> missing = FormAnswers.missing(form, answers);
        if (!missing.isEmpty() && incomplete == null) {
            http.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            entryModel(model, patientId, instrument, encounter, sitting, from, carried, values, List.of(), missing, List.of(), locale);
            return "screening/entry";
        }
        ScreeningResult result;
        try {
            result = screenings.submit(new ScreeningSubmission(null, patientId, encounter, sitting, instrument, answers,
                    ScreeningSubmission.Mode.STAFF, Questionnaires.language(locale), null));
        } catch (InvalidResponse e) {
            http.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            entryModel(model, patientId, instrument, encounter, sitting, from, carried, values, List.of(), List.of(), e.problems(),
                    locale);
            return "screening/entry";
        }
        String followOn = result.score().followOn();
        if (followOn != null && questionnaires.usable(followOn)) {
            return "redirect:" + UriComponentsBuilder.fromPath("/patients/{id}/screening/new").queryParam("instrument", followOn)
                    .queryParam("sitting", sitting).queryParam("from", result.response().id())
                    .queryParamIfPresent("encounter", Optional.ofNullable(encounter)).buildAndExpand(patientId.value()).toUriString();
        }
        return "redirect:/patients/" + patientId.value() + "/screening/sittings/" + sitting;
    }

    /** Answers of the first step of a stepped screening that the next instrument has too (same linkIds). */
    private Map<String, Answer> carried(PatientId patient, String instrument, UUID from) {
        if (from == null) {
            return Map.of();
        }
        ScreeningResponse previous = screenings.get(from);
        if (!previous.patient().equals(patient)) {
            throw new PatientNotFound("QuestionnaireResponse " + from);
        }
        Instrument next = questionnaires.instrument(instrument);
        Map<String, Answer> carried = new LinkedHashMap<>();
        FormAnswers.ofResponse(previous).forEach((linkId, answer) -> {
            if (next.item(linkId).isPresent()) {
                carried.put(linkId, answer);
            }
        });
        return carried;
    }

    private void entryModel(Model model, PatientId patientId, String instrument, UUID encounter, UUID sitting, UUID from,
            Map<String, Answer> carried, Map<String, String> values, List<FormAnswers.Problem> problems,
            List<ScreeningForm.FormItem> missing, List<String> serviceProblems, Locale locale) {
        ScreeningForm form = questionnaires.form(instrument, locale);
        Map<String, Answer> current = new LinkedHashMap<>(carried);
        Instrument rules = questionnaires.instrument(instrument);
        for (Map.Entry<String, String> value : values.entrySet()) {
            form.items().stream().filter(i -> i.linkId().equals(value.getKey())).findFirst().ifPresent(item -> {
                FormAnswers.Parsed parsed = FormAnswers.parse(item, rules.item(item.linkId()).orElse(null), value.getValue());
                if (parsed.answer() != null) {
                    current.put(item.linkId(), parsed.answer());
                }
            });
        }
        Set<String> invalid = problems.stream().map(FormAnswers.Problem::linkId).collect(Collectors.toSet());
        Set<String> missingIds = missing.stream().map(ScreeningForm.FormItem::linkId).collect(Collectors.toSet());
        List<EntryItem> items = new ArrayList<>();
        List<CarriedItem> carriedItems = new ArrayList<>();
        for (ScreeningForm.FormItem item : form.items()) {
            if (carried.containsKey(item.linkId())) {
                carriedItems.add(new CarriedItem(item.number(), item.text(), FormAnswers.display(item, carried.get(item.linkId()))));
                continue;
            }
            items.add(new EntryItem(item, values.get(item.linkId()), FormAnswers.asked(item, current),
                    invalid.contains(item.linkId()) || missingIds.contains(item.linkId()), String.join(" ", item.enableWhen())));
        }
        model.addAttribute("patient", patients.get(patientId));
        model.addAttribute("form", form);
        model.addAttribute("instrument", instrument);
        model.addAttribute("items", items);
        model.addAttribute("carried", carriedItems);
        model.addAttribute("carriedFrom", from == null ? null : screenings.get(from).instrument());
        model.addAttribute("sitting", sitting);
        model.addAttribute("encounter", encounter);
        model.addAttribute("from", from);
        model.addAttribute("problems", problems);
        model.addAttribute("missing", missing.stream().map(i -> String.valueOf(i.number())).collect(Collectors.joining(", ")));
        model.addAttribute("missingCount", missing.size());
        model.addAttribute("serviceProblems", serviceProblems);
    }

    // ---------------------------------------------------------------- results

    @GetMapping("/patients/{id}/screening/sittings/{sitting}")
    String sitting(@PathVariable String id, @PathVariable UUID sitting, Model model) {
        PatientId patientId = parse(id);
        ZoneId zone = zone();
        List<ScreeningResponse> responses = screenings.ofSitting(patientId, sitting);
        List<SafetyAlert> raised = responses.isEmpty() ? List.of() : alerts.of(patientId);
        List<SittingRow> rows = new ArrayList<>();
        for (ScreeningResponse response : responses) {
            String followOn = Instruments.find(response.instrument()).map(Instrument::followOn).orElse(null);
            String continuedWith = Boolean.TRUE.equals(response.positive()) && followOn != null
                    && responses.stream().anyMatch(r -> r.instrument().equals(followOn)) ? followOn : null;
            rows.add(new SittingRow(response, Instruments.find(response.instrument()).map(Instrument::maxTotal).orElse(null),
                    raised.stream().filter(a -> response.id().equals(a.response())).map(a -> line(a, zone)).toList(),
                    continuedWith));
        }
        model.addAttribute("patient", patients.get(patientId));
        model.addAttribute("rows", rows);
        model.addAttribute("sittingAlerts", rows.stream().flatMap(r -> r.alerts().stream()).toList());
        model.addAttribute("authored", responses.isEmpty() ? null
                : LocalDateTime.ofInstant(responses.get(responses.size() - 1).authoredAt(), zone));
        return "screening/sitting";
    }

    @GetMapping("/patients/{id}/screening/responses/{response}")
    String response(@PathVariable String id, @PathVariable UUID response, Model model, Locale locale) {
        PatientId patientId = parse(id);
        responseModel(model, patientId, response, locale);
        return "screening/response";
    }

    @PostMapping("/patients/{id}/screening/responses/{response}/follow-up")
    String documentFollowUp(@PathVariable String id, @PathVariable UUID response, @RequestParam(required = false) String kind,
            @RequestParam(required = false) String note, Model model, Locale locale, HttpServletResponse http) {
        PatientId patientId = parse(id);
        FollowUp followUp = null;
        for (FollowUp candidate : FollowUp.values()) {
            if (candidate.code().equals(kind)) {
                followUp = candidate;
            }
        }
        String problem = followUp == null ? "screening.followUp.error.kind"
                : note != null && note.length() > 2000 ? "screening.followUp.error.note" : null;
        if (problem == null) {
            try {
                screenings.documentFollowUp(response, followUp, note);
                return "redirect:/patients/" + patientId.value() + "/screening/responses/" + response + "?followUp";
            } catch (InvalidResponse e) {
                model.addAttribute("followUpServiceProblem", String.join("; ", e.problems()));
            }
        }
        http.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        model.addAttribute("followUpProblem", problem);
        model.addAttribute("followUpKind", kind);
        model.addAttribute("followUpNote", note);
        responseModel(model, patientId, response, locale);
        return "screening/response";
    }

    private void responseModel(Model model, PatientId patientId, UUID responseId, Locale locale) {
        ScreeningResponse response = screenings.get(responseId);
        if (!response.patient().equals(patientId)) {
            throw new PatientNotFound("QuestionnaireResponse " + responseId);
        }
        ZoneId zone = zone();
        model.addAttribute("patient", patients.get(patientId));
        model.addAttribute("response", response);
        model.addAttribute("authored", LocalDateTime.ofInstant(response.authoredAt(), zone));
        model.addAttribute("max", Instruments.find(response.instrument()).map(Instrument::maxTotal).orElse(null));
        model.addAttribute("answers", answered(response, locale));
        model.addAttribute("responseAlerts", alerts.of(patientId).stream().filter(a -> responseId.equals(a.response()))
                .map(a -> line(a, zone)).toList());
        model.addAttribute("followUps", Boolean.TRUE.equals(response.positive()) ? screenings.followUps(responseId) : List.of());
        model.addAttribute("followUpKinds", FollowUp.values());
        model.addAttribute("canScreen", policy.permits(patients.practice(), DataCategory.CLINICAL, Operation.CREATE));
    }

    /** The answers of a stored response with the wording of its form, safety items marked. */
    List<AnsweredItem> answered(ScreeningResponse response, Locale locale) {
        Map<String, Answer> answers = FormAnswers.ofResponse(response);
        ScreeningForm form = questionnaires.form(response.instrument(), locale);
        Set<String> safety = Scoring.safety(questionnaires.instrument(response.instrument()), answers).stream()
                .map(SafetySignal::linkId).collect(Collectors.toSet());
        List<AnsweredItem> items = new ArrayList<>();
        for (ScreeningForm.FormItem item : form.items()) {
            Answer answer = answers.get(item.linkId());
            if (answer == null) {
                continue;
            }
            String yesNo = answer.yes() == null ? null : answer.yes() ? "common.yes" : "common.no";
            String text = answer.isCoding() ? FormAnswers.display(item, answer) : answer.number() != null ? String.valueOf(answer.number()) : null;
            items.add(new AnsweredItem(item.number(), item.text(), text, yesNo, safety.contains(item.linkId())));
        }
        return items;
    }

    // ---------------------------------------------------------------- shared

    static AlertLine line(SafetyAlert alert, ZoneId zone) {
        return new AlertLine(alert.id(), alert.instrument(), alert.rules(), LocalDateTime.ofInstant(alert.raisedAt(), zone),
                alert.acute(), alert.escalatedAt() != null, alert.status(), alert.acknowledgedBy());
    }

    private void requireCanScreen() {
        PracticeId practice = patients.practice();
        if (!policy.permits(practice, DataCategory.CLINICAL, Operation.CREATE)) {
            throw new org.springframework.security.access.AccessDeniedException("Your role does not enter screenings");
        }
    }

    private ZoneId zone() {
        return practices.zoneOf(patients.practice());
    }

    static PatientId parse(String id) {
        try {
            return PatientId.of(id);
        } catch (IllegalArgumentException e) {
            throw new PatientNotFound("Patient " + id);
        }
    }

    @ExceptionHandler(PatientNotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound() {
        return "error/404";
    }

    @ExceptionHandler(InvalidResponse.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String invalid(InvalidResponse e, Model model) {
        model.addAttribute("problems", e.problems());
        return "screening/problem";
    }
}
