package org.tandem.patient;

import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.tandem.platform.PracticeId;
import org.tandem.practice.Practices;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.DataCategory;
import org.tandem.privacy.Operation;

/** The patient search and a patient's overview: demographics, visits and imported clinical facts. */
@Controller
class PatientPages {

    static final int PAGE_SIZE = 25;
    static final int ENCOUNTER_LIMIT = 50;

    private final Patients patients;
    private final Encounters encounters;
    private final ClinicalFacts facts;
    private final Practices practices;
    private final AccessPolicy policy;
    private final Clock clock;

    PatientPages(Patients patients, Encounters encounters, ClinicalFacts facts, Practices practices, AccessPolicy policy,
            Clock clock) {
        this.patients = patients;
        this.encounters = encounters;
        this.facts = facts;
        this.practices = practices;
        this.policy = policy;
        this.clock = clock;
    }

    /** The search box's query; the page asks for the next results with the offset. */
    record SearchForm(String q, Integer offset) {

        String text() {
            return q == null ? "" : q.trim();
        }

        int start() {
            return offset == null || offset < 0 ? 0 : offset;
        }
    }

    record PatientRow(String id, String name, String mrn, LocalDate birthDate, Integer age, String sexKey, String pcp) {
    }

    record EncounterRow(LocalDateTime start, String type, String typeCode, String status, String clinician) {
    }

    record FactRow(String display, String codeSystem, String code, String status, LocalDateTime effective, String value) {
    }

    @GetMapping("/patients")
    String search(SearchForm form, @RequestHeader(name = "HX-Request", required = false) String htmx,
            @RequestHeader(name = "HX-History-Restore-Request", required = false) String restore, Model model,
            HttpServletResponse response) {
        response.addHeader("Vary", "HX-Request");
        model.addAttribute("q", form.text());
        if (!form.text().isEmpty()) {
            PatientPage<PatientRecord> page = patients.search(PatientQuery.text(form.text(), form.start(), PAGE_SIZE));
            LocalDate today = LocalDate.now(clock.withZone(zone(patients.practice())));
            Map<UUID, String> pcps = practices.displayNames(page.items().stream().map(PatientRecord::pcpAccountId)
                    .filter(Objects::nonNull).collect(java.util.stream.Collectors.toSet()));
            List<PatientRow> rows = page.items().stream().map(p -> new PatientRow(p.id().toString(), p.displayName(), p.mrn(),
                    p.birthDate(), p.ageOn(today), sexKey(p.sex()), p.pcpAccountId() == null ? null : pcps.get(p.pcpAccountId())))
                    .toList();
            model.addAttribute("page", page);
            model.addAttribute("rows", rows);
            model.addAttribute("first", page.items().isEmpty() ? 0 : page.offset() + 1);
            model.addAttribute("last", page.offset() + page.items().size());
            model.addAttribute("previousOffset", Math.max(0, page.offset() - PAGE_SIZE));
            model.addAttribute("nextOffset", page.offset() + PAGE_SIZE);
        }
        if (htmx != null && restore == null) {
            return "patient/list :: results";
        }
        return "patient/list";
    }

    @GetMapping("/patients/{id}")
    String overview(@PathVariable String id, Model model) {
        PatientId patientId = parse(id);
        PatientRecord patient = patients.get(patientId);
        PracticeId practice = patients.practice();
        ZoneId zone = zone(practice);
        LocalDate today = LocalDate.now(clock.withZone(zone));

        PatientPage<EncounterRecord> visits = encounters.search(patientId, null, null, 0, ENCOUNTER_LIMIT);
        Set<UUID> staff = new HashSet<>();
        if (patient.pcpAccountId() != null) {
            staff.add(patient.pcpAccountId());
        }
        visits.items().stream().map(EncounterRecord::clinicianAccountId).filter(Objects::nonNull).forEach(staff::add);
        Map<UUID, String> names = practices.displayNames(staff);

        model.addAttribute("patient", patient);
        model.addAttribute("age", patient.ageOn(today));
        model.addAttribute("sexKey", sexKey(patient.sex()));
        model.addAttribute("pcp", patient.pcpAccountId() == null ? null : names.get(patient.pcpAccountId()));
        model.addAttribute("encounters", visits.items().stream().map(e -> new EncounterRow(local(e.start(), zone),
                e.typeDisplay(), e.typeCode(), e.status(),
                e.clinicianAccountId() != null && names.containsKey(e.clinicianAccountId()) ? names.get(e.clinicianAccountId())
                        : e.clinicianReference())).toList());
        model.addAttribute("encounterTotal", visits.total());
        model.addAttribute("encounterLimit", ENCOUNTER_LIMIT);

        boolean clinical = policy.permits(practice, DataCategory.CLINICAL, Operation.READ);
        model.addAttribute("clinicalAllowed", clinical);
        if (clinical) {
            Map<String, List<FactRow>> grouped = new LinkedHashMap<>();
            for (ClinicalFact fact : facts.of(patientId, null).stream()
                    .sorted(java.util.Comparator.comparing(ClinicalFact::resourceType)).toList()) {
                grouped.computeIfAbsent(fact.resourceType(), k -> new java.util.ArrayList<>())
                        .add(new FactRow(fact.codeDisplay(), fact.codeSystem(), fact.code(), fact.status(),
                                local(fact.effectiveStart(), zone), value(fact)));
            }
            model.addAttribute("facts", grouped);
        }
        model.addAttribute("historyAllowed", policy.permits(practice, DataCategory.ACCESS_HISTORY, Operation.READ));
        return "patient/overview";
    }

    @ExceptionHandler(PatientNotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound() {
        return "error/404";
    }

    private static PatientId parse(String id) {
        try {
            return PatientId.of(id);
        } catch (IllegalArgumentException e) {
            throw new PatientNotFound("Patient " + id);
        }
    }

    private ZoneId zone(PracticeId practice) {
        return practices.zoneOf(practice);
    }

    private static LocalDateTime local(Instant instant, ZoneId zone) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, zone);
    }

    static String sexKey(AdministrativeSex sex) {
        return "sex." + (sex == null ? AdministrativeSex.UNKNOWN : sex).code();
    }

    static String value(ClinicalFact fact) {
        if (fact.valueQuantity() != null) {
            BigDecimal quantity = fact.valueQuantity();
            return quantity.toPlainString() + (fact.valueUnit() == null ? "" : " " + fact.valueUnit());
        }
        if (fact.valueText() != null) {
            return fact.valueText();
        }
        if (fact.valueCode() != null) {
            return fact.valueCodeSystem() == null ? fact.valueCode() : fact.valueCodeSystem() + "|" + fact.valueCode();
        }
        return null;
    }
}
