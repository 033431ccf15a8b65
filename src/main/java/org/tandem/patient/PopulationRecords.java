package org.tandem.patient;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;
import org.tandem.practice.Practices;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.platform.TenantJdbc;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditEntry;
import org.tandem.privacy.AuditOutcome;
import org.tandem.privacy.AuditTrail;
import org.tandem.privacy.DataCategory;
import org.tandem.privacy.Operation;

/**
 * Bulk reads of the caller's practice's whole population for population features (the eCQMs): per patient, the
 * basics, visits and clinical facts, read with three streamed queries (large fetch size) and joined in Java, from
 * columns filled at save time (no FHIR parsing; rows stored before those columns existed are read from their raw
 * JSON). Staff who may search clinical data may read it; a read is audited as one search, not one entry per patient.
 */
@Component
public class PopulationRecords {

    static final int FETCH_SIZE = 10_000;

    private final TenantJdbc jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Practices practices;

    PopulationRecords(TenantJdbc jdbc, AccessPolicy policy, AuditTrail audit, Practices practices) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
        this.practices = practices;
    }

    /** A patient's basics and the visits and facts that passed the filters. */
    public record PopulationPatient(PatientId id, LocalDate birthDate, AdministrativeSex sex, boolean deceased, Instant deceasedAt,
            UUID pcpId, List<PopulationEncounter> encounters, List<PopulationFact> facts) {
    }

    /** A visit with every coding of its type and discharge disposition; a date without a time starts its day. */
    public record PopulationEncounter(UUID id, String status, String classCode, List<ClinicalFactDetails.Coding> types,
            Instant start, Instant end, List<ClinicalFactDetails.Coding> dischargeDisposition, UUID clinicianId) {
    }

    /**
     * A clinical fact with the fields measures read, times as the eCQMs' QI-Core helpers read them (a date without a
     * time is the start of its day in the practice's zone).
     *
     * @param start Observation.effective / Procedure.performed (start), Condition onset (dateTime, Period start, or an
     *        Age/Range from the birth date); null for requests
     * @param end the end of the same interval: equal to start for a point in time; for a Condition the end of the
     *        abatement interval; null when open
     * @param authoredOn MedicationRequest/ServiceRequest.authoredOn; Observation.issued
     * @param dateOnly the start has day precision
     * @param hasValue Observation.value[x] is present (any type)
     */
    public record PopulationFact(String resourceType, String id, String status, List<ClinicalFactDetails.Coding> codings,
            Instant start, Instant end, Instant authoredOn, BigDecimal valueQuantity, List<ClinicalFactDetails.Coding> valueCodings,
            String intent, boolean doNotPerform, List<ClinicalFactDetails.Coding> categories,
            List<ClinicalFactDetails.Coding> clinicalStatus, List<ClinicalFactDetails.Coding> verificationStatus,
            List<ClinicalFactDetails.Coding> notDoneReasons, boolean dateOnly, boolean hasValue) {
    }

    /**
     * What to read.
     *
     * @param from visits and facts (other than Conditions, which count for as long as they last) that end before
     *        this are left out; null for no bound
     * @param to visits and facts that start on or after this are left out; null for no bound
     * @param relevant facts are kept when one of their codings (or value codings) passes this, e.g. is in a value set
     *        a measure reads; null keeps every fact
     * @param factTypes the resource types to read (e.g. Condition, Observation); Coverage is never needed by measures
     */
    public record Request(Instant from, Instant to, Predicate<ClinicalFactDetails.Coding> relevant, java.util.Set<String> factTypes) {
    }

    /** Totals of one read (for the audit entry and benchmarks). */
    public record Totals(int patients, int encounters, int facts) {
    }

    /** Reads every patient of the caller's practice, handing each to {@code each}. One audit entry. */
    @Transactional
    public Totals readAll(Request request, Consumer<PopulationPatient> each) {
        policy.requireSearch(DataCategory.DEMOGRAPHICS);
        policy.requireSearch(DataCategory.ENCOUNTERS);
        policy.requireSearch(DataCategory.CLINICAL);
        Totals totals = read(jdbc.current(), null, request, each);
        audit.record(new AuditEntry(AuditAction.SEARCH, null, "Population", null, AuditOutcome.SUCCESS,
                "population read for measures: " + totals.patients() + " patients, " + totals.encounters() + " encounters, "
                        + totals.facts() + " facts"));
        return totals;
    }

    /** Reads one patient of the caller's practice (empty when the practice has no such patient). */
    @Transactional
    public java.util.Optional<PopulationPatient> readOne(PatientId patient, Request request) {
        TenantJdbc.Scoped sql = jdbc.current();
        policy.require(sql.practiceId(), patient.value(), DataCategory.DEMOGRAPHICS, Operation.READ);
        policy.require(sql.practiceId(), patient.value(), DataCategory.ENCOUNTERS, Operation.READ);
        policy.require(sql.practiceId(), patient.value(), DataCategory.CLINICAL, Operation.READ);
        List<PopulationPatient> found = new ArrayList<>();
        read(sql, patient, request, found::add);
        audit.record(new AuditEntry(AuditAction.READ, patient.value(), "Population", patient.toString(), AuditOutcome.SUCCESS,
                "record read for measures"));
        return found.stream().findFirst();
    }

    private Totals read(TenantJdbc.Scoped sql, PatientId only, Request request, Consumer<PopulationPatient> each) {
        ZoneId zone = practices.zoneOf(sql.practiceId());
        Map<String, Object> params = new HashMap<>();
        if (only != null) {
            params.put("patient", only.value());
        }
        Map<UUID, Builder> patients = new LinkedHashMap<>();
        sql.stream("SELECT id, birth_date, sex, pcp_account_id, deceased, deceased_text, population_fields, "
                + "CASE WHEN population_fields IS NULL THEN raw_json END AS legacy_json FROM patient "
                + "WHERE practice_id = :practiceId" + (only == null ? "" : " AND id = :patient"), params, FETCH_SIZE, rs -> {
                    UUID id = rs.getObject("id", UUID.class);
                    boolean deceased = rs.getBoolean("deceased");
                    String deceasedText = rs.getString("deceased_text");
                    if (rs.getObject("population_fields") == null) {
                        PopulationFields.PatientFields fields = PopulationFields.patient(rs.getString("legacy_json"));
                        deceased = fields.deceased();
                        deceasedText = fields.deceasedText();
                    }
                    patients.put(id, new Builder(new PatientId(id), rs.getObject("birth_date", LocalDate.class),
                            AdministrativeSex.fromCode(rs.getString("sex")), deceased,
                            PopulationFields.instant(deceasedText, zone, null), rs.getObject("pcp_account_id", UUID.class)));
                });
        String patientFilter = only == null ? "" : " AND patient_id = :patient";
        int[] encounters = {0};
        sql.stream("SELECT id, patient_id, status, class_code, type_system, type_code, start_at, end_at, clinician_id, type_codings, "
                + "discharge_codings, period_start_text, period_end_text, population_fields, "
                + "CASE WHEN population_fields IS NULL THEN raw_json END AS legacy_json "
                + "FROM encounter WHERE practice_id = :practiceId" + patientFilter, params, FETCH_SIZE, rs -> {
                    Builder patient = patients.get(rs.getObject("patient_id", UUID.class));
                    if (patient == null) {
                        return;
                    }
                    String types = rs.getString("type_codings");
                    String discharge = rs.getString("discharge_codings");
                    String startText = rs.getString("period_start_text");
                    String endText = rs.getString("period_end_text");
                    if (rs.getObject("population_fields") == null) {
                        PopulationFields.EncounterFields fields = PopulationFields.encounter(rs.getString("legacy_json"),
                                rs.getString("type_system"), rs.getString("type_code"));
                        types = fields.typeCodings();
                        discharge = fields.dischargeCodings();
                        startText = fields.startText();
                        endText = fields.endText();
                    }
                    Instant start = startText != null ? PopulationFields.instant(startText, zone, null) : instant(rs, "start_at");
                    Instant end = endText != null ? PopulationFields.instant(endText, zone, null) : instant(rs, "end_at");
                    if (!inWindow(start, end, request)) {
                        return;
                    }
                    patient.encounters.add(new PopulationEncounter(rs.getObject("id", UUID.class), rs.getString("status"),
                            rs.getString("class_code"), PopulationFields.split(types), start, end, PopulationFields.split(discharge),
                            rs.getObject("clinician_id", UUID.class)));
                    encounters[0]++;
                });
        int[] facts = {0};
        String typeFilter = "";
        if (request.factTypes() != null) {
            typeFilter = " AND resource_type IN (:types)";
            params.put("types", List.copyOf(request.factTypes()));
        }
        sql.stream("SELECT resource_type, id, patient_id, code_system, code, status, value_quantity, value_code_system, value_code, "
                + "codings, value_codings, has_value, category_codings, clinical_status, verification_status, not_done_reasons, intent, "
                + "do_not_perform, issued_at, timing_kind, timing_start, timing_end, population_fields, "
                + "CASE WHEN population_fields IS NULL THEN raw_json END AS legacy_json FROM clinical_fact "
                + "WHERE practice_id = :practiceId" + patientFilter + typeFilter, params, FETCH_SIZE, rs -> {
                    Builder patient = patients.get(rs.getObject("patient_id", UUID.class));
                    if (patient == null) {
                        return;
                    }
                    String type = rs.getString("resource_type");
                    PopulationFields.FactFields f;
                    if (rs.getObject("population_fields") == null) {
                        f = PopulationFields.fact(type, rs.getString("legacy_json"));
                    } else {
                        OffsetDateTime issued = rs.getObject("issued_at", OffsetDateTime.class);
                        f = new PopulationFields.FactFields(rs.getString("codings"), rs.getString("value_codings"),
                                rs.getBoolean("has_value"), rs.getString("category_codings"), rs.getString("clinical_status"),
                                rs.getString("verification_status"), rs.getString("not_done_reasons"), rs.getString("intent"),
                                rs.getBoolean("do_not_perform"), issued == null ? null : issued.toInstant(), rs.getString("timing_kind"),
                                rs.getString("timing_start"), rs.getString("timing_end"));
                    }
                    PopulationFact fact = fact(rs, type, f, zone, patient.birthDate);
                    boolean request1 = "authored".equals(f.kind());
                    if (!"Condition".equals(type) && !inWindow(request1 ? fact.authoredOn() : fact.start(),
                            request1 ? fact.authoredOn() : fact.end(), request)) {
                        return;
                    }
                    if (request.relevant() != null && fact.codings().stream().noneMatch(request.relevant())
                            && fact.valueCodings().stream().noneMatch(request.relevant())) {
                        return;
                    }
                    patient.facts.add(fact);
                    facts[0]++;
                });
        for (Builder patient : patients.values()) {
            each.accept(patient.build());
        }
        return new Totals(patients.size(), encounters[0], facts[0]);
    }

    private static PopulationFact fact(ResultSet rs, String type, PopulationFields.FactFields f, ZoneId zone, LocalDate birthDate)
            throws SQLException {
        List<ClinicalFactDetails.Coding> codes = PopulationFields.split(f.codings());
        if (codes.isEmpty() && rs.getString("code") != null) {
            codes = List.of(new ClinicalFactDetails.Coding(rs.getString("code_system"), rs.getString("code")));
        }
        List<ClinicalFactDetails.Coding> values = PopulationFields.split(f.valueCodings());
        if (values.isEmpty() && rs.getString("value_code") != null) {
            values = List.of(new ClinicalFactDetails.Coding(rs.getString("value_code_system"), rs.getString("value_code")));
        }
        BigDecimal quantity = rs.getBigDecimal("value_quantity");
        Instant start = null;
        Instant end = null;
        Instant authoredOn = f.issued();
        boolean dateOnly = false;
        if ("authored".equals(f.kind())) {
            authoredOn = PopulationFields.instant(f.start(), zone, birthDate);
        } else if (f.kind() != null) {
            start = PopulationFields.instant(f.start(), zone, birthDate);
            end = "point".equals(f.kind()) ? start : PopulationFields.instant(f.end(), zone, birthDate);
            dateOnly = start != null && PopulationFields.dayPrecision(f.start());
        }
        return new PopulationFact(type, rs.getString("id"), rs.getString("status"), codes, start, end, authoredOn,
                quantity == null ? null : quantity.stripTrailingZeros(), values, f.intent(), f.doNotPerform(),
                PopulationFields.split(f.categories()), PopulationFields.split(f.clinicalStatus()),
                PopulationFields.split(f.verificationStatus()), PopulationFields.split(f.notDoneReasons()), dateOnly,
                f.hasValue() || quantity != null || !values.isEmpty());
    }

    private static boolean inWindow(Instant start, Instant end, Request request) {
        if (request.to() != null && start != null && !start.isBefore(request.to())) {
            return false;
        }
        Instant last = end != null ? end : start;
        return request.from() == null || last == null || !last.isBefore(request.from());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static final class Builder {
        private final PatientId id;
        private final LocalDate birthDate;
        private final AdministrativeSex sex;
        private final boolean deceased;
        private final Instant deceasedAt;
        private final UUID pcp;
        private final List<PopulationEncounter> encounters = new ArrayList<>(4);
        private final List<PopulationFact> facts = new ArrayList<>(4);

        Builder(PatientId id, LocalDate birthDate, AdministrativeSex sex, boolean deceased, Instant deceasedAt, UUID pcp) {
            this.id = Objects.requireNonNull(id);
            this.birthDate = birthDate;
            this.sex = sex;
            this.deceased = deceased;
            this.deceasedAt = deceasedAt;
            this.pcp = pcp;
        }

        PopulationPatient build() {
            return new PopulationPatient(id, birthDate, sex, deceased, deceasedAt, pcp, List.copyOf(encounters), List.copyOf(facts));
        }
    }
}
