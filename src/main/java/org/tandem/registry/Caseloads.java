package org.tandem.registry;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.TenantJdbc;
import org.tandem.practice.Practices;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditEntry;
import org.tandem.privacy.AuditOutcome;
import org.tandem.privacy.AuditTrail;
import org.tandem.privacy.DataCategory;
import org.tandem.screening.ScreeningEvent;
import org.tandem.screening.Screenings;

/**
 * Caseloads: the open episodes of a care manager (or of the practice) with their treat-to-target status
 * ({@link TreatToTarget}). Built in batch: one query per kind of data for the whole caseload, never one per patient.
 */
@Component
public class Caseloads {

    static final String RESOURCE = "Caseload";

    private final TenantJdbc jdbc;
    private final Episodes episodes;
    private final Screenings screenings;
    private final Patients patients;
    private final Practices practices;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Clock clock;

    Caseloads(TenantJdbc jdbc, Episodes episodes, Screenings screenings, Patients patients, Practices practices, AccessPolicy policy,
            AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.episodes = episodes;
        this.screenings = screenings;
        this.patients = patients;
        this.practices = practices;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The open episodes of a care manager, or of the whole practice, with baseline and latest results, contacts and
     * flags, in enrolment order. Needs the clinical search right; recorded in the audit trail as searches (episodes,
     * results, patients) plus one caseload entry.
     *
     * @param careManager the care manager's account id, or null for every open episode of the practice
     */
    @Transactional
    public List<CaseloadRow> of(UUID careManager, CaseloadFilter filter) {
        policy.requireSearch(DataCategory.CLINICAL);
        CaseloadFilter f = filter == null ? CaseloadFilter.ALL : filter;
        Set<EpisodeStatus> statuses = f.openStatuses();
        if (statuses.isEmpty()) {
            return List.of();
        }
        List<Episode> open = episodes.search(careManager, statuses).stream()
                .filter(e -> f.focus() == null || e.focus() == f.focus()).toList();
        List<CaseloadRow> rows = build(open);
        if (f.flag() != null) {
            rows = rows.stream().filter(r -> r.has(f.flag())).toList();
        }
        audit.record(new AuditEntry(AuditAction.SEARCH, null, RESOURCE, null, AuditOutcome.SUCCESS,
                rows.size() + " rows" + (careManager == null ? "" : " of care manager " + careManager)
                        + (f.focus() == null ? "" : " focus " + f.focus().code()) + (f.flag() == null ? "" : " flag " + f.flag().code())));
        return rows;
    }

    /** One episode's caseload row (open or not), for the episode page and the case review (access policy and audit apply). */
    @Transactional
    public CaseloadRow row(UUID episode) {
        Episode e = episodes.get(episode);
        return build(List.of(e)).get(0);
    }

    private List<CaseloadRow> build(List<Episode> list) {
        if (list.isEmpty()) {
            return List.of();
        }
        TenantJdbc.Scoped sql = jdbc.current();
        ZoneId zone = practices.zoneOf(sql.practiceId());
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, zone);

        Set<PatientId> patientIds = new LinkedHashSet<>();
        List<UUID> episodeIds = new ArrayList<>();
        LocalDate earliest = today;
        for (Episode e : list) {
            patientIds.add(e.patient());
            episodeIds.add(e.id());
            if (e.startOn().isBefore(earliest)) {
                earliest = e.startOn();
            }
        }
        Instant from = earliest.minusDays(TreatToTarget.BASELINE_LOOKBACK_DAYS).atStartOfDay(zone).toInstant();
        Instant to = today.plusDays(2).atStartOfDay(zone).toInstant();
        Map<PatientId, List<ScreeningEvent>> events = screenings.population(patientIds, from, to);
        Map<PatientId, PatientRecord> records = patients.byIds(patientIds);
        List<UUID> patientUuids = patientIds.stream().map(PatientId::value).toList();
        Map<UUID, List<TimeEntry>> time = TimeLog.ofEpisodes(sql, episodeIds);
        Map<PatientId, List<RegistryResult>> results = RegistryResults.ofPatients(sql, patientUuids);
        Map<UUID, LocalDate> reviews = lastCaseReviews(sql, episodeIds);
        Set<UUID> staff = new HashSet<>();
        list.stream().map(Episode::careManager).filter(java.util.Objects::nonNull).forEach(staff::add);
        Map<UUID, String> names = practices.displayNames(staff);

        Map<PatientId, List<TreatToTarget.Measurement>> measurements = new HashMap<>();
        List<CaseloadRow> rows = new ArrayList<>(list.size());
        for (Episode e : list) {
            List<TreatToTarget.Measurement> all = measurements.computeIfAbsent(e.patient(),
                    p -> toMeasurements(events.getOrDefault(p, List.of()), zone));
            Set<String> wanted = new HashSet<>(List.of(TreatToTarget.PHQ9, TreatToTarget.GAD7));
            e.instruments().forEach(i -> wanted.add(TreatToTarget.measure(i)));
            LocalDate lookback = e.startOn().minusDays(TreatToTarget.BASELINE_LOOKBACK_DAYS);
            List<TreatToTarget.Measurement> mine = all.stream()
                    .filter(m -> wanted.contains(m.measure()) && !m.on().isBefore(lookback)).toList();
            TreatToTarget.Assessment a = TreatToTarget.assess(TreatToTarget.Facts.of(e, mine, time.getOrDefault(e.id(), List.of()),
                    results.getOrDefault(e.patient(), List.of()), reviews.get(e.id()), zone, today));
            PatientRecord p = records.get(e.patient());
            rows.add(new CaseloadRow(e.id(), e.patient(), p == null ? null : p.displayName(), p == null ? null : p.mrn(),
                    p == null ? null : p.ageOn(today), e.focus(), e.status(), e.careManager(),
                    e.careManager() == null ? null : names.get(e.careManager()), e.enrolledOn(), a.weeksInTreatment(), a.treatmentWeek(),
                    a.phq9(), a.gad7(), a.lastContact(), a.daysSinceContact(), a.contacts(), a.nextContactDue(), a.lastMeasurement(),
                    a.nextMeasurementDue(), reviews.get(e.id()), a.flags(), a.reasons(), mine));
        }
        return rows;
    }

    /** Completed results with a total, oldest first, dated in the practice's time zone. */
    private static List<TreatToTarget.Measurement> toMeasurements(List<ScreeningEvent> events, ZoneId zone) {
        List<TreatToTarget.Measurement> list = new ArrayList<>();
        for (ScreeningEvent event : events) {
            if (event.complete() && event.total() != null) {
                list.add(new TreatToTarget.Measurement(event.instrument(), event.at().atZone(zone).toLocalDate(), event.at(),
                        event.total(), event.response(), event.observation()));
            }
        }
        list.sort(Comparator.comparing(TreatToTarget.Measurement::at));
        return list;
    }

    /** The day of the latest psychiatric case review per episode (rows of registry_case_review). */
    static Map<UUID, LocalDate> lastCaseReviews(TenantJdbc.Scoped sql, List<UUID> episodes) {
        Map<UUID, LocalDate> last = new HashMap<>();
        for (int start = 0; start < episodes.size(); start += 500) {
            sql.query("SELECT episode_id, MAX(reviewed_on) AS last_on FROM registry_case_review WHERE practice_id = :practiceId "
                    + "AND episode_id IN (:ids) GROUP BY episode_id", Map.of("ids", episodes.subList(start, Math.min(episodes.size(),
                            start + 500))), (rs, n) -> {
                                last.put(rs.getObject("episode_id", UUID.class), rs.getObject("last_on", LocalDate.class));
                                return null;
                            });
        }
        return last;
    }
}
