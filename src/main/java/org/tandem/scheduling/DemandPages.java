package org.tandem.scheduling;

import java.text.NumberFormat;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;

/**
 * The demand profile next to a template's availability ({@code /admin/schedule/demand}): when primary care visits,
 * positive screens and warm handoff requests arise by weekday and hour (average per week over a period), the open-access
 * minutes the chosen template holds in each hour, and the gap between where handoffs are needed and where clinicians are
 * free. Every heatmap is also a table with the same numbers. Practice admins, behavioral health clinicians and PCPs.
 */
@Controller
class DemandPages {

    static final Set<Role> VIEWERS = EnumSet.of(Role.PRACTICE_ADMIN, Role.BHC, Role.PCP);
    static final int DEFAULT_WEEKS = 26;
    static final List<Integer> QUICK_WEEKS = List.of(13, 26, 52);
    /** Hours always shown (7:00 to 19:00); wider when there are data or blocks outside them. */
    static final int FIRST_HOUR = 7;
    static final int LAST_HOUR = 18;

    private final DemandProfiles profiles;
    private final Templates templates;
    private final Practices practices;
    private final CurrentActor actors;
    private final MessageSource messages;
    private final Clock clock;

    DemandPages(DemandProfiles profiles, Templates templates, Practices practices, CurrentActor actors, MessageSource messages,
            Clock clock) {
        this.profiles = profiles;
        this.templates = templates;
        this.practices = practices;
        this.actors = actors;
        this.messages = messages;
        this.clock = clock;
    }

    record Option(String value, String label, boolean selected) {
    }

    record QuickLink(int weeks, String href, boolean current) {
    }

    /** One heatmap card: its map, what it shows, its total per week and its empty-state message. */
    record Card(String id, String heading, String explanation, String total, String empty, Heatmap map, String caption,
            String note) {
    }

    @GetMapping("/admin/schedule/demand")
    String page(@RequestParam(name = "from", required = false) String fromText,
            @RequestParam(name = "to", required = false) String toText,
            @RequestParam(name = "template", required = false) String templateText, Locale locale, Model model) {
        Actor actor = actors.require();
        if (!actor.hasAnyRole(VIEWERS)) {
            throw new AccessDeniedException("The demand profile is for practice admins, behavioral health clinicians and PCPs");
        }
        ZoneId zone = practices.zoneOf(actors.requirePractice());
        LocalDate today = LocalDate.now(clock.withZone(zone));
        List<String> problems = new ArrayList<>();
        LocalDate to = date(toText, today, problems);
        LocalDate from = date(fromText, to.minusWeeks(DEFAULT_WEEKS).plusDays(1), problems);
        if (to.isBefore(from)) {
            problems.add("demand.error.order");
            from = to.minusWeeks(DEFAULT_WEEKS).plusDays(1);
        }
        if (from.plusDays(DemandProfiles.MAX_DAYS - 1).isBefore(to)) {
            problems.add("demand.error.range");
            from = to.minusDays(DemandProfiles.MAX_DAYS - 1);
        }
        DemandProfile profile = profiles.of(from, to);

        List<ScheduleTemplate> all = templates.list();
        ScheduleTemplate chosen = null;
        if (templateText != null && !templateText.isBlank()) {
            chosen = all.stream().filter(t -> t.id().toString().equals(templateText.trim())).findFirst().orElse(null);
            if (chosen == null) {
                problems.add("demand.error.template");
            }
        }
        if (chosen == null) {
            chosen = all.stream().filter(t -> t.status() == TemplateStatus.ACTIVE).findFirst().orElse(null);
        }
        UUID chosenId = chosen == null ? null : chosen.id();
        WeeklyAvailability availability = chosen == null ? null : WeeklyAvailability.of(chosen.blocks());

        double[][] visits = grid(profile, DemandKind.PRIMARY_CARE_VISITS);
        double[][] screens = grid(profile, DemandKind.POSITIVE_SCREENS);
        double[][] handoffs = grid(profile, DemandKind.HANDOFF_REQUESTS);
        double[][] openAccess = availability == null ? new double[7][24] : toDouble(availability.openAccess());
        List<Integer> days = days(visits, screens, handoffs, openAccess);
        List<Integer> hours = hours(visits, screens, handoffs, openAccess);
        List<String> dayNames = days.stream()
                .map(d -> DayOfWeek.of(d + 1).getDisplayName(TextStyle.SHORT, locale)).toList();
        List<String> hourNames = hours.stream().map(h -> String.format(Locale.ROOT, "%02d:00", h)).toList();
        NumberFormat one = NumberFormat.getNumberInstance(locale);
        one.setMinimumFractionDigits(1);
        one.setMaximumFractionDigits(1);
        NumberFormat whole = NumberFormat.getIntegerInstance(locale);

        List<Card> demand = new ArrayList<>();
        List<Card> comparison = new ArrayList<>();
        comparison.add(demandCard("handoffs", handoffs, days, hours, dayNames, hourNames, one, locale));
        if (availability == null) {
            comparison.add(new Card("availability", text("demand.card.availability", locale),
                    text("demand.card.availability.explain", locale), null,
                    text(all.isEmpty() ? "demand.card.availability.noTemplates" : "demand.card.availability.noTemplate", locale),
                    null, null, null));
        } else {
            Heatmap map = Heatmap.of("availability", openAccess, false, Heatmap.Hue.SUPPLY, days, hours, dayNames, hourNames,
                    v -> whole.format(v), (d, h, v) -> text("demand.cell.availability", locale, d, h, v));
            comparison.add(new Card("availability", text("demand.card.availability", locale),
                    text("demand.card.availability.explain", locale),
                    text("demand.total.availability", locale, one.format(availability.total(BlockKind.OPEN_ACCESS) / 60.0)),
                    text("demand.card.availability.empty", locale), map,
                    text("demand.caption.availability", locale, chosen.name()), null));
        }
        comparison.add(gapCard(handoffs, screens, visits, openAccess, availability != null, days, hours, dayNames, hourNames,
                locale));
        demand.add(demandCard("visits", visits, days, hours, dayNames, hourNames, one, locale));
        demand.add(demandCard("screens", screens, days, hours, dayNames, hourNames, one, locale));

        model.addAttribute("problems", problems.stream().distinct().toList());
        model.addAttribute("from", from.toString());
        model.addAttribute("to", to.toString());
        model.addAttribute("weeks", one.format(profile.weeks()));
        model.addAttribute("zone", zone.getId());
        model.addAttribute("template", chosen == null ? "" : chosen.id().toString());
        model.addAttribute("templateName", chosen == null ? null : chosen.name());
        model.addAttribute("templates", all.stream().map(t -> new Option(t.id().toString(),
                text("demand.template.option", locale, t.name(), text("demand.template.status." + t.status().name(), locale)),
                t.id().equals(chosenId))).toList());
        model.addAttribute("quick", quickLinks(to, from, chosenId));
        model.addAttribute("noDemand", total(visits) == 0 && total(screens) == 0 && total(handoffs) == 0);
        model.addAttribute("comparison", comparison);
        model.addAttribute("demand", demand);
        return "scheduling/demand";
    }

    private Card demandCard(String id, double[][] values, List<Integer> days, List<Integer> hours, List<String> dayNames,
            List<String> hourNames, NumberFormat one, Locale locale) {
        Heatmap map = Heatmap.of(id, values, false, Heatmap.Hue.DEMAND, days, hours, dayNames, hourNames,
                v -> perWeek(v, one), (d, h, v) -> text("demand.cell." + id, locale, d, h, v));
        return new Card(id, text("demand.card." + id, locale), text("demand.card." + id + ".explain", locale),
                text("demand.total." + id, locale, one.format(total(values))), text("demand.card." + id + ".empty", locale), map,
                text("demand.caption." + id, locale), null);
    }

    /**
     * The gap: per cell, the share of the week's handoff demand minus the share of the week's open-access minutes, in
     * percentage points. Handoff requests are the demand when there are any in the period; before a practice has any,
     * positive screens stand in for them, then primary care visits (said under the map).
     */
    private Card gapCard(double[][] handoffs, double[][] screens, double[][] visits, double[][] openAccess, boolean template,
            List<Integer> days, List<Integer> hours, List<String> dayNames, List<String> hourNames, Locale locale) {
        String heading = text("demand.card.gap", locale);
        String explanation = text("demand.card.gap.explain", locale);
        String basis = total(handoffs) > 0 ? "handoffs" : total(screens) > 0 ? "screens" : total(visits) > 0 ? "visits" : null;
        if (!template || basis == null) {
            return new Card("gap", heading, explanation, null,
                    text(template ? "demand.card.gap.noDemand" : "demand.card.gap.noTemplate", locale), null, null, null);
        }
        double[][] need = basis.equals("handoffs") ? handoffs : basis.equals("screens") ? screens : visits;
        double needTotal = total(need);
        double openTotal = total(openAccess);
        double[][] gap = new double[7][24];
        for (int d = 0; d < 7; d++) {
            for (int h = 0; h < 24; h++) {
                gap[d][h] = 100 * need[d][h] / needTotal - (openTotal == 0 ? 0 : 100 * openAccess[d][h] / openTotal);
            }
        }
        NumberFormat signed = NumberFormat.getNumberInstance(locale);
        signed.setMinimumFractionDigits(1);
        signed.setMaximumFractionDigits(1);
        Heatmap map = Heatmap.of("gap", gap, true, Heatmap.Hue.GAP, days, hours, dayNames, hourNames,
                v -> points(v, signed), (d, h, v) -> text("demand.cell.gap", locale, d, h, v));
        return new Card("gap", heading, explanation, null, text("demand.card.gap.balanced", locale), map,
                text("demand.caption.gap", locale), basis.equals("handoffs") ? null : text("demand.gap.basis." + basis, locale));
    }

    /** An average per week: one decimal, and "<0.1" rather than a misleading 0.0 for rare events. */
    static String perWeek(double value, NumberFormat one) {
        if (value > 0 && value < 0.05) {
            return "<" + one.format(0.1);
        }
        return one.format(value);
    }

    /** Percentage points with their sign (a true minus sign), 0.0 without. */
    static String points(double value, NumberFormat one) {
        double rounded = Math.round(value * 10) / 10.0;
        if (rounded == 0) {
            return one.format(0.0);
        }
        return (rounded > 0 ? "+" : "\u2212") + one.format(Math.abs(rounded));
    }

    /** Monday to Friday, or the whole week when any map has something on Saturday or Sunday. */
    static List<Integer> days(double[][]... grids) {
        boolean weekend = false;
        for (double[][] grid : grids) {
            for (int d = 5; d < 7; d++) {
                for (int h = 0; h < 24; h++) {
                    weekend |= grid[d][h] != 0;
                }
            }
        }
        List<Integer> days = new ArrayList<>();
        for (int d = 0; d < (weekend ? 7 : 5); d++) {
            days.add(d);
        }
        return days;
    }

    /** 7:00 to 19:00, widened to the first and last hour with something in any map. */
    static List<Integer> hours(double[][]... grids) {
        int first = FIRST_HOUR;
        int last = LAST_HOUR;
        for (double[][] grid : grids) {
            for (int d = 0; d < 7; d++) {
                for (int h = 0; h < 24; h++) {
                    if (grid[d][h] != 0) {
                        first = Math.min(first, h);
                        last = Math.max(last, h);
                    }
                }
            }
        }
        List<Integer> hours = new ArrayList<>();
        for (int h = first; h <= last; h++) {
            hours.add(h);
        }
        return hours;
    }

    private static double[][] grid(DemandProfile profile, DemandKind kind) {
        double[][] cells = profile.perWeek().get(kind);
        return cells == null ? new double[7][24] : cells;
    }

    private static double[][] toDouble(int[][] cells) {
        double[][] values = new double[7][24];
        for (int d = 0; d < 7; d++) {
            for (int h = 0; h < 24; h++) {
                values[d][h] = cells[d][h];
            }
        }
        return values;
    }

    static double total(double[][] cells) {
        double total = 0;
        for (double[] day : cells) {
            for (double value : day) {
                total += value;
            }
        }
        return total;
    }

    private static List<QuickLink> quickLinks(LocalDate to, LocalDate from, UUID template) {
        List<QuickLink> links = new ArrayList<>();
        for (int weeks : QUICK_WEEKS) {
            LocalDate start = to.minusWeeks(weeks).plusDays(1);
            String href = UriComponentsBuilder.fromPath("/admin/schedule/demand").queryParam("from", start).queryParam("to", to)
                    .queryParamIfPresent("template", java.util.Optional.ofNullable(template)).build().toUriString();
            links.add(new QuickLink(weeks, href, start.equals(from)));
        }
        return links;
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
                problems.add("demand.error.date");
                return fallback;
            }
            return date;
        } catch (DateTimeParseException e) {
            problems.add("demand.error.date");
            return fallback;
        }
    }
}
