package org.tandem.screening;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.patient.ClinicalFact;
import org.tandem.patient.ClinicalFacts;
import org.tandem.patient.EncounterRecord;
import org.tandem.patient.Encounters;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.DataCategory;

/**
 * Gathers what the reach dashboard needs with the facades' bulk queries (visits, patients, screenings, follow-ups,
 * closed alerts, orders) and computes it with {@link ReachReport}. Roles without access to clinical data are refused
 * before anything is read.
 */
@Component
class ScreeningReach {

    /** Fact types whose presence within 30 days after a positive screen counts as follow-up. */
    static final List<String> ORDER_TYPES = List.of("Procedure", "ServiceRequest", "MedicationRequest");

    private final Encounters encounters;
    private final Patients patients;
    private final ClinicalFacts facts;
    private final Screenings screenings;
    private final SafetyAlerts alerts;
    private final ScreeningRules rules;
    private final ScreeningProgram program;
    private final ScreeningDue due;
    private final AccessPolicy policy;

    ScreeningReach(Encounters encounters, Patients patients, ClinicalFacts facts, Screenings screenings, SafetyAlerts alerts,
            ScreeningRules rules, ScreeningProgram program, ScreeningDue due, AccessPolicy policy) {
        this.encounters = encounters;
        this.patients = patients;
        this.facts = facts;
        this.screenings = screenings;
        this.alerts = alerts;
        this.rules = rules;
        this.program = program;
        this.due = due;
        this.policy = policy;
    }

    ZoneId zone() {
        return due.zone();
    }

    @Transactional
    ReachReport.Result report(ReachReport.Filter filter) {
        policy.requireSearch(DataCategory.CLINICAL);
        ZoneId zone = due.zone();
        Instant from = filter.from().atDay(1).atStartOfDay(zone).toInstant();
        Instant to = filter.to().plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        Instant evidenceTo = filter.to().plusMonths(1).atDay(1).plusDays(ReachReport.FOLLOW_UP_DAYS + 1).atStartOfDay(zone).toInstant();
        ScreeningRules.Program current = rules.program();
        ScreeningProgram.Settings settings = program.settings();

        List<ReachReport.Visit> visits = new ArrayList<>();
        Set<PatientId> seen = new HashSet<>();
        for (EncounterRecord e : encounters.between(from, to)) {
            if (filter.clinician() == null || filter.clinician().equals(e.clinicianAccountId())) {
                visits.add(new ReachReport.Visit(e.patient(), e.start(), e.clinicianAccountId()));
                seen.add(e.patient());
            }
        }
        Map<PatientId, LocalDate> births = new HashMap<>();
        Map<PatientId, List<ScreeningEvent>> screened = Map.of();
        Map<UUID, List<LocalDate>> followUps = new HashMap<>();
        Map<PatientId, List<LocalDate>> closed = new HashMap<>();
        Map<PatientId, List<LocalDate>> orders = new HashMap<>();
        Map<PatientId, List<LocalDate>> perinatal = Map.of();
        if (!seen.isEmpty()) {
            for (PatientRecord p : patients.byIds(seen).values()) {
                if (p.birthDate() != null) {
                    births.put(p.id(), p.birthDate());
                }
            }
            // results before the range tell who was due at their first visit of a month
            int months = current.rules().stream().mapToInt(ProgramRule::intervalMonths).max().orElse(0);
            Instant historyFrom = filter.from().atDay(1).minusMonths(months).atStartOfDay(zone).toInstant();
            screened = screenings.population(seen, historyFrom, to);
            boolean anyPositive = screened.values().stream().flatMap(List::stream)
                    .anyMatch(e -> Boolean.TRUE.equals(e.positive()) && !e.at().isBefore(from));
            if (anyPositive) {
                for (FollowUpRecord f : screenings.followUpsBetween(from, evidenceTo)) {
                    followUps.computeIfAbsent(f.response(), r -> new ArrayList<>()).add(f.documentedOn());
                }
                for (SafetyAlert a : alerts.closedBetween(from, evidenceTo)) {
                    if (seen.contains(a.patient())) {
                        closed.computeIfAbsent(a.patient(), p -> new ArrayList<>()).add(a.closedAt().atZone(zone).toLocalDate());
                    }
                }
                for (String type : ORDER_TYPES) {
                    for (ClinicalFact f : ScreeningRules.allFacts(facts, type, from, evidenceTo)) {
                        if (seen.contains(f.patient()) && f.effectiveStart() != null) {
                            orders.computeIfAbsent(f.patient(), p -> new ArrayList<>()).add(f.effectiveStart().atZone(zone).toLocalDate());
                        }
                    }
                }
            }
            if (current.hasPerinatalRule()) {
                perinatal = rules.perinatalEvidence(filter.from().atDay(1).minusMonths(ScreeningRules.PERINATAL_MONTHS)
                        .atStartOfDay(zone).toInstant(), to, zone);
            }
        }
        ReachReport.Data data = new ReachReport.Data(visits, births, perinatal, new LinkedHashMap<>(screened), followUps, closed, orders);
        return ReachReport.compute(filter, current.rules(), data, zone, settings.followUpMinutes(), settings.bhcHoursPerWeek());
    }
}
