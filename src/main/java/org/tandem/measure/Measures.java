package org.tandem.measure;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Measure;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.patient.ClinicalFactDetails;
import org.tandem.patient.PatientDataChanged;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientNotFound;
import org.tandem.patient.PopulationRecords;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.practice.Practices;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditEntry;
import org.tandem.privacy.AuditOutcome;
import org.tandem.privacy.AuditTrail;
import org.tandem.privacy.DataCategory;
import org.tandem.screening.DocumentedFollowUp;
import org.tandem.screening.Screenings;

/**
 * The eCQMs Tandem computes: evaluation over the caller's practice (whole population or one patient). Reads pass the
 * access policy; a population evaluation is audited as one search.
 *
 * <p>A practice's population (the part of every record the measures read) is read once and kept in memory with the
 * evaluations computed from it (per measure and period, so the overview, a measure page and its 24-month trend reuse
 * them); any write of that practice's patient data ({@link PatientDataChanged}, versioned by
 * {@link MeasureDataVersions}) or of a ValueSet drops both, so the next evaluation reads and computes again. The policy
 * check and the audit entry happen on every evaluation, cached or not.
 */
@Service
public class Measures {

    /** The fact types the measures read (Coverage is only a supplemental data element, not read). */
    static final Set<String> FACT_TYPES = Set.of("Condition", "Observation", "Procedure", "MedicationRequest", "ServiceRequest");

    private final PopulationRecords records;
    private final KnowledgeArtifacts artifacts;
    private final StoredValueSets valueSets;
    private final Map<String, MeasureLogic> logics = new LinkedHashMap<>();
    private final Practices practices;
    private final CurrentActor actors;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Screenings screenings;
    private final MeasureDataVersions versions;
    private final Map<PracticeId, CachedPopulation> cache = new ConcurrentHashMap<>();

    Measures(PopulationRecords records, KnowledgeArtifacts artifacts, StoredValueSets valueSets,
            Practices practices, CurrentActor actors, AccessPolicy policy, AuditTrail audit, Screenings screenings,
            MeasureDataVersions versions) {
        this.versions = versions;
        this.screenings = screenings;
        this.records = records;
        this.artifacts = artifacts;
        this.valueSets = valueSets;
        this.logics.put(EcqmCatalog.CMS2, new Cms2());
        this.logics.put(EcqmCatalog.CMS159, new Cms159());
        this.practices = practices;
        this.actors = actors;
        this.policy = policy;
        this.audit = audit;
    }

    /**
     * A practice's population as read under one version of its patient data, with the evaluations computed from it
     * (per measure and period, at most {@link #CACHED_RESULTS}; a 24-month trend of both measures is 50).
     */
    private record CachedPopulation(long version, long valueSets, List<MeasurePatient> patients, Map<ResultKey, MeasureEvaluation> results) {
    }

    private record ResultKey(String measureId, MeasurePeriod period) {
    }

    /** Evaluations kept per practice (beyond that the practice's results are dropped and computed again). */
    static final int CACHED_RESULTS = 400;

    /** The measures Tandem evaluates, in display order, with the stored Measure resources' titles and versions. */
    @Transactional(readOnly = true)
    public List<MeasureDefinition> definitions() {
        List<MeasureDefinition> definitions = new ArrayList<>();
        for (String id : logics.keySet()) {
            artifacts.measure(id).ifPresent(measure -> definitions.add(definition(id, measure)));
        }
        return definitions;
    }

    /** The definition of one measure Tandem evaluates, if it is stored. */
    @Transactional(readOnly = true)
    public Optional<MeasureDefinition> definition(String measureId) {
        if (!logics.containsKey(measureId)) {
            return Optional.empty();
        }
        return artifacts.measure(measureId).map(measure -> definition(measureId, measure));
    }

    /** Whether Tandem can evaluate this measure (its logic is implemented). */
    public boolean evaluates(String measureId) {
        return logics.containsKey(measureId);
    }

    /** The whole practice population over one period, with every patient's result. */
    @Transactional
    public MeasureEvaluation evaluate(String measureId, MeasurePeriod period) {
        return evaluate(measureId, List.of(period)).get(0);
    }

    /** One patient over one period. */
    @Transactional
    public MeasureEvaluation evaluate(String measureId, MeasurePeriod period, PatientId subject) {
        MeasureLogic logic = logic(measureId);
        long started = System.nanoTime();
        ZoneId zone = practices.zoneOf(actors.requirePractice());
        MeasurePatient patient = records.readOne(subject, new PopulationRecords.Request(null, null, relevant(), FACT_TYPES))
                .map(Measures::toMeasurePatient)
                .map(p -> withFollowUps(p, followUps(subject)))
                .orElseThrow(() -> new PatientNotFound("Patient " + subject));
        EnumSet<Population> populations = logic.evaluate(patient, period, valueSets, zone);
        Map<Population, Integer> counts = new EnumMap<>(Population.class);
        populations.forEach(p -> counts.put(p, 1));
        List<SubjectResult> subjects = populations.isEmpty() ? List.of()
                : List.of(new SubjectResult(patient.id(), Set.copyOf(populations), clinician(patient, period, zone), null));
        return new MeasureEvaluation(measureId, period, counts, subjects, 1, Duration.ofNanos(System.nanoTime() - started));
    }

    /** The whole population over several periods (e.g. a monthly trend), reading the data once. */
    @Transactional
    public List<MeasureEvaluation> evaluate(String measureId, List<MeasurePeriod> periods) {
        MeasureLogic logic = logic(measureId);
        if (periods.isEmpty()) {
            return List.of();
        }
        PracticeId practice = actors.requirePractice();
        ZoneId zone = practices.zoneOf(practice);
        CachedPopulation cached = population(practice, measureId, periods);
        List<MeasurePatient> population = cached.patients();
        valueSets.has(""); // the value-set index is built here, in the caller's thread, not by the parallel evaluation
        List<MeasureEvaluation> evaluations = new ArrayList<>();
        for (MeasurePeriod period : periods) {
            ResultKey key = new ResultKey(measureId, period);
            MeasureEvaluation done = cached.results().get(key);
            if (done != null) {
                evaluations.add(done);
                continue;
            }
            long started = System.nanoTime();
            Instant from = period.start().atStartOfDay(zone).toInstant();
            Instant to = period.end().plusDays(1).atStartOfDay(zone).toInstant();
            // Patients are independent: evaluated in parallel (the logic and the value-set index are immutable), results
            // kept in the population's order.
            List<SubjectResult> subjects = population.parallelStream().map(patient -> {
                EnumSet<Population> populations = logic.evaluate(patient, period, valueSets, zone);
                return populations.isEmpty() ? null
                        : new SubjectResult(patient.id(), Set.copyOf(populations), clinician(patient, from, to), null);
            }).filter(java.util.Objects::nonNull).toList();
            Map<Population, Integer> counts = new EnumMap<>(Population.class);
            for (SubjectResult subject : subjects) {
                for (Population p : subject.populations()) {
                    counts.merge(p, 1, Integer::sum);
                }
            }
            MeasureEvaluation evaluation = new MeasureEvaluation(measureId, period, counts, List.copyOf(subjects), population.size(),
                    Duration.ofNanos(System.nanoTime() - started));
            if (cached.results().size() >= CACHED_RESULTS) {
                cached.results().clear();
            }
            cached.results().put(key, evaluation);
            evaluations.add(evaluation);
        }
        return evaluations;
    }

    /** Drops the practice's cached population and results: its patient data changed (the version is raised too). */
    @EventListener
    void on(PatientDataChanged changed) {
        cache.remove(changed.practice());
    }

    /** The practice's cached population, read if absent (benchmarks). */
    List<MeasurePatient> cachedPopulation(PracticeId practice) {
        return population(practice, "benchmark", List.of()).patients();
    }

    /** How many practices' populations are cached now (tests). */
    int cachedPractices() {
        return cache.size();
    }

    /**
     * The practice's population: from the cache (policy checked and one audit entry here), or read (policy and one
     * audit entry in {@link PopulationRecords#readAll}) and cached unless a write happened meanwhile.
     */
    private CachedPopulation population(PracticeId practice, String measureId, List<MeasurePeriod> periods) {
        long before = versions.patientData(practice);
        long valueSetsBefore = valueSets.version();
        CachedPopulation cached = cache.get(practice);
        if (cached != null && cached.version() == before && cached.valueSets() == valueSetsBefore) {
            policy.requireSearch(DataCategory.DEMOGRAPHICS);
            policy.requireSearch(DataCategory.ENCOUNTERS);
            policy.requireSearch(DataCategory.CLINICAL);
            audit.record(new AuditEntry(AuditAction.SEARCH, null, "Population", null, AuditOutcome.SUCCESS,
                    "population read for measures (" + measureId + ", " + periods.size() + " period(s)): "
                            + cached.patients().size() + " patients"));
            return cached;
        }
        List<MeasurePatient> patients = new ArrayList<>();
        Map<UUID, List<MeasureEvent>> followUps = followUps(null);
        records.readAll(new PopulationRecords.Request(null, null, relevant(), FACT_TYPES),
                p -> patients.add(withFollowUps(toMeasurePatient(p), followUps)));
        CachedPopulation loaded = new CachedPopulation(before, valueSetsBefore, List.copyOf(patients),
                new ConcurrentHashMap<>());
        if (versions.patientData(practice) == before && valueSets.version() == valueSetsBefore) {
            cache.put(practice, loaded);
        }
        return loaded;
    }

    /**
     * Which facts the measures can read: those with a coding (or coded value) in a value set one of the measures
     * declares, or equal to one of the codes their CQL references directly (CMS2: the adolescent and adult depression
     * screening assessments 73831-0 / 73832-8 and "Depression screening declined" 720834000; CMS159: FACIT-Pal
     * 71007-9 and "Hospice care [Minimum Data Set]" 45755-6). Every other fact is left out of the cached population.
     */
    private java.util.function.Predicate<ClinicalFactDetails.Coding> relevant() {
        Set<String> urls = new java.util.HashSet<>();
        logics.values().forEach(l -> urls.addAll(l.valueSets()));
        Set<MeasureCode> direct = Set.of(new MeasureCode(Cms2.LOINC, Cms2.ADOLESCENT_SCREENING), new MeasureCode(Cms2.LOINC, Cms2.ADULT_SCREENING),
                new MeasureCode(Cms2.SNOMEDCT, Cms2.SCREENING_DECLINED), new MeasureCode(Cms159.LOINC, Cms159.FACIT_PAL),
                new MeasureCode(Cms159.LOINC, Cms159.HOSPICE_CARE_MDS));
        List<String> valueSetUrls = List.copyOf(urls);
        return coding -> {
            MeasureCode code = new MeasureCode(coding.system(), coding.code());
            if (direct.contains(new MeasureCode(ExpansionIndex.canonicalSystem(coding.system()), coding.code()))) {
                return true;
            }
            for (String url : valueSetUrls) {
                if (valueSets.contains(url, code)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Tandem's own documented follow-ups as CMS2 events, by patient (of one patient, or all when null). */
    private Map<UUID, List<MeasureEvent>> followUps(PatientId only) {
        Map<UUID, List<MeasureEvent>> events = new java.util.HashMap<>();
        for (DocumentedFollowUp f : screenings.documentedFollowUps()) {
            MeasureEvent event = TandemFollowUps.event(f);
            if (event != null && (only == null || only.equals(f.patient()))) {
                events.computeIfAbsent(f.patient().value(), p -> new ArrayList<>()).add(event);
            }
        }
        return events;
    }

    private static MeasurePatient withFollowUps(MeasurePatient patient, Map<UUID, List<MeasureEvent>> followUps) {
        List<MeasureEvent> extra = followUps.get(patient.id());
        if (extra == null) {
            return patient;
        }
        List<MeasureEvent> events = new ArrayList<>(patient.events());
        events.addAll(extra);
        return new MeasurePatient(patient.id(), patient.birthDate(), patient.gender(), patient.deceased(), patient.deceasedAt(),
                patient.pcpId(), patient.encounters(), List.copyOf(events));
    }

    private MeasureLogic logic(String measureId) {
        MeasureLogic logic = logics.get(measureId);
        if (logic == null) {
            throw new InvalidMeasureRequest("Tandem does not evaluate measure " + measureId);
        }
        return logic;
    }

    /**
     * The clinician a result is attributed to: the patient's PCP (panel attribution, as the program metrics and the
     * dashboard's breakdown explain it), else the clinician of the patient's latest encounter in the period that names
     * one.
     */
    static UUID clinician(MeasurePatient patient, MeasurePeriod period, ZoneId zone) {
        return clinician(patient, period.start().atStartOfDay(zone).toInstant(), period.end().plusDays(1).atStartOfDay(zone).toInstant());
    }

    /** As {@link #clinician(MeasurePatient, MeasurePeriod, ZoneId)}, the period given as [from, to) instants. */
    private static UUID clinician(MeasurePatient patient, Instant from, Instant to) {
        if (patient.pcpId() != null) {
            return patient.pcpId();
        }
        MeasureEncounter latest = null;
        for (MeasureEncounter e : patient.encounters()) {
            if (e.clinicianId() == null || e.start() == null || e.start().isBefore(from) || !e.start().isBefore(to)
                    || "cancelled".equals(e.status()) || "entered-in-error".equals(e.status())) {
                continue;
            }
            if (latest == null || e.start().isAfter(latest.start())) {
                latest = e;
            }
        }
        return latest != null ? latest.clinicianId() : null;
    }

    static MeasurePatient toMeasurePatient(PopulationRecords.PopulationPatient p) {
        List<MeasureEncounter> encounters = new ArrayList<>(p.encounters().size());
        for (PopulationRecords.PopulationEncounter e : p.encounters()) {
            encounters.add(new MeasureEncounter(e.id().toString(), e.status(), e.classCode(), codes(e.types()), e.start(), e.end(),
                    codes(e.dischargeDisposition()), e.clinicianId()));
        }
        List<MeasureEvent> events = new ArrayList<>(p.facts().size());
        for (PopulationRecords.PopulationFact f : p.facts()) {
            events.add(new MeasureEvent(f.resourceType(), f.id(), "Condition".equals(f.resourceType()) ? null : f.status(),
                    codes(f.codings()), f.start(), f.end(), f.authoredOn(), f.valueQuantity(), codes(f.valueCodings()), f.intent(),
                    f.doNotPerform(), codes(f.categories()), codes(f.clinicalStatus()), codes(f.verificationStatus()),
                    codes(f.notDoneReasons()), f.dateOnly(), f.hasValue()));
        }
        String gender = p.sex() == null ? null : p.sex().code();
        return new MeasurePatient(p.id().value(), p.birthDate(), gender, p.deceased(), p.deceasedAt(), p.pcpId(),
                List.copyOf(encounters), List.copyOf(events));
    }

    private static List<MeasureCode> codes(List<ClinicalFactDetails.Coding> codings) {
        if (codings.isEmpty()) {
            return List.of();
        }
        List<MeasureCode> codes = new ArrayList<>(codings.size());
        for (ClinicalFactDetails.Coding c : codings) {
            codes.add(new MeasureCode(c.system(), c.code()));
        }
        return List.copyOf(codes);
    }

    private static MeasureDefinition definition(String id, Measure measure) {
        String cmsId = EcqmCatalog.CMS2.equals(id) ? "CMS2" : EcqmCatalog.CMS159.equals(id) ? "CMS159" : id;
        for (Identifier identifier : measure.getIdentifier()) {
            if (identifier.hasSystem() && identifier.getSystem().endsWith("/cms") && identifier.hasValue()) {
                cmsId = identifier.getValue().startsWith("CMS") ? identifier.getValue() : "CMS" + identifier.getValue();
            }
        }
        String improvement = measure.hasImprovementNotation() ? measure.getImprovementNotation().getCodingFirstRep().getCode() : null;
        return new MeasureDefinition(id, cmsId, measure.getTitle(), measure.getVersion(), measure.getUrl(), improvement);
    }
}
