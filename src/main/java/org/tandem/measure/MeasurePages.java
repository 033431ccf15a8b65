package org.tandem.measure;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.util.UriComponentsBuilder;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.practice.Practices;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.DataCategory;
import org.tandem.privacy.Operation;

/**
 * The measures dashboard. {@code /measures}: every eCQM and program metric with numerator, denominator and value for
 * a period (default: the twelve full months before the current month, the period the trend's last point shows).
 * {@code /measures/{id}}: one measure with its trend (24 months, each the twelve-month period ending that month), the
 * breakdown by clinician (and by site when the results carry one), its populations with the patients behind each
 * ({@code /measures/{id}/patients}, also as an htmx fragment), and CSV of every table. Clinical roles (PCP, BHC, care
 * manager, psychiatric consultant, medical assistant): the numbers are computed from clinical data, which the access
 * policy lets only them search; patient lists are shown only when the policy lets the reader search patients'
 * clinical data and demographics. Support-organization staff and practice admins are refused (403) like every other
 * clinical search.
 */
@Controller
class MeasurePages {

    static final int TREND_MONTHS = 24;
    static final int PERIOD_MONTHS = 12;
    static final int MAX_DAYS = 2 * 366;
    static final int PAGE_SIZE = 100;

    private final MeasureBoard board;
    private final Measures measures;
    private final KnowledgeArtifacts artifacts;
    private final ProgramMetrics programs;
    private final Patients patients;
    private final Practices practices;
    private final AccessPolicy policy;
    private final CurrentActor actors;
    private final MessageSource messages;
    private final Clock clock;

    MeasurePages(MeasureBoard board, Measures measures, KnowledgeArtifacts artifacts, ProgramMetrics programs, Patients patients,
            Practices practices, AccessPolicy policy, CurrentActor actors, MessageSource messages, Clock clock) {
        this.board = board;
        this.measures = measures;
        this.artifacts = artifacts;
        this.programs = programs;
        this.patients = patients;
        this.practices = practices;
        this.policy = policy;
        this.actors = actors;
        this.messages = messages;
        this.clock = clock;
    }

    /** The period as given in the query string (ISO days). */
    record PeriodForm(String from, String to) {
    }

    record Parsed(MeasurePeriod period, List<String> problems) {
    }

    record OverviewRow(String id, String cms, String title, int numerator, int denominator, String value, String href,
            boolean ecqm) {
    }

    record GroupRow(String code, String label, int count, String href, String csvHref) {
    }

    record BreakdownRow(String label, int numerator, int denominator, String value) {
    }

    record TrendRow(String month, String from, String to, int numerator, int denominator, String value) {
    }

    record PatientRow(String id, String name, String mrn, String birthDate, String clinician, String index, String value,
            String groups) {
    }

    // ---------------------------------------------------------------------------------------------------- overview

    @GetMapping("/measures")
    String overview(PeriodForm form, Locale locale, Model model) {
        policy.requireSearch(DataCategory.CLINICAL);
        Parsed parsed = parse(form);
        List<Scorecard> cards = board.overview(parsed.period());
        List<OverviewRow> rows = cards.stream().map(c -> new OverviewRow(c.id(), c.ecqm() ? c.definition().cmsId() : null,
                title(c, locale), c.numerator(), c.denominator(), value(c.kind(), c.value(), locale),
                link("/measures/" + c.id(), parsed.period(), null), c.ecqm())).toList();
        period(model, parsed);
        model.addAttribute("rows", rows);
        model.addAttribute("csvHref", link("/measures.csv", parsed.period(), null));
        return "measure/overview";
    }

    @GetMapping("/measures.csv")
    ResponseEntity<byte[]> overviewCsv(PeriodForm form, Locale locale) {
        policy.requireSearch(DataCategory.CLINICAL);
        Parsed parsed = parse(form);
        List<List<String>> rows = new ArrayList<>();
        for (Scorecard c : board.overview(parsed.period())) {
            rows.add(List.of(c.id(), c.ecqm() ? c.definition().cmsId() : "", title(c, locale), parsed.period().start().toString(),
                    parsed.period().end().toString(), Integer.toString(c.numerator()), Integer.toString(c.denominator()),
                    c.kind().name().toLowerCase(Locale.ROOT), number(c.value())));
        }
        return csv("tandem-measures-" + parsed.period().start() + "-" + parsed.period().end(),
                MeasureCsv.of(List.of("measure", "cms", "title", "from", "to", "numerator", "denominator", "value_kind", "value"), rows));
    }

    // ---------------------------------------------------------------------------------------------------- one measure

    @GetMapping("/measures/{id}")
    String measure(@PathVariable String id, PeriodForm form, Locale locale, Model model) {
        policy.requireSearch(DataCategory.CLINICAL);
        requireMeasure(id);
        Parsed parsed = parse(form);
        List<Scorecard> all = board.page(id, parsed.period(), trendPeriods(parsed.period()));
        Scorecard card = all.get(all.size() - 1);
        List<Scorecard> trend = all.subList(0, all.size() - 1);
        period(model, parsed);
        model.addAttribute("id", id);
        model.addAttribute("ecqm", card.ecqm());
        model.addAttribute("cms", card.ecqm() ? card.definition().cmsId() : null);
        model.addAttribute("version", card.ecqm() ? card.definition().version() : null);
        model.addAttribute("measureTitle", title(card, locale));
        model.addAttribute("definitionKey", "measures.definition." + id);
        model.addAttribute("valueLabel", text("measures.valueKind." + card.kind().name().toLowerCase(Locale.ROOT), locale));
        model.addAttribute("numerator", card.numerator());
        model.addAttribute("denominator", card.denominator());
        model.addAttribute("value", value(card.kind(), card.value(), locale));
        model.addAttribute("groups", groups(card, parsed.period(), locale));
        List<TrendRow> trendRows = new ArrayList<>();
        List<TrendChart.Point> points = new ArrayList<>();
        for (Scorecard t : trend) {
            String month = YearMonth.from(t.period().end()).toString();
            String v = value(t.kind(), t.value(), locale);
            trendRows.add(new TrendRow(month, t.period().start().toString(), t.period().end().toString(), t.numerator(),
                    t.denominator(), v));
            points.add(new TrendChart.Point(month, t.value(), text("measures.trend.point", locale, month, v, t.numerator(),
                    t.denominator())));
        }
        model.addAttribute("trendRows", trendRows);
        model.addAttribute("chart", TrendChart.of(points, card.kind() == ProgramMetric.Kind.RATE));
        model.addAttribute("clinicianRows", breakdown(card.kind(), card.byClinician(), clinicianNames(card.byClinician()),
                "measures.unattributed", locale));
        model.addAttribute("siteRows", breakdown(card.kind(), card.bySite(), Map.of(), "measures.site.unknown", locale));
        model.addAttribute("lists", mayListPatients());
        model.addAttribute("trendCsv", link("/measures/" + id + "/trend.csv", parsed.period(), null));
        model.addAttribute("clinicianCsv", link("/measures/" + id + "/clinicians.csv", parsed.period(), null));
        model.addAttribute("reportHref", card.ecqm() ? link("/measures/" + id + "/report.json", parsed.period(), null) : null);
        return "measure/measure";
    }

    @GetMapping("/measures/{id}/trend.csv")
    ResponseEntity<byte[]> trendCsv(@PathVariable String id, PeriodForm form, Locale locale) {
        policy.requireSearch(DataCategory.CLINICAL);
        requireMeasure(id);
        Parsed parsed = parse(form);
        List<List<String>> rows = new ArrayList<>();
        List<Scorecard> all = board.page(id, parsed.period(), trendPeriods(parsed.period()));
        for (Scorecard t : all.subList(0, all.size() - 1)) {
            rows.add(List.of(id, YearMonth.from(t.period().end()).toString(), t.period().start().toString(), t.period().end().toString(),
                    Integer.toString(t.numerator()), Integer.toString(t.denominator()), number(t.value())));
        }
        return csv("tandem-" + id + "-trend-" + YearMonth.from(parsed.period().end()),
                MeasureCsv.of(List.of("measure", "month", "from", "to", "numerator", "denominator", "value"), rows));
    }

    @GetMapping("/measures/{id}/clinicians.csv")
    ResponseEntity<byte[]> clinicianCsv(@PathVariable String id, PeriodForm form, Locale locale) {
        policy.requireSearch(DataCategory.CLINICAL);
        requireMeasure(id);
        Parsed parsed = parse(form);
        Scorecard card = selected(id, parsed.period());
        Map<UUID, String> names = clinicianNames(card.byClinician());
        List<List<String>> rows = new ArrayList<>();
        for (Scorecard.Breakdown b : card.byClinician()) {
            rows.add(List.of(id, parsed.period().start().toString(), parsed.period().end().toString(),
                    b.key() == null ? "" : b.key().toString(), b.key() == null ? text("measures.unattributed", locale) : names.getOrDefault(b.key(), ""),
                    Integer.toString(b.numerator()), Integer.toString(b.denominator()), number(b.value())));
        }
        return csv("tandem-" + id + "-clinicians-" + parsed.period().start() + "-" + parsed.period().end(),
                MeasureCsv.of(List.of("measure", "from", "to", "clinician_id", "clinician", "numerator", "denominator", "value"), rows));
    }

    // ---------------------------------------------------------------------------------------------------- patients

    @GetMapping("/measures/{id}/patients")
    String patients(@PathVariable String id, PeriodForm form, String group, String page, Locale locale, Model model,
            @RequestHeader(name = "HX-Request", required = false) String htmx) {
        policy.requireSearch(DataCategory.CLINICAL);
        requireMeasure(id);
        requireLists();
        Parsed parsed = parse(form);
        Scorecard card = selected(id, parsed.period());
        String chosen = group != null && card.hasGroup(group) ? group : card.groups().get(0).code();
        List<Scorecard.Member> members = card.membersOf(chosen);
        int pages = Math.max(1, (members.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        int current = 1;
        try {
            current = page == null || page.isBlank() ? 1 : Math.max(1, Math.min(pages, Integer.parseInt(page.trim())));
        } catch (NumberFormatException e) {
            current = 1;
        }
        List<PatientRow> rows = patientRows(card, members, locale);
        period(model, parsed);
        model.addAttribute("id", id);
        model.addAttribute("measureTitle", title(card, locale));
        model.addAttribute("group", chosen);
        model.addAttribute("groupLabel", groupLabel(card, chosen, locale));
        model.addAttribute("valueHeading", card.metric() == null || card.metric() == ProgramMetric.SCREENING_REACH ? null : text("measures.patientValue." + card.metric().id(), locale));
        model.addAttribute("total", rows.size());
        model.addAttribute("rows", rows.subList(Math.min(rows.size(), (current - 1) * PAGE_SIZE), Math.min(rows.size(), current * PAGE_SIZE)));
        model.addAttribute("page", current);
        model.addAttribute("pages", pages);
        model.addAttribute("prevHref", current > 1 ? link("/measures/" + id + "/patients", parsed.period(), chosen) + "&page=" + (current - 1) : null);
        model.addAttribute("nextHref", current < pages ? link("/measures/" + id + "/patients", parsed.period(), chosen) + "&page=" + (current + 1) : null);
        model.addAttribute("csvHref", link("/measures/" + id + "/patients.csv", parsed.period(), chosen));
        model.addAttribute("backHref", link("/measures/" + id, parsed.period(), null));
        return htmx != null ? "measure/patients :: list" : "measure/patients";
    }

    @GetMapping("/measures/{id}/patients.csv")
    ResponseEntity<byte[]> patientsCsv(@PathVariable String id, PeriodForm form, String group, Locale locale) {
        policy.requireSearch(DataCategory.CLINICAL);
        requireMeasure(id);
        requireLists();
        Parsed parsed = parse(form);
        Scorecard card = selected(id, parsed.period());
        String chosen = group != null && card.hasGroup(group) ? group : card.groups().get(0).code();
        List<List<String>> rows = new ArrayList<>();
        for (PatientRow r : patientRows(card, card.membersOf(chosen), locale)) {
            rows.add(List.of(id, parsed.period().start().toString(), parsed.period().end().toString(), chosen, r.id(), r.name(),
                    r.mrn(), r.birthDate(), r.clinician(), r.index(), r.value(), r.groups()));
        }
        return csv("tandem-" + id + "-" + chosen + "-" + parsed.period().start() + "-" + parsed.period().end(),
                MeasureCsv.of(List.of("measure", "from", "to", "group", "patient_id", "name", "mrn", "birth_date", "clinician",
                        "index_day", "value", "groups"), rows));
    }

    /**
     * The eCQM's population MeasureReport (FHIR R4 JSON, as {@code $evaluate-measure} gives it) for the period, built by
     * {@link MeasureReports} from the stored Measure; it names the patients of each population, so the reader must be
     * allowed the patient lists.
     */
    @GetMapping("/measures/{id}/report.json")
    ResponseEntity<byte[]> report(@PathVariable String id, PeriodForm form) {
        policy.requireSearch(DataCategory.CLINICAL);
        requireLists();
        MeasureDefinition definition = board.definition(id);
        org.hl7.fhir.r4.model.Measure measure = definition == null ? null : artifacts.measure(id).orElse(null);
        if (measure == null) {
            throw new InvalidMeasureRequest("No stored Measure " + id);
        }
        Parsed parsed = parse(form);
        MeasureEvaluation evaluation = measures.evaluate(id, parsed.period());
        org.hl7.fhir.r4.model.MeasureReport report = MeasureReports.of(measure, evaluation, MeasureReports.Kind.POPULATION, null,
                programs.zone());
        String json = ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser().setPrettyPrint(true).encodeResourceToString(report);
        return ResponseEntity.ok().contentType(new MediaType("application", "fhir+json", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("tandem-" + id + "-" + parsed.period().start() + "-" + parsed.period().end() + ".json").build().toString())
                .body(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A measure id that names nothing (or a bad period that slipped through) is a 404 page, not an error. */
    @ExceptionHandler(InvalidMeasureRequest.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound() {
        return "error/404";
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    /** The selected period's scorecard, computed with the trend (as the measure page does) so the cache serves both. */
    private Scorecard selected(String id, MeasurePeriod period) {
        List<Scorecard> all = board.page(id, period, trendPeriods(period));
        return all.get(all.size() - 1);
    }

    private void requireMeasure(String id) {
        if (!board.exists(id)) {
            throw new InvalidMeasureRequest("Unknown measure " + id);
        }
    }

    /** Patient lists: the reader must be allowed to search clinical data and demographics of their practice. */
    private boolean mayListPatients() {
        PracticeId practice = actors.requirePractice();
        return policy.permits(practice, DataCategory.CLINICAL, Operation.SEARCH)
                && policy.permits(practice, DataCategory.DEMOGRAPHICS, Operation.SEARCH);
    }

    private void requireLists() {
        policy.requireSearch(DataCategory.DEMOGRAPHICS);
    }

    private List<PatientRow> patientRows(Scorecard card, List<Scorecard.Member> members, Locale locale) {
        Map<PatientId, PatientRecord> records = members.isEmpty() ? Map.of()
                : patients.byIds(members.stream().map(m -> new PatientId(m.patient())).toList());
        Set<UUID> clinicians = new HashSet<>();
        members.forEach(m -> {
            if (m.clinician() != null) {
                clinicians.add(m.clinician());
            }
        });
        Map<UUID, String> names = clinicians.isEmpty() ? Map.of() : practices.displayNames(clinicians);
        List<PatientRow> rows = new ArrayList<>();
        for (Scorecard.Member m : members) {
            PatientRecord p = records.get(new PatientId(m.patient()));
            List<String> in = new ArrayList<>();
            for (String g : m.groups()) {
                in.add(groupLabel(card, g, locale));
            }
            rows.add(new PatientRow(m.patient().toString(), p == null ? m.patient().toString() : p.displayName(), p == null ? "" : p.mrn(),
                    p == null || p.birthDate() == null ? "" : p.birthDate().toString(),
                    m.clinician() == null ? "" : names.getOrDefault(m.clinician(), ""), m.index() == null ? "" : m.index().toString(),
                    m.value() == null ? "" : m.value().toString(), String.join("; ", in)));
        }
        rows.sort(Comparator.comparing(PatientRow::name, String.CASE_INSENSITIVE_ORDER).thenComparing(PatientRow::id));
        return rows;
    }

    private List<GroupRow> groups(Scorecard card, MeasurePeriod period, Locale locale) {
        return card.groups().stream().map(g -> new GroupRow(g.code(), groupLabel(card, g.code(), locale), g.count(),
                link("/measures/" + card.id() + "/patients", period, g.code()),
                link("/measures/" + card.id() + "/patients.csv", period, g.code()))).toList();
    }

    private String groupLabel(Scorecard card, String group, Locale locale) {
        if (card.metric() == ProgramMetric.HANDOFFS_PER_100_VISITS) {
            return text("measures.group.handoffs." + group, locale);
        }
        return text("measures.group." + group, locale);
    }

    private List<BreakdownRow> breakdown(ProgramMetric.Kind kind, List<Scorecard.Breakdown> rows, Map<UUID, String> names,
            String nullKey, Locale locale) {
        return rows.stream().map(b -> new BreakdownRow(b.key() == null ? text(nullKey, locale) : names.getOrDefault(b.key(), b.key().toString()),
                b.numerator(), b.denominator(), value(kind, b.value(), locale))).toList();
    }

    private Map<UUID, String> clinicianNames(List<Scorecard.Breakdown> rows) {
        Set<UUID> ids = new HashSet<>();
        rows.forEach(b -> {
            if (b.key() != null) {
                ids.add(b.key());
            }
        });
        return ids.isEmpty() ? Map.of() : practices.displayNames(ids);
    }

    /** The 24 twelve-month periods ending with each month up to the selected period's last month. */
    static List<MeasurePeriod> trendPeriods(MeasurePeriod selected) {
        YearMonth last = YearMonth.from(selected.end());
        List<MeasurePeriod> periods = new ArrayList<>();
        for (int i = TREND_MONTHS - 1; i >= 0; i--) {
            YearMonth month = last.minusMonths(i);
            periods.add(new MeasurePeriod(month.minusMonths(PERIOD_MONTHS - 1).atDay(1), month.atEndOfMonth()));
        }
        return periods;
    }

    /** The default period: the twelve full months before the current month (practice time zone). */
    MeasurePeriod defaultPeriod() {
        YearMonth previous = YearMonth.now(clock.withZone(programs.zone())).minusMonths(1);
        return new MeasurePeriod(previous.minusMonths(PERIOD_MONTHS - 1).atDay(1), previous.atEndOfMonth());
    }

    Parsed parse(PeriodForm form) {
        MeasurePeriod fallback = defaultPeriod();
        List<String> problems = new ArrayList<>();
        LocalDate from = date(form == null ? null : form.from(), fallback.start(), problems);
        LocalDate to = date(form == null ? null : form.to(), fallback.end(), problems);
        MeasurePeriod period = new MeasurePeriod(fallback.start(), fallback.end());
        if (problems.isEmpty()) {
            if (to.isBefore(from)) {
                problems.add("measures.error.order");
            } else if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
                problems.add("measures.error.range");
            } else {
                period = new MeasurePeriod(from, to);
            }
        }
        return new Parsed(period, problems);
    }

    private static LocalDate date(String text, LocalDate fallback, List<String> problems) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            problems.add("measures.error.date");
            return fallback;
        }
    }

    private void period(Model model, Parsed parsed) {
        model.addAttribute("problems", parsed.problems().stream().distinct().toList());
        model.addAttribute("from", parsed.period().start().toString());
        model.addAttribute("to", parsed.period().end().toString());
    }

    private String title(Scorecard c, Locale locale) {
        String key = "measures.title." + c.id();
        String fallback = c.ecqm() ? c.definition().title() : c.id();
        return messages.getMessage(key, null, fallback, locale);
    }

    String value(ProgramMetric.Kind kind, Double value, Locale locale) {
        if (value == null) {
            return text("measures.noValue", locale);
        }
        switch (kind) {
            case RATE:
                return String.format(locale, "%.1f%%", value * 100);
            case PER_100:
                return String.format(locale, "%.1f", value);
            default:
                return text("measures.days", locale, value == Math.rint(value) ? Long.toString(Math.round(value))
                        : String.format(locale, "%.1f", value));
        }
    }

    private static String number(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.4f", value);
    }

    private static String link(String path, MeasurePeriod period, String group) {
        UriComponentsBuilder b = UriComponentsBuilder.fromPath(path).queryParam("from", period.start()).queryParam("to", period.end());
        if (group != null) {
            b.queryParam("group", group);
        }
        return b.build().toUriString();
    }

    private String text(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    private static ResponseEntity<byte[]> csv(String name, String body) {
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name + ".csv").build().toString())
                .body(body.getBytes(StandardCharsets.UTF_8));
    }
}
