package org.tandem.screening;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.patient.ClinicalFact;
import org.tandem.patient.ClinicalFactDetails;
import org.tandem.patient.ClinicalFacts;
import org.tandem.patient.EncounterRecord;
import org.tandem.patient.Encounters;
import org.tandem.patient.InvalidPatientData;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.TenantJdbc;
import org.tandem.practice.Practices;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditEntry;
import org.tandem.privacy.AuditOutcome;
import org.tandem.privacy.AuditTrail;
import org.tandem.privacy.DataCategory;
import org.tandem.privacy.Operation;

/**
 * Screening responses: checks, scores and stores them as a FHIR QuestionnaireResponse plus result Observations, and
 * raises safety alerts in the same transaction, so an alert is stored before the request that raised it returns.
 */
@Component
public class Screenings {

    /** CMS2 (FHIR v0.2.000): adolescent depression screening assessment. */
    public static final String CMS2_ADOLESCENT = "73831-0";
    /** CMS2 (FHIR v0.2.000): adult depression screening assessment. */
    public static final String CMS2_ADULT = "73832-8";
    /** SNOMED CT: depression screening positive (finding), the CMS2 positive result. */
    public static final String DEPRESSION_SCREEN_POSITIVE = "428181000124104";
    /** SNOMED CT: depression screening negative (finding), the CMS2 negative result. */
    public static final String DEPRESSION_SCREEN_NEGATIVE = "428171000124102";

    static final String INTERPRETATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
    static final String CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category";
    private static final FhirContext FHIR = FhirContext.forR4Cached();
    /** Ids per {@code IN (...)} list: well below the bind-parameter limits of H2 and PostgreSQL. */
    static final int IN_LIST_CHUNK = 500;

    private final TenantJdbc jdbc;
    private final Questionnaires questionnaires;
    private final Patients patients;
    private final Encounters encounters;
    private final ClinicalFacts facts;
    private final Practices practices;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final CurrentActor actors;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Screenings(TenantJdbc jdbc, Questionnaires questionnaires, Patients patients, Encounters encounters, ClinicalFacts facts,
            Practices practices, AccessPolicy policy, AuditTrail audit, CurrentActor actors, ApplicationEventPublisher events,
            Clock clock) {
        this.jdbc = jdbc;
        this.questionnaires = questionnaires;
        this.patients = patients;
        this.encounters = encounters;
        this.facts = facts;
        this.practices = practices;
        this.policy = policy;
        this.audit = audit;
        this.actors = actors;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Checks, scores and stores one response with its Observations and any safety alert, all in one transaction.
     *
     * @throws InvalidResponse when the questionnaire is unknown, an answer is not allowed, or the patient or visit
     *         does not exist; nothing is stored then
     */
    @Transactional
    public ScreeningResult submit(ScreeningSubmission submission) {
        TenantJdbc.Scoped sql = jdbc.current();
        Actor actor = actors.require();
        if (submission.patient() == null) {
            throw new InvalidResponse("A response must name the patient");
        }
        policy.require(sql.practiceId(), submission.patient().value(), DataCategory.CLINICAL, Operation.CREATE);
        Instrument instrument = questionnaires.instrument(submission.instrument());
        PatientRecord patient;
        try {
            patient = patients.get(submission.patient());
        } catch (org.tandem.patient.PatientNotFound e) {
            throw new InvalidResponse("Patient " + submission.patient() + " is not a patient of this practice");
        }
        EncounterRecord encounter = null;
        if (submission.encounter() != null) {
            try {
                encounter = encounters.get(submission.encounter());
            } catch (org.tandem.patient.PatientNotFound e) {
                throw new InvalidResponse("Visit " + submission.encounter() + " does not exist in this practice");
            }
            if (!encounter.patient().equals(patient.id())) {
                throw new InvalidResponse("Visit " + submission.encounter() + " belongs to another patient");
            }
        }
        ScreeningProgram.Settings settings = ScreeningProgram.settings(sql);
        Map<String, Answer> answers = submission.answers() == null ? Map.of() : submission.answers();
        ScreeningScore score = Scoring.score(instrument, answers, patient.sex(), settings.scoring());
        UUID id = submission.id() != null ? submission.id() : UUID.randomUUID();
        if (sql.queryValue("SELECT COUNT(*) FROM screening_response WHERE practice_id = :practiceId AND id = :id",
                Map.of("id", id), Integer.class) > 0) {
            throw new InvalidResponse("A response with id " + id + " is already stored; responses are not changed once stored");
        }
        Instant authored = submission.authoredAt() != null ? submission.authoredAt() : clock.instant();
        if (authored.isAfter(clock.instant().plusSeconds(300))) {
            throw new InvalidResponse("A response cannot be authored in the future");
        }
        LocalDate authoredOn = authored.atZone(zone(sql)).toLocalDate();
        String language = "es".equals(submission.language()) ? "es" : "en";
        ScreeningSubmission.Mode mode = submission.mode() == null ? ScreeningSubmission.Mode.STAFF : submission.mode();
        String status = score.complete() ? "completed" : "in-progress";
        String json = responseJson(id, instrument, submission, answers, status, authored, actor, mode, language);

        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("patient", patient.id().value());
        row.put("encounter", submission.encounter());
        row.put("sitting", submission.sitting());
        row.put("instrument", instrument.id());
        row.put("status", status);
        row.put("mode", mode.code());
        row.put("language", language);
        row.put("total", score.total());
        row.put("band", score.band());
        row.put("positive", score.positive());
        row.put("risk", score.risk());
        row.put("authored", OffsetDateTime.ofInstant(authored, ZoneOffset.UTC));
        row.put("authoredOn", authoredOn);
        row.put("by", actor.name());
        row.put("json", json);
        row.put("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        sql.update("INSERT INTO screening_response (practice_id, id, patient_id, encounter_id, sitting_id, instrument, status, mode, "
                + "language, total, band, positive, risk, authored_at, authored_on, recorded_by, raw_json, created_at) VALUES (:practiceId, "
                + ":id, :patient, :encounter, :sitting, :instrument, :status, :mode, :language, :total, :band, :positive, :risk, "
                + ":authored, :authoredOn, :by, :json, :now)", row);
        audit.record(AuditEntry.patient(AuditAction.CREATE, patient.id().value(), "QuestionnaireResponse", id.toString())
                .withDetail(instrument.id() + " " + status + (score.total() == null ? "" : " total " + score.total())));

        List<String> observationIds = new ArrayList<>();
        if (score.complete()) {
            observationIds.add(saveObservation(resultObservation(id, instrument, score, patient, submission.encounter(), authored)));
            Integer age = patient.ageOn(authoredOn);
            Observation cms2 = depressionScreenObservation(id, instrument, score, patient, submission.encounter(), authored, age);
            if (cms2 != null) {
                observationIds.add(saveObservation(cms2));
            }
        }
        Optional<UUID> alert = Optional.empty();
        if (score.raisesAlert()) {
            UUID notify = encounter != null && encounter.clinicianAccountId() != null ? encounter.clinicianAccountId()
                    : patient.pcpAccountId();
            alert = Optional.of(SafetyAlerts.raise(sql, audit, clock, actor, id, patient.id(), submission.encounter(),
                    instrument.id(), score.safety(), notify));
            events.publishEvent(new SafetyAlertRaised(sql.practiceId(), alert.get(), patient.id(),
                    score.safety().stream().anyMatch(SafetySignal::acute), notify));
        }
        events.publishEvent(new ScreeningCompleted(sql.practiceId(), id, patient.id(), instrument.id(), score.complete(),
                score.positive(), score.total(), alert.orElse(null), mode.code(), authored));
        ScreeningResponse stored = new ScreeningResponse(id, patient.id(), submission.encounter(), submission.sitting(),
                instrument.id(), status, mode.code(), language, score.total(), score.band(), score.positive(), score.risk(),
                authored, authoredOn, actor.name(), json);
        return new ScreeningResult(stored, score, List.copyOf(observationIds), alert);
    }

    /** One stored response (access policy and audit apply). */
    @Transactional
    public ScreeningResponse get(UUID id) {
        TenantJdbc.Scoped sql = jdbc.current();
        ScreeningResponse response = sql.queryOne("SELECT * FROM screening_response WHERE practice_id = :practiceId AND id = :id",
                Map.of("id", id), Screenings::toResponse).orElseThrow(() -> new org.tandem.patient.PatientNotFound("QuestionnaireResponse " + id));
        policy.require(sql.practiceId(), response.patient().value(), DataCategory.CLINICAL, Operation.READ);
        audit.record(AuditEntry.patient(AuditAction.READ, response.patient().value(), "QuestionnaireResponse", id.toString()));
        return response;
    }

    /** A patient's responses, newest first (access policy and audit apply). */
    @Transactional
    public List<ScreeningResponse> of(PatientId patient) {
        TenantJdbc.Scoped sql = jdbc.current();
        policy.require(sql.practiceId(), patient.value(), DataCategory.CLINICAL, Operation.READ);
        List<ScreeningResponse> responses = sql.query("SELECT * FROM screening_response WHERE practice_id = :practiceId "
                + "AND patient_id = :patient ORDER BY authored_at DESC, created_at DESC", Map.of("patient", patient.value()),
                Screenings::toResponse);
        audit.record(new AuditEntry(AuditAction.READ, patient.value(), "QuestionnaireResponse", null, AuditOutcome.SUCCESS,
                responses.size() + " responses"));
        return responses;
    }

    /** The responses of one sitting, in the order they were given. */
    @Transactional
    public List<ScreeningResponse> ofSitting(PatientId patient, UUID sitting) {
        TenantJdbc.Scoped sql = jdbc.current();
        policy.require(sql.practiceId(), patient.value(), DataCategory.CLINICAL, Operation.READ);
        List<ScreeningResponse> responses = sql.query("SELECT * FROM screening_response WHERE practice_id = :practiceId "
                + "AND patient_id = :patient AND sitting_id = :sitting ORDER BY authored_at, created_at",
                Map.of("patient", patient.value(), "sitting", sitting), Screenings::toResponse);
        audit.record(new AuditEntry(AuditAction.READ, patient.value(), "QuestionnaireResponse", null, AuditOutcome.SUCCESS,
                responses.size() + " responses of sitting " + sitting));
        return responses;
    }

    /**
     * A patient's screening history: Tandem's own responses plus results imported from other systems as
     * Observations with an instrument's result code (e.g. Synthea's PHQ-2 55758-7, PHQ-A 89204-2, GAD-7 70274-6,
     * AUDIT-C 75626-2, DAST-10 82667-7), newest first.
     */
    @Transactional
    public List<ScreeningEvent> history(PatientId patient) {
        List<ScreeningEvent> events = new ArrayList<>();
        List<ScreeningResponse> own = of(patient);
        org.tandem.patient.AdministrativeSex sex = patients.get(patient).sex();
        ScoringSettings settings = ScreeningProgram.settings(jdbc.current()).scoring();
        java.util.Set<String> ownObservations = new java.util.HashSet<>();
        for (ScreeningResponse r : own) {
            events.add(ScreeningEvent.of(r));
            ownObservations.add(observationId(r.id(), "result"));
            ownObservations.add(observationId(r.id(), "cms2"));
        }
        for (ClinicalFact fact : facts.of(patient, "Observation")) {
            if (ownObservations.contains(fact.id())) {
                continue;
            }
            Optional<Instrument> instrument = Instruments.byResultCode(fact.codeSystem() == null ? "" : fact.codeSystem(),
                    fact.code() == null ? "" : fact.code());
            if (instrument.isPresent() && fact.effectiveStart() != null) {
                events.add(ScreeningEvent.imported(fact, instrument.get(), sex, settings));
            }
        }
        events.sort(java.util.Comparator.comparing(ScreeningEvent::at).reversed());
        return events;
    }

    /**
     * Screenings of many patients (Tandem's own responses and imported results, as {@link #history} gives them for
     * one patient) dated in [from, to), newest first per patient, for population features (due lists, the reach
     * dashboard). Own responses are recorded as one search in the audit trail; imported results are read with
     * {@link ClinicalFacts#withCodes} (one search there) and the patients' sex, which AUDIT-C cut-offs need, with
     * {@link Patients#byIds} (one search there).
     *
     * @param patients the patients, or null for every patient of the practice
     */
    @Transactional
    public Map<PatientId, List<ScreeningEvent>> population(Collection<PatientId> patients, Instant from, Instant to) {
        java.util.Objects.requireNonNull(from, "from");
        java.util.Objects.requireNonNull(to, "to");
        policy.requireSearch(DataCategory.CLINICAL);
        TenantJdbc.Scoped sql = jdbc.current();
        Map<String, Object> params = new HashMap<>();
        params.put("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
        params.put("to", OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
        String select = "SELECT * FROM screening_response WHERE practice_id = :practiceId AND authored_at >= :from AND authored_at < :to";
        List<ScreeningResponse> own = new ArrayList<>();
        java.util.Set<UUID> wanted = null;
        if (patients == null) {
            own.addAll(sql.query(select, params, Screenings::toResponse));
        } else {
            List<UUID> ids = patients.stream().filter(java.util.Objects::nonNull).map(PatientId::value).distinct().toList();
            wanted = new java.util.HashSet<>(ids);
            for (int start = 0; start < ids.size(); start += IN_LIST_CHUNK) {
                Map<String, Object> chunk = new HashMap<>(params);
                chunk.put("ids", ids.subList(start, Math.min(start + IN_LIST_CHUNK, ids.size())));
                own.addAll(sql.query(select + " AND patient_id IN (:ids)", chunk, Screenings::toResponse));
            }
        }
        audit.record(new AuditEntry(AuditAction.SEARCH, null, "QuestionnaireResponse", null, AuditOutcome.SUCCESS,
                own.size() + " responses authored between " + from + " and " + to
                        + (patients == null ? "" : " of " + wanted.size() + " patients")));
        Map<PatientId, List<ScreeningEvent>> events = new LinkedHashMap<>();
        java.util.Set<String> ownObservations = new java.util.HashSet<>();
        for (ScreeningResponse r : own) {
            events.computeIfAbsent(r.patient(), p -> new ArrayList<>()).add(ScreeningEvent.of(r));
            ownObservations.add(observationId(r.id(), "result"));
            ownObservations.add(observationId(r.id(), "cms2"));
        }
        List<String> resultCodes = Instruments.all().stream().map(i -> i.result().code()).distinct().toList();
        List<ClinicalFact> imported = new ArrayList<>();
        for (ClinicalFact fact : facts.withCodes("Observation", null, resultCodes, from, to)) {
            if (ownObservations.contains(fact.id()) || fact.effectiveStart() == null
                    || (wanted != null && !wanted.contains(fact.patient().value()))) {
                continue;
            }
            if (Instruments.byResultCode(fact.codeSystem() == null ? "" : fact.codeSystem(), fact.code() == null ? "" : fact.code())
                    .isPresent()) {
                imported.add(fact);
            }
        }
        if (!imported.isEmpty()) {
            Map<PatientId, PatientRecord> records = this.patients.byIds(imported.stream().map(ClinicalFact::patient).toList());
            ScoringSettings settings = ScreeningProgram.settings(sql).scoring();
            for (ClinicalFact fact : imported) {
                Instrument instrument = Instruments.byResultCode(fact.codeSystem(), fact.code()).orElseThrow();
                PatientRecord record = records.get(fact.patient());
                events.computeIfAbsent(fact.patient(), p -> new ArrayList<>()).add(ScreeningEvent.imported(fact, instrument,
                        record == null ? org.tandem.patient.AdministrativeSex.UNKNOWN : record.sex(), settings));
            }
        }
        events.values().forEach(list -> list.sort(java.util.Comparator.comparing(ScreeningEvent::at).reversed()));
        return events;
    }

    /**
     * Follow-ups documented in [from, to) for any patient of the practice, oldest first, for the reach dashboard.
     * Recorded as one search in the audit trail.
     */
    @Transactional
    public List<FollowUpRecord> followUpsBetween(Instant from, Instant to) {
        policy.requireSearch(DataCategory.CLINICAL);
        List<FollowUpRecord> found = jdbc.current().query("SELECT * FROM screening_followup WHERE practice_id = :practiceId "
                + "AND documented_at >= :from AND documented_at < :to ORDER BY documented_at, id",
                Map.of("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC), "to", OffsetDateTime.ofInstant(to, ZoneOffset.UTC)),
                (rs, n) -> new FollowUpRecord(rs.getObject("id", UUID.class), rs.getObject("response_id", UUID.class),
                        FollowUp.fromCode(rs.getString("kind")), rs.getString("note"),
                        rs.getObject("documented_on", LocalDate.class), rs.getString("documented_by")));
        audit.record(new AuditEntry(AuditAction.SEARCH, null, "ScreeningFollowUp", null, AuditOutcome.SUCCESS,
                found.size() + " follow-ups documented between " + from + " and " + to));
        return found;
    }

    /**
     * Every follow-up documented in Tandem for the practice's patients, oldest first, for the eCQMs (CMS2 counts a
     * follow-up plan of a positive screen). Recorded as one search in the audit trail.
     */
    @Transactional
    public List<DocumentedFollowUp> documentedFollowUps() {
        policy.requireSearch(DataCategory.CLINICAL);
        List<DocumentedFollowUp> found = jdbc.current().query("SELECT id, patient_id, kind, documented_at FROM screening_followup "
                + "WHERE practice_id = :practiceId ORDER BY documented_at, id", Map.of(),
                (rs, n) -> new DocumentedFollowUp(rs.getObject("id", UUID.class), new PatientId(rs.getObject("patient_id", UUID.class)),
                        FollowUp.fromCode(rs.getString("kind")), rs.getObject("documented_at", OffsetDateTime.class).toInstant()));
        audit.record(new AuditEntry(AuditAction.SEARCH, null, "ScreeningFollowUp", null, AuditOutcome.SUCCESS,
                found.size() + " documented follow-ups read for measures"));
        return found;
    }

    /**
     * How many completed screening responses of the practice were positive, by the weekday and hour (local to
     * {@code zone}) they were authored in [from, to), for the demand profile (Tandem's own responses; results imported
     * from an EHR carry no reliable time of day). Counts only, no patient data: any staff member of the practice may
     * read them, and they are not recorded as a read of records.
     *
     * @return counts[weekday 0 = Monday .. 6 = Sunday][hour 0..23]
     */
    @Transactional(readOnly = true)
    public int[][] positivesByWeekdayHour(Instant from, Instant to, ZoneId zone) {
        java.util.Objects.requireNonNull(from, "from");
        java.util.Objects.requireNonNull(to, "to");
        java.util.Objects.requireNonNull(zone, "zone");
        policy.requireStaff();
        return org.tandem.platform.WeekdayHours.count(jdbc.current(), "authored_at", "FROM screening_response "
                + "WHERE practice_id = :practiceId AND authored_at >= :from AND authored_at < :to AND status = 'completed' "
                + "AND positive = TRUE",
                Map.of("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC), "to", OffsetDateTime.ofInstant(to, ZoneOffset.UTC)),
                zone);
    }

    /** Records that a positive screen was followed up (documented by a clinician). */
    @Transactional
    public UUID documentFollowUp(UUID response, FollowUp kind, String note) {
        TenantJdbc.Scoped sql = jdbc.current();
        ScreeningResponse stored = get(response);
        policy.require(sql.practiceId(), stored.patient().value(), DataCategory.CLINICAL, Operation.CREATE);
        if (!Boolean.TRUE.equals(stored.positive())) {
            throw new InvalidResponse("Follow-up is documented for positive screens only");
        }
        if (kind == null) {
            throw new InvalidResponse("Choose what the follow-up was");
        }
        if (note != null && note.length() > 2000) {
            throw new InvalidResponse("The note is longer than 2000 characters");
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("response", response);
        row.put("patient", stored.patient().value());
        row.put("kind", kind.code());
        row.put("note", note == null || note.isBlank() ? null : note.strip());
        row.put("on", now.atZone(zone(sql)).toLocalDate());
        row.put("at", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        row.put("by", actors.require().name());
        sql.update("INSERT INTO screening_followup (practice_id, id, response_id, patient_id, kind, note, documented_on, documented_at, "
                + "documented_by) VALUES (:practiceId, :id, :response, :patient, :kind, :note, :on, :at, :by)", row);
        audit.record(AuditEntry.patient(AuditAction.CREATE, stored.patient().value(), "ScreeningFollowUp", id.toString())
                .withDetail(kind.code()));
        events.publishEvent(new org.tandem.patient.PatientDataChanged(sql.practiceId()));
        return id;
    }

    /** Documented follow-ups of one response. */
    @Transactional
    public List<FollowUpRecord> followUps(UUID response) {
        ScreeningResponse stored = get(response);
        return jdbc.current().query("SELECT * FROM screening_followup WHERE practice_id = :practiceId AND response_id = :response "
                + "ORDER BY documented_at", Map.of("response", stored.id()), (rs, n) -> new FollowUpRecord(
                        rs.getObject("id", UUID.class), stored.id(), FollowUp.fromCode(rs.getString("kind")), rs.getString("note"),
                        rs.getObject("documented_on", LocalDate.class), rs.getString("documented_by")));
    }

    /** The practice's time zone, in which clinical dates (the day a response was given) are kept. */
    private ZoneId zone(TenantJdbc.Scoped sql) {
        return practices.zoneOf(sql.practiceId());
    }

    /** Ids of the Observations written for a response: {@code result} and {@code cms2}. Stable, so reloads update. */
    public static String observationId(UUID response, String kind) {
        return UUID.nameUUIDFromBytes((response + ":" + kind).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private String saveObservation(Observation observation) {
        String json = FHIR.newJsonParser().encodeResourceToString(observation);
        Coding code = observation.getCode().getCodingFirstRep();
        List<ClinicalFactDetails.Coding> codings = new ArrayList<>();
        for (Coding c : observation.getCode().getCoding()) {
            codings.add(new ClinicalFactDetails.Coding(c.getSystem(), c.getCode()));
        }
        BigDecimal quantity = observation.hasValueIntegerType() ? BigDecimal.valueOf(observation.getValueIntegerType().getValue()) : null;
        Coding value = observation.hasValueCodeableConcept() ? observation.getValueCodeableConcept().getCodingFirstRep() : null;
        String interpretation = observation.hasInterpretation() ? observation.getInterpretationFirstRep().getCodingFirstRep().getCode() : null;
        Instant effective = observation.getEffectiveDateTimeType().getValue().toInstant();
        try {
            facts.save(new ClinicalFactDetails("Observation", observation.getIdElement().getIdPart(),
                    new PatientId(UUID.fromString(observation.getSubject().getReferenceElement().getIdPart())), code.getSystem(),
                    code.getCode(), code.getDisplay(), codings, observation.getStatus().toCode(), effective, null, quantity, null,
                    value == null ? null : value.getSystem(), value == null ? null : value.getCode(),
                    interpretation, json));
        } catch (InvalidPatientData e) {
            throw new InvalidResponse(e.getMessage());
        }
        return observation.getIdElement().getIdPart();
    }

    private static Observation baseObservation(String id, UUID response, PatientRecord patient, UUID encounter, Instant authored) {
        Observation observation = new Observation();
        observation.setId(id);
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory().addCoding().setSystem(CATEGORY_SYSTEM).setCode("survey").setDisplay("Survey");
        observation.setSubject(new Reference("Patient/" + patient.id().value()));
        if (encounter != null) {
            observation.setEncounter(new Reference("Encounter/" + encounter));
        }
        observation.setEffective(new DateTimeType(Date.from(authored)));
        observation.setIssued(Date.from(authored));
        observation.addDerivedFrom(new Reference("QuestionnaireResponse/" + response));
        return observation;
    }

    static Observation resultObservation(UUID response, Instrument instrument, ScreeningScore score, PatientRecord patient,
            UUID encounter, Instant authored) {
        Observation observation = baseObservation(observationId(response, "result"), response, patient, encounter, authored);
        observation.getCode().addCoding().setSystem(instrument.result().system()).setCode(instrument.result().code())
                .setDisplay(instrument.result().display());
        observation.getCode().setText(instrument.title());
        if (score.total() != null) {
            observation.setValue(new IntegerType(score.total()));
        } else {
            observation.setValue(new CodeableConcept().addCoding(new Coding(Code.TANDEM, instrument.id() + "-" + score.risk(),
                    instrument.title() + ": " + score.risk())));
        }
        if (score.positive() != null) {
            observation.addInterpretation().addCoding().setSystem(INTERPRETATION_SYSTEM).setCode(score.positive() ? "POS" : "NEG")
                    .setDisplay(score.positive() ? "Positive" : "Negative");
        }
        if (score.band() != null) {
            observation.addInterpretation().addCoding().setSystem(Code.TANDEM).setCode(instrument.id() + "-" + score.band())
                    .setDisplay(score.band());
        }
        return observation;
    }

    /**
     * The screening-result Observation CMS2 (FHIR v0.2.000) counts, for completed depression screens (PHQ-2, PHQ-9,
     * PHQ-A, EPDS) of patients 12 and older: 73831-0 (adolescent tool) for ages 12-16 and for a PHQ-A at 17, 73832-8
     * (adult tool) otherwise; value positive (SNOMED 428181000124104) or negative (428171000124102).
     */
    static Observation depressionScreenObservation(UUID response, Instrument instrument, ScreeningScore score,
            PatientRecord patient, UUID encounter, Instant authored, Integer age) {
        boolean depressionTool = List.of(Instruments.PHQ_2, Instruments.PHQ_9, Instruments.PHQ_A, Instruments.EPDS)
                .contains(instrument.id());
        if (!depressionTool || score.positive() == null || age == null || age < 12) {
            return null;
        }
        boolean adolescent = age <= 16 || (age == 17 && instrument.id().equals(Instruments.PHQ_A));
        Observation observation = baseObservation(observationId(response, "cms2"), response, patient, encounter, authored);
        observation.getCode().addCoding().setSystem(Code.LOINC).setCode(adolescent ? CMS2_ADOLESCENT : CMS2_ADULT)
                .setDisplay(adolescent ? "Adolescent depression screening assessment" : "Adult depression screening assessment");
        observation.setValue(new CodeableConcept().addCoding(new Coding(Code.SNOMED,
                score.positive() ? DEPRESSION_SCREEN_POSITIVE : DEPRESSION_SCREEN_NEGATIVE,
                score.positive() ? "Depression screening positive (finding)" : "Depression screening negative (finding)")));
        return observation;
    }

    private static String responseJson(UUID id, Instrument instrument, ScreeningSubmission submission, Map<String, Answer> answers,
            String status, Instant authored, Actor actor, ScreeningSubmission.Mode mode, String language) {
        QuestionnaireResponse qr = new QuestionnaireResponse();
        qr.setId(id.toString());
        qr.setQuestionnaire("urn:tandem:questionnaire:" + instrument.id());
        qr.setStatus(status.equals("completed") ? QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED
                : QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS);
        qr.setLanguage(language);
        qr.setSubject(new Reference("Patient/" + submission.patient().value()));
        if (submission.encounter() != null) {
            qr.setEncounter(new Reference("Encounter/" + submission.encounter()));
        }
        qr.setAuthored(Date.from(authored));
        qr.setAuthor(new Reference().setDisplay(actor.name()));
        if (mode == ScreeningSubmission.Mode.SELF) {
            qr.setSource(new Reference("Patient/" + submission.patient().value()));
        }
        Map<String, Answer> ordered = new LinkedHashMap<>();
        for (Item item : instrument.items()) {
            if (answers.containsKey(item.linkId())) {
                ordered.put(item.linkId(), answers.get(item.linkId()));
            }
        }
        for (Map.Entry<String, Answer> entry : ordered.entrySet()) {
            Item item = instrument.item(entry.getKey()).orElseThrow();
            QuestionnaireResponse.QuestionnaireResponseItemComponent responseItem = qr.addItem().setLinkId(item.linkId());
            Answer answer = entry.getValue();
            if (answer.isCoding()) {
                AnswerOption option = item.options().stream().filter(o -> o.code() != null && o.code().code().equals(answer.code()))
                        .findFirst().orElseThrow();
                responseItem.addAnswer().setValue(new Coding(option.code().system(), option.code().code(), option.code().display()));
            } else if (answer.yes() != null) {
                responseItem.addAnswer().setValue(new BooleanType(answer.yes()));
            } else {
                responseItem.addAnswer().setValue(new IntegerType(answer.number()));
            }
        }
        return FHIR.newJsonParser().encodeResourceToString(qr);
    }

    static ScreeningResponse toResponse(ResultSet rs, int n) throws SQLException {
        OffsetDateTime authored = rs.getObject("authored_at", OffsetDateTime.class);
        Integer total = rs.getObject("total") == null ? null : rs.getInt("total");
        Boolean positive = rs.getObject("positive") == null ? null : rs.getBoolean("positive");
        return new ScreeningResponse(rs.getObject("id", UUID.class), new PatientId(rs.getObject("patient_id", UUID.class)),
                rs.getObject("encounter_id", UUID.class), rs.getObject("sitting_id", UUID.class), rs.getString("instrument"),
                rs.getString("status"), rs.getString("mode"), rs.getString("language"), total, rs.getString("band"), positive,
                rs.getString("risk"), authored.toInstant(), rs.getObject("authored_on", LocalDate.class), rs.getString("recorded_by"),
                rs.getString("raw_json"));
    }
}
