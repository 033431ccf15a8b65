package org.tandem.screening;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.patient.ClinicalFact;
import org.tandem.patient.ClinicalFactQuery;
import org.tandem.patient.ClinicalFacts;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientPage;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.platform.TenantJdbc;
import org.tandem.screening.ProgramRule.OnPositive;
import org.tandem.screening.ProgramRule.Population;

/**
 * Who is due for which screening: the practice's program rules (table {@code screening_program_rule}), Tandem's
 * suggested default program for practices without rules of their own, and the due rule itself.
 *
 * <p>A screening satisfies a rule on a day when the patient has a <em>completed</em> result (Tandem's own or
 * imported, as {@link Screenings#history} gives them) of the rule's instrument or of one that contains it, dated
 * within the rule's interval before that day: after the day minus the interval and before the day itself. A yearly
 * PHQ-2 done on 4 March 2025 satisfies the rule up to 3 March 2026; the patient is due again on 4 March 2026. A
 * result of the day itself does not make the patient "not due" that day; it shows that the due screening was done.
 */
@Component
public class ScreeningRules {

    /** ICD-10-CM, as FHIR names it. */
    public static final String ICD_10_CM = "http://hl7.org/fhir/sid/icd-10-cm";
    /** SNOMED CT 77386006 Pregnancy (finding). */
    public static final String SNOMED_PREGNANCY = "77386006";
    /** How far back a pregnancy-related condition makes a patient perinatal. */
    public static final int PERINATAL_MONTHS = 12;
    /** Facts per page when paging through the practice's facts. */
    static final int PAGE = 500;

    /**
     * Instruments that contain another one's items, so a completed result of the container screens for the
     * contained one too: PHQ-9 and PHQ-A contain PHQ-2 (the first two PHQ-9 items; PHQ-A's first two are the same
     * symptoms), GAD-7 contains GAD-2 (its first two items), AUDIT contains AUDIT-C (its questions 1-3). PHQ-9 and
     * PHQ-A cover each other: both ask the nine DSM symptom items with the same bands (Synthea codes every PHQ-9
     * as PHQ-A).
     */
    static final Map<String, Set<String>> COVERED_BY = Map.of(
            Instruments.PHQ_2, Set.of(Instruments.PHQ_2, Instruments.PHQ_9, Instruments.PHQ_A),
            Instruments.PHQ_9, Set.of(Instruments.PHQ_9, Instruments.PHQ_A),
            Instruments.PHQ_A, Set.of(Instruments.PHQ_A, Instruments.PHQ_9),
            Instruments.GAD_2, Set.of(Instruments.GAD_2, Instruments.GAD_7),
            Instruments.AUDIT_C, Set.of(Instruments.AUDIT_C, Instruments.AUDIT));

    private final TenantJdbc jdbc;
    private final CurrentActor actors;
    private final Questionnaires questionnaires;
    private final ClinicalFacts facts;

    ScreeningRules(TenantJdbc jdbc, CurrentActor actors, Questionnaires questionnaires, ClinicalFacts facts) {
        this.jdbc = jdbc;
        this.actors = actors;
        this.questionnaires = questionnaires;
        this.facts = facts;
    }

    /**
     * The program a practice follows: its own rules in order, or Tandem's suggested default when it has none.
     *
     * @param suggestedDefault true when the practice has no rules of its own
     */
    public record Program(List<ProgramRule> rules, boolean suggestedDefault) {

        public boolean hasPerinatalRule() {
            return rules.stream().anyMatch(r -> r.population() == Population.PERINATAL);
        }

        /** The instruments of the rules, each once, in rule order. */
        public List<String> instruments() {
            return rules.stream().map(ProgramRule::instrument).distinct().toList();
        }
    }

    /** The practice's program (its own rules, or the suggested default). */
    @Transactional(readOnly = true)
    public Program program() {
        List<ProgramRule> own = own(jdbc.current());
        if (!own.isEmpty()) {
            return new Program(own, false);
        }
        return new Program(suggestedDefault(questionnaires.usable(Instruments.PHQ_A), questionnaires.usable(Instruments.EPDS)), true);
    }

    /**
     * Tandem's suggested default program, for a practice that has not set rules of its own. It is a starting point
     * for the practice to adapt, in line with the U.S. screening recommendations for depression (adolescents 12-18
     * and adults), unhealthy alcohol use and anxiety (adults); it is not itself a guideline:
     * <ul>
     * <li>PHQ-2 yearly for 18 and older, and PHQ-A yearly for 12-17 when the practice imported the PHQ-A wording
     * (licensed); without it, PHQ-2 yearly for 12 and older;</li>
     * <li>AUDIT-C yearly for 18 and older;</li>
     * <li>GAD-2 yearly for 18 and older;</li>
     * <li>EPDS every 3 months for perinatal patients 12 and older, only when the practice imported the EPDS wording
     * (licensed by the Royal College of Psychiatrists).</li>
     * </ul>
     * Depression and anxiety positives lead to a warm handoff to the BHC, alcohol positives to PCP follow-up.
     */
    public static List<ProgramRule> suggestedDefault(boolean phqAImported, boolean epdsImported) {
        List<ProgramRule> rules = new ArrayList<>();
        if (phqAImported) {
            rules.add(defaultRule(Instruments.PHQ_2, 18, null, 12, Population.ALL, OnPositive.WARM_HANDOFF, rules.size()));
            rules.add(defaultRule(Instruments.PHQ_A, 12, 17, 12, Population.ALL, OnPositive.WARM_HANDOFF, rules.size()));
        } else {
            rules.add(defaultRule(Instruments.PHQ_2, 12, null, 12, Population.ALL, OnPositive.WARM_HANDOFF, rules.size()));
        }
        rules.add(defaultRule(Instruments.AUDIT_C, 18, null, 12, Population.ALL, OnPositive.PCP_FOLLOW_UP, rules.size()));
        rules.add(defaultRule(Instruments.GAD_2, 18, null, 12, Population.ALL, OnPositive.WARM_HANDOFF, rules.size()));
        if (epdsImported) {
            rules.add(defaultRule(Instruments.EPDS, 12, null, 3, Population.PERINATAL, OnPositive.WARM_HANDOFF, rules.size()));
        }
        return List.copyOf(rules);
    }

    private static ProgramRule defaultRule(String instrument, int minAge, Integer maxAge, int months, Population population,
            OnPositive onPositive, int position) {
        String key = "tandem-default:" + instrument + ":" + minAge + "-" + (maxAge == null ? "" : maxAge) + ":" + population.code();
        return new ProgramRule(UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)), instrument, minAge, maxAge, months,
                population, onPositive, position);
    }

    /**
     * Adds a rule at the end of the program (practice admins). A practice still on the suggested default first
     * takes the default as its own, so the new rule is added to it.
     *
     * @throws InvalidResponse when the rule is not valid; nothing changes then
     */
    @Transactional
    public ProgramRule add(ProgramRule.Details details) {
        requireAdmin();
        requireValid(details);
        TenantJdbc.Scoped sql = jdbc.current();
        List<ProgramRule> rules = adopt(sql);
        int position = rules.stream().mapToInt(ProgramRule::position).max().orElse(-1) + 1;
        ProgramRule rule = new ProgramRule(UUID.randomUUID(), details.instrument(), details.minAge(), details.maxAge(),
                details.intervalMonths(), details.population(), details.onPositive(), position);
        insert(sql, rule);
        return rule;
    }

    /**
     * Changes a rule (practice admins); it keeps its place.
     *
     * @throws InvalidResponse when the rule is not valid or not in the program; nothing changes then
     */
    @Transactional
    public ProgramRule update(UUID id, ProgramRule.Details details) {
        requireAdmin();
        requireValid(details);
        TenantJdbc.Scoped sql = jdbc.current();
        ProgramRule current = find(adopt(sql), id);
        ProgramRule changed = new ProgramRule(id, details.instrument(), details.minAge(), details.maxAge(),
                details.intervalMonths(), details.population(), details.onPositive(), current.position());
        sql.update("UPDATE screening_program_rule SET instrument = :instrument, min_age = :minAge, max_age = :maxAge, "
                + "interval_months = :months, population = :population, on_positive = :onPositive "
                + "WHERE practice_id = :practiceId AND id = :id", params(changed));
        return changed;
    }

    /**
     * Removes a rule (practice admins). A practice that removes its last rule follows the suggested default again.
     *
     * @throws InvalidResponse when the rule is not in the program
     */
    @Transactional
    public void remove(UUID id) {
        requireAdmin();
        TenantJdbc.Scoped sql = jdbc.current();
        find(adopt(sql), id);
        sql.update("DELETE FROM screening_program_rule WHERE practice_id = :practiceId AND id = :id", Map.of("id", id));
    }

    /** The practice's own rules; when it has none, stores the suggested default as its own first. */
    private List<ProgramRule> adopt(TenantJdbc.Scoped sql) {
        List<ProgramRule> own = own(sql);
        if (!own.isEmpty()) {
            return own;
        }
        List<ProgramRule> defaults = suggestedDefault(questionnaires.usable(Instruments.PHQ_A), questionnaires.usable(Instruments.EPDS));
        defaults.forEach(rule -> insert(sql, rule));
        return defaults;
    }

    private static ProgramRule find(List<ProgramRule> rules, UUID id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new InvalidResponse("The program has no rule " + id));
    }

    private static List<ProgramRule> own(TenantJdbc.Scoped sql) {
        return sql.query("SELECT * FROM screening_program_rule WHERE practice_id = :practiceId ORDER BY position, id", Map.of(),
                (rs, n) -> new ProgramRule(rs.getObject("id", UUID.class), rs.getString("instrument"), rs.getInt("min_age"),
                        rs.getObject("max_age") == null ? null : rs.getInt("max_age"), rs.getInt("interval_months"),
                        Population.fromCode(rs.getString("population")), OnPositive.fromCode(rs.getString("on_positive")),
                        rs.getInt("position")));
    }

    private static void insert(TenantJdbc.Scoped sql, ProgramRule rule) {
        sql.update("INSERT INTO screening_program_rule (practice_id, id, instrument, min_age, max_age, interval_months, population, "
                + "on_positive, position) VALUES (:practiceId, :id, :instrument, :minAge, :maxAge, :months, :population, "
                + ":onPositive, :position)", params(rule));
    }

    private static Map<String, Object> params(ProgramRule rule) {
        Map<String, Object> params = new HashMap<>();
        params.put("id", rule.id());
        params.put("instrument", rule.instrument());
        params.put("minAge", rule.minAge());
        params.put("maxAge", rule.maxAge());
        params.put("months", rule.intervalMonths());
        params.put("population", rule.population().code());
        params.put("onPositive", rule.onPositive().code());
        params.put("position", rule.position());
        return params;
    }

    private static void requireValid(ProgramRule.Details details) {
        List<String> problems = details == null ? List.of("Describe the rule") : details.problems();
        if (!problems.isEmpty()) {
            throw new InvalidResponse(problems);
        }
    }

    private void requireAdmin() {
        if (!actors.require().hasRole(Role.PRACTICE_ADMIN)) {
            throw new AccessDeniedException("Only a practice admin may change the screening program");
        }
    }

    // ---- the due rule -------------------------------------------------------------------------------------------

    /**
     * Where a patient stands with one rule on a day.
     *
     * @param due true when no covering completed result is dated within the rule's interval before the day
     * @param lastDone the practice-local date of the latest covering completed result before the day, or null
     * @param lastInstrument the instrument of that result, or null
     * @param doneOnDay the instrument of a covering completed result dated on the day itself, or null
     */
    public record RuleStatus(ProgramRule rule, boolean due, LocalDate lastDone, String lastInstrument, String doneOnDay) {

        /** Due and not yet done on the day. */
        public boolean stillDue() {
            return due && doneOnDay == null;
        }
    }

    /** The instruments whose completed result satisfies a rule for this instrument: itself and its containers. */
    public static Set<String> coveredBy(String instrument) {
        return COVERED_BY.getOrDefault(instrument, Set.of(instrument));
    }

    /**
     * The rules that apply to a patient on a day, each with whether it is due.
     *
     * @param age the patient's age in years on the day (null: unknown, no rule applies)
     * @param perinatal whether the patient is perinatal on the day (see {@link #perinatalOn})
     * @param history the patient's screenings (any order); results after the day are ignored
     */
    public static List<RuleStatus> statuses(List<ProgramRule> rules, Integer age, boolean perinatal,
            Collection<ScreeningEvent> history, LocalDate day, ZoneId zone) {
        List<RuleStatus> statuses = new ArrayList<>();
        for (ProgramRule rule : rules) {
            if (rule.appliesTo(age, perinatal)) {
                statuses.add(status(rule, history, day, zone));
            }
        }
        return statuses;
    }

    /** Where a patient stands with one rule on a day (whether or not the rule applies to them). */
    public static RuleStatus status(ProgramRule rule, Collection<ScreeningEvent> history, LocalDate day, ZoneId zone) {
        Set<String> covering = coveredBy(rule.instrument());
        List<ScreeningEvent> results = history.stream().filter(e -> e.complete() && covering.contains(e.instrument())).toList();
        String doneOnDay = results.stream().filter(e -> e.at().atZone(zone).toLocalDate().equals(day))
                .max(Comparator.comparing(ScreeningEvent::at)).map(ScreeningEvent::instrument).orElse(null);
        Optional<ScreeningEvent> last = results.stream()
                .filter(e -> e.at().atZone(zone).toLocalDate().isBefore(day))
                .max(Comparator.comparing(ScreeningEvent::at));
        if (last.isEmpty()) {
            return new RuleStatus(rule, true, null, null, doneOnDay);
        }
        LocalDate done = last.get().at().atZone(zone).toLocalDate();
        boolean due = !done.isAfter(day.minusMonths(rule.intervalMonths()));
        return new RuleStatus(rule, due, done, last.get().instrument(), doneOnDay);
    }

    // ---- perinatal ----------------------------------------------------------------------------------------------

    /**
     * Whether a Condition code marks pregnancy, childbirth or the puerperium, as the screening-program issue
     * defines perinatal: ICD-10-CM codes starting Z33 (pregnant state), Z34 (supervision of normal pregnancy), Z3A
     * (weeks of gestation) or O (chapter 15, pregnancy, childbirth and the puerperium, O00-O9A), with or without the
     * dot; or SNOMED CT 77386006 Pregnancy (finding).
     */
    public static boolean perinatalCode(String system, String code) {
        if (system == null || code == null) {
            return false;
        }
        if (Code.SNOMED.equals(system)) {
            return SNOMED_PREGNANCY.equals(code.trim());
        }
        if (!ICD_10_CM.equals(system)) {
            return false;
        }
        String c = code.trim().toUpperCase(Locale.ROOT);
        return c.startsWith("Z33") || c.startsWith("Z34") || c.startsWith("Z3A") || c.startsWith("O");
    }

    /**
     * Whether a patient is perinatal on a day: a pregnancy-related Condition ({@link #perinatalCode}) dated in the
     * 12 months up to and including the day.
     *
     * @param conditionDays practice-local dates (effective start) of the patient's pregnancy-related Conditions
     */
    public static boolean perinatalOn(Collection<LocalDate> conditionDays, LocalDate day) {
        LocalDate since = day.minusMonths(PERINATAL_MONTHS);
        return conditionDays != null && conditionDays.stream().anyMatch(d -> d.isAfter(since) && !d.isAfter(day));
    }

    /**
     * The practice's pregnancy-related Conditions dated in [from, to), as practice-local dates by patient. Reads
     * Conditions through {@link ClinicalFacts#search} (access policy and audit apply there), one page of 500 at a
     * time, and keeps those {@link #perinatalCode} accepts.
     */
    @Transactional
    public Map<PatientId, List<LocalDate>> perinatalEvidence(Instant from, Instant to, ZoneId zone) {
        Map<PatientId, List<LocalDate>> days = new LinkedHashMap<>();
        for (ClinicalFact fact : allFacts(facts, "Condition", from, to)) {
            if (fact.effectiveStart() != null && perinatalCode(fact.codeSystem(), fact.code())) {
                days.computeIfAbsent(fact.patient(), p -> new ArrayList<>()).add(fact.effectiveStart().atZone(zone).toLocalDate());
            }
        }
        return days;
    }

    /** Every fact of one type with an effective start in [from, to), paging through {@link ClinicalFacts#search}. */
    static List<ClinicalFact> allFacts(ClinicalFacts facts, String type, Instant from, Instant to) {
        List<ClinicalFact> all = new ArrayList<>();
        int offset = 0;
        while (true) {
            PatientPage<ClinicalFact> page = facts.search(new ClinicalFactQuery(type, null, null, null, from, to, offset, PAGE));
            all.addAll(page.items());
            if (!page.hasNext() || page.items().isEmpty()) {
                return all;
            }
            offset += page.items().size();
        }
    }
}
