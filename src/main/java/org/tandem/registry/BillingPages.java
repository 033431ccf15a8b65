package org.tandem.registry;

import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.tandem.registry.BillingMonth.Claim;
import org.tandem.registry.BillingMonth.Next;
import org.tandem.registry.BillingMonth.NotCounted;
import org.tandem.registry.BillingMonth.Refusal;
import org.tandem.registry.BillingRules.CodeRule;
import org.tandem.registry.RegistrySettings.BillingSetting;

/**
 * The monthly billing report ({@code /registry/billing}, its CSV download {@code /registry/billing.csv}) for clinical
 * roles, and the registry settings ({@code /admin/registry}: billing setting and home link validity) for practice admins.
 */
@Controller
class BillingPages {

    private final Billing billing;
    private final RegistrySettings settings;

    BillingPages(Billing billing, RegistrySettings settings) {
        this.billing = billing;
        this.settings = settings;
    }

    /** A message key with up to four arguments, rendered by the template. */
    record Text(String key, Object a0, Object a1, Object a2, Object a3) {

        static Text of(String key, Object... args) {
            Object[] a = java.util.Arrays.copyOf(args, 4);
            return new Text(key, a[0], a[1], a[2], a[3]);
        }
    }

    record CodeView(String code, int units, String label, boolean verified) {
    }

    record LineView(UUID patientId, String patientName, String mrn, String cocmMonth, int minutes, List<CodeView> codes,
            List<Text> refusals, List<Text> next, List<Text> notCounted) {
    }

    record GroupView(String name, int patients, int minutes, List<CodeView> units, List<LineView> lines) {
    }

    record RuleView(String code, String month, Text time, boolean medicareOnly, String biller, String notWith, String source,
            String unverified) {
    }

    @GetMapping("/registry/billing")
    String report(@RequestParam(name = "month", required = false) String month, Model model) {
        List<String> problems = new ArrayList<>();
        YearMonth last = billing.lastMonth();
        YearMonth chosen = month(month, last, problems);
        BillingReport report = billing.report(chosen);
        model.addAttribute("problems", problems);
        model.addAttribute("month", chosen.toString());
        model.addAttribute("previous", chosen.minusMonths(1).toString());
        model.addAttribute("next", chosen.isBefore(last.plusMonths(1)) ? chosen.plusMonths(1).toString() : null);
        model.addAttribute("maxMonth", last.plusMonths(1).toString());
        model.addAttribute("setting", report.setting().code());
        model.addAttribute("year", Integer.toString(chosen.getYear()));
        model.addAttribute("hasRules", report.rules() != null);
        model.addAttribute("rulesVerified", report.rules() != null && report.rules().verified());
        model.addAttribute("rules", report.rules() == null ? List.of() : report.rules().codes().stream().map(BillingPages::rule).toList());
        model.addAttribute("patients", report.patients());
        model.addAttribute("minutes", report.minutes());
        model.addAttribute("units", units(report.units(), report));
        model.addAttribute("groups", report.groups().stream().map(g -> group(g, report)).toList());
        return "registry/billing";
    }

    @GetMapping("/registry/billing.csv")
    ResponseEntity<byte[]> csv(@RequestParam(name = "month", required = false) String month) {
        List<String> problems = new ArrayList<>();
        YearMonth chosen = month(month, billing.lastMonth(), problems);
        if (!problems.isEmpty()) {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
                    .body("A month must be written as yyyy-mm\n".getBytes(StandardCharsets.UTF_8));
        }
        BillingReport report = billing.export(chosen);
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("tandem-billing-" + chosen + ".csv").build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(BillingCsv.of(report).getBytes(StandardCharsets.UTF_8));
    }

    // ---- registry settings (practice admins; /admin/** is for practice admins only) ----

    /** The settings form as typed. */
    record SettingsForm(String billingSetting, String linkExpiryHours) {

        static SettingsForm of(RegistrySettings.Settings s) {
            return new SettingsForm(s.billingSetting().code(), Integer.toString(s.linkExpiryHours()));
        }

        Map<String, String> problems() {
            Map<String, String> problems = new LinkedHashMap<>();
            if (setting() == null) {
                problems.put("billingSetting", "registry.billing.settings.error.setting");
            }
            Integer hours = hours();
            if (hours == null || hours < 1 || hours > 336) {
                problems.put("linkExpiryHours", "registry.billing.settings.error.hours");
            }
            return problems;
        }

        BillingSetting setting() {
            for (BillingSetting s : BillingSetting.values()) {
                if (s.code().equals(billingSetting)) {
                    return s;
                }
            }
            return null;
        }

        Integer hours() {
            try {
                return linkExpiryHours == null ? null : Integer.valueOf(linkExpiryHours.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    @GetMapping("/admin/registry")
    String settings(Model model) {
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", SettingsForm.of(settings.current()));
        }
        if (!model.containsAttribute("problems")) {
            model.addAttribute("problems", Map.of());
        }
        if (!model.containsAttribute("otherProblems")) {
            model.addAttribute("otherProblems", List.of());
        }
        model.addAttribute("settings", List.of(BillingSetting.values()).stream().map(BillingSetting::code).toList());
        return "registry/settings";
    }

    @PostMapping("/admin/registry")
    String saveSettings(@ModelAttribute("form") SettingsForm form, Model model, RedirectAttributes redirect) {
        Map<String, String> problems = form.problems();
        if (problems.isEmpty()) {
            try {
                settings.update(new RegistrySettings.Settings(form.setting(), form.hours()));
                redirect.addFlashAttribute("notice", "registry.billing.settings.saved");
                return "redirect:/admin/registry";
            } catch (InvalidRegistryData e) {
                model.addAttribute("otherProblems", e.problems());
            }
        }
        model.addAttribute("problems", problems);
        model.addAttribute("invalid", true);
        return settings(model);
    }

    // ---- views ----

    static RuleView rule(CodeRule r) {
        Text time = r.addOn()
                ? Text.of("registry.billing.rule.addOn", r.fromMinutes(), r.descriptorMinutes(), String.join(", ", r.addOnTo()))
                : Text.of("registry.billing.rule.primary", r.fromMinutes(), r.descriptorMinutes());
        return new RuleView(r.code(), r.month() == null ? "any" : r.month().code(), time, r.medicareOnly(), r.biller().code(),
                r.notWith().stream().sorted().collect(Collectors.joining(", ")), r.source(), r.unverified());
    }

    private static GroupView group(BillingReport.Group g, BillingReport report) {
        return new GroupView(g.name(), g.patients(), g.minutes(), units(g.units(), report),
                g.lines().stream().map(BillingPages::line).toList());
    }

    private static List<CodeView> units(Map<String, Integer> units, BillingReport report) {
        List<CodeView> views = new ArrayList<>();
        units.forEach((code, n) -> views.add(new CodeView(code, n, n == 1 ? code : code + " x" + n,
                report.rules() != null && report.rules().codes().stream().filter(r -> r.code().equals(code)).allMatch(CodeRule::verified))));
        return views;
    }

    private static LineView line(BillingReport.Line l) {
        List<CodeView> codes = l.claims().stream().map((Claim c) -> new CodeView(c.code(), c.units(), c.label(), c.verified())).toList();
        return new LineView(l.patient().value(), l.patientName(), l.mrn(), l.cocmMonth() == null ? null : l.cocmMonth().code(),
                l.minutes(), codes, l.refusals().stream().map(BillingPages::refusal).toList(),
                l.next().stream().map(BillingPages::next).toList(), l.notCounted().stream().map(BillingPages::notCounted).toList());
    }

    static Text refusal(Refusal r) {
        return Text.of("registry.billing.refusal." + r.reason().code(), r.code() == null ? "" : r.code(), r.with() == null ? "" : r.with());
    }

    static Text next(Next n) {
        return n.unit() == 1 ? Text.of("registry.billing.next", n.code(), n.atMinutes(), n.minutesToGo())
                : Text.of("registry.billing.nextUnit", n.code(), n.unit(), n.atMinutes(), n.minutesToGo());
    }

    static Text notCounted(NotCounted n) {
        return Text.of("registry.billing.notCounted." + n.why().code(), n.minutes(), n.on() == null ? "" : n.on().toString());
    }

    private static YearMonth month(String text, YearMonth fallback, List<String> problems) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            YearMonth month = YearMonth.parse(text.trim());
            if (month.getYear() < 2000 || month.isAfter(fallback.plusMonths(1))) {
                problems.add("registry.billing.error.range");
                return fallback;
            }
            return month;
        } catch (DateTimeParseException e) {
            problems.add("registry.billing.error.month");
            return fallback;
        }
    }
}
