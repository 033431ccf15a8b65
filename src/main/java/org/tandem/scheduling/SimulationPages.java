package org.tandem.scheduling;

import jakarta.servlet.http.HttpServletResponse;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tandem.patient.InvalidPatientData;
import org.tandem.patient.PatientNotFound;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.scheduling.SimulationResult.Metric;
import org.tandem.scheduling.SimulationSettings.Duration;
import org.tandem.scheduling.SimulationSettings.Interruption;

/**
 * The template simulation page ({@code /admin/schedule/simulate}, practice admins and BHCs): choose template A and
 * optionally B, where the handoff demand comes from and the model's assumptions; the simulation runs in the background
 * with a progress bar, then shows both templates side by side (table and chart), the difference and suggestions, which
 * a practice admin can save as a new draft.
 */
@Controller
class SimulationPages {

    static final Set<Role> ALLOWED = EnumSet.of(Role.PRACTICE_ADMIN, Role.BHC);
    static final String SOURCE_REQUESTS = "handoff-requests";
    static final String SOURCE_SCREENS = "positive-screens";
    static final String SOURCE_VISITS = "visits";
    static final List<String> SOURCES = List.of(SOURCE_REQUESTS, SOURCE_SCREENS, SOURCE_VISITS);
    /** The demand period suggested first: the last 26 weeks. */
    static final int DEFAULT_WEEKS_BACK = 26;
    static final int MAX_PERIOD_DAYS = 3 * 366;
    /** Replications x weeks a page may ask for (a thousand years of clinic days). */
    static final int MAX_WORK = 52 * 1000;

    private final Templates templates;
    private final DemandProfiles demand;
    private final Practices practices;
    private final CurrentActor actors;
    private final SimulationJobs jobs;
    private final SuggestionDrafts drafts;
    private final MessageSource messages;
    private final Clock clock;

    SimulationPages(Templates templates, DemandProfiles demand, Practices practices, CurrentActor actors, SimulationJobs jobs,
            SuggestionDrafts drafts, MessageSource messages, Clock clock) {
        this.templates = templates;
        this.demand = demand;
        this.practices = practices;
        this.actors = actors;
        this.jobs = jobs;
        this.drafts = drafts;
        this.messages = messages;
        this.clock = clock;
    }

    /** The form as typed (all text, so that a refused form comes back exactly as sent). */
    record Form(String templateA, String templateB, String source, String screenShare, String visitShare, String from, String to,
            String weeks, String replications, String seed, String patience, String handoffMinutes, String duration,
            String interruption, String adminTakesHandoffs, String returnShare, String returnDays, String prebooked,
            String noShow) {

        static Form defaults(String templateA, String templateB, String source, LocalDate today) {
            SimulationSettings d = SimulationSettings.defaults();
            return new Form(templateA, templateB, source, "100", "6", today.minusWeeks(DEFAULT_WEEKS_BACK).toString(),
                    today.minusDays(1).toString(), Integer.toString(d.weeks()), Integer.toString(d.replications()),
                    Long.toString(d.seed()), plain(d.patienceMinutes()), plain(d.handoffMeanMinutes()), code(d.handoffDuration()),
                    code(d.interruption()), "true", plain(d.returnVisitShare() * 100), Integer.toString(d.returnVisitDays()),
                    plain(d.prebookedCounseling() * 100), plain(d.noShow() * 100));
        }

        public boolean admin() {
            return "true".equals(adminTakesHandoffs) || "on".equals(adminTakesHandoffs);
        }
    }

    /** A checked form: the settings, the period and the demand's source and share. */
    record Checked(UUID templateA, UUID templateB, String source, double share, LocalDate from, LocalDate to,
            SimulationSettings settings) {
    }

    static String code(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    // ---- pages ----

    @GetMapping("/admin/schedule/simulate")
    String page(Model model, Locale locale) {
        Actor actor = requireAllowed();
        List<ScheduleTemplate> list = templates.list();
        LocalDate today = today(actor);
        String a = list.isEmpty() ? "" : list.get(0).id().toString();
        String b = list.size() < 2 ? "" : list.get(1).id().toString();
        Map<String, Double> available = available(today.minusWeeks(DEFAULT_WEEKS_BACK), today.minusDays(1));
        String source = available.getOrDefault(SOURCE_REQUESTS, 0.0) > 0 ? SOURCE_REQUESTS
                : available.getOrDefault(SOURCE_SCREENS, 0.0) > 0 ? SOURCE_SCREENS : SOURCE_VISITS;
        return form(model, actor, list, Form.defaults(a, b, source, today), Map.of(), List.of(), available, locale);
    }

    @PostMapping("/admin/schedule/simulate")
    String run(@ModelAttribute("form") Form form, Model model, Locale locale, HttpServletResponse response) {
        Actor actor = requireAllowed();
        List<ScheduleTemplate> list = templates.list();
        LocalDate today = today(actor);
        Map<String, String> problems = new LinkedHashMap<>();
        List<String> other = new ArrayList<>();
        Checked checked = check(form, list, today, problems);
        Map<String, Double> available = Map.of();
        if (checked != null) {
            try {
                DemandProfile profile = demand.of(checked.from(), checked.to());
                available = available(profile);
                double[][] perWeek = handoffs(profile, checked.source(), checked.share());
                double needs = total(perWeek);
                ScheduleTemplate a = find(list, checked.templateA());
                ScheduleTemplate b = checked.templateB() == null ? null : find(list, checked.templateB());
                if (needs <= 0) {
                    problems.put("source", "simulation.error.noDemand." + checked.source());
                } else if (a.blocks().isEmpty() || b != null && b.blocks().isEmpty()) {
                    problems.put(a.blocks().isEmpty() ? "templateA" : "templateB", "simulation.error.emptyTemplate");
                } else {
                    Set<UUID> clinicians = new HashSet<>();
                    a.blocks().forEach(x -> clinicians.add(x.clinician()));
                    if (b != null) {
                        b.blocks().forEach(x -> clinicians.add(x.clinician()));
                    }
                    SimulationJobs.Job job = jobs.start(actor.practice().orElseThrow(), new SimulationJobs.Request(form, a.name(),
                            a.blocks(), a.id(), b == null ? null : b.name(), b == null ? null : b.blocks(),
                            practices.displayNames(clinicians), perWeek, needs, checked.settings()));
                    return "redirect:/admin/schedule/simulate/" + job.id;
                }
            } catch (InvalidPatientData e) {
                other.addAll(e.problems());
            }
        } else {
            available = availableOrEmpty(form);
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        model.addAttribute("invalid", true);
        return form(model, actor, list, form, problems, other, available, locale);
    }

    @GetMapping("/admin/schedule/simulate/{id}")
    String job(@PathVariable UUID id, Model model, Locale locale) {
        Actor actor = requireAllowed();
        SimulationJobs.Job job = job(actor, id);
        List<ScheduleTemplate> list = templates.list();
        addJob(model, job, actor, locale, Map.of(), Map.of());
        return form(model, actor, list, job.request.form(), Map.of(), List.of(), availableOrEmpty(job.request.form()), locale);
    }

    @GetMapping("/admin/schedule/simulate/{id}/progress")
    String progress(@PathVariable UUID id, Model model, Locale locale) {
        Actor actor = requireAllowed();
        addJob(model, job(actor, id), actor, locale, Map.of(), Map.of());
        return "scheduling/simulate :: job";
    }

    /** Saves a suggestion as a new draft: a copy of template A with the suggested week (practice admins). */
    @PostMapping("/admin/schedule/simulate/{id}/apply")
    String apply(@PathVariable UUID id, @RequestParam("suggestion") int index, @RequestParam(name = "name", required = false) String name,
            Model model, Locale locale, RedirectAttributes redirect, HttpServletResponse response) {
        Actor actor = requireAllowed();
        if (!actor.hasRole(Role.PRACTICE_ADMIN)) {
            throw new AccessDeniedException("Only practice admins save templates");
        }
        SimulationJobs.Job job = job(actor, id);
        Simulation.Study study = job.study;
        if (study == null || index < 0 || index >= study.suggestions().size()) {
            throw new PatientNotFound("Suggestion " + index + " of simulation " + id);
        }
        Suggestion suggestion = study.suggestions().get(index);
        Map<Integer, String> problems = new LinkedHashMap<>();
        if (name == null || name.isBlank()) {
            problems.put(index, messages.getMessage("simulation.error.draftName", null, locale));
        } else {
            try {
                ScheduleTemplate draft = drafts.save(name.trim(), job.request.templateA(), suggestion.blocks());
                redirect.addFlashAttribute("notice", messages.getMessage("simulation.applied", new Object[] { draft.name() }, locale));
                redirect.addFlashAttribute("draft", draft.id());
                return "redirect:/admin/schedule/simulate/" + id;
            } catch (InvalidPatientData e) {
                problems.put(index, String.join(" ", e.problems()));
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        addJob(model, job, actor, locale, problems, Map.of(index, name == null ? "" : name));
        return form(model, actor, templates.list(), job.request.form(), Map.of(), List.of(), availableOrEmpty(job.request.form()),
                locale);
    }

    // ---- model ----

    record Option(String value, String label) {
    }

    private String form(Model model, Actor actor, List<ScheduleTemplate> list, Form form, Map<String, String> problems,
            List<String> otherProblems, Map<String, Double> available, Locale locale) {
        List<Option> options = new ArrayList<>();
        for (ScheduleTemplate t : list) {
            options.add(new Option(t.id().toString(), messages.getMessage("simulation.template.option",
                    new Object[] { t.name(), messages.getMessage("simulation.status." + code(t.status()), null, locale) }, locale)));
        }
        model.addAttribute("form", form);
        model.addAttribute("templates", options);
        model.addAttribute("problems", problems);
        model.addAttribute("otherProblems", otherProblems);
        model.addAttribute("sources", SOURCES);
        Map<String, String> availableText = new LinkedHashMap<>();
        available.forEach((source, perWeek) -> availableText.put(source, number(perWeek, 1, locale)));
        model.addAttribute("available", availableText);
        model.addAttribute("durations", List.of(code(Duration.LOGNORMAL), code(Duration.EXPONENTIAL)));
        model.addAttribute("interruptions", List.of(code(Interruption.NONE), code(Interruption.UNBOOKED_VISITS),
                code(Interruption.ANY_VISIT)));
        model.addAttribute("assumptionsOpen", problems.keySet().stream().anyMatch(k -> !Set.of("templateA", "templateB", "source",
                "screenShare", "visitShare", "from", "to", "replications", "seed").contains(k)) || changedAssumptions(form));
        if (!model.containsAttribute("job")) {
            model.addAttribute("job", null);
            model.addAttribute("canSave", false);
        }
        return "scheduling/simulate";
    }

    /** Whether the form's assumptions differ from the defaults (then they are shown, not folded away). */
    static boolean changedAssumptions(Form form) {
        Form d = Form.defaults(null, null, null, LocalDate.EPOCH);
        return !(java.util.Objects.equals(form.weeks(), d.weeks()) && java.util.Objects.equals(form.patience(), d.patience())
                && java.util.Objects.equals(form.handoffMinutes(), d.handoffMinutes())
                && java.util.Objects.equals(form.duration(), d.duration())
                && java.util.Objects.equals(form.interruption(), d.interruption()) && form.admin() == d.admin()
                && java.util.Objects.equals(form.returnShare(), d.returnShare())
                && java.util.Objects.equals(form.returnDays(), d.returnDays())
                && java.util.Objects.equals(form.prebooked(), d.prebooked()) && java.util.Objects.equals(form.noShow(), d.noShow()));
    }

    /** A row of the results table: a metric's estimates for A and B, and the difference B - A. */
    record Row(String metric, String a, String aInterval, String b, String bInterval, String difference,
            String differenceInterval, String verdict) {
    }

    /** A suggestion as shown: its sentence and numbers, and the draft name offered (or typed). */
    record SuggestionView(int index, String text, String metBefore, String metBeforeInterval, String metAfter,
            String metAfterInterval, String gain, String gainInterval, String billableBefore, String billableAfter,
            String draftName, String problem) {
    }

    /** Everything the job section shows. */
    record JobView(UUID id, boolean running, boolean failed, String failure, int done, int total, int percent, String nameA,
            String nameB, boolean compared, List<Row> rows, SimulationChart chart, List<SuggestionView> suggestions,
            String needsPerWeek, int weeks, int replications, String seed) {
    }

    private void addJob(Model model, SimulationJobs.Job job, Actor actor, Locale locale, Map<Integer, String> applyProblems,
            Map<Integer, String> typedNames) {
        model.addAttribute("canSave", actor.hasRole(Role.PRACTICE_ADMIN));
        SimulationJobs.Request r = job.request;
        Simulation.Study study = job.study;
        int total = Math.max(job.total, 1);
        int percent = (int) Math.min(100, Math.round(100.0 * job.done / total));
        List<Row> rows = new ArrayList<>();
        List<SuggestionView> suggestions = new ArrayList<>();
        SimulationChart chart = null;
        if (study != null) {
            TemplateComparison comparison = study.comparison();
            for (Metric metric : Metric.values()) {
                Estimate a = study.a().estimate(metric);
                Estimate b = comparison == null ? null : comparison.b().estimate(metric);
                Estimate d = comparison == null ? null : comparison.difference(metric);
                rows.add(new Row(metric.code(), value(metric, a.mean(), false, locale), interval(metric, a, false, locale),
                        b == null ? null : value(metric, b.mean(), false, locale), b == null ? null : interval(metric, b, false, locale),
                        d == null ? null : value(metric, d.mean(), true, locale), d == null ? null : interval(metric, d, true, locale),
                        d == null ? null : verdict(metric, d)));
            }
            chart = SimulationChart.of(comparison == null ? List.of(study.a()) : List.of(study.a(), comparison.b()),
                    v -> value(Metric.HANDOFFS_MET, v, false, locale));
            for (int i = 0; i < study.suggestions().size(); i++) {
                Suggestion s = study.suggestions().get(i);
                String clinician = r.clinicians().getOrDefault(s.clinician(), messages.getMessage("simulation.unknownClinician", null, locale));
                String text = messages.getMessage("simulation.suggestion.move", new Object[] { clinician, day(s.fromDay(), locale),
                        time(s.fromStart()), day(s.toDay(), locale), time(s.toStart()),
                        messages.getMessage("simulation.swap." + s.swappedWith().code(), null, locale) }, locale);
                String draftName = typedNames.getOrDefault(i, messages.getMessage("simulation.draftName",
                        new Object[] { r.nameA(), i + 1 }, locale));
                suggestions.add(new SuggestionView(i, text, value(Metric.HANDOFFS_MET, s.handoffsMetBefore().mean(), false, locale),
                        interval(Metric.HANDOFFS_MET, s.handoffsMetBefore(), false, locale),
                        value(Metric.HANDOFFS_MET, s.handoffsMetAfter().mean(), false, locale),
                        interval(Metric.HANDOFFS_MET, s.handoffsMetAfter(), false, locale),
                        value(Metric.HANDOFFS_MET, s.improvement().mean(), true, locale),
                        interval(Metric.HANDOFFS_MET, s.improvement(), true, locale),
                        value(Metric.BILLABLE_HOURS, s.billableHoursBefore().mean(), false, locale),
                        value(Metric.BILLABLE_HOURS, s.billableHoursAfter().mean(), false, locale), draftName,
                        applyProblems.get(i)));
            }
        }
        String failure = job.failure == null ? null
                : job.failure.isEmpty() ? messages.getMessage("simulation.error.failed", null, locale) : job.failure;
        model.addAttribute("job", new JobView(job.id, !job.finished(), job.failure != null, failure, job.done, job.total, percent,
                r.nameA(), r.nameB(), r.nameB() != null, rows, chart, suggestions, number(r.needsPerWeek(), 1, locale),
                r.settings().weeks(), r.settings().replications(), Long.toString(r.settings().seed())));
    }

    // ---- checking the form ----

    static Checked check(Form form, List<ScheduleTemplate> list, LocalDate today, Map<String, String> problems) {
        UUID a = templateId(form.templateA(), list);
        if (a == null) {
            problems.put("templateA", "simulation.error.templateA");
        }
        UUID b = null;
        if (form.templateB() != null && !form.templateB().isBlank()) {
            b = templateId(form.templateB(), list);
            if (b == null) {
                problems.put("templateB", "simulation.error.templateB");
            }
        }
        String source = SOURCES.contains(form.source()) ? form.source() : null;
        if (source == null) {
            problems.put("source", "simulation.error.source");
        }
        double share = 1;
        if (SOURCE_SCREENS.equals(source) || SOURCE_VISITS.equals(source)) {
            String field = SOURCE_SCREENS.equals(source) ? "screenShare" : "visitShare";
            Double percent = number(SOURCE_SCREENS.equals(source) ? form.screenShare() : form.visitShare());
            if (percent == null || percent <= 0 || percent > 100) {
                problems.put(field, "simulation.error.share");
            } else {
                share = percent / 100;
            }
        }
        LocalDate from = date(form.from());
        LocalDate to = date(form.to());
        if (from == null) {
            problems.put("from", "simulation.error.date");
        }
        if (to == null) {
            problems.put("to", "simulation.error.date");
        } else if (to.isAfter(today)) {
            problems.put("to", "simulation.error.future");
        }
        if (from != null && to != null && !problems.containsKey("to")) {
            if (to.isBefore(from.plusDays(6))) {
                problems.put("to", "simulation.error.period");
            } else if (to.isAfter(from.plusDays(MAX_PERIOD_DAYS))) {
                problems.put("from", "simulation.error.periodLong");
            }
        }
        Integer weeks = whole(form.weeks(), 1, SimulationSettings.MAX_WEEKS, "weeks", problems);
        Integer replications = whole(form.replications(), 2, SimulationSettings.MAX_REPLICATIONS, "replications", problems);
        if (weeks != null && replications != null && weeks * replications > MAX_WORK) {
            problems.put("replications", "simulation.error.work");
        }
        Long seed = null;
        try {
            seed = Long.valueOf(form.seed() == null ? "" : form.seed().trim());
        } catch (NumberFormatException e) {
            problems.put("seed", "simulation.error.seed");
        }
        Double patience = range(form.patience(), 0, 240, "patience", problems);
        Double handoff = range(form.handoffMinutes(), 1, 240, "handoffMinutes", problems);
        Duration duration = null;
        for (Duration d : Duration.values()) {
            if (code(d).equals(form.duration())) {
                duration = d;
            }
        }
        if (duration == null) {
            problems.put("duration", "simulation.error.choice");
        }
        Interruption interruption = null;
        for (Interruption i : Interruption.values()) {
            if (code(i).equals(form.interruption())) {
                interruption = i;
            }
        }
        if (interruption == null) {
            problems.put("interruption", "simulation.error.choice");
        }
        Double returnShare = range(form.returnShare(), 0, 100, "returnShare", problems);
        Integer returnDays = whole(form.returnDays(), 1, 90, "returnDays", problems);
        Double prebooked = range(form.prebooked(), 0, 100, "prebooked", problems);
        Double noShow = range(form.noShow(), 0, 100, "noShow", problems);
        if (!problems.isEmpty()) {
            return null;
        }
        SimulationSettings settings = new SimulationSettings(weeks, replications, seed, patience, handoff, duration, 0.5,
                interruption, form.admin(), returnShare / 100, returnDays, prebooked / 100, noShow / 100);
        return new Checked(a, b, source, share, from, to, settings);
    }

    private static UUID templateId(String value, List<ScheduleTemplate> list) {
        if (value == null) {
            return null;
        }
        for (ScheduleTemplate t : list) {
            if (t.id().toString().equals(value.trim())) {
                return t.id();
            }
        }
        return null;
    }

    private static Integer whole(String text, int min, int max, String field, Map<String, String> problems) {
        try {
            int value = Integer.parseInt(text == null ? "" : text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        problems.put(field, "simulation.error." + field);
        return null;
    }

    private static Double range(String text, double min, double max, String field, Map<String, String> problems) {
        Double value = number(text);
        if (value == null || value < min || value > max) {
            problems.put(field, "simulation.error." + field);
            return null;
        }
        return value;
    }

    static Double number(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            double value = Double.parseDouble(text.trim().replace(',', '.'));
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static LocalDate date(String text) {
        try {
            return text == null || text.isBlank() ? null : LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // ---- demand ----

    static DemandKind kind(String source) {
        switch (source) {
            case SOURCE_REQUESTS:
                return DemandKind.HANDOFF_REQUESTS;
            case SOURCE_SCREENS:
                return DemandKind.POSITIVE_SCREENS;
            default:
                return DemandKind.PRIMARY_CARE_VISITS;
        }
    }

    /** Handoff needs per week by weekday and hour: the source's events per week times the share needing a handoff. */
    static double[][] handoffs(DemandProfile profile, String source, double share) {
        double[][] perWeek = new double[7][24];
        DemandKind kind = kind(source);
        for (int d = 0; d < 7; d++) {
            for (int h = 0; h < 24; h++) {
                perWeek[d][h] = profile.at(kind, d, h) * share;
            }
        }
        return perWeek;
    }

    static double total(double[][] perWeek) {
        double sum = 0;
        for (double[] day : perWeek) {
            for (double cell : day) {
                sum += cell;
            }
        }
        return sum;
    }

    private Map<String, Double> available(LocalDate from, LocalDate to) {
        try {
            return available(demand.of(from, to));
        } catch (InvalidPatientData e) {
            return Map.of();
        }
    }

    private static Map<String, Double> available(DemandProfile profile) {
        Map<String, Double> perWeek = new LinkedHashMap<>();
        for (String source : SOURCES) {
            perWeek.put(source, total(handoffs(profile, source, 1)));
        }
        return perWeek;
    }

    private Map<String, Double> availableOrEmpty(Form form) {
        LocalDate from = date(form.from());
        LocalDate to = date(form.to());
        if (from == null || to == null || to.isBefore(from) || to.isAfter(from.plusDays(MAX_PERIOD_DAYS))) {
            return Map.of();
        }
        return available(from, to);
    }

    // ---- formatting ----

    private String value(Metric metric, double value, boolean difference, Locale locale) {
        if (Double.isNaN(value)) {
            return "–";
        }
        String sign = difference && value > 0 ? "+" : "";
        if (metric.share()) {
            String number = sign + number(value * 100, 1, locale);
            return messages.getMessage(difference ? "simulation.unit.points" : "simulation.unit.percent", new Object[] { number }, locale);
        }
        switch (metric) {
            case MEAN_WAIT:
            case P90_WAIT:
                return messages.getMessage("simulation.unit.minutes", new Object[] { sign + number(value, 1, locale) }, locale);
            case BILLABLE_HOURS:
                return messages.getMessage("simulation.unit.hours", new Object[] { sign + number(value, 0, locale) }, locale);
            default:
                return sign + number(value, 1, locale);
        }
    }

    private String interval(Metric metric, Estimate e, boolean difference, Locale locale) {
        if (Double.isNaN(e.low()) || Double.isNaN(e.high())) {
            return null;
        }
        double scale = metric.share() ? 100 : 1;
        int digits = metric == Metric.BILLABLE_HOURS ? 0 : 1;
        return messages.getMessage("simulation.interval", new Object[] { signed(e.low() * scale, digits, difference, locale),
                signed(e.high() * scale, digits, difference, locale) }, locale);
    }

    private static String signed(double value, int digits, boolean difference, Locale locale) {
        return (difference && value > 0 ? "+" : "") + number(value, digits, locale);
    }

    /** better / worse when B's interval of the difference excludes zero and the metric has a better direction. */
    static String verdict(Metric metric, Estimate difference) {
        if (metric.higherIsBetter() == null || Double.isNaN(difference.low())) {
            return difference.above(0) ? "higher" : difference.below(0) ? "lower" : "same";
        }
        if (difference.above(0)) {
            return metric.higherIsBetter() ? "better" : "worse";
        }
        if (difference.below(0)) {
            return metric.higherIsBetter() ? "worse" : "better";
        }
        return "same";
    }

    static String number(double value, int digits, Locale locale) {
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        String text = format.format(value);
        return text.equals("-0") || text.matches("-0[.,]0+") ? text.substring(1) : text;
    }

    private static String day(DayOfWeek day, Locale locale) {
        return day.getDisplayName(TextStyle.FULL, locale);
    }

    private static String time(LocalTime time) {
        return time.getHour() + ":" + (time.getMinute() < 10 ? "0" : "") + time.getMinute();
    }

    // ---- access ----

    private Actor requireAllowed() {
        Actor actor = actors.require();
        if (!actor.hasAnyRole(ALLOWED) || actor.practice().isEmpty()) {
            throw new AccessDeniedException("Template simulation is for practice admins and BHCs");
        }
        return actor;
    }

    private SimulationJobs.Job job(Actor actor, UUID id) {
        PracticeId practice = actor.practice().orElseThrow();
        return jobs.find(practice, id).orElseThrow(() -> new PatientNotFound("Simulation " + id));
    }

    private LocalDate today(Actor actor) {
        return LocalDate.now(clock.withZone(practices.zoneOf(actor.practice().orElseThrow())));
    }

    private static ScheduleTemplate find(List<ScheduleTemplate> list, UUID id) {
        return list.stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    /** A simulation of another practice, one forgotten after a day, or a suggestion that does not exist. */
    @ExceptionHandler(PatientNotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound() {
        return "error/404";
    }
}
