package org.tandem.screening;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.patient.EncounterRecord;
import org.tandem.patient.Encounters;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.CurrentActor;
import org.tandem.practice.Practices;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.DataCategory;

/**
 * The day's due list for the morning huddle: every patient with a visit that day, and for each program rule that
 * applies to them whether it is due and when they were last screened. Reads through the bulk facades (one audited
 * search each); roles without access to clinical data are refused before anything is read.
 */
@Component
public class ScreeningDue {

    /** Results older than this are not looked up; the page says "none since" this many months. */
    public static final int LOOKBACK_MONTHS = 36;

    private final Encounters encounters;
    private final Patients patients;
    private final Screenings screenings;
    private final ScreeningRules rules;
    private final Questionnaires questionnaires;
    private final Practices practices;
    private final AccessPolicy policy;
    private final CurrentActor actors;

    ScreeningDue(Encounters encounters, Patients patients, Screenings screenings, ScreeningRules rules,
            Questionnaires questionnaires, Practices practices, AccessPolicy policy, CurrentActor actors) {
        this.encounters = encounters;
        this.patients = patients;
        this.screenings = screenings;
        this.rules = rules;
        this.questionnaires = questionnaires;
        this.practices = practices;
        this.policy = policy;
        this.actors = actors;
    }

    /**
     * One patient on the day's list.
     *
     * @param age age in years on the day, or null when the birth date is not recorded
     * @param encounter the patient's first visit that day
     * @param visitStart its start
     * @param clinician the clinician of that visit (account id), or null
     * @param statuses the program rules that apply to the patient, each with whether it is due
     */
    public record DuePatient(PatientId patient, String name, String mrn, Integer age, UUID encounter, Instant visitStart, UUID clinician,
            List<ScreeningRules.RuleStatus> statuses) {

        public List<ScreeningRules.RuleStatus> due() {
            return statuses.stream().filter(ScreeningRules.RuleStatus::due).toList();
        }
    }

    /**
     * The list for one day.
     *
     * @param lookbackStart results before this day were not looked up
     * @param usable instruments of the program the practice can administer now (licensed ones need imported wording)
     * @param clinicians display names of the visits' clinicians
     */
    public record DueList(LocalDate day, ZoneId zone, LocalDate lookbackStart, List<DuePatient> patients,
            boolean suggestedDefault, Map<String, Boolean> usable, Map<UUID, String> clinicians) {
    }

    /** The practice's time zone. */
    @Transactional(readOnly = true)
    public ZoneId zone() {
        return practices.zoneOf(actors.requirePractice());
    }

    /** The due list for a day (practice-local). */
    @Transactional
    public DueList on(LocalDate day) {
        policy.requireSearch(DataCategory.CLINICAL);
        ZoneId zone = zone();
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        ScreeningRules.Program program = rules.program();
        Map<PatientId, EncounterRecord> first = new LinkedHashMap<>();
        for (EncounterRecord visit : encounters.between(from, to)) {
            first.putIfAbsent(visit.patient(), visit);
        }
        int months = Math.max(LOOKBACK_MONTHS, program.rules().stream().mapToInt(ProgramRule::intervalMonths).max().orElse(0));
        LocalDate lookback = day.minusMonths(months);
        Map<PatientId, PatientRecord> records = first.isEmpty() ? Map.of() : patients.byIds(first.keySet());
        Map<PatientId, List<ScreeningEvent>> history = first.isEmpty() ? Map.of()
                : screenings.population(first.keySet(), lookback.atStartOfDay(zone).toInstant(), to);
        Map<PatientId, List<LocalDate>> perinatal = first.isEmpty() || !program.hasPerinatalRule() ? Map.of()
                : rules.perinatalEvidence(day.minusMonths(ScreeningRules.PERINATAL_MONTHS).atStartOfDay(zone).toInstant(), to, zone);
        List<DuePatient> rows = new ArrayList<>();
        for (EncounterRecord visit : first.values()) {
            PatientRecord patient = records.get(visit.patient());
            if (patient == null) {
                continue;
            }
            Integer age = patient.ageOn(day);
            boolean isPerinatal = ScreeningRules.perinatalOn(perinatal.get(patient.id()), day);
            rows.add(new DuePatient(patient.id(), patient.displayName(), patient.mrn(), age, visit.id(), visit.start(),
                    visit.clinicianAccountId(), ScreeningRules.statuses(program.rules(), age, isPerinatal,
                            history.getOrDefault(patient.id(), List.of()), day, zone)));
        }
        rows.sort(Comparator.comparing(DuePatient::visitStart, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(DuePatient::name, Comparator.nullsLast(Comparator.naturalOrder())));
        Map<String, Boolean> usable = new LinkedHashMap<>();
        for (String instrument : program.instruments()) {
            Instrument scoring = Instruments.find(instrument).orElse(null);
            usable.put(instrument, scoring != null && (scoring.wordingShipped() || questionnaires.usable(instrument)));
        }
        Map<UUID, String> clinicians = practices.displayNames(rows.stream().map(DuePatient::clinician).filter(Objects::nonNull)
                .distinct().toList());
        return new DueList(day, zone, lookback, List.copyOf(rows), program.suggestedDefault(), usable, clinicians);
    }
}
