package org.tandem.screening;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.tandem.patient.PatientId;

/**
 * The reach dashboard's numbers, computed from plain data (no storage, no clock) so they can be checked by hand.
 * For each month and each instrument of the program:
 * <ul>
 * <li><b>eligible</b>: patients with a visit in the month (by the chosen clinician, if any) to whom a program rule
 * of the instrument applies on the day of their first such visit (age then, in the chosen age band, and perinatal
 * then for perinatal rules);</li>
 * <li><b>due</b>: eligible patients for whom such a rule was due that day ({@link ScreeningRules#status}: no covering
 * result within the rule's interval before the day); patients screened a few months earlier are eligible but not
 * due, so a yearly screen reaches 100% of the due patients but only a share of the eligible ones each month;</li>
 * <li><b>screened</b>: eligible patients with a completed result of the instrument or one that contains it
 * ({@link ScreeningRules#coveredBy}) dated in the month, Tandem's own or imported; <b>due and screened</b>: those of
 * them who were due;</li>
 * <li><b>positive</b>: screened patients whose latest such result in the month is positive (so a positive PHQ-2
 * followed by a negative PHQ-9 in the same sitting counts as negative);</li>
 * <li><b>followed up</b>: positive patients with, from the day of that result to 30 days after it, a follow-up
 * documented for one of those results, a closed safety alert, or a Procedure, ServiceRequest or MedicationRequest
 * fact.</li>
 * </ul>
 * Capacity per month: the month's positives (summed over instruments) times the minutes one follow-up needs, as
 * hours, against the BHC hours per week times the weeks in the month (days / 7).
 */
final class ReachReport {

    /** Days after a positive result in which follow-up counts (HEDIS DSF-E: follow-up within 30 days). */
    static final int FOLLOW_UP_DAYS = 30;

    private ReachReport() {
    }

    /** The age bands the dashboard filters by; age on the visit day. */
    enum AgeBand {
        AGE_12_17("12-17", 12, 17), AGE_18_64("18-64", 18, 64), AGE_65_PLUS("65+", 65, null);

        private final String code;
        private final int min;
        private final Integer max;

        AgeBand(String code, int min, Integer max) {
            this.code = code;
            this.min = min;
            this.max = max;
        }

        String code() {
            return code;
        }

        boolean contains(int age) {
            return age >= min && (max == null || age <= max);
        }

        static AgeBand fromCode(String code) {
            for (AgeBand band : values()) {
                if (band.code.equals(code)) {
                    return band;
                }
            }
            return null;
        }
    }

    /** A visit: who, when, with whom. */
    record Visit(PatientId patient, Instant start, UUID clinician) {
    }

    /**
     * What to report on.
     *
     * @param clinician only visits with this clinician count, or null for all
     * @param ageBand only patients of this age band on the visit day, or null for all
     */
    record Filter(YearMonth from, YearMonth to, UUID clinician, AgeBand ageBand) {

        List<YearMonth> months() {
            List<YearMonth> months = new ArrayList<>();
            for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
                months.add(m);
            }
            return months;
        }
    }

    /**
     * The facts the report is computed from.
     *
     * @param perinatal practice-local dates of each patient's pregnancy-related Conditions
     * @param screenings each patient's screenings (own and imported)
     * @param followUps practice-local dates of follow-ups documented, by the response they were documented for
     * @param closedAlerts practice-local dates on which each patient's safety alerts were closed
     * @param orders practice-local dates of each patient's Procedure, ServiceRequest and MedicationRequest facts
     */
    record Data(List<Visit> visits, Map<PatientId, LocalDate> birthDates, Map<PatientId, List<LocalDate>> perinatal,
            Map<PatientId, List<ScreeningEvent>> screenings, Map<UUID, List<LocalDate>> followUps,
            Map<PatientId, List<LocalDate>> closedAlerts, Map<PatientId, List<LocalDate>> orders) {
    }

    /** One month and instrument. */
    record Row(YearMonth month, String instrument, int eligible, int due, int screened, int dueScreened, int positive,
            int followedUp) {

        Integer percentScreened() {
            return percent(screened, eligible);
        }

        Integer percentDueScreened() {
            return percent(dueScreened, due);
        }

        Integer percentPositive() {
            return percent(positive, screened);
        }

        Integer percentFollowedUp() {
            return percent(followedUp, positive);
        }
    }

    /** One month's follow-up need against the BHC's time, in hours. */
    record Capacity(YearMonth month, int positives, BigDecimal neededHours, BigDecimal availableHours) {

        Integer percentOfAvailable() {
            if (availableHours.signum() == 0) {
                return null;
            }
            return neededHours.multiply(BigDecimal.valueOf(100)).divide(availableHours, 0, RoundingMode.HALF_UP).intValue();
        }
    }

    record Result(Filter filter, List<String> instruments, List<Row> rows, List<Capacity> capacity) {

        List<Row> rowsOf(YearMonth month) {
            return rows.stream().filter(r -> r.month().equals(month)).toList();
        }
    }

    /** Rounded whole percent of part in whole, or null when whole is 0. */
    static Integer percent(int part, int whole) {
        return whole == 0 ? null : (int) Math.round(100.0 * part / whole);
    }

    static Result compute(Filter filter, List<ProgramRule> rules, Data data, ZoneId zone, int followUpMinutes,
            BigDecimal bhcHoursPerWeek) {
        List<String> instruments = rules.stream().map(ProgramRule::instrument).distinct().toList();
        List<Row> rows = new ArrayList<>();
        List<Capacity> capacity = new ArrayList<>();
        for (YearMonth month : filter.months()) {
            Map<PatientId, LocalDate> seen = firstVisits(data.visits(), month, filter.clinician(), zone);
            int positives = 0;
            for (String instrument : instruments) {
                Row row = row(month, instrument, rules, seen, filter.ageBand(), data, zone);
                rows.add(row);
                positives += row.positive();
            }
            BigDecimal needed = BigDecimal.valueOf((long) positives * followUpMinutes).divide(BigDecimal.valueOf(60), 1,
                    RoundingMode.HALF_UP);
            BigDecimal available = bhcHoursPerWeek.multiply(BigDecimal.valueOf(month.lengthOfMonth()))
                    .divide(BigDecimal.valueOf(7), 1, RoundingMode.HALF_UP);
            capacity.add(new Capacity(month, positives, needed, available));
        }
        return new Result(filter, instruments, rows, capacity);
    }

    /** Each patient seen in the month (by the clinician, if given) with the day of their first visit then. */
    private static Map<PatientId, LocalDate> firstVisits(List<Visit> visits, YearMonth month, UUID clinician, ZoneId zone) {
        Map<PatientId, LocalDate> seen = new LinkedHashMap<>();
        for (Visit visit : visits) {
            if (visit.start() == null || (clinician != null && !clinician.equals(visit.clinician()))) {
                continue;
            }
            LocalDate day = visit.start().atZone(zone).toLocalDate();
            if (YearMonth.from(day).equals(month)) {
                seen.merge(visit.patient(), day, (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        return seen;
    }

    private static Row row(YearMonth month, String instrument, List<ProgramRule> rules, Map<PatientId, LocalDate> seen,
            AgeBand band, Data data, ZoneId zone) {
        List<ProgramRule> ofInstrument = rules.stream().filter(r -> r.instrument().equals(instrument)).toList();
        Set<String> family = ScreeningRules.coveredBy(instrument);
        int eligible = 0;
        int due = 0;
        int screened = 0;
        int dueScreened = 0;
        int positive = 0;
        int followedUp = 0;
        for (Map.Entry<PatientId, LocalDate> entry : seen.entrySet()) {
            PatientId patient = entry.getKey();
            LocalDate day = entry.getValue();
            LocalDate birth = data.birthDates().get(patient);
            if (birth == null) {
                continue;
            }
            int age = Period.between(birth, day).getYears();
            if (band != null && !band.contains(age)) {
                continue;
            }
            boolean perinatal = ScreeningRules.perinatalOn(data.perinatal().get(patient), day);
            List<ProgramRule> applying = ofInstrument.stream().filter(r -> r.appliesTo(age, perinatal)).toList();
            if (applying.isEmpty()) {
                continue;
            }
            eligible++;
            List<ScreeningEvent> history = data.screenings().getOrDefault(patient, List.of());
            boolean wasDue = applying.stream().anyMatch(r -> ScreeningRules.status(r, history, day, zone).due());
            if (wasDue) {
                due++;
            }
            List<ScreeningEvent> results = history.stream()
                    .filter(e -> e.complete() && family.contains(e.instrument()))
                    .filter(e -> YearMonth.from(e.at().atZone(zone)).equals(month)).toList();
            if (results.isEmpty()) {
                continue;
            }
            screened++;
            if (wasDue) {
                dueScreened++;
            }
            ScreeningEvent latest = results.stream().max(Comparator.comparing(ScreeningEvent::at)).orElseThrow();
            if (!Boolean.TRUE.equals(latest.positive())) {
                continue;
            }
            positive++;
            LocalDate from = latest.at().atZone(zone).toLocalDate();
            LocalDate to = from.plusDays(FOLLOW_UP_DAYS);
            boolean documented = results.stream().filter(e -> e.response() != null)
                    .anyMatch(e -> within(data.followUps().get(e.response()), from, to));
            if (documented || within(data.closedAlerts().get(patient), from, to) || within(data.orders().get(patient), from, to)) {
                followedUp++;
            }
        }
        return new Row(month, instrument, eligible, due, screened, dueScreened, positive, followedUp);
    }

    private static boolean within(Collection<LocalDate> days, LocalDate from, LocalDate to) {
        return days != null && days.stream().anyMatch(d -> !d.isBefore(from) && !d.isAfter(to));
    }
}
