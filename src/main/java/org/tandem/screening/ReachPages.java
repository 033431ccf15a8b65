package org.tandem.screening;

import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.practice.StaffMember;

/**
 * The reach dashboard ({@code /screening/reach}): by month and instrument, eligible patients seen, screened,
 * positive and followed up within 30 days, and follow-up hours against BHC capacity, as a table and a server-drawn
 * SVG bar chart. Filters: months, clinician of the visit, age band. Clinical roles and medical assistants.
 */
@Controller
class ReachPages {

    /** The longest range the dashboard shows at once. */
    static final int MAX_MONTHS = 24;
    static final int DEFAULT_MONTHS = 12;
    /** Roles whose visits can be filtered by (the clinician of a visit). */
    static final Set<Role> CLINICIAN_ROLES = EnumSet.of(Role.PCP, Role.BHC, Role.CARE_MANAGER, Role.PSYCHIATRIC_CONSULTANT);

    // chart geometry (SVG user units)
    static final int BAR = 14;
    static final int GAP = 14;
    static final int LEFT = 44;
    static final int TOP = 12;
    static final int PLOT = 160;
    static final int BOTTOM = 34;

    private final ScreeningReach reach;
    private final Practices practices;
    private final CurrentActor actors;
    private final Clock clock;

    ReachPages(ScreeningReach reach, Practices practices, CurrentActor actors, Clock clock) {
        this.reach = reach;
        this.practices = practices;
        this.actors = actors;
        this.clock = clock;
    }

    /** The filters as given in the query string. */
    record FilterForm(String from, String to, String clinician, String age) {
    }

    record Option(String value, String label) {
    }

    record TableRow(String month, boolean firstOfMonth, String instrument, String label, int eligible, int due, int screened,
            Integer percentScreened, int dueScreened, Integer percentDueScreened, int positive, Integer percentPositive,
            int followedUp, Integer percentFollowedUp) {
    }

    record CapacityRow(String month, int positives, String neededHours, String availableHours, Integer percent) {
    }

    record Bar(int x, int y, int width, int height, int series, String month, String label, int percent, int screened, int due) {
    }

    record Tick(int y, int percent) {
    }

    record MonthLabel(int x, String label) {
    }

    record Legend(int series, String label) {
    }

    @GetMapping("/screening/reach")
    String page(FilterForm form, Model model) {
        YearMonth current = YearMonth.now(clock.withZone(reach.zone()));
        List<String> problems = new ArrayList<>();
        YearMonth to = month(form.to(), current, problems);
        YearMonth from = month(form.from(), to.minusMonths(DEFAULT_MONTHS - 1), problems);
        if (from.isAfter(to)) {
            problems.add("screening.reach.error.order");
            from = to.minusMonths(DEFAULT_MONTHS - 1);
        }
        if (from.plusMonths(MAX_MONTHS - 1).isBefore(to)) {
            problems.add("screening.reach.error.range");
            from = to.minusMonths(MAX_MONTHS - 1);
        }
        List<StaffMember> clinicians = practices.staffOf(actors.requirePractice()).stream()
                .filter(s -> s.roles().stream().anyMatch(CLINICIAN_ROLES::contains)).toList();
        UUID clinician = null;
        if (form.clinician() != null && !form.clinician().isBlank()) {
            clinician = clinicians.stream().map(StaffMember::id).filter(id -> id.toString().equals(form.clinician().trim()))
                    .findFirst().orElse(null);
            if (clinician == null) {
                problems.add("screening.reach.error.clinician");
            }
        }
        ReachReport.AgeBand band = null;
        if (form.age() != null && !form.age().isBlank()) {
            band = ReachReport.AgeBand.fromCode(form.age().trim());
            if (band == null) {
                problems.add("screening.reach.error.age");
            }
        }
        ReachReport.Result result = reach.report(new ReachReport.Filter(from, to, clinician, band));

        model.addAttribute("problems", problems.stream().distinct().toList());
        model.addAttribute("from", from.toString());
        model.addAttribute("to", to.toString());
        model.addAttribute("clinician", clinician == null ? "" : clinician.toString());
        model.addAttribute("age", band == null ? "" : band.code());
        model.addAttribute("clinicians", clinicians.stream().map(s -> new Option(s.id().toString(), s.displayName())).toList());
        model.addAttribute("ageBands", List.of(ReachReport.AgeBand.values()).stream().map(ReachReport.AgeBand::code).toList());
        model.addAttribute("instruments", result.instruments());
        model.addAttribute("rows", tableRows(result));
        model.addAttribute("capacity", result.capacity().stream().map(c -> new CapacityRow(c.month().toString(), c.positives(),
                c.neededHours().toPlainString(), c.availableHours().toPlainString(), c.percentOfAvailable())).toList());
        chart(result, model);
        return "screening/reach";
    }

    static List<TableRow> tableRows(ReachReport.Result result) {
        List<TableRow> rows = new ArrayList<>();
        for (YearMonth month : result.filter().months()) {
            List<ReachReport.Row> ofMonth = result.rowsOf(month);
            for (int i = 0; i < ofMonth.size(); i++) {
                ReachReport.Row r = ofMonth.get(i);
                rows.add(new TableRow(month.toString(), i == 0, r.instrument(), label(r.instrument()), r.eligible(), r.due(),
                        r.screened(), r.percentScreened(), r.dueScreened(), r.percentDueScreened(), r.positive(), r.percentPositive(),
                        r.followedUp(), r.percentFollowedUp()));
            }
        }
        return rows;
    }

    /**
     * Bars of the percent of due patients screened per month and instrument (the eligible patients' percent falls
     * with every visit of patients already screened this year); months without due patients have no bar.
     */
    static void chart(ReachReport.Result result, Model model) {
        List<YearMonth> months = result.filter().months();
        int series = Math.max(1, result.instruments().size());
        int group = series * BAR + GAP;
        int width = LEFT + months.size() * group + GAP;
        int height = TOP + PLOT + BOTTOM;
        List<Bar> bars = new ArrayList<>();
        List<MonthLabel> labels = new ArrayList<>();
        for (int m = 0; m < months.size(); m++) {
            YearMonth month = months.get(m);
            int x0 = LEFT + GAP + m * group;
            labels.add(new MonthLabel(x0 + series * BAR / 2, month.toString()));
            List<ReachReport.Row> rows = result.rowsOf(month);
            for (int s = 0; s < rows.size(); s++) {
                ReachReport.Row row = rows.get(s);
                Integer percent = row.percentDueScreened();
                if (percent == null) {
                    continue;
                }
                int h = Math.round(PLOT * percent / 100f);
                bars.add(new Bar(x0 + s * BAR, TOP + PLOT - h, BAR - 2, h, s % 6, month.toString(), label(row.instrument()), percent,
                        row.dueScreened(), row.due()));
            }
        }
        List<Tick> ticks = new ArrayList<>();
        for (int p = 0; p <= 100; p += 25) {
            ticks.add(new Tick(TOP + PLOT - PLOT * p / 100, p));
        }
        List<Legend> legend = new ArrayList<>();
        for (int s = 0; s < result.instruments().size(); s++) {
            legend.add(new Legend(s % 6, label(result.instruments().get(s))));
        }
        model.addAttribute("chartWidth", width);
        model.addAttribute("chartHeight", height);
        model.addAttribute("plotLeft", LEFT);
        model.addAttribute("plotRight", width - GAP / 2);
        model.addAttribute("plotBottom", TOP + PLOT);
        model.addAttribute("labelY", TOP + PLOT + 18);
        model.addAttribute("bars", bars);
        model.addAttribute("ticks", ticks);
        model.addAttribute("monthLabels", labels);
        model.addAttribute("legend", legend);
    }

    /** The short name of an instrument for tables and charts: its id in capitals (PHQ-2, AUDIT-C). */
    static String label(String instrument) {
        return instrument.toUpperCase(Locale.ROOT);
    }

    private static YearMonth month(String text, YearMonth fallback, List<String> problems) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return YearMonth.parse(text.trim());
        } catch (DateTimeParseException e) {
            problems.add("screening.reach.error.month");
            return fallback;
        }
    }
}
