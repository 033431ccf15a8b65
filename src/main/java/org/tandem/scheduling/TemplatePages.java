package org.tandem.scheduling;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
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
import org.springframework.web.util.UriComponentsBuilder;
import org.tandem.patient.PatientNotFound;
import org.tandem.patient.VersionConflict;
import org.tandem.platform.CurrentActor;
import org.tandem.practice.Practices;
import org.tandem.practice.StaffMember;

/**
 * The practice admin's schedule templates ({@code /admin/schedule}, practice admins only, like every {@code /admin}
 * page): the list with hours per kind and BHC, a new or copied draft, activation from a date; and a template's week
 * ({@code /admin/schedule/{id}}): one BHC at a time as a time grid, the blocks with a form to add (one or several in
 * a row) and remove them, copying a day to other days, and totals per BHC. A draft is edited; an active or retired
 * template is shown read-only. A refused form comes back with what was typed and the problem; nothing is changed then.
 */
@Controller
class TemplatePages {

    static final List<DayOfWeek> WORK_WEEK = List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
    static final int MAX_REPEAT = 12;

    private final Templates templates;
    private final Practices practices;
    private final CurrentActor actors;
    private final Clock clock;

    TemplatePages(Templates templates, Practices practices, CurrentActor actors, Clock clock) {
        this.templates = templates;
        this.practices = practices;
        this.actors = actors;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- forms and rows

    record CreateForm(String name, String copyOf) {
    }

    record ActivateForm(String from, Integer version) {
    }

    /** A block (or several back to back) as typed. */
    record BlockForm(String bhc, String day, String start, String minutes, String kind, String release, String repeat, Integer version) {
    }

    record CopyForm(String bhc, String from, List<String> to, Integer version) {

        public boolean copiesTo(String day) {
            return to != null && to.contains(day);
        }
    }

    record RenameForm(String name, Integer version) {
    }

    /**
     * Problems of the form that was sent: message keys for what could not be read, and the rules' own words.
     *
     * @param target the template a list-page form was about, or null
     */
    record Problems(String form, UUID target, List<String> keys, List<String> messages) {

        static final Problems NONE = new Problems("", null, List.of(), List.of());

        public boolean of(String name) {
            return form.equals(name) && (!keys.isEmpty() || !messages.isEmpty());
        }

        public boolean of(String name, UUID template) {
            return of(name) && Objects.equals(target, template);
        }

        Problems withForm(String name) {
            return new Problems(name, target, keys, messages);
        }
    }

    /** Hours of one clinician (or the total) per kind, in the order of {@link BlockKind#values()}, and all together. */
    record HoursRow(String clinician, List<Double> hours, double total) {
    }

    record TemplateCard(UUID id, String name, String status, LocalDate activatedOn, LocalDate until, int blocks, int version,
            List<HoursRow> hours, HoursRow total) {
    }

    record KindView(String code, int min, int max, boolean bookable) {
    }

    record ClinicianTab(UUID id, String name, boolean selected, int blocks, boolean bhc) {
    }

    record BlockRow(UUID id, String dayKey, String start, String end, int minutes, String kind, Integer release) {
    }

    // ---------------------------------------------------------------- the list

    @GetMapping("/admin/schedule")
    String list(Model model) {
        return listPage(model, new CreateForm("", ""), null, null, Problems.NONE);
    }

    @PostMapping("/admin/schedule")
    String create(CreateForm form, Model model, HttpServletResponse http, RedirectAttributes redirect) {
        UUID copyOf = null;
        if (form.copyOf() != null && !form.copyOf().isBlank()) {
            copyOf = uuidOrNull(form.copyOf());
            if (copyOf == null) {
                http.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
                return listPage(model, form, null, null, new Problems("create", null, List.of("schedule.error.copyOf"), List.of()));
            }
        }
        try {
            ScheduleTemplate created = templates.create(form.name(), copyOf);
            redirect.addFlashAttribute("notice", "schedule.notice.created");
            return "redirect:/admin/schedule/" + created.id();
        } catch (InvalidScheduleData e) {
            http.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return listPage(model, form, null, null, new Problems("create", null, List.of(), e.problems()));
        }
    }

    @PostMapping("/admin/schedule/{id}/activate")
    String activate(@PathVariable String id, ActivateForm form, Model model, HttpServletResponse http, RedirectAttributes redirect) {
        ScheduleTemplate template = templates.get(uuid(id));
        LocalDate from = date(form.from());
        if (from == null) {
            http.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return listPage(model, new CreateForm("", ""), template.id(), form,
                    new Problems("activate", template.id(), List.of("schedule.error.activateDate"), List.of()));
        }
        try {
            int kept = templates.bookedFrom(from);
            templates.activate(template.id(), from, version(form.version(), template));
            redirect.addFlashAttribute("notice", "schedule.notice.activated");
            redirect.addFlashAttribute("noticeArgs", List.of(template.name(), from.toString(), kept));
            return "redirect:/admin/schedule";
        } catch (InvalidScheduleData e) {
            http.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return listPage(model, new CreateForm("", ""), template.id(), form, new Problems("activate", template.id(), List.of(), e.problems()));
        } catch (VersionConflict e) {
            http.setStatus(HttpStatus.CONFLICT.value());
            return listPage(model, new CreateForm("", ""), template.id(), form,
                    new Problems("activate", template.id(), List.of("schedule.error.conflict"), List.of()));
        }
    }

    @PostMapping("/admin/schedule/{id}/delete")
    String delete(@PathVariable String id, @RequestParam(required = false) Integer version, Model model, HttpServletResponse http,
            RedirectAttributes redirect) {
        ScheduleTemplate template = templates.get(uuid(id));
        try {
            templates.deleteDraft(template.id(), version(version, template));
            redirect.addFlashAttribute("notice", "schedule.notice.deleted");
            redirect.addFlashAttribute("noticeArgs", List.of(template.name()));
            return "redirect:/admin/schedule";
        } catch (InvalidScheduleData e) {
            http.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return listPage(model, new CreateForm("", ""), null, null, new Problems("delete", template.id(), List.of(), e.problems()));
        } catch (VersionConflict e) {
            http.setStatus(HttpStatus.CONFLICT.value());
            return listPage(model, new CreateForm("", ""), null, null,
                    new Problems("delete", template.id(), List.of("schedule.error.conflict"), List.of()));
        }
    }

    private String listPage(Model model, CreateForm createForm, UUID activating, ActivateForm activateForm, Problems problems) {
        List<ScheduleTemplate> all = templates.list();
        Map<UUID, LocalDate> until = templates.effectiveUntil();
        Map<UUID, String> names = names(all);
        LocalDate today = today();
        model.addAttribute("cards", all.stream().map(t -> new TemplateCard(t.id(), t.name(), code(t.status()), t.activatedOn(),
                until.get(t.id()), t.blocks().size(), t.version(), hours(t.blocks(), names), total(t.blocks()))).toList());
        model.addAttribute("createForm", createForm);
        model.addAttribute("activating", activating);
        model.addAttribute("activateFrom", activateForm != null && activateForm.from() != null ? activateForm.from() : today.toString());
        model.addAttribute("today", today);
        model.addAttribute("problems", problems);
        model.addAttribute("kinds", kinds());
        return "scheduling/templates";
    }

    // ---------------------------------------------------------------- one template

    @GetMapping("/admin/schedule/{id}")
    String edit(@PathVariable String id, @RequestParam(required = false) String bhc, Model model) {
        ScheduleTemplate template = templates.get(uuid(id));
        UUID selected = uuidOrNull(bhc);
        return editPage(model, template, selected, null, null, null, Problems.NONE);
    }

    @PostMapping("/admin/schedule/{id}/blocks")
    String addBlocks(@PathVariable String id, BlockForm form, Model model, HttpServletResponse http, RedirectAttributes redirect) {
        ScheduleTemplate template = templates.get(uuid(id));
        UUID bhc = uuidOrNull(form.bhc());
        List<String> keys = new ArrayList<>();
        DayOfWeek day = day(form.day());
        if (day == null) {
            keys.add("schedule.error.day");
        }
        LocalTime start = time(form.start());
        if (start == null) {
            keys.add("schedule.error.start");
        }
        Integer minutes = number(form.minutes());
        if (minutes == null || minutes <= 0) {
            keys.add("schedule.error.minutes");
        }
        BlockKind kind = kind(form.kind());
        if (kind == null) {
            keys.add("schedule.error.kind");
        }
        Integer release = null;
        if (form.release() != null && !form.release().isBlank()) {
            release = number(form.release());
            if (release == null) {
                keys.add("schedule.error.release");
            }
        }
        Integer repeat = form.repeat() == null || form.repeat().isBlank() ? Integer.valueOf(1) : number(form.repeat());
        if (repeat == null || repeat < 1 || repeat > MAX_REPEAT) {
            keys.add("schedule.error.repeat");
        }
        if (bhc == null) {
            keys.add("schedule.error.bhc");
        }
        if (!keys.isEmpty()) {
            http.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return editPage(model, template, bhc, form, null, null, new Problems("block", null, keys, List.of()));
        }
        List<BlockInput> inputs = new ArrayList<>(template.blocks().stream().map(Templates::input).toList());
        for (int i = 0; i < repeat; i++) {
            int at = TemplateRules.minuteOfDay(start) + i * minutes;
            if (at >= TemplateRules.DAY_MINUTES) {
                keys.add("schedule.error.repeatPastMidnight");
                break;
            }
            inputs.add(new BlockInput(bhc, day, SlotGenerator.time(at), minutes, kind, release));
        }
        if (!keys.isEmpty()) {
            http.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return editPage(model, template, bhc, form, null, null, new Problems("block", null, keys, List.of()));
        }
        return replace(template, inputs, form.version(), bhc, "schedule.notice.added", model, http, redirect,
                problems -> editPage(model, template, bhc, form, null, null, problems.withForm("block")));
    }

    @PostMapping("/admin/schedule/{id}/blocks/{block}/remove")
    String removeBlock(@PathVariable String id, @PathVariable String block, @RequestParam(required = false) Integer version,
            @RequestParam(required = false) String bhc, Model model, HttpServletResponse http, RedirectAttributes redirect) {
        ScheduleTemplate template = templates.get(uuid(id));
        UUID blockId = uuidOrNull(block);
        UUID clinician = uuidOrNull(bhc);
        List<BlockInput> inputs = template.blocks().stream().filter(b -> !b.id().equals(blockId)).map(Templates::input).toList();
        return replace(template, inputs, version, clinician, "schedule.notice.removed", model, http, redirect,
                problems -> editPage(model, template, clinician, null, null, null, problems.withForm("blocks")));
    }

    @PostMapping("/admin/schedule/{id}/copy-day")
    String copyDay(@PathVariable String id, CopyForm form, Model model, HttpServletResponse http, RedirectAttributes redirect) {
        ScheduleTemplate template = templates.get(uuid(id));
        UUID bhc = uuidOrNull(form.bhc());
        DayOfWeek from = day(form.from());
        Set<DayOfWeek> to = EnumSet.noneOf(DayOfWeek.class);
        if (form.to() != null) {
            form.to().stream().map(TemplatePages::day).filter(Objects::nonNull).forEach(to::add);
        }
        List<String> keys = new ArrayList<>();
        if (bhc == null) {
            keys.add("schedule.error.bhc");
        }
        if (from == null) {
            keys.add("schedule.error.copyFrom");
        }
        to.remove(from);
        if (to.isEmpty()) {
            keys.add("schedule.error.copyTo");
        }
        List<TemplateBlock> source = template.blocks().stream().filter(b -> b.clinician().equals(bhc) && b.day() == from).toList();
        if (keys.isEmpty() && source.isEmpty()) {
            keys.add("schedule.error.copyEmpty");
        }
        if (!keys.isEmpty()) {
            http.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return editPage(model, template, bhc, null, form, null, new Problems("copy", null, keys, List.of()));
        }
        List<BlockInput> inputs = new ArrayList<>();
        for (TemplateBlock b : template.blocks()) {
            if (!(b.clinician().equals(bhc) && to.contains(b.day()))) {
                inputs.add(Templates.input(b));
            }
        }
        for (DayOfWeek day : to) {
            for (TemplateBlock b : source) {
                inputs.add(new BlockInput(b.clinician(), day, b.start(), b.minutes(), b.kind(), b.releaseMinutes()));
            }
        }
        return replace(template, inputs, form.version(), bhc, "schedule.notice.copied", model, http, redirect,
                problems -> editPage(model, template, bhc, null, form, null, problems.withForm("copy")));
    }

    @PostMapping("/admin/schedule/{id}/rename")
    String rename(@PathVariable String id, RenameForm form, Model model, HttpServletResponse http, RedirectAttributes redirect) {
        ScheduleTemplate template = templates.get(uuid(id));
        try {
            templates.rename(template.id(), form.name(), version(form.version(), template));
            redirect.addFlashAttribute("notice", "schedule.notice.renamed");
            return "redirect:/admin/schedule/" + template.id();
        } catch (InvalidScheduleData e) {
            http.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return editPage(model, template, null, null, null, form, new Problems("rename", null, List.of(), e.problems()));
        } catch (VersionConflict e) {
            http.setStatus(HttpStatus.CONFLICT.value());
            return editPage(model, templates.get(template.id()), null, null, null, form,
                    new Problems("rename", null, List.of("schedule.error.conflict"), List.of()));
        }
    }

    private interface Refused {
        String render(Problems problems);
    }

    private String replace(ScheduleTemplate template, List<BlockInput> inputs, Integer version, UUID bhc, String notice, Model model,
            HttpServletResponse http, RedirectAttributes redirect, Refused refused) {
        try {
            templates.replaceBlocks(template.id(), inputs, version(version, template));
            redirect.addFlashAttribute("notice", notice);
            return "redirect:" + UriComponentsBuilder.fromPath("/admin/schedule/{id}").queryParamIfPresent("bhc",
                    java.util.Optional.ofNullable(bhc)).buildAndExpand(template.id()).toUriString();
        } catch (InvalidScheduleData e) {
            http.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return refused.render(new Problems("", null, List.of(), e.problems()));
        } catch (VersionConflict e) {
            http.setStatus(HttpStatus.CONFLICT.value());
            return refused.render(new Problems("", null, List.of("schedule.error.conflict"), List.of()));
        }
    }

    private String editPage(Model model, ScheduleTemplate shown, UUID bhc, BlockForm blockForm, CopyForm copyForm,
            RenameForm renameForm, Problems problems) {
        // after a conflict the page shows what is stored now
        ScheduleTemplate template = problems.keys().contains("schedule.error.conflict") ? templates.get(shown.id()) : shown;
        List<StaffMember> bhcs = templates.clinicians();
        Map<UUID, String> names = names(List.of(template));
        Map<UUID, Integer> counts = new HashMap<>();
        template.blocks().forEach(b -> counts.merge(b.clinician(), 1, Integer::sum));
        Set<UUID> order = new LinkedHashSet<>();
        bhcs.forEach(s -> order.add(s.id()));
        order.addAll(names.keySet());
        UUID selected = bhc != null && order.contains(bhc) ? bhc : order.stream().findFirst().orElse(null);
        Set<UUID> bhcIds = new java.util.HashSet<>();
        bhcs.forEach(s -> bhcIds.add(s.id()));
        List<ClinicianTab> tabs = order.stream().map(id -> new ClinicianTab(id, names.get(id), id.equals(selected),
                counts.getOrDefault(id, 0), bhcIds.contains(id))).toList();
        List<DayOfWeek> days = new ArrayList<>(WORK_WEEK);
        for (DayOfWeek weekend : List.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY)) {
            if (template.blocks().stream().anyMatch(b -> b.day() == weekend)) {
                days.add(weekend);
            }
        }
        List<TemplateBlock> mine = template.blocks().stream().filter(b -> b.clinician().equals(selected))
                .sorted(TemplateRules.ORDER).toList();
        boolean editable = template.status() == TemplateStatus.DRAFT;
        model.addAttribute("template", template);
        model.addAttribute("status", code(template.status()));
        model.addAttribute("editable", editable);
        model.addAttribute("until", templates.effectiveUntil().get(template.id()));
        model.addAttribute("tabs", tabs);
        model.addAttribute("selected", selected);
        model.addAttribute("selectedName", selected == null ? null : names.get(selected));
        model.addAttribute("grid", WeekGrid.of(mine, days));
        model.addAttribute("blocks", mine.stream().map(b -> new BlockRow(b.id(), WeekGrid.key(b.day()), TemplateRules.time(
                TemplateRules.minuteOfDay(b.start())), TemplateRules.time(TemplateRules.minuteOfDay(b.start()) + b.minutes()), b.minutes(),
                b.kind().code(), b.releaseMinutes())).toList());
        model.addAttribute("hours", hours(template.blocks(), names));
        model.addAttribute("total", total(template.blocks()));
        model.addAttribute("kinds", kinds());
        model.addAttribute("allDays", List.of(DayOfWeek.values()).stream().map(WeekGrid::key).toList());
        model.addAttribute("blockForm", blockForm != null ? blockForm : new BlockForm(selected == null ? "" : selected.toString(),
                "monday", "09:00", "50", BlockKind.COUNSELING.code(), "", "1", template.version()));
        model.addAttribute("copyForm", copyForm != null ? copyForm : new CopyForm(selected == null ? "" : selected.toString(), "monday",
                List.of(), template.version()));
        model.addAttribute("renameForm", renameForm != null ? renameForm : new RenameForm(template.name(), template.version()));
        model.addAttribute("problems", problems);
        model.addAttribute("maxRepeat", MAX_REPEAT);
        return "scheduling/template";
    }

    // ---------------------------------------------------------------- helpers

    private Map<UUID, String> names(List<ScheduleTemplate> all) {
        Set<UUID> ids = new LinkedHashSet<>();
        all.forEach(t -> t.blocks().forEach(b -> ids.add(b.clinician())));
        Map<UUID, String> names = new LinkedHashMap<>();
        for (StaffMember s : templates.clinicians()) {
            if (ids.contains(s.id())) {
                names.put(s.id(), s.displayName());
            }
        }
        Map<UUID, String> others = practices.displayNames(ids.stream().filter(id -> !names.containsKey(id)).toList());
        names.putAll(others);
        for (StaffMember s : templates.clinicians()) {
            names.putIfAbsent(s.id(), s.displayName());
        }
        return names;
    }

    static List<HoursRow> hours(List<TemplateBlock> blocks, Map<UUID, String> names) {
        Map<UUID, Map<BlockKind, Integer>> minutes = new LinkedHashMap<>();
        for (TemplateBlock b : blocks) {
            minutes.computeIfAbsent(b.clinician(), k -> new EnumMap<>(BlockKind.class)).merge(b.kind(), b.minutes(), Integer::sum);
        }
        List<HoursRow> rows = new ArrayList<>();
        minutes.forEach((clinician, byKind) -> rows.add(row(names.getOrDefault(clinician, clinician.toString()), byKind)));
        rows.sort(java.util.Comparator.comparing(HoursRow::clinician));
        return rows;
    }

    static HoursRow total(List<TemplateBlock> blocks) {
        Map<BlockKind, Integer> byKind = new EnumMap<>(BlockKind.class);
        blocks.forEach(b -> byKind.merge(b.kind(), b.minutes(), Integer::sum));
        return row(null, byKind);
    }

    private static HoursRow row(String clinician, Map<BlockKind, Integer> byKind) {
        List<Double> hours = new ArrayList<>();
        int all = 0;
        for (BlockKind kind : BlockKind.values()) {
            int m = byKind.getOrDefault(kind, 0);
            hours.add(m / 60.0);
            all += m;
        }
        return new HoursRow(clinician, hours, all / 60.0);
    }

    static List<KindView> kinds() {
        return List.of(BlockKind.values()).stream().map(k -> new KindView(k.code(), TemplateRules.LENGTHS.get(k).min(),
                TemplateRules.LENGTHS.get(k).max(), k.bookable())).toList();
    }

    static String code(TemplateStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(practices.zoneOf(actors.requirePractice())));
    }

    /** The version the form was rendered with; a form without one is stale by definition. */
    private static int version(Integer version, ScheduleTemplate template) {
        return version == null ? template.version() - 1 : version;
    }

    static UUID uuid(String text) {
        UUID id = uuidOrNull(text);
        if (id == null) {
            throw new PatientNotFound("Schedule template " + text);
        }
        return id;
    }

    static UUID uuidOrNull(String text) {
        try {
            return text == null || text.isBlank() ? null : UUID.fromString(text.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static DayOfWeek day(String text) {
        try {
            return text == null ? null : DayOfWeek.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static LocalTime time(String text) {
        try {
            return text == null || text.isBlank() ? null : LocalTime.parse(text.trim().length() == 4 ? "0" + text.trim() : text.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static LocalDate date(String text) {
        try {
            return text == null || text.isBlank() ? null : LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Integer number(String text) {
        try {
            return text == null || text.isBlank() ? null : Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static BlockKind kind(String code) {
        try {
            return code == null || code.isBlank() ? null : BlockKind.ofCode(code.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @ExceptionHandler(PatientNotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound() {
        return "error/404";
    }
}
