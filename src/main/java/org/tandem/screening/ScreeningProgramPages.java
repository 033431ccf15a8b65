package org.tandem.screening;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Questionnaire;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.practice.StaffMember;
import org.tandem.screening.ProgramRule.OnPositive;
import org.tandem.screening.ProgramRule.Population;

/**
 * The practice admin's screening program page ({@code /admin/screening}, practice admins only): the program's rules,
 * cut-offs and capacity settings, the alert escalation list, and the upload of licensed questionnaire wording.
 */
@Controller
class ScreeningProgramPages {

    /** Places on the escalation list. */
    static final int ESCALATION_SLOTS = 5;

    private final ScreeningRules rules;
    private final ScreeningProgram program;
    private final Questionnaires questionnaires;
    private final Practices practices;
    private final CurrentActor actors;

    ScreeningProgramPages(ScreeningRules rules, ScreeningProgram program, Questionnaires questionnaires, Practices practices,
            CurrentActor actors) {
        this.rules = rules;
        this.program = program;
        this.questionnaires = questionnaires;
        this.practices = practices;
        this.actors = actors;
    }

    /** A rule as typed into the form: every field as text, so nothing typed is lost when it is shown again. */
    record RuleForm(String instrument, String minAge, String maxAge, String intervalMonths, String population, String onPositive) {

        static RuleForm empty() {
            return new RuleForm("", "18", "", "12", Population.ALL.code(), OnPositive.WARM_HANDOFF.code());
        }

        static RuleForm of(ProgramRule rule) {
            return new RuleForm(rule.instrument(), String.valueOf(rule.minAge()), rule.maxAge() == null ? "" : String.valueOf(rule.maxAge()),
                    String.valueOf(rule.intervalMonths()), rule.population().code(), rule.onPositive().code());
        }

        /** Problems by field name, as message keys. */
        Map<String, String> problems() {
            Map<String, String> problems = new LinkedHashMap<>();
            if (instrument == null || Instruments.find(instrument).isEmpty()) {
                problems.put("instrument", "screening.rule.error.instrument");
            }
            Integer min = whole(minAge);
            if (min == null || min < 0 || min > 120) {
                problems.put("minAge", "screening.rule.error.minAge");
            }
            if (maxAge != null && !maxAge.isBlank()) {
                Integer max = whole(maxAge);
                if (max == null || max > 120 || (min != null && max < min)) {
                    problems.put("maxAge", "screening.rule.error.maxAge");
                }
            }
            Integer months = whole(intervalMonths);
            if (months == null || months < 1 || months > 120) {
                problems.put("intervalMonths", "screening.rule.error.interval");
            }
            if (Population.fromCode(population) == null) {
                problems.put("population", "screening.rule.error.population");
            }
            if (OnPositive.fromCode(onPositive) == null) {
                problems.put("onPositive", "screening.rule.error.onPositive");
            }
            return problems;
        }

        ProgramRule.Details details() {
            return new ProgramRule.Details(instrument, whole(minAge), maxAge == null || maxAge.isBlank() ? null : whole(maxAge),
                    whole(intervalMonths), Population.fromCode(population), OnPositive.fromCode(onPositive));
        }
    }

    /** The settings as typed into the form. */
    record SettingsForm(String auditCMen, String auditCWomen, String pcPtsd5, String epds, String escalationMinutes,
            String followUpMinutes, String bhcHoursPerWeek) {

        static SettingsForm of(ScreeningProgram.Settings s) {
            return new SettingsForm(String.valueOf(s.scoring().auditCMen()), String.valueOf(s.scoring().auditCWomen()),
                    String.valueOf(s.scoring().pcPtsd5()), String.valueOf(s.scoring().epds()), String.valueOf(s.escalationMinutes()),
                    String.valueOf(s.followUpMinutes()), s.bhcHoursPerWeek().stripTrailingZeros().toPlainString());
        }

        Map<String, String> problems() {
            Map<String, String> problems = new LinkedHashMap<>();
            if (!between(whole(auditCMen), 1, 12)) {
                problems.put("auditCMen", "screening.settings.error.auditC");
            }
            if (!between(whole(auditCWomen), 1, 12)) {
                problems.put("auditCWomen", "screening.settings.error.auditC");
            }
            if (!"3".equals(pcPtsd5) && !"4".equals(pcPtsd5)) {
                problems.put("pcPtsd5", "screening.settings.error.pcPtsd5");
            }
            if (!"10".equals(epds) && !"13".equals(epds)) {
                problems.put("epds", "screening.settings.error.epds");
            }
            if (!between(whole(escalationMinutes), 1, 240)) {
                problems.put("escalationMinutes", "screening.settings.error.escalation");
            }
            if (!between(whole(followUpMinutes), 5, 240)) {
                problems.put("followUpMinutes", "screening.settings.error.followUp");
            }
            BigDecimal hours = decimal(bhcHoursPerWeek);
            if (hours == null || hours.signum() < 0 || hours.compareTo(new BigDecimal("1000")) > 0 || hours.scale() > 1) {
                problems.put("bhcHoursPerWeek", "screening.settings.error.hours");
            }
            return problems;
        }

        ScreeningProgram.Settings settings(int version) {
            return new ScreeningProgram.Settings(new ScoringSettings(whole(auditCMen), whole(auditCWomen), whole(pcPtsd5), whole(epds)),
                    whole(escalationMinutes), whole(followUpMinutes), decimal(bhcHoursPerWeek), version);
        }
    }

    /** The escalation list as chosen: account ids in order, blanks for empty places. */
    record EscalationForm(List<String> contacts) {

        List<String> chosen() {
            return contacts == null ? List.of() : contacts.stream().map(c -> c == null ? "" : c.trim()).toList();
        }
    }

    /** One rule as the table shows it; population and onPositive are codes, named by messages screening.population.* etc. */
    record RuleRow(String id, String instrument, String title, int minAge, Integer maxAge, int intervalMonths, String population,
            String onPositive, boolean licensed, boolean usable) {
    }

    record Option(String value, String label) {
    }

    record StaffOption(String id, String name, List<String> roleKeys) {
    }

    record LicensedRow(String id, String title, boolean imported, String licence) {
    }

    @GetMapping("/admin/screening")
    String page(@RequestParam(name = "edit", required = false) String edit, Model model) {
        ScreeningRules.Program current = rules.program();
        if (edit != null && !model.containsAttribute("editForm")) {
            ProgramRule rule = current.rules().stream().filter(r -> r.id().toString().equals(edit)).findFirst()
                    .orElseThrow(UnknownRule::new);
            model.addAttribute("editId", rule.id().toString());
            model.addAttribute("editForm", RuleForm.of(rule));
        }
        defaults(model, "ruleForm", RuleForm.empty());
        defaults(model, "ruleProblems", Map.of());
        defaults(model, "editProblems", Map.of());
        defaults(model, "settingsForm", SettingsForm.of(program.settings()));
        defaults(model, "settingsProblems", Map.of());
        if (!model.containsAttribute("escalation")) {
            List<String> slots = new ArrayList<>(program.escalationContacts().stream().map(UUID::toString).toList());
            while (slots.size() < ESCALATION_SLOTS) {
                slots.add("");
            }
            model.addAttribute("escalation", slots);
        }
        defaults(model, "escalationProblem", null);
        defaults(model, "importProblems", List.of());
        model.addAttribute("rules", current.rules().stream().map(this::row).toList());
        model.addAttribute("suggestedDefault", current.suggestedDefault());
        model.addAttribute("instruments", Instruments.all().stream().map(i -> new Option(i.id(), i.title())).toList());
        model.addAttribute("populations", List.of(Population.values()).stream().map(Population::code).toList());
        model.addAttribute("onPositives", List.of(OnPositive.values()).stream().map(OnPositive::code).toList());
        model.addAttribute("staff", practices.staffOf(actors.requirePractice()).stream().filter(StaffMember::enabled)
                .map(s -> new StaffOption(s.id().toString(), s.displayName(), s.roles().stream().sorted().map(Role::messageKey).toList()))
                .toList());
        model.addAttribute("licensed", Instruments.all().stream().filter(i -> !i.wordingShipped())
                .map(i -> new LicensedRow(i.id(), i.title(), questionnaires.usable(i.id()), i.licence())).toList());
        return "screening/program";
    }

    @PostMapping("/admin/screening/rules")
    String add(@ModelAttribute("ruleForm") RuleForm form, Model model, RedirectAttributes redirect) {
        Map<String, String> problems = form.problems();
        if (problems.isEmpty()) {
            ProgramRule rule = rules.add(form.details());
            return notice(redirect, "screening.notice.ruleAdded", title(rule.instrument()));
        }
        model.addAttribute("ruleProblems", problems);
        model.addAttribute("ruleError", true);
        return page(null, model);
    }

    @PostMapping("/admin/screening/rules/{id}")
    String update(@PathVariable String id, @ModelAttribute("editForm") RuleForm form, Model model, RedirectAttributes redirect) {
        ProgramRule rule = rule(id);
        Map<String, String> problems = form.problems();
        if (problems.isEmpty()) {
            rules.update(rule.id(), form.details());
            return notice(redirect, "screening.notice.ruleSaved", title(form.instrument()));
        }
        model.addAttribute("editId", rule.id().toString());
        model.addAttribute("editProblems", problems);
        model.addAttribute("editError", true);
        return page(null, model);
    }

    @PostMapping("/admin/screening/rules/{id}/remove")
    String remove(@PathVariable String id, RedirectAttributes redirect) {
        ProgramRule rule = rule(id);
        rules.remove(rule.id());
        return notice(redirect, "screening.notice.ruleRemoved", title(rule.instrument()));
    }

    @PostMapping("/admin/screening/settings")
    String settings(@ModelAttribute("settingsForm") SettingsForm form, Model model, RedirectAttributes redirect) {
        Map<String, String> problems = form.problems();
        if (problems.isEmpty()) {
            program.save(form.settings(0));
            return notice(redirect, "screening.notice.settingsSaved", null);
        }
        model.addAttribute("settingsProblems", problems);
        model.addAttribute("settingsError", true);
        return page(null, model);
    }

    @PostMapping("/admin/screening/escalation")
    String escalation(@ModelAttribute EscalationForm form, Model model, RedirectAttributes redirect) {
        Set<String> staff = new HashSet<>();
        practices.staffOf(actors.requirePractice()).stream().filter(StaffMember::enabled).forEach(s -> staff.add(s.id().toString()));
        List<UUID> chosen = new ArrayList<>();
        String problem = null;
        for (String id : form.chosen()) {
            if (id.isEmpty()) {
                continue;
            }
            if (!staff.contains(id)) {
                problem = "screening.escalation.error.unknown";
            } else if (chosen.contains(UUID.fromString(id))) {
                problem = "screening.escalation.error.twice";
            } else {
                chosen.add(UUID.fromString(id));
            }
        }
        if (problem == null) {
            program.saveEscalationContacts(chosen);
            return notice(redirect, "screening.notice.escalationSaved", null);
        }
        List<String> slots = new ArrayList<>(form.chosen());
        while (slots.size() < ESCALATION_SLOTS) {
            slots.add("");
        }
        model.addAttribute("escalation", slots);
        model.addAttribute("escalationProblem", problem);
        return page(null, model);
    }

    @PostMapping("/admin/screening/questionnaires")
    String importWording(@RequestParam(name = "file", required = false) MultipartFile file, Model model,
            RedirectAttributes redirect) throws IOException {
        List<String> problems;
        if (file == null || file.isEmpty()) {
            model.addAttribute("importMissing", true);
            problems = List.of();
        } else {
            try {
                Questionnaire imported = questionnaires.importLicensed(new String(file.getBytes(), StandardCharsets.UTF_8));
                String id = imported.getIdElement().getIdPart();
                redirect.addFlashAttribute("noticeVersion", imported.getMeta().getVersionId());
                return notice(redirect, "screening.notice.imported", title(id));
            } catch (InvalidQuestionnaire e) {
                problems = e.problems();
            }
        }
        model.addAttribute("importProblems", problems);
        model.addAttribute("importFile", file == null ? null : file.getOriginalFilename());
        model.addAttribute("importError", true);
        return page(null, model);
    }

    @ExceptionHandler(UnknownRule.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound() {
        return "error/404";
    }

    /** No rule with this id in the practice's program. */
    static class UnknownRule extends RuntimeException {
        UnknownRule() {
            super("No such rule in this practice's screening program");
        }
    }

    private ProgramRule rule(String id) {
        return rules.program().rules().stream().filter(r -> r.id().toString().equals(id)).findFirst().orElseThrow(UnknownRule::new);
    }

    private RuleRow row(ProgramRule rule) {
        Instrument instrument = Instruments.find(rule.instrument()).orElse(null);
        boolean licensed = instrument != null && !instrument.wordingShipped();
        return new RuleRow(rule.id().toString(), rule.instrument(), title(rule.instrument()), rule.minAge(), rule.maxAge(),
                rule.intervalMonths(), rule.population().code(), rule.onPositive().code(), licensed,
                !licensed || questionnaires.usable(rule.instrument()));
    }

    private static String title(String instrument) {
        return Instruments.find(instrument).map(Instrument::title).orElse(instrument);
    }

    private static void defaults(Model model, String name, Object value) {
        if (!model.containsAttribute(name)) {
            model.addAttribute(name, value);
        }
    }

    private static String notice(RedirectAttributes redirect, String key, String name) {
        redirect.addFlashAttribute("notice", key);
        redirect.addFlashAttribute("noticeName", name);
        return "redirect:/admin/screening";
    }

    static Integer whole(String text) {
        if (text == null || !text.trim().matches("\\d{1,4}")) {
            return null;
        }
        return Integer.valueOf(text.trim());
    }

    static BigDecimal decimal(String text) {
        if (text == null || !text.trim().matches("\\d{1,4}(\\.\\d+)?")) {
            return null;
        }
        return new BigDecimal(text.trim());
    }

    private static boolean between(Integer value, int min, int max) {
        return value != null && value >= min && value <= max;
    }
}
