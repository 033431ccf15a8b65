package org.tandem.registry;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
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
import org.tandem.patient.VersionConflict;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.practice.StaffMember;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.DataCategory;
import org.tandem.privacy.Operation;
import org.tandem.screening.Instrument;
import org.tandem.screening.Instruments;
import org.tandem.screening.InvalidResponse;
import org.tandem.screening.Questionnaires;
import org.tandem.screening.SafetyAlert;
import org.tandem.screening.SafetyAlerts;
import org.tandem.screening.ScreeningForm;
import org.tandem.screening.ScreeningResponse;
import org.tandem.screening.Screenings;

/**
 * The registry pages of one patient: their episodes, enrolment (one click from a positive screen or a safety alert,
 * or by hand) and the episode page with the trajectory chart, measurements, contacts and time, treatment changes,
 * the measurement and relapse-prevention plan, consent, care team and status history, and the forms that change
 * them. A form with a problem comes back with the problems in words a clinician understands and what was typed;
 * nothing is changed then.
 */
@Controller
class EpisodePages {

    /** Screening instruments and the focus an episode started from them treats. */
    static final Map<String, EpisodeFocus> FOCUS_OF = Map.ofEntries(
            Map.entry(Instruments.PHQ_2, EpisodeFocus.DEPRESSION), Map.entry(Instruments.PHQ_9, EpisodeFocus.DEPRESSION),
            Map.entry(Instruments.PHQ_A, EpisodeFocus.DEPRESSION), Map.entry(Instruments.EPDS, EpisodeFocus.DEPRESSION),
            Map.entry(Instruments.GAD_2, EpisodeFocus.ANXIETY), Map.entry(Instruments.GAD_7, EpisodeFocus.ANXIETY),
            Map.entry(Instruments.AUDIT, EpisodeFocus.SUBSTANCE_USE), Map.entry(Instruments.AUDIT_C, EpisodeFocus.SUBSTANCE_USE),
            Map.entry(Instruments.DAST_10, EpisodeFocus.SUBSTANCE_USE), Map.entry(Instruments.NIDA_SINGLE, EpisodeFocus.SUBSTANCE_USE));
    /** Measurements shown with an episode start this many days before the referral (the screen that led to it). */
    static final int LOOK_BACK_DAYS = 30;
    /** The measures taken during a contact. */
    static final List<String> CONTACT_MEASURES = List.of(Instruments.PHQ_9, Instruments.GAD_7);
    /** Instruments a measurement plan can hold: scored totals, not the two-item screeners. */
    static final List<String> PLAN_INSTRUMENTS = List.of(Instruments.PHQ_9, Instruments.GAD_7, Instruments.PHQ_A, Instruments.EPDS,
            Instruments.AUDIT_C, Instruments.AUDIT, Instruments.DAST_10, Instruments.PC_PTSD_5);
    static final Set<Role> CARE_MANAGER_ROLES = EnumSet.of(Role.CARE_MANAGER, Role.BHC);

    private final Episodes episodes;
    private final Caseloads caseloads;
    private final HomeLinks homeLinks;
    private final Billing billing;
    private final CaseReviews reviews;
    private final TimeLog timeLog;
    private final Contacts contacts;
    private final Screenings screenings;
    private final SafetyAlerts alerts;
    private final Questionnaires questionnaires;
    private final Patients patients;
    private final Practices practices;
    private final AccessPolicy policy;
    private final CurrentActor actors;
    private final MessageSource messages;
    private final Clock clock;

    EpisodePages(Episodes episodes, Caseloads caseloads, HomeLinks homeLinks, Billing billing, CaseReviews reviews, TimeLog timeLog, Contacts contacts,
            Screenings screenings, SafetyAlerts alerts, Questionnaires questionnaires, Patients patients, Practices practices,
            AccessPolicy policy, CurrentActor actors, MessageSource messages, Clock clock) {
        this.episodes = episodes;
        this.caseloads = caseloads;
        this.homeLinks = homeLinks;
        this.billing = billing;
        this.reviews = reviews;
        this.timeLog = timeLog;
        this.contacts = contacts;
        this.screenings = screenings;
        this.alerts = alerts;
        this.questionnaires = questionnaires;
        this.patients = patients;
        this.practices = practices;
        this.policy = policy;
        this.actors = actors;
        this.messages = messages;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- forms

    /** A psychiatric recommendation and what became of it, for the episode page. */
    record RecommendationView(UUID id, String status, String kind, String text, LocalDate reviewedOn, String consultant,
            boolean pending, String answeredBy, LocalDate answeredOn, String answer) {
    }

    /** This month's time and codes of one billing model, for the episode page. */
    record BillingPartView(String model, int minutes, List<String> codes, List<BillingPages.Text> refusals, BillingPages.Text next) {
    }

    /** Problems of the form that was sent: what to say and which fields to mark. */
    record Problems(String form, List<String> messages, Set<String> fields) {

        static final Problems NONE = new Problems("", List.of(), Set.of());

        public boolean of(String name) {
            return form.equals(name) && !messages.isEmpty();
        }

        public boolean field(String name, String field) {
            return form.equals(name) && fields.contains(field);
        }
    }

    record EnrolForm(String focus, String status, String on, String careManager, String pcp, String consultant, String billingModel,
            Boolean medicare, String note, String response, String alert) {

        public boolean medicareChecked() {
            return Boolean.TRUE.equals(medicare);
        }
    }

    /** A contact, and the item scores of the measures taken in it ("" where not answered). */
    record ContactForm(String on, String minutes, String mode, String activity, String note, Map<String, List<String>> items) {

        public String score(String instrument, int index) {
            List<String> scores = items.get(instrument);
            return scores == null || index >= scores.size() || scores.get(index) == null ? "" : scores.get(index);
        }

        public boolean measured(String instrument) {
            return items.getOrDefault(instrument, List.of()).stream().anyMatch(s -> s != null && !s.isBlank());
        }
    }

    record StatusForm(String to, String reason, String on, String note, Integer version) {
    }

    record ConsentForm(String on, String method, String note) {
    }

    record TeamForm(String careManager, String pcp, String consultant) {
    }

    record PlanForm(List<String> instruments, String activeCadence, String relapseCadence, boolean home, String email, String phone,
            String relapsePlan, String billingModel, boolean medicare) {

        public boolean has(String instrument) {
            return instruments.contains(instrument);
        }
    }

    record ChangeForm(String on, String kind, String description) {
    }

    // ---------------------------------------------------------------- rows

    record StaffChoice(UUID id, String name) {
    }

    record EpisodeRow(UUID id, EpisodeFocus focus, EpisodeStatus status, LocalDate referredOn, LocalDate enrolledOn,
            LocalDate dischargedOn, String careManager, boolean consented) {
    }

    /** One item of a contact's measure, with its answers (0-3 and their wording). */
    record MeasureItem(int number, String text, List<ScreeningForm.FormOption> options) {
    }

    record Measure(String instrument, List<MeasureItem> items) {
    }

    /** A measurement in the episode's window. */
    record MeasurementRow(Instant instant, LocalDateTime at, LocalDate day, long week, String instrument, Integer total, Integer max,
            String band, UUID response, boolean imported) {
    }

    /** One row of the chart's table: a day with its PHQ-9, GAD-7 and treatment changes. */
    record ChartRow(LocalDate day, Long week, List<Integer> phq9, List<Integer> gad7, List<TrajectoryChart.Marker> changes) {
    }

    record ContactRow(LocalDateTime at, int minutes, ContactMode mode, Activity activity, ClinicianRole role, String by, String note,
            List<MeasurementRow> measurements) {
    }

    record StepRow(String step, LocalDate on, LocalDateTime at, String by, String note) {
    }

    // ---------------------------------------------------------------- a patient's episodes and enrolment

    @GetMapping("/patients/{patientId}/registry")
    String patientEpisodes(@PathVariable String patientId, Model model) {
        PatientRecord patient = patients.get(parse(patientId));
        List<Episode> list = episodes.of(patient.id());
        Map<UUID, String> names = practices.displayNames(list.stream().map(Episode::careManager).filter(Objects::nonNull)
                .collect(Collectors.toSet()));
        model.addAttribute("patient", patient);
        model.addAttribute("episodes", list.stream().map(e -> new EpisodeRow(e.id(), e.focus(), e.status(), e.referredOn(),
                e.enrolledOn(), e.dischargedOn(), e.careManager() == null ? null : names.get(e.careManager()), e.consented())).toList());
        model.addAttribute("canEnrol", policy.permits(actors.requirePractice(), DataCategory.CLINICAL, Operation.CREATE));
        return "registry/patient-episodes";
    }

    @GetMapping("/patients/{patientId}/registry/enrol")
    String enrolForm(@PathVariable String patientId, @RequestParam(required = false) String response,
            @RequestParam(required = false) String alert, Model model) {
        PatientRecord patient = patients.get(parse(patientId));
        requireCanEnrol();
        Source source = source(patient, uuid(response), uuid(alert));
        Actor actor = actors.require();
        boolean careManager = actor.kind() == Actor.Kind.USER && actor.hasAnyRole(CARE_MANAGER_ROLES);
        List<StaffChoice> consultants = staffWith(EnumSet.of(Role.PSYCHIATRIC_CONSULTANT), null);
        EnrolForm form = new EnrolForm(source.focus() == null ? null : source.focus().code(),
                careManager ? EpisodeStatus.ENROLLED.code() : EpisodeStatus.REFERRED.code(), today().toString(),
                careManager ? actor.id() : null, patient.pcpAccountId() == null ? null : patient.pcpAccountId().toString(),
                consultants.size() == 1 ? consultants.get(0).id().toString() : null, BillingModel.COCM.code(), false, null,
                source.response() == null ? null : source.response().id().toString(),
                source.alert() == null ? null : source.alert().id().toString());
        enrolModel(model, patient, source, form, Problems.NONE);
        return "registry/enrol";
    }

    @PostMapping("/patients/{patientId}/registry/enrol")
    String enrol(@PathVariable String patientId, EnrolForm form, Model model, Locale locale, HttpServletResponse http,
            RedirectAttributes redirect) {
        PatientRecord patient = patients.get(parse(patientId));
        requireCanEnrol();
        Source source = source(patient, uuid(form.response()), uuid(form.alert()));
        List<String> problems = new ArrayList<>();
        Set<String> fields = new HashSet<>();
        EpisodeFocus focus = parse(form.focus(), EpisodeFocus::of, "focus", "registry.enrol.error.focus", problems, fields, locale);
        EpisodeStatus status = parse(form.status(), EpisodeStatus::of, "status", "registry.enrol.error.status", problems, fields, locale);
        BillingModel billing = parse(form.billingModel(), BillingModel::of, "billingModel", "registry.enrol.error.billing", problems,
                fields, locale);
        LocalDate on = date(form.on(), "on", problems, fields, locale);
        UUID careManager = staffId(form.careManager(), "careManager", problems, fields, locale);
        UUID pcp = staffId(form.pcp(), "pcp", problems, fields, locale);
        UUID consultant = staffId(form.consultant(), "consultant", problems, fields, locale);
        if (form.note() != null && form.note().length() > 2000) {
            problems.add(text(locale, "registry.error.noteLong"));
            fields.add("note");
        }
        if (problems.isEmpty()) {
            try {
                Enrolment enrolment = new Enrolment(patient.id(), focus, status, on, careManager, pcp, consultant,
                        source.response() == null ? null : source.response().id(), source.alert() == null ? null : source.alert().id(),
                        null, billing, form.medicareChecked(), Episodes.blankToNull(form.note()));
                Episode episode = episodes.enrol(enrolment);
                redirect.addFlashAttribute("notice", status == EpisodeStatus.REFERRED ? "registry.notice.referred" : "registry.notice.enrolled");
                return "redirect:/registry/episodes/" + episode.id();
            } catch (InvalidRegistryData e) {
                problems.addAll(e.problems());
            }
        }
        http.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        enrolModel(model, patient, source, form, new Problems("enrol", problems, fields));
        return "registry/enrol";
    }

    /** Where an enrolment comes from: a screening response, a safety alert (and its response), or nothing. */
    record Source(ScreeningResponse response, SafetyAlert alert, EpisodeFocus focus) {
    }

    private Source source(PatientRecord patient, UUID responseId, UUID alertId) {
        SafetyAlert alert = null;
        if (alertId != null) {
            alert = alerts.get(alertId);
            if (!alert.patient().equals(patient.id())) {
                throw new PatientNotFound("Safety alert " + alertId);
            }
            if (responseId == null) {
                responseId = alert.response();
            }
        }
        ScreeningResponse response = null;
        if (responseId != null) {
            response = screenings.get(responseId);
            if (!response.patient().equals(patient.id())) {
                throw new PatientNotFound("QuestionnaireResponse " + responseId);
            }
        }
        String instrument = response != null ? response.instrument() : alert != null ? alert.instrument() : null;
        return new Source(response, alert, instrument == null ? null : FOCUS_OF.get(instrument));
    }

    private void enrolModel(Model model, PatientRecord patient, Source source, EnrolForm form, Problems problems) {
        model.addAttribute("patient", patient);
        model.addAttribute("form", form);
        model.addAttribute("problems", problems);
        model.addAttribute("source", source);
        if (source.response() != null) {
            model.addAttribute("sourceAt", LocalDateTime.ofInstant(source.response().authoredAt(), zone()));
            model.addAttribute("sourceMax", Instruments.find(source.response().instrument()).map(Instrument::maxTotal).orElse(null));
        }
        List<Episode> open = episodes.of(patient.id()).stream().filter(e -> e.status().open()).toList();
        model.addAttribute("openEpisodes", open);
        model.addAttribute("foci", EpisodeFocus.values());
        model.addAttribute("startStatuses", List.of(EpisodeStatus.REFERRED, EpisodeStatus.ENROLLED));
        model.addAttribute("billingModels", BillingModel.values());
        model.addAttribute("careManagers", staffWith(CARE_MANAGER_ROLES, null));
        model.addAttribute("pcps", staffWith(EnumSet.of(Role.PCP), null));
        model.addAttribute("consultants", staffWith(EnumSet.of(Role.PSYCHIATRIC_CONSULTANT), null));
    }

    // ---------------------------------------------------------------- the episode page

    @GetMapping("/registry/episodes/{id}")
    String episode(@PathVariable String id, Model model, Locale locale) {
        Episode episode = episodes.get(uuid404(id));
        episodeModel(model, episode, locale, Problems.NONE, null);
        return "registry/episode";
    }

    @PostMapping("/registry/episodes/{id}/contacts")
    String logContact(@PathVariable String id, @RequestParam Map<String, String> params, Model model, Locale locale,
            HttpServletResponse http, RedirectAttributes redirect) {
        Episode episode = episodes.get(uuid404(id));
        Map<String, List<String>> items = new LinkedHashMap<>();
        for (String instrument : CONTACT_MEASURES) {
            int count = Instruments.find(instrument).orElseThrow().items().size();
            List<String> scores = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                scores.add(params.getOrDefault(instrument + "." + i, ""));
            }
            items.put(instrument, scores);
        }
        ContactForm form = new ContactForm(params.get("on"), params.get("minutes"), params.get("mode"), params.get("activity"),
                params.get("note"), items);
        List<String> problems = new ArrayList<>();
        Set<String> fields = new HashSet<>();
        LocalDate on = date(form.on(), "on", problems, fields, locale);
        Integer minutes = null;
        try {
            minutes = Integer.valueOf(form.minutes() == null ? "" : form.minutes().trim());
        } catch (NumberFormatException e) {
            minutes = null;
        }
        if (minutes == null || minutes < 1 || minutes > TimeLog.MAX_MINUTES) {
            problems.add(text(locale, "registry.contact.error.minutes", TimeLog.MAX_MINUTES));
            fields.add("minutes");
        }
        ContactMode mode = parse(form.mode(), ContactMode::of, "mode", "registry.contact.error.mode", problems, fields, locale);
        Activity activity = parse(form.activity(), Activity::of, "activity", "registry.contact.error.activity", problems, fields, locale);
        if (form.note() != null && form.note().length() > 4000) {
            problems.add(text(locale, "registry.contact.error.noteLong"));
            fields.add("note");
        }
        Map<String, List<Integer>> measurements = new LinkedHashMap<>();
        for (String instrument : CONTACT_MEASURES) {
            if (!form.measured(instrument)) {
                continue;
            }
            List<Integer> scores = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            List<String> given = items.get(instrument);
            for (int i = 0; i < given.size(); i++) {
                Integer score = score(given.get(i));
                if (score == null) {
                    missing.add(String.valueOf(i + 1));
                    fields.add(instrument + "." + (i + 1));
                }
                scores.add(score);
            }
            if (!missing.isEmpty()) {
                problems.add(text(locale, "registry.contact.error.items", label(instrument), String.join(", ", missing)));
            }
            measurements.put(instrument, scores);
        }
        if (problems.isEmpty()) {
            try {
                Contacts.Logged logged = contacts.log(new ContactEntry(episode.id(), on, minutes, mode, activity, form.note(),
                        measurements, locale.getLanguage()));
                redirect.addFlashAttribute("notice", logged.measurements().isEmpty() ? "registry.notice.contact"
                        : "registry.notice.contactMeasured");
                redirect.addFlashAttribute("raisedAlerts", logged.alerts());
                return "redirect:/registry/episodes/" + episode.id() + "#contacts";
            } catch (InvalidRegistryData e) {
                problems.addAll(e.problems());
            } catch (InvalidResponse e) {
                problems.addAll(e.problems());
            }
        }
        return showAgain(model, episode, locale, http, new Problems("contact", problems, fields), form);
    }

    @PostMapping("/registry/episodes/{id}/status")
    String changeStatus(@PathVariable String id, StatusForm form, Model model, Locale locale, HttpServletResponse http,
            RedirectAttributes redirect) {
        Episode episode = episodes.get(uuid404(id));
        List<String> problems = new ArrayList<>();
        Set<String> fields = new HashSet<>();
        EpisodeStatus to = parse(form.to(), EpisodeStatus::of, "to", "registry.status.error.to", problems, fields, locale);
        DischargeReason reason = null;
        if (to == EpisodeStatus.DISCHARGED) {
            reason = parse(form.reason(), DischargeReason::of, "reason", "registry.status.error.reason", problems, fields, locale);
        }
        LocalDate on = date(form.on(), "on", problems, fields, locale);
        if (form.note() != null && form.note().length() > 2000) {
            problems.add(text(locale, "registry.error.noteLong"));
            fields.add("note");
        }
        if (problems.isEmpty()) {
            try {
                episodes.changeStatus(episode.id(), to, reason, on, Episodes.blankToNull(form.note()), form.version());
                redirect.addFlashAttribute("notice", "registry.notice.status");
                return "redirect:/registry/episodes/" + episode.id();
            } catch (InvalidRegistryData e) {
                problems.addAll(e.problems());
            } catch (VersionConflict e) {
                problems.add(text(locale, "registry.status.error.conflict"));
            }
        }
        return showAgain(model, episode, locale, http, new Problems("status", problems, fields), form);
    }

    @PostMapping("/registry/episodes/{id}/consent")
    String recordConsent(@PathVariable String id, ConsentForm form, Model model, Locale locale, HttpServletResponse http,
            RedirectAttributes redirect) {
        Episode episode = episodes.get(uuid404(id));
        List<String> problems = new ArrayList<>();
        Set<String> fields = new HashSet<>();
        LocalDate on = date(form.on(), "on", problems, fields, locale);
        if (!"verbal".equals(form.method()) && !"written".equals(form.method())) {
            problems.add(text(locale, "registry.consent.error.method"));
            fields.add("method");
        }
        if (form.note() != null && form.note().length() > 2000) {
            problems.add(text(locale, "registry.error.noteLong"));
            fields.add("note");
        }
        if (problems.isEmpty()) {
            try {
                episodes.recordConsent(episode.id(), on, form.method(), Episodes.blankToNull(form.note()));
                redirect.addFlashAttribute("notice", "registry.notice.consent");
                return "redirect:/registry/episodes/" + episode.id();
            } catch (InvalidRegistryData e) {
                problems.addAll(e.problems());
            }
        }
        return showAgain(model, episode, locale, http, new Problems("consent", problems, fields), form);
    }

    @PostMapping("/registry/episodes/{id}/team")
    String assignTeam(@PathVariable String id, TeamForm form, Model model, Locale locale, HttpServletResponse http,
            RedirectAttributes redirect) {
        Episode episode = episodes.get(uuid404(id));
        List<String> problems = new ArrayList<>();
        Set<String> fields = new HashSet<>();
        UUID careManager = staffId(form.careManager(), "careManager", problems, fields, locale);
        UUID pcp = staffId(form.pcp(), "pcp", problems, fields, locale);
        UUID consultant = staffId(form.consultant(), "consultant", problems, fields, locale);
        if (problems.isEmpty()) {
            try {
                episodes.assign(episode.id(), careManager, pcp, consultant);
                redirect.addFlashAttribute("notice", "registry.notice.team");
                return "redirect:/registry/episodes/" + episode.id();
            } catch (InvalidRegistryData e) {
                problems.addAll(e.problems());
            }
        }
        return showAgain(model, episode, locale, http, new Problems("team", problems, fields), form);
    }

    @PostMapping("/registry/episodes/{id}/plan")
    String updatePlan(@PathVariable String id, @RequestParam(required = false) List<String> instruments,
            @RequestParam(required = false) String activeCadence, @RequestParam(required = false) String relapseCadence,
            @RequestParam(required = false) String home, @RequestParam(required = false) String email,
            @RequestParam(required = false) String phone, @RequestParam(required = false) String relapsePlan,
            @RequestParam(required = false) String billingModel, @RequestParam(required = false) String medicare, Model model,
            Locale locale, HttpServletResponse http, RedirectAttributes redirect) {
        Episode episode = episodes.get(uuid404(id));
        PlanForm form = new PlanForm(instruments == null ? List.of() : List.copyOf(instruments), activeCadence, relapseCadence,
                home != null, email, phone, relapsePlan, billingModel, medicare != null);
        List<String> problems = new ArrayList<>();
        Set<String> fields = new HashSet<>();
        for (String instrument : form.instruments()) {
            if (!PLAN_INSTRUMENTS.contains(instrument)) {
                problems.add(text(locale, "registry.plan.error.instrument"));
                fields.add("instruments");
            }
        }
        Integer active = days(activeCadence, 7, 90, "activeCadence", "registry.plan.error.activeCadence", problems, fields, locale);
        Integer relapse = days(relapseCadence, 7, 180, "relapseCadence", "registry.plan.error.relapseCadence", problems, fields, locale);
        BillingModel billing = parse(billingModel, BillingModel::of, "billingModel", "registry.enrol.error.billing", problems, fields,
                locale);
        if (relapsePlan != null && relapsePlan.length() > 8000) {
            problems.add(text(locale, "registry.plan.error.relapsePlanLong"));
            fields.add("relapsePlan");
        }
        if (problems.isEmpty()) {
            try {
                episodes.updatePlan(episode.id(), new EpisodePlan(form.instruments(), active, relapse, form.home(), email, phone,
                        relapsePlan, billing, form.medicare()));
                redirect.addFlashAttribute("notice", "registry.notice.plan");
                return "redirect:/registry/episodes/" + episode.id();
            } catch (InvalidRegistryData e) {
                problems.addAll(e.problems());
            }
        }
        return showAgain(model, episode, locale, http, new Problems("plan", problems, fields), form);
    }

    @PostMapping("/registry/episodes/{id}/treatment-changes")
    String addTreatmentChange(@PathVariable String id, ChangeForm form, Model model, Locale locale, HttpServletResponse http,
            RedirectAttributes redirect) {
        Episode episode = episodes.get(uuid404(id));
        List<String> problems = new ArrayList<>();
        Set<String> fields = new HashSet<>();
        LocalDate on = date(form.on(), "on", problems, fields, locale);
        TreatmentKind kind = parse(form.kind(), TreatmentKind::of, "kind", "registry.change.error.kind", problems, fields, locale);
        if (form.description() == null || form.description().isBlank()) {
            problems.add(text(locale, "registry.change.error.description"));
            fields.add("description");
        }
        if (problems.isEmpty()) {
            try {
                episodes.addTreatmentChange(episode.id(), on, kind, form.description());
                redirect.addFlashAttribute("notice", "registry.notice.change");
                return "redirect:/registry/episodes/" + episode.id() + "#changes";
            } catch (InvalidRegistryData e) {
                problems.addAll(e.problems());
            }
        }
        return showAgain(model, episode, locale, http, new Problems("change", problems, fields), form);
    }

    /** The episode page again after a refused change: 422, the problems, and the form as it was sent. */
    private String showAgain(Model model, Episode episode, Locale locale, HttpServletResponse http, Problems problems, Object sent) {
        http.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        episodeModel(model, episode, locale, problems, sent);
        return "registry/episode";
    }

    /**
     * The episode page's model.
     *
     * @param sent the form that was sent and refused (its fields are shown as typed), or null; the other forms start
     *        from the episode's current values
     */
    private void episodeModel(Model model, Episode episode, Locale locale, Problems problems, Object sent) {
        ContactForm contactForm = sent instanceof ContactForm f ? f : null;
        StatusForm statusForm = sent instanceof StatusForm f ? f : null;
        ConsentForm consentForm = sent instanceof ConsentForm f ? f : null;
        TeamForm teamForm = sent instanceof TeamForm f ? f : null;
        PlanForm planForm = sent instanceof PlanForm f ? f : null;
        ChangeForm changeForm = sent instanceof ChangeForm f ? f : null;
        PatientRecord patient = patients.get(episode.patient());
        ZoneId zone = zone();
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate end = episode.dischargedOn() != null ? episode.dischargedOn() : today;
        Actor actor = actors.require();

        Map<UUID, String> names = practices.displayNames(java.util.stream.Stream.of(episode.careManager(), episode.pcp(),
                episode.consultant()).filter(Objects::nonNull).collect(Collectors.toSet()));
        model.addAttribute("episode", episode);
        model.addAttribute("patient", patient);
        model.addAttribute("age", patient.ageOn(today));
        model.addAttribute("careManagerName", episode.careManager() == null ? null : names.get(episode.careManager()));
        model.addAttribute("pcpName", episode.pcp() == null ? null : names.get(episode.pcp()));
        model.addAttribute("consultantName", episode.consultant() == null ? null : names.get(episode.consultant()));
        model.addAttribute("weeks", episode.enrolledOn() == null ? null : ChronoUnit.DAYS.between(episode.enrolledOn(), end) / 7);
        model.addAttribute("today", today);

        // treat-to-target: flags, baseline and latest, response and remission, as the caseload computes them
        CaseloadRow row = caseloads.row(episode.id());
        model.addAttribute("row", row);
        model.addAttribute("contactOverdue", episode.status().open() && row.nextContactDue() != null
                && row.nextContactDue().isBefore(today));
        model.addAttribute("measurementOverdue", episode.status().open() && row.nextMeasurementDue() != null
                && row.nextMeasurementDue().isBefore(today));

        // the measurements the caseload counts (from 30 days before enrolment), up to the end of the episode
        LocalDate start = episode.startOn();
        List<MeasurementRow> measurements = new ArrayList<>();
        for (TreatToTarget.Measurement m : row.measurements()) {
            if (!m.on().isAfter(end)) {
                measurements.add(row(m, zone, start));
            }
        }
        measurements.sort(java.util.Comparator.comparing(MeasurementRow::at));
        Integer baseline = row.phq9().baseline();
        List<TreatmentChange> changes = episodes.treatmentChanges(episode.id());
        TrajectoryChart chart = TrajectoryChart.of(measurements.stream().map(m -> new TrajectoryChart.Measurement(m.day(),
                TreatToTarget.measure(m.instrument()), m.total())).toList(), changes, start, end, episode.status().open(), baseline);
        model.addAttribute("chart", chart);
        model.addAttribute("chartRows", chartRows(chart, measurements, start));
        model.addAttribute("baseline", baseline);
        model.addAttribute("measurements", measurements.stream().sorted(java.util.Comparator.comparing(MeasurementRow::at).reversed())
                .toList());
        model.addAttribute("changes", chart.markers());
        model.addAttribute("changeDescriptions", changes.stream().sorted(java.util.Comparator.comparing(TreatmentChange::on)
                .thenComparing(TreatmentChange::createdAt)).map(TreatmentChange::description).toList());

        Map<Instant, List<MeasurementRow>> byTime = new HashMap<>();
        Map<UUID, Instant> responseTimes = new HashMap<>();
        for (MeasurementRow m : measurements) {
            if (m.response() != null) {
                byTime.computeIfAbsent(m.instant(), k -> new ArrayList<>()).add(m);
                responseTimes.put(m.response(), m.instant());
            }
        }
        List<TimeEntry> entries = timeLog.of(episode.id());
        Map<UUID, String> loggedBy = practices.displayNames(entries.stream().map(TimeEntry::account).filter(Objects::nonNull)
                .collect(Collectors.toSet()));
        List<ContactRow> contactRows = new ArrayList<>();
        for (TimeEntry e : entries) {
            List<MeasurementRow> taken = List.of();
            if (e.response() != null && responseTimes.containsKey(e.response())) {
                taken = byTime.getOrDefault(responseTimes.get(e.response()), List.of());
            }
            contactRows.add(new ContactRow(LocalDateTime.ofInstant(e.startedAt(), zone), e.minutes(), e.mode(), e.activity(), e.role(),
                    e.account() != null && loggedBy.containsKey(e.account()) ? loggedBy.get(e.account()) : e.recordedBy(), e.note(),
                    taken));
        }
        model.addAttribute("contacts", contactRows);
        model.addAttribute("totalMinutes", entries.stream().mapToInt(TimeEntry::minutes).sum());

        model.addAttribute("homeLinks", homeLinks.linksOf(episode.id()));
        YearMonth thisMonth = YearMonth.from(today);
        BillingMonth month = billing.forEpisode(episode.id(), thisMonth);
        model.addAttribute("billingMonth", thisMonth);
        model.addAttribute("billingLogged", month.loggedMinutes());
        model.addAttribute("billingParts", month.parts().stream().map(part -> new BillingPartView(part.model().code(), part.minutes(),
                part.claims().stream().map(BillingMonth.Claim::label).toList(),
                part.refusals().stream().map(BillingPages::refusal).toList(),
                part.next() == null ? null : BillingPages.next(part.next()))).toList());
        model.addAttribute("billingNotCounted", month.notCounted().stream().map(BillingPages::notCounted).toList());
        model.addAttribute("billingRefusals", month.refusals().stream().map(BillingPages::refusal).toList());
        Map<String, String> staffNames = practices.staff().stream()
                .collect(Collectors.toMap(m -> m.email(), m -> m.displayName(), (a, b) -> a));
        model.addAttribute("recommendations", reviews.recommendations(episode.id()).stream()
                .sorted(java.util.Comparator.comparing(Recommendation::createdAt).reversed())
                .map(r -> new RecommendationView(r.id(), r.status().code(), r.kind().code(), r.text(), r.reviewedOn(),
                        staffNames.getOrDefault(r.consultant(), r.consultant()), r.pending(),
                        r.respondedBy() == null ? null : staffNames.getOrDefault(r.respondedBy(), r.respondedBy()), r.respondedAt() == null ? null : LocalDate.ofInstant(r.respondedAt(), zone),
                        r.responseText())).toList());
        model.addAttribute("canRequestReview", episode.status().open()
                && actor.hasAnyRole(EnumSet.of(Role.CARE_MANAGER, Role.BHC, Role.PCP)));
        model.addAttribute("steps", episodes.history(episode.id()).stream().map(s -> new StepRow(s.step(), s.effectiveOn(),
                LocalDateTime.ofInstant(s.at(), zone), s.by(), s.note())).toList());

        // forms
        boolean canEdit = policy.permits(actors.requirePractice(), DataCategory.CLINICAL, Operation.UPDATE);
        model.addAttribute("canEdit", canEdit);
        model.addAttribute("canLogTime", ClinicianRole.of(actor).isPresent());
        model.addAttribute("problems", problems);
        model.addAttribute("contactForm", contactForm != null ? contactForm
                : new ContactForm(today.toString(), "", null, null, null, Map.of()));
        model.addAttribute("statusForm", statusForm != null ? statusForm : new StatusForm(null, null, today.toString(), null,
                episode.version()));
        model.addAttribute("consentForm", consentForm != null ? consentForm : new ConsentForm(today.toString(), null, null));
        model.addAttribute("teamForm", teamForm != null ? teamForm : new TeamForm(string(episode.careManager()), string(episode.pcp()),
                string(episode.consultant())));
        model.addAttribute("planForm", planForm != null ? planForm : new PlanForm(episode.instruments(),
                String.valueOf(episode.activeCadenceDays()), String.valueOf(episode.relapseCadenceDays()), episode.homeMeasurement(),
                episode.homeEmail(), episode.homePhone(), episode.relapsePreventionPlan(), episode.billingModel().code(),
                episode.medicare()));
        model.addAttribute("changeForm", changeForm != null ? changeForm : new ChangeForm(today.toString(), null, null));
        model.addAttribute("measures", CONTACT_MEASURES.stream().map(i -> measure(i, locale)).toList());
        model.addAttribute("modes", ContactMode.values());
        model.addAttribute("activities", Activity.values());
        model.addAttribute("nextStatuses", episode.status().next().stream().sorted().toList());
        model.addAttribute("reasons", DischargeReason.values());
        model.addAttribute("kinds", TreatmentKind.values());
        model.addAttribute("billingModels", BillingModel.values());
        model.addAttribute("planInstruments", PLAN_INSTRUMENTS);
        model.addAttribute("careManagers", staffWith(CARE_MANAGER_ROLES, episode.careManager()));
        model.addAttribute("pcps", staffWith(EnumSet.of(Role.PCP), episode.pcp()));
        model.addAttribute("consultants", staffWith(EnumSet.of(Role.PSYCHIATRIC_CONSULTANT), episode.consultant()));
    }

    private static List<ChartRow> chartRows(TrajectoryChart chart, List<MeasurementRow> measurements, LocalDate start) {
        Map<LocalDate, ChartRow> rows = new java.util.TreeMap<>();
        for (MeasurementRow m : measurements) {
            String measure = TreatToTarget.measure(m.instrument());
            if (!CONTACT_MEASURES.contains(measure)) {
                continue;
            }
            ChartRow row = rows.computeIfAbsent(m.day(), d -> new ChartRow(d, Math.floorDiv(ChronoUnit.DAYS.between(start, d), 7),
                    new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
            (Instruments.PHQ_9.equals(measure) ? row.phq9() : row.gad7()).add(m.total());
        }
        for (TrajectoryChart.Marker marker : chart.markers()) {
            rows.computeIfAbsent(marker.day(), d -> new ChartRow(d, Math.floorDiv(ChronoUnit.DAYS.between(start, d), 7), new ArrayList<>(),
                    new ArrayList<>(), new ArrayList<>())).changes().add(marker);
        }
        return List.copyOf(rows.values());
    }

    private static MeasurementRow row(TreatToTarget.Measurement m, ZoneId zone, LocalDate start) {
        Optional<Instrument> instrument = Instruments.find(m.instrument());
        return new MeasurementRow(m.at(), LocalDateTime.ofInstant(m.at(), zone), m.on(), Math.floorDiv(ChronoUnit.DAYS.between(start, m.on()), 7),
                m.instrument(), m.total(), instrument.map(Instrument::maxTotal).orElse(null),
                instrument.flatMap(i -> i.bandOf(m.total())).orElse(null), m.response(), m.imported());
    }

    private Measure measure(String instrument, Locale locale) {
        ScreeningForm form = questionnaires.form(instrument, locale);
        return new Measure(instrument, form.items().stream().map(i -> new MeasureItem(i.number(), i.text(), i.options())).toList());
    }

    // ---------------------------------------------------------------- helpers

    private List<StaffChoice> staffWith(Set<Role> roles, UUID current) {
        List<StaffChoice> choices = new ArrayList<>();
        for (StaffMember member : practices.staff()) {
            boolean holds = member.roles().stream().anyMatch(roles::contains);
            if ((holds && member.enabled()) || member.id().equals(current)) {
                choices.add(new StaffChoice(member.id(), member.displayName()));
            }
        }
        return choices;
    }

    private void requireCanEnrol() {
        if (!policy.permits(actors.requirePractice(), DataCategory.CLINICAL, Operation.CREATE)) {
            throw new org.springframework.security.access.AccessDeniedException("Your role does not enrol patients in the registry");
        }
    }

    private interface Parser<T> {
        T parse(String code);
    }

    private <T> T parse(String code, Parser<T> parser, String field, String key, List<String> problems, Set<String> fields,
            Locale locale) {
        if (code == null || code.isBlank()) {
            problems.add(text(locale, key));
            fields.add(field);
            return null;
        }
        try {
            return parser.parse(code);
        } catch (InvalidRegistryData e) {
            problems.add(text(locale, key));
            fields.add(field);
            return null;
        }
    }

    private LocalDate date(String text, String field, List<String> problems, Set<String> fields, Locale locale) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            problems.add(text(locale, "registry.error.date"));
            fields.add(field);
            return null;
        }
    }

    private UUID staffId(String text, String field, List<String> problems, Set<String> fields, Locale locale) {
        if (text == null || text.isBlank()) {
            return null;
        }
        UUID id = uuid(text);
        if (id == null) {
            problems.add(text(locale, "registry.error.staff"));
            fields.add(field);
        }
        return id;
    }

    private Integer days(String text, int min, int max, String field, String key, List<String> problems, Set<String> fields,
            Locale locale) {
        try {
            int value = Integer.parseInt(text == null ? "" : text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(text(locale, key));
        fields.add(field);
        return null;
    }

    private static Integer score(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            int value = Integer.parseInt(text.trim());
            return value >= 0 && value <= 3 ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String text(Locale locale, String key, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    /** The short name of an instrument: its id in capitals (PHQ-9, GAD-7). */
    static String label(String instrument) {
        return instrument.toUpperCase(Locale.ROOT);
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(zone()));
    }

    private ZoneId zone() {
        return practices.zoneOf(actors.requirePractice());
    }

    private static String string(UUID id) {
        return id == null ? null : id.toString();
    }

    static UUID uuid(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(text.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static UUID uuid404(String text) {
        UUID id = uuid(text);
        if (id == null) {
            throw new PatientNotFound("Episode " + text);
        }
        return id;
    }

    private static PatientId parse(String id) {
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
}
