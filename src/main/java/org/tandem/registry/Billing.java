package org.tandem.registry;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
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
import org.tandem.privacy.Operation;
import org.tandem.registry.BillingMonth.Claim;
import org.tandem.registry.BillingMonth.Next;
import org.tandem.registry.BillingMonth.NotCounted;
import org.tandem.registry.BillingMonth.Part;
import org.tandem.registry.BillingMonth.Refusal;
import org.tandem.registry.BillingRules.CocmMonth;
import org.tandem.registry.RegistrySettings.BillingSetting;

/**
 * Billing codes from logged time: the monthly report per billing practitioner and one episode's month. Months are
 * calendar months in the practice's time zone; the rules are those of the month's year in the practice's billing
 * setting (office, FQHC or RHC, see {@link RegistrySettings}).
 */
@Component
public class Billing {

    static final String RESOURCE = "BillingReport";

    private final TenantJdbc jdbc;
    private final Patients patients;
    private final Practices practices;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Clock clock;

    Billing(TenantJdbc jdbc, Patients patients, Practices practices, AccessPolicy policy, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.patients = patients;
        this.practices = practices;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The billing report of a month: per billing practitioner the patients with time in the month, their minutes and
     * codes. Clinical roles only (access policy); recorded as one search in the audit trail (and the patients' names
     * as one search of patients by id).
     */
    @Transactional
    public BillingReport report(YearMonth month) {
        policy.requireSearch(DataCategory.CLINICAL);
        TenantJdbc.Scoped sql = jdbc.current();
        BillingReport report = build(sql, month);
        audit.record(new AuditEntry(AuditAction.SEARCH, null, RESOURCE, month.toString(), AuditOutcome.SUCCESS, summary(report)));
        return report;
    }

    /** The same report for download, recorded as an EXPORT in the audit trail. */
    @Transactional
    public BillingReport export(YearMonth month) {
        TenantJdbc.Scoped sql = jdbc.current();
        policy.require(sql.practiceId(), null, DataCategory.CLINICAL, Operation.EXPORT);
        BillingReport report = build(sql, month);
        audit.record(new AuditEntry(AuditAction.EXPORT, null, RESOURCE, month.toString(), AuditOutcome.SUCCESS,
                "CSV: " + summary(report)));
        return report;
    }

    /**
     * An episode's patient in a month: minutes, codes, refusals and minutes to the next threshold. Codes are billed per
     * patient, so the month counts the time of all the patient's episodes (access policy and audit apply).
     */
    @Transactional
    public BillingMonth forEpisode(UUID episodeId, YearMonth month) {
        TenantJdbc.Scoped sql = jdbc.current();
        Episode episode = Episodes.load(sql, episodeId);
        policy.require(sql.practiceId(), episode.patient().value(), DataCategory.CLINICAL, Operation.READ);
        List<Episode> episodes = sql.query("SELECT * FROM registry_episode WHERE practice_id = :practiceId AND patient_id = :patient",
                Map.of("patient", episode.patient().value()), Episodes::toEpisode);
        List<TimeEntry> entries = TimeLog.ofEpisodes(sql, episodes.stream().map(Episode::id).toList()).values().stream()
                .flatMap(List::stream).toList();
        BillingMonth result = BillingMonth.compute(episode.patient(), month, zone(sql), RegistrySettings.of(sql).billingSetting(),
                episodes, entries);
        audit.record(AuditEntry.patient(AuditAction.READ, episode.patient().value(), "BillingMonth", episodeId.toString())
                .withDetail(month + ": " + result.minutes() + " min " + String.join(" ", result.codes())));
        return result;
    }

    /** The month before the current one in the practice's time zone (the report's default). */
    @Transactional(readOnly = true)
    public YearMonth lastMonth() {
        return YearMonth.now(clock.withZone(zone(jdbc.current()))).minusMonths(1);
    }

    private BillingReport build(TenantJdbc.Scoped sql, YearMonth month) {
        ZoneId zone = zone(sql);
        BillingSetting setting = RegistrySettings.of(sql).billingSetting();
        BillingMonth.Window window = BillingMonth.Window.of(month, zone);
        // an entry may start before the month and run into it: look back by the longest entry
        Instant from = window.start().minusSeconds(60L * TimeLog.MAX_MINUTES);
        List<TimeEntry> ofMonth = sql.query("SELECT * FROM registry_time_entry WHERE practice_id = :practiceId "
                + "AND started_at >= :from AND started_at < :to", Map.of("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC),
                        "to", OffsetDateTime.ofInstant(window.end(), ZoneOffset.UTC)), TimeLog::toEntry)
                .stream().filter(window::overlaps).toList();
        List<UUID> episodeIds = ofMonth.stream().map(TimeEntry::episode).distinct().toList();
        Map<UUID, Episode> episodes = new LinkedHashMap<>();
        for (int start = 0; start < episodeIds.size(); start += 500) {
            sql.query("SELECT * FROM registry_episode WHERE practice_id = :practiceId AND id IN (:ids)",
                    Map.of("ids", episodeIds.subList(start, Math.min(episodeIds.size(), start + 500))), Episodes::toEpisode)
                    .forEach(e -> episodes.put(e.id(), e));
        }
        Map<UUID, List<TimeEntry>> history = TimeLog.ofEpisodes(sql, episodeIds);
        Map<PatientId, List<Episode>> byPatient = episodes.values().stream()
                .collect(Collectors.groupingBy(Episode::patient, LinkedHashMap::new, Collectors.toList()));
        List<BillingMonth> months = new ArrayList<>();
        byPatient.forEach((patient, ofPatient) -> months.add(BillingMonth.compute(patient, month, zone, setting, ofPatient,
                ofPatient.stream().flatMap(e -> history.getOrDefault(e.id(), List.of()).stream()).toList())));

        Map<PatientId, PatientRecord> records = months.isEmpty() ? Map.of()
                : patients.byIds(months.stream().map(BillingMonth::patient).toList());
        Set<UUID> practitioners = new HashSet<>();
        months.forEach(m -> m.parts().stream().map(Part::billedBy).filter(Objects::nonNull).forEach(practitioners::add));
        Map<UUID, String> names = practitioners.isEmpty() ? Map.of() : practices.displayNames(practitioners);

        Map<UUID, List<BillingReport.Line>> lines = new LinkedHashMap<>();
        for (BillingMonth m : months) {
            PatientRecord record = records.get(m.patient());
            Map<UUID, List<Part>> partsBy = new LinkedHashMap<>();
            m.parts().forEach(p -> partsBy.computeIfAbsent(p.billedBy(), k -> new ArrayList<>()).add(p));
            boolean first = true;
            for (Map.Entry<UUID, List<Part>> e : partsBy.entrySet()) {
                List<Part> parts = e.getValue();
                List<Claim> claims = parts.stream().flatMap(p -> p.claims().stream()).toList();
                List<Refusal> refusals = new ArrayList<>(m.refusals());
                parts.forEach(p -> refusals.addAll(p.refusals()));
                List<Next> next = parts.stream().map(Part::next).filter(Objects::nonNull).toList();
                boolean cocm = parts.stream().anyMatch(p -> p.model() == BillingModel.COCM);
                List<NotCounted> notCounted = first ? m.notCounted() : List.of();
                lines.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new BillingReport.Line(m.patient(),
                        record == null ? m.patient().toString() : record.displayName(), record == null ? null : record.mrn(),
                        cocm ? m.cocmMonth() : (CocmMonth) null, parts.stream().mapToInt(Part::minutes).sum(), claims, refusals, next,
                        notCounted));
                first = false;
            }
        }
        List<BillingReport.Group> groups = new ArrayList<>();
        lines.forEach((practitioner, ofPractitioner) -> groups.add(new BillingReport.Group(practitioner,
                practitioner == null ? null : names.getOrDefault(practitioner, practitioner.toString()),
                ofPractitioner.stream().sorted(Comparator.comparing(BillingReport.Line::patientName, String.CASE_INSENSITIVE_ORDER))
                        .toList())));
        groups.sort(Comparator.comparing(BillingReport.Group::name, Comparator.nullsLast(String.CASE_INSENSITIVE_ORDER)));
        return new BillingReport(month, setting, BillingRules.of(month.getYear(), setting).orElse(null), groups);
    }

    private static String summary(BillingReport report) {
        return report.patients() + " patients, " + report.minutes() + " min, " + report.units().entrySet().stream()
                .map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(" "));
    }

    private ZoneId zone(TenantJdbc.Scoped sql) {
        return practices.zoneOf(sql.practiceId());
    }
}
