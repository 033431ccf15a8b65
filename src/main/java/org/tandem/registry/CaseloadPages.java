package org.tandem.registry;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.practice.StaffMember;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.DataCategory;

/**
 * The caseload (one row per open episode, sortable and filterable, printable) and the queue of new results waiting
 * for the care manager's review. Clinicians only: the facades ask the access policy.
 */
@Controller
class CaseloadPages {

    static final String ALL = "all";

    private final Caseloads caseloads;
    private final RegistryResults results;
    private final Episodes episodes;
    private final Patients patients;
    private final Practices practices;
    private final AccessPolicy policy;
    private final CurrentActor actors;
    private final Clock clock;
    private final MessageSource messages;

    CaseloadPages(Caseloads caseloads, RegistryResults results, Episodes episodes, Patients patients, Practices practices,
            AccessPolicy policy, CurrentActor actors, Clock clock, MessageSource messages) {
        this.messages = messages;
        this.caseloads = caseloads;
        this.results = results;
        this.episodes = episodes;
        this.patients = patients;
        this.practices = practices;
        this.policy = policy;
        this.actors = actors;
        this.clock = clock;
    }

    /** A sortable column: its {@code sort} value, its heading, the value it sorts by and its first direction. */
    enum Column {
        PATIENT("patient", r -> r.name() == null ? null : r.name().toLowerCase(Locale.ROOT), true),
        STATUS("status", r -> r.status().ordinal() * 10 + r.focus().ordinal(), true),
        CARE_MANAGER("care-manager", r -> r.careManagerName() == null ? null : r.careManagerName().toLowerCase(Locale.ROOT), true),
        WEEKS("weeks", CaseloadRow::weeksInTreatment, false),
        PHQ9("phq9", r -> r.phq9().latest(), false),
        PHQ9_CHANGE("phq9-change", r -> r.phq9().percentChange(), false),
        GAD7("gad7", r -> r.gad7().latest(), false),
        GAD7_CHANGE("gad7-change", r -> r.gad7().percentChange(), false),
        LAST_CONTACT("days-since-contact", CaseloadRow::daysSinceContact, false),
        NEXT_CONTACT("next-contact", CaseloadRow::nextContactDue, true),
        CONTACTS("contacts", CaseloadRow::contacts, true),
        REVIEW("review", CaseloadRow::lastPsychiatricReview, true),
        FLAGS("flags", CaseloadPages::urgency, false);

        final String code;
        final Function<CaseloadRow, Comparable<?>> key;
        final boolean ascendingFirst;

        Column(String code, Function<CaseloadRow, Comparable<?>> key, boolean ascendingFirst) {
            this.code = code;
            this.key = key;
            this.ascendingFirst = ascendingFirst;
        }

        String messageKey() {
            return "registry.caseload.col." + code;
        }

        static Column find(String code) {
            for (Column c : values()) {
                if (c.code.equals(code)) {
                    return c;
                }
            }
            return null;
        }
    }

    /** A column heading: its sort link and, for the sorted column, aria-sort. */
    record Heading(String code, String messageKey, String href, String ariaSort, boolean numeric) {
    }

    record Option(String value, String label) {
    }

    /** How many shown rows carry a flag, with the link that filters on it. */
    record FlagCount(Flag flag, int count, String href) {
    }

    /**
     * A caseload row as the page shows it, every text already formatted: with 300 rows, formatting in the template
     * (an expression per value) costs several times as much as building the caseload.
     */
    record Line(UUID episodeId, String href, String name, String mrnAge, String focus, String status, String careManager,
            String weeks, Score phq9, Score gad7, String lastContact, String daysAgo, String nextContact, boolean overdue,
            int contacts, String review, boolean safety, String flagCodes, List<FlagLine> flags) {
    }

    /** Baseline and latest of a measure: "20 → 14", their dates, the change in percent and a response/remission badge. */
    record Score(String score, String dates, String datesTitle, String change, String badge, String badgeTitle) {
    }

    record FlagLine(String code, String label, String reason) {
    }

    /** A queued result as the queue shows it. */
    record ResultRow(UUID response, UUID patientId, String name, String mrn, String instrument, Integer total, Boolean positive,
            boolean safety, String mode, LocalDateTime authored, LocalDateTime received, UUID episodeId) {
    }

    /** Flags weigh by priority (safety first), so sorting by flags puts the most urgent rows first. */
    static Integer urgency(CaseloadRow row) {
        int score = 0;
        for (Flag flag : row.flags()) {
            score += 1 << (Flag.values().length - flag.ordinal());
        }
        return score;
    }

    @GetMapping("/registry")
    String caseload(@RequestParam(required = false) String careManager, @RequestParam(required = false) String status,
            @RequestParam(required = false) String focus, @RequestParam(required = false) String flag,
            @RequestParam(required = false) String sort, @RequestParam(required = false) String dir, Model model,
            HttpServletRequest request, Locale locale) {
        Actor me = actors.require();
        policy.requireSearch(DataCategory.CLINICAL);
        List<String> problems = new ArrayList<>();
        String chosenManager = careManager == null || careManager.isBlank() ? defaultCareManager(me) : careManager.trim();
        List<StaffMember> managers = careManagers();
        UUID manager = null;
        if (!ALL.equals(chosenManager)) {
            manager = parse(chosenManager);
            UUID wanted = manager;
            if (manager == null || managers.stream().noneMatch(s -> s.id().equals(wanted))) {
                problems.add("registry.caseload.error.careManager");
                manager = null;
                chosenManager = ALL;
            }
        }
        EpisodeStatus chosenStatus = null;
        if (status != null && !status.isBlank()) {
            chosenStatus = find(EpisodeStatus.class, status);
            if (chosenStatus == null || !chosenStatus.open()) {
                problems.add("registry.caseload.error.status");
                chosenStatus = null;
            }
        }
        EpisodeFocus chosenFocus = null;
        if (focus != null && !focus.isBlank()) {
            chosenFocus = find(EpisodeFocus.class, focus);
            if (chosenFocus == null) {
                problems.add("registry.caseload.error.focus");
            }
        }
        Flag chosenFlag = Flag.find(flag);
        if (chosenFlag == null && flag != null && !flag.isBlank()) {
            problems.add("registry.caseload.error.flag");
        }
        Column column = Column.FLAGS;
        if (sort != null && !sort.isBlank()) {
            Column c = Column.find(sort.trim());
            if (c == null) {
                problems.add("registry.caseload.error.sort");
            } else {
                column = c;
            }
        }
        boolean ascending = "asc".equals(dir) ? true : "desc".equals(dir) ? false : column.ascendingFirst;

        List<CaseloadRow> rows = new ArrayList<>(caseloads.of(manager, new CaseloadFilter(
                chosenStatus == null ? null : Set.of(chosenStatus), chosenFocus, chosenFlag)));
        rows.sort(comparator(column, ascending));

        Map<String, String> params = new LinkedHashMap<>();
        params.put("careManager", chosenManager);
        params.put("status", chosenStatus == null ? null : chosenStatus.code());
        params.put("focus", chosenFocus == null ? null : chosenFocus.code());
        params.put("flag", chosenFlag == null ? null : chosenFlag.code());
        List<Heading> headings = new ArrayList<>();
        for (Column c : Column.values()) {
            if (c == Column.CARE_MANAGER && manager != null) {
                continue; // one care manager's caseload: the column would repeat their name
            }
            boolean sorted = c == column;
            boolean nextAscending = sorted ? !ascending : c.ascendingFirst;
            Map<String, String> sorting = new LinkedHashMap<>(params);
            sorting.put("sort", c.code);
            sorting.put("dir", nextAscending ? "asc" : "desc");
            headings.add(new Heading(c.code, c.messageKey(), request.getContextPath() + link(sorting),
                    sorted ? (ascending ? "ascending" : "descending") : null,
                    c != Column.PATIENT && c != Column.STATUS && c != Column.CARE_MANAGER && c != Column.FLAGS));
        }

        List<Option> managerOptions = new ArrayList<>();
        for (StaffMember s : managers) {
            managerOptions.add(new Option(s.id().toString(), s.displayName()));
        }
        ZoneId zone = zone(me);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        List<Line> lines = new ArrayList<>(rows.size());
        for (CaseloadRow r : rows) {
            lines.add(line(r, request.getContextPath() + "/registry/episodes/", today, locale));
        }
        model.addAttribute("rows", lines);
        model.addAttribute("headings", headings);
        model.addAttribute("managers", managerOptions);
        model.addAttribute("careManager", chosenManager);
        model.addAttribute("showCareManager", manager == null);
        UUID shown = manager;
        model.addAttribute("managerName", shown == null ? null
                : managers.stream().filter(s -> s.id().equals(shown)).map(StaffMember::displayName).findFirst().orElse(null));
        model.addAttribute("status", params.get("status"));
        model.addAttribute("focus", params.get("focus"));
        model.addAttribute("flag", params.get("flag"));
        model.addAttribute("sort", column.code);
        model.addAttribute("dir", ascending ? "asc" : "desc");
        model.addAttribute("statuses", EnumSet.of(EpisodeStatus.REFERRED, EpisodeStatus.ENROLLED, EpisodeStatus.ACTIVE,
                EpisodeStatus.RELAPSE_PREVENTION));
        model.addAttribute("focuses", EpisodeFocus.values());
        model.addAttribute("flags", Flag.values());
        model.addAttribute("problems", problems);
        model.addAttribute("today", today);
        model.addAttribute("flagCounts", flagCounts(rows, params, request.getContextPath()));
        return "registry/caseload";
    }

    @GetMapping("/registry/results")
    String results(@RequestParam(required = false) String careManager, Model model, HttpServletRequest request) {
        Actor me = actors.require();
        policy.requireSearch(DataCategory.CLINICAL);
        List<String> problems = new ArrayList<>();
        String chosenManager = careManager == null || careManager.isBlank() ? defaultCareManager(me) : careManager.trim();
        List<StaffMember> managers = careManagers();
        UUID manager = null;
        if (!ALL.equals(chosenManager)) {
            manager = parse(chosenManager);
            UUID wanted = manager;
            if (manager == null || managers.stream().noneMatch(s -> s.id().equals(wanted))) {
                problems.add("registry.caseload.error.careManager");
                manager = null;
                chosenManager = ALL;
            }
        }
        List<RegistryResult> queue = results.unreviewed(manager);
        List<PatientId> ids = queue.stream().map(RegistryResult::patient).distinct().toList();
        Map<PatientId, PatientRecord> records = ids.isEmpty() ? Map.of() : patients.byIds(ids);
        Map<PatientId, List<Episode>> open = new HashMap<>();
        if (!ids.isEmpty()) {
            for (Episode e : episodes.search(null, EnumSet.of(EpisodeStatus.REFERRED, EpisodeStatus.ENROLLED, EpisodeStatus.ACTIVE,
                    EpisodeStatus.RELAPSE_PREVENTION))) {
                open.computeIfAbsent(e.patient(), p -> new ArrayList<>()).add(e);
            }
        }
        ZoneId zone = zone(me);
        List<ResultRow> rows = new ArrayList<>();
        for (RegistryResult r : queue) {
            PatientRecord p = records.get(r.patient());
            rows.add(new ResultRow(r.response(), r.patient().value(), p == null ? null : p.displayName(), p == null ? null : p.mrn(),
                    r.instrument(), r.total(), r.positive(), r.safety(), r.mode(), LocalDateTime.ofInstant(r.authoredAt(), zone),
                    LocalDateTime.ofInstant(r.receivedAt(), zone), episodeFor(open.getOrDefault(r.patient(), List.of()), r.instrument())));
        }
        List<Option> managerOptions = new ArrayList<>();
        for (StaffMember s : managers) {
            managerOptions.add(new Option(s.id().toString(), s.displayName()));
        }
        model.addAttribute("rows", rows);
        model.addAttribute("managers", managerOptions);
        model.addAttribute("careManager", chosenManager);
        model.addAttribute("safetyCount", rows.stream().filter(ResultRow::safety).count());
        // links are built here, not with @{...}: a link expression per row goes through the resource URL encoding
        // (classpath lookups), which costs seconds on long lists
        model.addAttribute("episodeBase", request.getContextPath() + "/registry/episodes/");
        model.addAttribute("resultsBase", request.getContextPath() + "/registry/results/");
        model.addAttribute("problems", problems);
        return "registry/results";
    }

    @PostMapping("/registry/results/{response}/reviewed")
    String markReviewed(@PathVariable UUID response, @RequestParam(required = false) String careManager, RedirectAttributes redirect) {
        results.markReviewed(response);
        redirect.addFlashAttribute("notice", "registry.results.notice.reviewed");
        redirect.addFlashAttribute("reviewed", response);
        if (careManager != null && !careManager.isBlank()) {
            redirect.addAttribute("careManager", careManager);
        }
        return "redirect:/registry/results";
    }

    static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE;
    static final DateTimeFormatter MONTH_DAY = DateTimeFormatter.ofPattern("MM-dd");

    /**
     * Formats a row. Links are built here rather than with {@code @{...}} in the template: a link expression per row
     * goes through the resource URL encoding (classpath lookups), which costs seconds on a 300-row caseload.
     */
    private Line line(CaseloadRow r, String episodeBase, LocalDate today, Locale locale) {
        String none = msg("common.none", locale);
        String mrnAge = (r.mrn() == null ? "" : r.mrn()) + (r.age() == null ? "" : " · " + msg("registry.caseload.age", locale, r.age()));
        List<FlagLine> flags = new ArrayList<>();
        for (TreatToTarget.Reason reason : r.reasons()) {
            flags.add(new FlagLine(reason.flag().code(), msg(reason.flag().messageKey(), locale),
                    msg(reason.messageKey(), locale, reason.argumentArray())));
        }
        StringBuilder codes = new StringBuilder();
        for (Flag f : r.flags()) {
            codes.append(codes.length() == 0 ? "" : " ").append(f.code());
        }
        boolean overdue = r.nextContactDue().isBefore(today);
        return new Line(r.episodeId(), episodeBase + r.episodeId(), r.name(), mrnAge,
                msg("registry.caseload.focus." + r.focus().code(), locale), msg("registry.caseload.status." + r.status().code(), locale),
                r.careManagerName() == null ? none : r.careManagerName(),
                r.weeksInTreatment() == null ? none : String.valueOf(r.weeksInTreatment()), score(r.phq9(), none, locale),
                score(r.gad7(), none, locale), r.lastContact() == null ? msg("registry.caseload.noContact", locale) : DAY.format(r.lastContact()),
                r.daysSinceContact() == null ? null : msg("registry.caseload.daysAgo", locale, r.daysSinceContact()),
                DAY.format(r.nextContactDue()), overdue, r.contacts(),
                r.lastPsychiatricReview() == null ? none : DAY.format(r.lastPsychiatricReview()), r.has(Flag.SAFETY), codes.toString(), flags);
    }

    private Score score(TreatToTarget.Progress p, String none, Locale locale) {
        if (!p.measured()) {
            return new Score(none, null, null, none, null, null);
        }
        String score = p.followedUp() ? p.baseline() + " → " + p.latest() : String.valueOf(p.baseline());
        String dates = p.followedUp() ? MONTH_DAY.format(p.baselineOn()) + " → " + MONTH_DAY.format(p.latestOn()) : MONTH_DAY.format(p.baselineOn());
        String title = msg("registry.caseload.fromToDates", locale, DAY.format(p.baselineOn()), DAY.format(p.latestOn()));
        String change = p.followedUp() && p.percentChange() != null ? (p.percentChange() > 0 ? "+" : "") + p.percentChange() + "%" : none;
        String badge = null;
        String badgeTitle = null;
        if (p.remission()) {
            badge = msg("registry.caseload.remission", locale);
        } else if (p.response()) {
            badge = msg("registry.caseload.response", locale);
        } else if (TreatToTarget.GAD7.equals(p.measure()) && p.improvedByMid()) {
            badge = msg("registry.caseload.gadImproved", locale);
            badgeTitle = msg("registry.caseload.gadImprovedTitle", locale);
        }
        return new Score(score, dates, title, change, badge, badgeTitle);
    }

    private String msg(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args.length == 0 ? null : args, locale);
    }

    /** The episode a result belongs to: the open episode measuring its instrument, else the patient's first open one. */
    static UUID episodeFor(List<Episode> open, String instrument) {
        String measure = TreatToTarget.measure(instrument);
        for (Episode e : open) {
            if (e.instruments().stream().map(TreatToTarget::measure).anyMatch(measure::equals)) {
                return e.id();
            }
        }
        return open.isEmpty() ? null : open.get(0).id();
    }

    /** Care managers and BHCs see their own caseload by default; everyone else sees the practice's. */
    static String defaultCareManager(Actor me) {
        if (me.kind() == Actor.Kind.USER && (me.hasRole(Role.CARE_MANAGER) || me.hasRole(Role.BHC)) && parse(me.id()) != null) {
            return me.id();
        }
        return ALL;
    }

    private List<StaffMember> careManagers() {
        return practices.staff().stream().filter(s -> s.roles().contains(Role.CARE_MANAGER) || s.roles().contains(Role.BHC))
                .sorted(Comparator.comparing(StaffMember::displayName, String.CASE_INSENSITIVE_ORDER)).toList();
    }

    private static List<FlagCount> flagCounts(List<CaseloadRow> rows, Map<String, String> params, String contextPath) {
        List<FlagCount> counts = new ArrayList<>();
        for (Flag f : Flag.values()) {
            int n = (int) rows.stream().filter(r -> r.has(f)).count();
            if (n > 0) {
                Map<String, String> filter = new LinkedHashMap<>(params);
                filter.put("flag", f.code());
                counts.add(new FlagCount(f, n, contextPath + link(filter)));
            }
        }
        return counts;
    }

    private static String link(Map<String, String> params) {
        UriComponentsBuilder link = UriComponentsBuilder.fromPath("/registry");
        params.forEach((k, v) -> {
            if (v != null) {
                link.queryParam(k, v);
            }
        });
        return link.build().encode().toUriString();
    }

    /** Sorts by the column's value, empty values last in either direction, then by name. */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    static Comparator<CaseloadRow> comparator(Column column, boolean ascending) {
        Comparator<Comparable> natural = Comparator.naturalOrder();
        Comparator<Comparable> order = ascending ? natural : natural.reversed();
        Comparator<CaseloadRow> byColumn = Comparator.comparing(r -> (Comparable) column.key.apply(r), Comparator.nullsLast(order));
        return byColumn.thenComparing(r -> r.name() == null ? "" : r.name(), String.CASE_INSENSITIVE_ORDER)
                .thenComparing(r -> r.episodeId().toString());
    }

    private ZoneId zone(Actor me) {
        return me.practice().map(practices::zoneOf).orElse(ZoneOffset.UTC);
    }

    private static <E extends Enum<E>> E find(Class<E> type, String code) {
        for (E e : type.getEnumConstants()) {
            if (Codes.of(e).equals(code.trim().toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        return null;
    }

    static UUID parse(String id) {
        try {
            return id == null ? null : UUID.fromString(id.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
