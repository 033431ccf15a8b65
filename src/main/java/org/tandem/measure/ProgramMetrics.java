package org.tandem.measure;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.handoff.Handoff;
import org.tandem.handoff.HandoffStatus;
import org.tandem.handoff.Handoffs;
import org.tandem.patient.ClinicalFact;
import org.tandem.patient.ClinicalFacts;
import org.tandem.patient.EncounterRecord;
import org.tandem.patient.Encounters;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.CurrentActor;
import org.tandem.practice.Practices;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditEntry;
import org.tandem.privacy.AuditOutcome;
import org.tandem.privacy.AuditTrail;
import org.tandem.privacy.DataCategory;
import org.tandem.registry.Episode;
import org.tandem.registry.EpisodeFocus;
import org.tandem.registry.Episodes;
import org.tandem.registry.TimeEntry;
import org.tandem.registry.TimeLog;
import org.tandem.screening.FollowUp;
import org.tandem.screening.FollowUpRecord;
import org.tandem.screening.ScreeningEvent;
import org.tandem.screening.Screenings;

/**
 * The program metrics ({@link ProgramMetric}) of the caller's practice, from the modules' public facades: every read
 * passes the access policy (clinical-data search) and is recorded as one search per facade in the audit trail, as the
 * other population features do. The data of several periods (a monthly trend) is read once.
 *
 * <p>Cache: what was read is kept per practice, with the results computed from it (per metric and period), until the
 * practice's data changes: every write the metrics read publishes an event ({@link MeasureDataVersions}: patient data,
 * screening responses and follow-ups, warm handoffs, registry episodes and time), which makes the cached data stale, so
 * a dashboard's clicks (overview, measure page, patient list, CSV) do not read the population again and never show a
 * figure older than the last write. One read covers a selected period and its whole trend (a measure page after the
 * overview reads nothing). A reader served from the cache passes the same access policy checks (clinical data and
 * demographics search) and is recorded in the audit trail as one search of the cached population data.
 */
@Service
public class ProgramMetrics {

    /** Results kept per practice (beyond that they are dropped and computed again from the cached data). */
    static final int CACHED_RESULTS = 400;
    /** A read covers the selected period's trend too: this many months before its last month. */
    static final int COVERED_MONTHS = MeasurePages.TREND_MONTHS + MeasurePages.PERIOD_MONTHS - 1;

    private record ResultKey(ProgramMetric metric, MeasurePeriod period) {
    }

    /**
     * Data read under one version of the practice's data, for periods from {@code from} to {@code to}, and the results
     * computed from it.
     */
    private record Cached(long version, LocalDate from, LocalDate to, ProgramData data, Instant readAt, int patients,
            java.util.concurrent.ConcurrentHashMap<ResultKey, ProgramResult> results,
            java.util.concurrent.ConcurrentHashMap<MeasurePeriod, Map<UUID, UUID>> attributions) {

        boolean covers(long current, LocalDate earliest, LocalDate latest) {
            return version == current && !from.isAfter(earliest) && !to.isBefore(latest);
        }
    }

    private final java.util.concurrent.ConcurrentHashMap<org.tandem.platform.PracticeId, Cached> cache =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final MeasureDataVersions versions;

    /** Visit statuses that are not visits. */
    static final Set<String> NOT_VISITS = Set.of("cancelled", "entered-in-error");

    private final Encounters encounters;
    private final Patients patients;
    private final ClinicalFacts facts;
    private final Screenings screenings;
    private final Episodes episodes;
    private final TimeLog timeLog;
    private final Handoffs handoffs;
    private final Practices practices;
    private final CurrentActor actors;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Clock clock;

    ProgramMetrics(Encounters encounters, Patients patients, ClinicalFacts facts, Screenings screenings, Episodes episodes,
            TimeLog timeLog, Handoffs handoffs, Practices practices, CurrentActor actors, AccessPolicy policy, AuditTrail audit,
            Clock clock, MeasureDataVersions versions) {
        this.versions = versions;
        this.encounters = encounters;
        this.patients = patients;
        this.facts = facts;
        this.screenings = screenings;
        this.episodes = episodes;
        this.timeLog = timeLog;
        this.handoffs = handoffs;
        this.practices = practices;
        this.actors = actors;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    /** Every metric over one period (data read once). */
    @Transactional
    public List<ProgramResult> evaluate(MeasurePeriod period) {
        Cached cached = cachedRead(List.of(period));
        List<ProgramResult> results = new ArrayList<>();
        for (ProgramMetric metric : ProgramMetric.values()) {
            results.add(result(cached, metric, period));
        }
        return results;
    }

    /** One metric over several periods (e.g. a monthly trend), reading the data once. */
    @Transactional
    public List<ProgramResult> evaluate(ProgramMetric metric, List<MeasurePeriod> periods) {
        Cached cached = cachedRead(periods);
        return periods.stream().map(p -> result(cached, metric, p)).toList();
    }

    private static ProgramResult result(Cached cached, ProgramMetric metric, MeasurePeriod period) {
        ResultKey key = new ResultKey(metric, period);
        ProgramResult done = cached.results().get(key);
        if (done != null) {
            return done;
        }
        if (cached.attributions().size() >= CACHED_RESULTS) {
            cached.attributions().clear();
        }
        Map<UUID, UUID> attributed = cached.attributions().computeIfAbsent(period, p -> ProgramRules.attribution(p, cached.data()));
        ProgramResult computed = ProgramRules.compute(metric, period, cached.data(), attributed);
        if (cached.results().size() >= CACHED_RESULTS) {
            cached.results().clear();
        }
        cached.results().put(key, computed);
        return computed;
    }

    /** Drops the cached data of every practice (tests). */
    void forget() {
        cache.clear();
    }

    /** The practice's time zone, in which all days are counted. */
    public ZoneId zone() {
        return practices.zoneOf(actors.requirePractice());
    }

    /** {@link #read} through the cache (see the class comment). */
    private Cached cachedRead(List<MeasurePeriod> periods) {
        if (periods.isEmpty()) {
            throw new InvalidMeasureRequest("At least one period is needed");
        }
        org.tandem.platform.PracticeId practice = actors.requirePractice();
        LocalDate earliest = periods.stream().map(MeasurePeriod::start).min(Comparator.naturalOrder()).orElseThrow();
        LocalDate latest = periods.stream().map(MeasurePeriod::end).max(Comparator.naturalOrder()).orElseThrow();
        long version = versions.programData(practice);
        Cached hit = cache.get(practice);
        if (hit != null && hit.covers(version, earliest, latest)) {
            policy.requireSearch(DataCategory.CLINICAL);
            policy.requireSearch(DataCategory.DEMOGRAPHICS);
            audit.record(new AuditEntry(AuditAction.SEARCH, null, "ProgramMetricData", null, AuditOutcome.SUCCESS,
                    "program metric data of " + hit.patients() + " patients read at " + hit.readAt() + " for " + earliest + " to "
                            + latest));
            return hit;
        }
        // One read for the periods and the selected period's trend (and what a still valid entry covered).
        LocalDate from = earliest;
        LocalDate trendStart = java.time.YearMonth.from(latest).minusMonths(COVERED_MONTHS).atDay(1);
        if (trendStart.isBefore(from)) {
            from = trendStart;
        }
        LocalDate to = latest;
        if (hit != null && hit.version() == version) {
            from = hit.from().isBefore(from) ? hit.from() : from;
            to = hit.to().isAfter(to) ? hit.to() : to;
        }
        ProgramData data = read(List.of(new MeasurePeriod(from, to)));
        Cached fresh = new Cached(version, from, to, data, clock.instant(), data.patients().size(),
                new java.util.concurrent.ConcurrentHashMap<>(), new java.util.concurrent.ConcurrentHashMap<>());
        if (versions.programData(practice) == version) { // no write meanwhile: the data is current
            cache.put(practice, fresh);
        }
        return fresh;
    }

    /**
     * Reads what the periods need: from 12 months and 60 days before the earliest start (response and remission
     * indexes) to now (first contacts after a positive screen have no upper bound).
     */
    ProgramData read(List<MeasurePeriod> periods) {
        if (periods.isEmpty()) {
            throw new InvalidMeasureRequest("At least one period is needed");
        }
        ZoneId zone = zone();
        LocalDate earliest = periods.stream().map(MeasurePeriod::start).min(Comparator.naturalOrder()).orElseThrow();
        LocalDate latest = periods.stream().map(MeasurePeriod::end).max(Comparator.naturalOrder()).orElseThrow();
        Instant from = earliest.minusMonths(12).minusDays(ProgramRules.WINDOW_DAYS).atStartOfDay(zone).toInstant();
        Instant now = clock.instant();
        Instant periodsEnd = latest.plusDays(1).atStartOfDay(zone).toInstant();
        Instant to = (now.isAfter(periodsEnd) ? now : periodsEnd).plusSeconds(1);

        List<ProgramData.Visit> visits = new ArrayList<>();
        Set<PatientId> named = new HashSet<>();
        for (EncounterRecord e : encounters.between(from, to)) {
            if (e.start() != null && !NOT_VISITS.contains(e.status())) {
                visits.add(new ProgramData.Visit(e.patient().value(), day(e.start(), zone), e.clinicianAccountId()));
                named.add(e.patient());
            }
        }

        Map<UUID, List<ProgramData.Screen>> screens = new HashMap<>();
        Map<UUID, UUID> responsePatient = new HashMap<>();
        for (Map.Entry<PatientId, List<ScreeningEvent>> entry : screenings.population(null, from, to).entrySet()) {
            for (ScreeningEvent e : entry.getValue()) {
                if (e.response() != null) {
                    responsePatient.put(e.response(), entry.getKey().value());
                }
                if (e.complete() && e.at() != null) {
                    screens.computeIfAbsent(entry.getKey().value(), p -> new ArrayList<>())
                            .add(new ProgramData.Screen(day(e.at(), zone), e.at(), e.instrument(), e.total(), e.positive()));
                    named.add(entry.getKey());
                }
            }
        }

        Map<UUID, List<ProgramData.Contact>> contacts = new HashMap<>();
        for (FollowUpRecord f : screenings.followUpsBetween(from, to)) {
            UUID patient = responsePatient.get(f.response());
            // a documented refusal is not follow-up
            if (patient != null && f.kind() != FollowUp.PATIENT_DECLINED) {
                contacts.computeIfAbsent(patient, p -> new ArrayList<>())
                        .add(new ProgramData.Contact(f.documentedOn(), ProgramData.ContactKind.FOLLOW_UP_DOCUMENTED));
            }
        }
        List<ProgramData.CompletedHandoff> completed = new ArrayList<>();
        for (Handoff h : handoffs.between(from, to)) {
            if (h.status() == HandoffStatus.COMPLETED) {
                LocalDate requested = day(h.requestedAt(), zone);
                completed.add(new ProgramData.CompletedHandoff(h.patient().value(), requested,
                        h.onBehalfOf() != null ? h.onBehalfOf() : h.requestedBy()));
                contacts.computeIfAbsent(h.patient().value(), p -> new ArrayList<>()).add(new ProgramData.Contact(
                        h.startedAt() != null ? day(h.startedAt(), zone) : requested, ProgramData.ContactKind.HANDOFF_COMPLETED));
                named.add(h.patient());
            }
        }
        for (TimeEntry t : timeLog.between(from, to)) {
            if (t.patientContact()) {
                contacts.computeIfAbsent(t.patient().value(), p -> new ArrayList<>())
                        .add(new ProgramData.Contact(day(t.startedAt(), zone), ProgramData.ContactKind.REGISTRY_CONTACT));
            }
        }
        Map<UUID, List<ProgramData.Span>> depression = new HashMap<>();
        for (Episode e : episodes.search(null, List.of())) {
            UUID patient = e.patient().value();
            contacts.computeIfAbsent(patient, p -> new ArrayList<>())
                    .add(new ProgramData.Contact(e.referredOn(), ProgramData.ContactKind.REGISTRY_REFERRAL));
            if (e.enrolledOn() != null) {
                contacts.get(patient).add(new ProgramData.Contact(e.enrolledOn(), ProgramData.ContactKind.REGISTRY_ENROLMENT));
            }
            if (e.focus() == EpisodeFocus.DEPRESSION) {
                depression.computeIfAbsent(patient, p -> new ArrayList<>()).add(new ProgramData.Span(e.referredOn(), e.dischargedOn()));
            }
        }
        for (ClinicalFact c : facts.withCodes("Condition", ProgramRules.ICD10, ProgramRules.DEPRESSION_ICD10, null, null)) {
            if (isEnteredInError(c)) {
                continue;
            }
            depression.computeIfAbsent(c.patient().value(), p -> new ArrayList<>()).add(new ProgramData.Span(
                    c.effectiveStart() == null ? null : day(c.effectiveStart(), zone),
                    c.effectiveEnd() == null ? null : day(c.effectiveEnd(), zone)));
        }

        Map<UUID, ProgramData.PatientInfo> infos = new HashMap<>();
        if (!named.isEmpty()) {
            for (PatientRecord p : patients.byIds(named).values()) {
                infos.put(p.id().value(), new ProgramData.PatientInfo(p.birthDate(), p.pcpAccountId()));
            }
        }
        return new ProgramData(visits, infos, screens, contacts, completed, depression);
    }

    private static boolean isEnteredInError(ClinicalFact c) {
        return c.status() != null && c.status().contains("entered-in-error");
    }

    private static LocalDate day(Instant at, ZoneId zone) {
        return at.atZone(zone).toLocalDate();
    }
}
