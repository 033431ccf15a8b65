package org.tandem.measure;

import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The program metrics' rules, as {@link ProgramMetric} defines them, over {@link ProgramData}. Pure: no storage, no
 * clock.
 */
final class ProgramRules {

    /** Days after a positive screen in which follow-up counts (HEDIS DSF-E). */
    static final int FOLLOW_UP_DAYS = 30;
    /** Half-width of the response/remission follow-up window (MNCM, CMS159). */
    static final int WINDOW_DAYS = 60;
    /** Length of a PHQ-9 utilization window (MNCM). */
    static final int UTILIZATION_MONTHS = 4;
    /** Minimum age for the screening reach denominator. */
    static final int REACH_MIN_AGE = 12;
    /** PHQ-9 total above which a PHQ-9 is an index for response and remission. */
    static final int INDEX_ABOVE = 9;
    /** PHQ-9 total below which a patient is in remission. */
    static final int REMISSION_BELOW = 5;

    /** PHQ-9 and the adolescent PHQ-9 (PHQ-A), the instruments utilization, response and remission read. */
    static final Set<String> PHQ9 = Set.of("phq-9", "phq-a");

    /**
     * The depression, anxiety and substance-use screens whose positives start the follow-up and contact metrics, by
     * family: a brief screen and the full one that follows it the same day (the full one then decides).
     */
    static final Map<String, String> SCREENS = Map.ofEntries(Map.entry("phq-2", "depression"), Map.entry("phq-9", "depression"),
            Map.entry("phq-a", "depression"), Map.entry("epds", "perinatal"), Map.entry("gad-2", "anxiety"),
            Map.entry("gad-7", "anxiety"), Map.entry("audit-c", "alcohol"), Map.entry("audit", "alcohol"),
            Map.entry("nida-single", "drugs"), Map.entry("dast-10", "drugs"));

    /**
     * ICD-10-CM major depressive disorder and dysthymia codes of MN Community Measurement's depression measures'
     * denominator (F32.0-F32.5, F32.9, F32.A, F33.0-F33.3, F33.40-F33.42, F33.8, F33.9, F34.1); F32.8x (other
     * depressive episodes, e.g. premenstrual dysphoric disorder) are not included.
     */
    static final String ICD10 = "http://hl7.org/fhir/sid/icd-10-cm";
    static final List<String> DEPRESSION_ICD10 = List.of("F32.0", "F32.1", "F32.2", "F32.3", "F32.4", "F32.5", "F32.9", "F32.A",
            "F33.0", "F33.1", "F33.2", "F33.3", "F33.40", "F33.41", "F33.42", "F33.8", "F33.9", "F34.1");

    private static final Set<ProgramData.ContactKind> FOLLOW_UP = EnumSet.allOf(ProgramData.ContactKind.class);
    private static final Set<ProgramData.ContactKind> BH_CONTACT = EnumSet.of(ProgramData.ContactKind.HANDOFF_COMPLETED,
            ProgramData.ContactKind.REGISTRY_CONTACT, ProgramData.ContactKind.REGISTRY_ENROLMENT);

    private ProgramRules() {
    }

    static ProgramResult compute(ProgramMetric metric, MeasurePeriod period, ProgramData data) {
        return compute(metric, period, data, attribution(period, data));
    }

    /**
     * As {@link #compute(ProgramMetric, MeasurePeriod, ProgramData)} with the period's attribution already computed by
     * {@link #attribution} (the same for every metric of the period, so the dashboard computes it once per period).
     */
    static ProgramResult compute(ProgramMetric metric, MeasurePeriod period, ProgramData data, Map<UUID, UUID> attributed) {
        Function<UUID, UUID> clinician = p -> attributed.get(p);
        switch (metric) {
            case SCREENING_REACH:
                return rate(metric, period, reach(period, data, clinician));
            case POSITIVE_FOLLOW_UP_30:
                return rate(metric, period, followUp(period, data, clinician));
            case PHQ9_UTILIZATION:
                return rate(metric, period, utilization(period, data, clinician));
            case RESPONSE_6:
            case RESPONSE_12:
            case REMISSION_6:
            case REMISSION_12:
                return rate(metric, period, outcome(metric, period, data, clinician));
            case HANDOFFS_PER_100_VISITS:
                return handoffs(metric, period, data);
            case DAYS_TO_BH_CONTACT:
                return daysToContact(metric, period, data, clinician);
            default:
                throw new IllegalArgumentException("Unknown program metric " + metric);
        }
    }

    /** Each patient's PCP, else the clinician of their latest visit in the period. */
    static Map<UUID, UUID> attribution(MeasurePeriod period, ProgramData data) {
        Map<UUID, UUID> latest = new HashMap<>();
        Map<UUID, LocalDate> latestDay = new HashMap<>();
        for (ProgramData.Visit v : data.visits()) {
            if (in(v.day(), period) && v.clinician() != null) {
                LocalDate seen = latestDay.get(v.patient());
                if (seen == null || !v.day().isBefore(seen)) {
                    latestDay.put(v.patient(), v.day());
                    latest.put(v.patient(), v.clinician());
                }
            }
        }
        Map<UUID, UUID> result = new HashMap<>(latest);
        data.patients().forEach((patient, info) -> {
            if (info.pcp() != null) {
                result.put(patient, info.pcp());
            }
        });
        return result;
    }

    static boolean in(LocalDate day, MeasurePeriod period) {
        return !day.isBefore(period.start()) && !day.isAfter(period.end());
    }

    private static boolean between(LocalDate day, LocalDate from, LocalDate to) {
        return !day.isBefore(from) && !day.isAfter(to);
    }

    private static List<ProgramResult.Subject> reach(MeasurePeriod period, ProgramData data, Function<UUID, UUID> clinician) {
        Map<UUID, LocalDate> first = new LinkedHashMap<>();
        for (ProgramData.Visit v : data.visits()) {
            if (in(v.day(), period)) {
                first.merge(v.patient(), v.day(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        List<ProgramResult.Subject> subjects = new ArrayList<>();
        first.forEach((patient, day) -> {
            ProgramData.PatientInfo info = data.patients().get(patient);
            if (info == null || info.birthDate() == null || Period.between(info.birthDate(), day).getYears() < REACH_MIN_AGE) {
                return;
            }
            boolean screened = data.screens().getOrDefault(patient, List.of()).stream().anyMatch(s -> in(s.day(), period));
            subjects.add(new ProgramResult.Subject(patient, true, screened, clinician.apply(patient), null, null));
        });
        return subjects;
    }

    /**
     * The index day of each patient with a positive screen in the period: the earliest day with a positive result
     * that is not superseded the same day by a later negative result of the same family.
     */
    static Map<UUID, LocalDate> positiveIndex(MeasurePeriod period, ProgramData data) {
        Map<UUID, LocalDate> index = new LinkedHashMap<>();
        data.screens().forEach((patient, screens) -> {
            Map<DayFamily, ProgramData.Screen> lastOfDay = new HashMap<>();
            for (ProgramData.Screen s : screens) {
                String family = SCREENS.get(s.instrument());
                if (family == null || s.positive() == null || !in(s.day(), period)) {
                    continue;
                }
                DayFamily key = new DayFamily(s.day(), family);
                ProgramData.Screen seen = lastOfDay.get(key);
                if (seen == null || s.at().isAfter(seen.at())) {
                    lastOfDay.put(key, s);
                }
            }
            lastOfDay.values().stream().filter(s -> Boolean.TRUE.equals(s.positive())).map(ProgramData.Screen::day)
                    .min(Comparator.naturalOrder()).ifPresent(day -> index.put(patient, day));
        });
        return index;
    }

    private record DayFamily(LocalDate day, String family) {
    }

    private static List<ProgramResult.Subject> followUp(MeasurePeriod period, ProgramData data, Function<UUID, UUID> clinician) {
        List<ProgramResult.Subject> subjects = new ArrayList<>();
        positiveIndex(period, data).forEach((patient, index) -> {
            Integer days = firstContact(data, patient, index, index.plusDays(FOLLOW_UP_DAYS), FOLLOW_UP);
            subjects.add(new ProgramResult.Subject(patient, true, days != null, clinician.apply(patient), index, days));
        });
        return subjects;
    }

    /** Days from {@code index} to the patient's first contact of the kinds in [index, to] (to null: open), or null. */
    private static Integer firstContact(ProgramData data, UUID patient, LocalDate index, LocalDate to,
            Set<ProgramData.ContactKind> kinds) {
        return data.contacts().getOrDefault(patient, List.of()).stream()
                .filter(c -> kinds.contains(c.kind()) && !c.day().isBefore(index) && (to == null || !c.day().isAfter(to)))
                .map(c -> (int) ChronoUnit.DAYS.between(index, c.day())).min(Comparator.naturalOrder()).orElse(null);
    }

    /** The period's utilization windows: consecutive four-month windows from its first day, the last cut at its end. */
    static List<MeasurePeriod> utilizationWindows(MeasurePeriod period) {
        List<MeasurePeriod> windows = new ArrayList<>();
        for (LocalDate start = period.start(); !start.isAfter(period.end()); start = start.plusMonths(UTILIZATION_MONTHS)) {
            LocalDate end = start.plusMonths(UTILIZATION_MONTHS).minusDays(1);
            windows.add(new MeasurePeriod(start, end.isAfter(period.end()) ? period.end() : end));
        }
        return windows;
    }

    private static List<ProgramResult.Subject> utilization(MeasurePeriod period, ProgramData data, Function<UUID, UUID> clinician) {
        Set<UUID> seen = new java.util.LinkedHashSet<>();
        for (ProgramData.Visit v : data.visits()) {
            if (in(v.day(), period)) {
                seen.add(v.patient());
            }
        }
        List<MeasurePeriod> windows = utilizationWindows(period);
        List<ProgramResult.Subject> subjects = new ArrayList<>();
        for (UUID patient : seen) {
            List<ProgramData.Span> spans = data.depression().getOrDefault(patient, List.of());
            int due = 0;
            int met = 0;
            for (MeasurePeriod w : windows) {
                if (spans.stream().noneMatch(s -> s.overlaps(w.start(), w.end()))) {
                    continue;
                }
                due++;
                if (data.screens().getOrDefault(patient, List.of()).stream()
                        .anyMatch(s -> PHQ9.contains(s.instrument()) && s.total() != null && in(s.day(), w))) {
                    met++;
                }
            }
            if (due > 0) {
                subjects.add(new ProgramResult.Subject(patient, true, met == due, clinician.apply(patient), null, met));
            }
        }
        return subjects;
    }

    /** Response or remission at 6 or 12 months: see {@link ProgramMetric}. */
    private static List<ProgramResult.Subject> outcome(ProgramMetric metric, MeasurePeriod period, ProgramData data,
            Function<UUID, UUID> clinician) {
        MeasurePeriod indexPeriod = new MeasurePeriod(period.start().minusMonths(metric.months()), period.end().minusMonths(metric.months()));
        boolean response = metric == ProgramMetric.RESPONSE_6 || metric == ProgramMetric.RESPONSE_12;
        List<ProgramResult.Subject> subjects = new ArrayList<>();
        data.screens().forEach((patient, screens) -> {
            List<ProgramData.Span> spans = data.depression().getOrDefault(patient, List.of());
            List<ProgramData.Screen> phq9 = screens.stream().filter(s -> PHQ9.contains(s.instrument()) && s.total() != null).toList();
            ProgramData.Screen index = phq9.stream().filter(s -> in(s.day(), indexPeriod) && s.total() > INDEX_ABOVE)
                    .filter(s -> spans.stream().anyMatch(sp -> sp.contains(s.day()))).findFirst().orElse(null);
            if (index == null) {
                return;
            }
            LocalDate target = index.day().plusMonths(metric.months());
            LocalDate from = target.minusDays(WINDOW_DAYS);
            LocalDate to = target.plusDays(WINDOW_DAYS);
            ProgramData.Screen last = null;
            for (ProgramData.Screen s : phq9) {
                if (between(s.day(), from, to) && s != index) {
                    last = s;
                }
            }
            boolean met = last != null && (response ? 2 * last.total() <= index.total() : last.total() < REMISSION_BELOW);
            subjects.add(new ProgramResult.Subject(patient, true, met, clinician.apply(patient), index.day(),
                    last == null ? null : last.total()));
        });
        return subjects;
    }

    private static ProgramResult handoffs(ProgramMetric metric, MeasurePeriod period, ProgramData data) {
        Map<UUID, int[]> perPatient = new LinkedHashMap<>(); // [visits, handoffs]
        Map<UUID, int[]> perClinician = new LinkedHashMap<>();
        int visits = 0;
        int handoffs = 0;
        for (ProgramData.Visit v : data.visits()) {
            if (in(v.day(), period)) {
                visits++;
                perPatient.computeIfAbsent(v.patient(), p -> new int[2])[0]++;
                perClinician.computeIfAbsent(v.clinician(), p -> new int[2])[0]++;
            }
        }
        for (ProgramData.CompletedHandoff h : data.handoffs()) {
            if (in(h.day(), period)) {
                handoffs++;
                perPatient.computeIfAbsent(h.patient(), p -> new int[2])[1]++;
                perClinician.computeIfAbsent(h.requester(), p -> new int[2])[1]++;
            }
        }
        Map<UUID, UUID> attributed = attribution(period, data);
        List<ProgramResult.Subject> subjects = new ArrayList<>();
        perPatient.forEach((patient, n) -> subjects.add(new ProgramResult.Subject(patient, n[0] > 0, n[1] > 0,
                attributed.get(patient), null, n[1])));
        List<ProgramResult.Breakdown> breakdown = new ArrayList<>();
        perClinician.forEach((c, n) -> breakdown.add(new ProgramResult.Breakdown(c, n[1], n[0], per100(n[1], n[0]))));
        return new ProgramResult(metric, period, handoffs, visits, per100(handoffs, visits), subjects, sorted(breakdown));
    }

    private static Double per100(int numerator, int denominator) {
        return denominator == 0 ? null : 100.0 * numerator / denominator;
    }

    private static ProgramResult daysToContact(ProgramMetric metric, MeasurePeriod period, ProgramData data,
            Function<UUID, UUID> clinician) {
        List<ProgramResult.Subject> subjects = new ArrayList<>();
        positiveIndex(period, data).forEach((patient, index) -> {
            Integer days = firstContact(data, patient, index, null, BH_CONTACT);
            subjects.add(new ProgramResult.Subject(patient, true, days != null, clinician.apply(patient), index, days));
        });
        Map<UUID, List<ProgramResult.Subject>> byClinician = group(subjects);
        List<ProgramResult.Breakdown> breakdown = new ArrayList<>();
        byClinician.forEach((c, list) -> breakdown.add(new ProgramResult.Breakdown(c, (int) list.stream().filter(ProgramResult.Subject::numerator).count(),
                list.size(), median(list))));
        return new ProgramResult(metric, period, (int) subjects.stream().filter(ProgramResult.Subject::numerator).count(),
                subjects.size(), median(subjects), subjects, sorted(breakdown));
    }

    /** The exact median of the days of the subjects in the numerator (mean of the two middle ones when even), or null. */
    static Double median(List<ProgramResult.Subject> subjects) {
        List<Integer> days = subjects.stream().filter(ProgramResult.Subject::numerator).map(ProgramResult.Subject::value).sorted().toList();
        if (days.isEmpty()) {
            return null;
        }
        int n = days.size();
        return n % 2 == 1 ? days.get(n / 2).doubleValue() : (days.get(n / 2 - 1) + days.get(n / 2)) / 2.0;
    }

    private static ProgramResult rate(ProgramMetric metric, MeasurePeriod period, List<ProgramResult.Subject> subjects) {
        int denominator = (int) subjects.stream().filter(ProgramResult.Subject::denominator).count();
        int numerator = (int) subjects.stream().filter(s -> s.denominator() && s.numerator()).count();
        List<ProgramResult.Breakdown> breakdown = new ArrayList<>();
        group(subjects).forEach((c, list) -> {
            int d = list.size();
            int n = (int) list.stream().filter(ProgramResult.Subject::numerator).count();
            breakdown.add(new ProgramResult.Breakdown(c, n, d, d == 0 ? null : (double) n / d));
        });
        return new ProgramResult(metric, period, numerator, denominator, denominator == 0 ? null : (double) numerator / denominator,
                subjects, sorted(breakdown));
    }

    private static Map<UUID, List<ProgramResult.Subject>> group(List<ProgramResult.Subject> subjects) {
        Map<UUID, List<ProgramResult.Subject>> byClinician = new LinkedHashMap<>();
        for (ProgramResult.Subject s : subjects) {
            if (s.denominator()) {
                byClinician.computeIfAbsent(s.clinician(), c -> new ArrayList<>()).add(s);
            }
        }
        return byClinician;
    }

    /** Largest denominator first, the unattributed last. */
    private static List<ProgramResult.Breakdown> sorted(List<ProgramResult.Breakdown> rows) {
        List<ProgramResult.Breakdown> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing((ProgramResult.Breakdown b) -> b.clinician() == null)
                .thenComparing(ProgramResult.Breakdown::denominator, Comparator.reverseOrder())
                .thenComparing(b -> String.valueOf(b.clinician())));
        return List.copyOf(copy);
    }

}
