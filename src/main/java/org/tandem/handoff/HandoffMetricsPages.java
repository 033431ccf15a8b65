package org.tandem.handoff;

import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.DoubleFunction;
import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.util.UriComponentsBuilder;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.practice.StaffMember;

/**
 * Warm handoff metrics ({@code /handoffs/metrics}, CSV at {@code /handoffs/metrics.csv}): requests, accepted,
 * completed and missed by week, hour of day, accepting clinician, reason and requesting clinician, with the median time
 * to accept; filters for the period, the reason and the requesting clinician; charts with the same numbers as the
 * tables. Practice admins, behavioral health clinicians, PCPs and care managers.
 */
@Controller
class HandoffMetricsPages {

    static final int DEFAULT_WEEKS = 26;
    /** Who can be chosen as requesting clinician. */
    static final Set<Role> REQUESTERS = EnumSet.of(Role.PCP, Role.MEDICAL_ASSISTANT);
    /** Hours always shown in the hour chart (7:00 to 19:00); wider when requests fall outside them. */
    static final int FIRST_HOUR = 7;
    static final int LAST_HOUR = 18;

    private final HandoffMetrics metrics;
    private final Practices practices;
    private final CurrentActor actors;
    private final MessageSource messages;
    private final Clock clock;

    HandoffMetricsPages(HandoffMetrics metrics, Practices practices, CurrentActor actors, MessageSource messages, Clock clock) {
        this.metrics = metrics;
        this.practices = practices;
        this.actors = actors;
        this.messages = messages;
        this.clock = clock;
    }

    /** The filters as given in the query string. */
    record FilterForm(String from, String to, String reason, String clinician) {
    }

    record Option(String value, String label, boolean selected) {
    }

    /** One table row, numbers written for the page. */
    record RowView(String key, String label, int requests, int accepted, int completed, int missed, String rate, String median) {
    }

    /** The filter as understood, the problems with what was typed, and the clinicians to choose from. */
    record Parsed(HandoffMetricsReport.Filter filter, List<String> problems, List<StaffMember> requesters) {
    }

    @GetMapping("/handoffs/metrics")
    String page(FilterForm form, Locale locale, Model model) {
        requireReader();
        Parsed parsed = parse(form);
        HandoffMetricsReport report = metrics.report(parsed.filter());
        HandoffMetricsReport.Filter filter = parsed.filter();
        NumberFormat one = NumberFormat.getNumberInstance(locale);
        one.setMinimumFractionDigits(1);
        one.setMaximumFractionDigits(1);
        NumberFormat whole = NumberFormat.getIntegerInstance(locale);
        DateTimeFormatter day = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale);
        DateTimeFormatter shortDay = DateTimeFormatter.ofPattern("d MMM", locale);

        model.addAttribute("problems", parsed.problems().stream().distinct().toList());
        model.addAttribute("from", filter.from().toString());
        model.addAttribute("to", filter.to().toString());
        model.addAttribute("fromText", day.format(filter.from()));
        model.addAttribute("toText", day.format(filter.to()));
        model.addAttribute("zone", report.zone().getId());
        model.addAttribute("reason", filter.reason() == null ? "" : filter.reason().code());
        model.addAttribute("clinician", filter.requester() == null ? "" : filter.requester().toString());
        model.addAttribute("csvHref", UriComponentsBuilder.fromPath("/handoffs/metrics.csv").queryParam("from", filter.from())
                .queryParam("to", filter.to()).queryParamIfPresent("reason", Optional.ofNullable(filter.reason()).map(HandoffReason::code))
                .queryParamIfPresent("clinician", Optional.ofNullable(filter.requester())).build().toUriString());
        model.addAttribute("reasons", List.of(HandoffReason.values()).stream().map(r -> new Option(r.code(),
                text("handoff.metrics.reason." + r.code(), locale), r == filter.reason())).toList());
        model.addAttribute("clinicians", parsed.requesters().stream().map(s -> new Option(s.id().toString(), s.displayName(),
                s.id().equals(filter.requester()))).toList());
        model.addAttribute("total", view(new HandoffMetricsReport.Row("", "", report.total()), one));
        model.addAttribute("empty", report.total().requests() == 0);

        List<HandoffMetricsReport.Row> weeks = report.byWeek();
        // a date label needs about 56 units: label every week, or every second, third... week
        int every = (int) Math.ceil(56 / MetricsChart.group(weeks.size()));
        List<String> weekLabels = new ArrayList<>();
        int[][] weekValues = new int[weeks.size()][];
        List<Double> medians = new ArrayList<>();
        for (int i = 0; i < weeks.size(); i++) {
            HandoffMetricsReport.Counts c = weeks.get(i).counts();
            weekLabels.add(i % every == 0 ? shortDay.format(LocalDate.parse(weeks.get(i).key())) : null);
            weekValues[i] = new int[] { c.requests(), c.accepted(), c.missed() };
            medians.add(c.medianMinutesToAccept());
        }
        List<String> weekNames = weeks.stream()
                .map(w -> text("handoff.metrics.weekOf", locale, day.format(LocalDate.parse(w.key())))).toList();
        List<String> series = List.of(text("handoff.metrics.requests", locale), text("handoff.metrics.accepted", locale),
                text("handoff.metrics.missed", locale));
        DoubleFunction<String> count = v -> whole.format(v);
        model.addAttribute("weekChart", MetricsChart.bars(weekLabels, weekValues, count,
                (c, s) -> text("handoff.metrics.barTitle", locale, weekNames.get(c), series.get(s), whole.format(weekValues[c][s]))));
        model.addAttribute("medianChart", MetricsChart.line(weekLabels, medians, v -> one.format(v),
                (c, s) -> text("handoff.metrics.medianTitle", locale, weekNames.get(c), one.format(medians.get(c)))));
        List<RowView> weekRows = new ArrayList<>();
        for (int i = 0; i < weeks.size(); i++) {
            weekRows.add(view(new HandoffMetricsReport.Row(weeks.get(i).key(), weekNames.get(i), weeks.get(i).counts()), one));
        }
        model.addAttribute("weekRows", weekRows);

        int first = FIRST_HOUR;
        int last = LAST_HOUR;
        for (HandoffMetricsReport.Row r : report.byHour()) {
            if (r.counts().requests() > 0) {
                first = Math.min(first, Integer.parseInt(r.key()));
                last = Math.max(last, Integer.parseInt(r.key()));
            }
        }
        List<HandoffMetricsReport.Row> hours = report.byHour().subList(first, last + 1);
        int[][] hourValues = new int[hours.size()][];
        List<String> hourLabels = new ArrayList<>();
        for (int i = 0; i < hours.size(); i++) {
            HandoffMetricsReport.Counts c = hours.get(i).counts();
            hourValues[i] = new int[] { c.requests(), c.accepted(), c.missed() };
            hourLabels.add(hours.get(i).label().substring(0, 2));
        }
        model.addAttribute("hourChart", MetricsChart.bars(hourLabels, hourValues, count,
                (c, s) -> text("handoff.metrics.barTitle", locale, hours.get(c).label(), series.get(s),
                        whole.format(hourValues[c][s]))));
        model.addAttribute("hourRows", hours.stream().map(r -> view(r, one)).toList());
        model.addAttribute("clinicianRows", report.byClinician().stream().map(r -> view(r, one)).toList());
        model.addAttribute("reasonRows", report.byReason().stream().map(r -> view(new HandoffMetricsReport.Row(r.key(),
                reasonLabel(r.key(), locale), r.counts()), one)).toList());
        model.addAttribute("requesterRows", report.byRequester().stream().map(r -> view(r, one)).toList());
        model.addAttribute("series", series);
        return "handoff/metrics";
    }

    @GetMapping("/handoffs/metrics.csv")
    ResponseEntity<byte[]> csv(FilterForm form) {
        requireReader();
        Parsed parsed = parse(form);
        if (!parsed.problems().isEmpty()) {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
                    .body("Dates must be written as yyyy-mm-dd, the last day on or after the first, at most two years apart\n"
                            .getBytes(StandardCharsets.UTF_8));
        }
        HandoffMetricsReport report = metrics.report(parsed.filter());
        String requester = parsed.filter().requester() == null ? null : parsed.requesters().stream()
                .filter(s -> s.id().equals(parsed.filter().requester())).map(StaffMember::displayName).findFirst().orElse(null);
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("tandem-handoff-metrics-" + parsed.filter().from() + "-" + parsed.filter().to() + ".csv").build()
                        .toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(HandoffMetricsCsv.of(report, requester).getBytes(StandardCharsets.UTF_8));
    }

    private void requireReader() {
        if (!actors.require().hasAnyRole(HandoffMetrics.READERS)) {
            throw new AccessDeniedException("Handoff metrics are for practice admins, behavioral health clinicians, PCPs and "
                    + "care managers");
        }
    }

    /** Reads the filters; what cannot be understood falls back to the default and is reported as a problem. */
    Parsed parse(FilterForm form) {
        ZoneId zone = practices.zoneOf(actors.requirePractice());
        LocalDate today = LocalDate.now(clock.withZone(zone));
        List<String> problems = new ArrayList<>();
        LocalDate to = date(form.to(), today, problems);
        LocalDate defaultFrom = to.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(DEFAULT_WEEKS - 1);
        LocalDate from = date(form.from(), defaultFrom, problems);
        if (to.isBefore(from)) {
            problems.add("handoff.metrics.error.order");
            from = defaultFrom;
        }
        if (from.plusDays(HandoffMetrics.MAX_DAYS - 1).isBefore(to)) {
            problems.add("handoff.metrics.error.range");
            from = to.minusDays(HandoffMetrics.MAX_DAYS - 1);
        }
        HandoffReason reason = null;
        if (form.reason() != null && !form.reason().isBlank()) {
            for (HandoffReason r : HandoffReason.values()) {
                if (r.code().equals(form.reason().trim())) {
                    reason = r;
                }
            }
            if (reason == null) {
                problems.add("handoff.metrics.error.reason");
            }
        }
        List<StaffMember> requesters = practices.staff().stream()
                .filter(s -> s.roles().stream().anyMatch(REQUESTERS::contains)).toList();
        UUID requester = null;
        if (form.clinician() != null && !form.clinician().isBlank()) {
            requester = requesters.stream().map(StaffMember::id).filter(id -> id.toString().equals(form.clinician().trim()))
                    .findFirst().orElse(null);
            if (requester == null) {
                problems.add("handoff.metrics.error.clinician");
            }
        }
        return new Parsed(new HandoffMetricsReport.Filter(from, to, reason, requester), problems, requesters);
    }

    private RowView view(HandoffMetricsReport.Row r, NumberFormat one) {
        HandoffMetricsReport.Counts c = r.counts();
        return new RowView(r.key(), r.label(), c.requests(), c.accepted(), c.completed(), c.missed(),
                c.acceptanceRate() == null ? null : Math.round(c.acceptanceRate() * 100) + "%",
                c.medianMinutesToAccept() == null ? null : one.format(c.medianMinutesToAccept()));
    }

    private String reasonLabel(String code, Locale locale) {
        for (HandoffReason r : HandoffReason.values()) {
            if (r.code().equals(code)) {
                return text("handoff.metrics.reason." + code, locale);
            }
        }
        return code;
    }

    private String text(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    private static LocalDate date(String text, LocalDate fallback, List<String> problems) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            LocalDate date = LocalDate.parse(text.trim());
            if (date.getYear() < 2000 || date.getYear() > 2100) {
                problems.add("handoff.metrics.error.date");
                return fallback;
            }
            return date;
        } catch (DateTimeParseException e) {
            problems.add("handoff.metrics.error.date");
            return fallback;
        }
    }
}
