package org.tandem.registry;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.tandem.patient.PatientId;
import org.tandem.registry.BillingRules.CocmMonth;
import org.tandem.registry.BillingRules.CodeRule;
import org.tandem.registry.BillingRules.RuleSet;
import org.tandem.registry.RegistrySettings.BillingSetting;

/**
 * One patient's billable care-management time in one calendar month (in the practice's time zone) and the codes it
 * supports under the year's {@link BillingRules}.
 *
 * <p>How minutes are counted:
 * <ul>
 * <li>the union of the time entries' intervals: overlapping entries are counted once (CPT time is time spent, not
 * time logged twice), and a minute counted for one billing model (CoCM first, then general BHI, then G0323) is not
 * counted again for another;</li>
 * <li>only on or after the day consent was documented and on or before the day of discharge (facts.md: "Advance consent
 * documented"; an episode ends at discharge); without documented consent nothing is billable;</li>
 * <li>only time logged in the care manager (or behavioral health clinician) role: the descriptors count behavioral
 * health care manager (99492-99494, G2214), clinical staff (99484) and psychologist/LCSW/counselor/MFT (G0323) time.
 * Time the PCP or the psychiatric consultant logged is shown as not counted; whether a treating practitioner's own
 * care-management time may count is UNVERIFIED.</li>
 * </ul>
 * The month is the first (initial) month of collaborative care when the patient had no counted CoCM minutes before,
 * or none in the 6 months before it (facts.md: an episode ends after 6 months without services; the next month of
 * services starts a new episode and 99492 again).
 *
 * @param rules the rules of the month's year, or null when Tandem has none for that year
 * @param cocmMonth initial or later month of collaborative care, or null without CoCM time this month
 * @param loggedMinutes all minutes logged in the month, overlaps included
 * @param parts one per billing model with time this month
 * @param refusals reasons that concern the whole month (no rules for the year)
 */
public record BillingMonth(PatientId patient, YearMonth month, BillingSetting setting, RuleSet rules, CocmMonth cocmMonth,
        int loggedMinutes, List<Part> parts, List<NotCounted> notCounted, List<Refusal> refusals) {

    /** Months without services after which collaborative care starts a new episode (facts.md). */
    static final int GAP_MONTHS = 6;
    /** The order in which billing models count time: a minute counted for an earlier model is not counted again. */
    static final List<BillingModel> ORDER = List.of(BillingModel.COCM, BillingModel.GENERAL_BHI, BillingModel.BH_CARE_MANAGEMENT);

    public BillingMonth {
        parts = List.copyOf(parts);
        notCounted = List.copyOf(notCounted);
        refusals = List.copyOf(refusals);
    }

    /**
     * The time and codes of one billing model.
     *
     * @param billedBy the account that bills: the episode's PCP (treating practitioner), for G0323 its care manager
     *        (behavioral health clinician); null when the episode names nobody
     * @param medicare whether an episode of the model is marked Medicare
     * @param next the next threshold and how many minutes are missing, or null
     */
    public record Part(BillingModel model, UUID billedBy, boolean medicare, int minutes, List<Claim> claims, List<Refusal> refusals,
            Next next) {

        public Part {
            claims = List.copyOf(claims);
            refusals = List.copyOf(refusals);
        }
    }

    /** A suggested code with its units; {@code verified} is false when its rule is UNVERIFIED. */
    public record Claim(String code, int units, UUID billedBy, boolean verified) {

        /** The code with its units, e.g. "99494 x2". */
        public String label() {
            return units == 1 ? code : code + " x" + units;
        }
    }

    /** Why a code is not suggested. */
    public enum Reason {
        CONSENT_NOT_DOCUMENTED, NOT_WITH, MEDICARE_ONLY, NO_RULES_FOR_YEAR;

        public String code() {
            return Codes.of(this);
        }
    }

    /**
     * A code that is not billable this month, and why.
     *
     * @param code the code, or null when nothing is billable
     * @param with the code it may not be billed with, or the year without rules
     */
    public record Refusal(String code, Reason reason, String with) {

        /** The reason in words (pages use the messages {@code registry.billing.refusal.*}). */
        public String text() {
            return switch (reason) {
                case CONSENT_NOT_DOCUMENTED -> "consent not documented";
                case NOT_WITH -> code + " may not be billed with " + with + " in the same month";
                case MEDICARE_ONLY -> code + " is for Medicare patients and no episode is marked Medicare";
                case NO_RULES_FOR_YEAR -> "Tandem has no billing rules for " + with;
            };
        }
    }

    /** The next threshold: {@code code} (unit {@code unit} of an add-on) is billable at {@code atMinutes}. */
    public record Next(String code, int unit, int atMinutes, int minutesToGo) {
    }

    /** Why logged time was not counted. */
    public enum Why {
        /** the episode has no documented consent */
        NO_CONSENT,
        /** logged before the day consent was documented */
        BEFORE_CONSENT,
        /** logged after the day of discharge */
        AFTER_DISCHARGE,
        /** logged by the PCP or the psychiatric consultant */
        NOT_CARE_MANAGER_TIME,
        /** overlapping entries, counted once */
        OVERLAP;

        public String code() {
            return Codes.of(this);
        }
    }

    /** Logged minutes that were not counted; {@code on} is the consent or discharge day where it matters. */
    public record NotCounted(Why why, int minutes, LocalDate on) {
    }

    /** Minutes counted for a billing model (0 without time of that model). */
    public int minutes(BillingModel model) {
        return part(model).map(Part::minutes).orElse(0);
    }

    /** Counted minutes over all billing models. */
    public int minutes() {
        return parts.stream().mapToInt(Part::minutes).sum();
    }

    public Optional<Part> part(BillingModel model) {
        return parts.stream().filter(p -> p.model() == model).findFirst();
    }

    /** Every suggested code. */
    public List<Claim> claims() {
        return parts.stream().flatMap(p -> p.claims().stream()).toList();
    }

    /** The suggested codes with their units, e.g. ["99492", "99494 x2"]. */
    public List<String> codes() {
        return claims().stream().map(Claim::label).toList();
    }

    /** Every refusal: the month's and each part's. */
    public List<Refusal> allRefusals() {
        List<Refusal> all = new ArrayList<>(refusals);
        parts.forEach(p -> all.addAll(p.refusals()));
        return all;
    }

    /** The refusals in words. */
    public List<String> reasons() {
        return allRefusals().stream().map(Refusal::text).toList();
    }

    public int notCounted(Why why) {
        return notCounted.stream().filter(n -> n.why() == why).mapToInt(NotCounted::minutes).sum();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // computation

    /**
     * Computes a patient's month.
     *
     * @param episodes the patient's episodes
     * @param entries their time entries, including earlier months (they decide whether this is an initial month)
     */
    public static BillingMonth compute(PatientId patient, YearMonth month, ZoneId zone, BillingSetting setting, List<Episode> episodes,
            List<TimeEntry> entries) {
        RuleSet rules = BillingRules.of(month.getYear(), setting).orElse(null);
        Map<UUID, Episode> byId = new HashMap<>();
        episodes.forEach(e -> byId.put(e.id(), e));
        Window monthWindow = Window.of(month, zone);

        // entries of this month, clipped to it
        List<TimeEntry> ofMonth = entries.stream().filter(e -> byId.containsKey(e.episode()) && monthWindow.overlaps(e)).toList();
        long loggedSeconds = 0;
        long countedSumSeconds = 0;
        Map<Why, long[]> uncounted = new EnumMap<>(Why.class);
        Map<Why, LocalDate> uncountedOn = new EnumMap<>(Why.class);
        Map<BillingModel, List<Interval>> byModel = new EnumMap<>(BillingModel.class);
        Map<BillingModel, Map<UUID, Long>> secondsByEpisode = new EnumMap<>(BillingModel.class);
        Set<BillingModel> modelsWithTime = new HashSet<>();
        for (TimeEntry entry : ofMonth) {
            Episode episode = byId.get(entry.episode());
            Interval inMonth = monthWindow.clip(Interval.of(entry));
            loggedSeconds += inMonth.seconds();
            modelsWithTime.add(episode.billingModel());
            secondsByEpisode.computeIfAbsent(episode.billingModel(), m -> new HashMap<>()).putIfAbsent(episode.id(), 0L);
            if (entry.role() != ClinicianRole.CARE_MANAGER) {
                add(uncounted, Why.NOT_CARE_MANAGER_TIME, inMonth.seconds());
                continue;
            }
            if (!episode.consented()) {
                add(uncounted, Why.NO_CONSENT, inMonth.seconds());
                continue;
            }
            Window allowed = Window.of(episode, zone);
            Interval counted = allowed.clip(inMonth);
            long before = allowed.secondsBefore(inMonth);
            long after = allowed.secondsAfter(inMonth);
            if (before > 0) {
                add(uncounted, Why.BEFORE_CONSENT, before);
                uncountedOn.put(Why.BEFORE_CONSENT, episode.consentOn());
            }
            if (after > 0) {
                add(uncounted, Why.AFTER_DISCHARGE, after);
                uncountedOn.put(Why.AFTER_DISCHARGE, episode.dischargedOn());
            }
            if (counted.seconds() > 0) {
                countedSumSeconds += counted.seconds();
                byModel.computeIfAbsent(episode.billingModel(), m -> new ArrayList<>()).add(counted);
                secondsByEpisode.get(episode.billingModel()).merge(episode.id(), counted.seconds(), Long::sum);
            }
        }

        // each model's union, less what an earlier model counted
        Map<BillingModel, Long> countedSeconds = new EnumMap<>(BillingModel.class);
        List<Interval> countedSoFar = new ArrayList<>();
        for (BillingModel model : ORDER) {
            List<Interval> union = Interval.union(byModel.getOrDefault(model, List.of()));
            List<Interval> own = Interval.minus(union, countedSoFar);
            countedSeconds.put(model, Interval.seconds(own));
            countedSoFar = Interval.union(concat(countedSoFar, own));
        }
        long overlap = countedSumSeconds - Interval.seconds(countedSoFar);
        if (overlap > 0) {
            add(uncounted, Why.OVERLAP, overlap);
        }
        List<NotCounted> notCounted = new ArrayList<>();
        for (Map.Entry<Why, long[]> u : uncounted.entrySet()) {
            int minutes = (int) (u.getValue()[0] / 60);
            if (minutes > 0) {
                notCounted.add(new NotCounted(u.getKey(), minutes, uncountedOn.get(u.getKey())));
            }
        }

        CocmMonth cocmMonth = modelsWithTime.contains(BillingModel.COCM)
                ? cocmMonth(month, zone, byId, entries, secondsByEpisode.get(BillingModel.COCM).keySet()) : null;
        List<Refusal> monthRefusals = new ArrayList<>();
        if (rules == null) {
            monthRefusals.add(new Refusal(null, Reason.NO_RULES_FOR_YEAR, Integer.toString(month.getYear())));
        }
        List<Part> parts = new ArrayList<>();
        List<CodeRule> suggested = new ArrayList<>();
        for (BillingModel model : ORDER) {
            if (!modelsWithTime.contains(model)) {
                continue;
            }
            Map<UUID, Long> ofEpisodes = secondsByEpisode.get(model);
            List<Episode> modelEpisodes = ofEpisodes.keySet().stream().map(byId::get).toList();
            Episode lead = modelEpisodes.stream().sorted(Comparator.<Episode>comparingLong(e -> -ofEpisodes.get(e.id()))
                    .thenComparing(Episode::referredOn).thenComparing(e -> e.id().toString())).findFirst().orElseThrow();
            UUID billedBy = model == BillingModel.BH_CARE_MANAGEMENT ? lead.careManager() : lead.pcp();
            boolean medicare = modelEpisodes.stream().anyMatch(Episode::medicare);
            int minutes = (int) (countedSeconds.get(model) / 60);
            boolean consented = modelEpisodes.stream().anyMatch(Episode::consented);
            parts.add(part(model, billedBy, medicare, minutes, consented, rules, model == BillingModel.COCM ? cocmMonth : null,
                    suggested));
        }
        return new BillingMonth(patient, month, setting, rules, cocmMonth, (int) (loggedSeconds / 60), parts, notCounted, monthRefusals);
    }

    /** The codes, refusals and next threshold of one billing model; {@code suggested} collects the codes of earlier models. */
    static Part part(BillingModel model, UUID billedBy, boolean medicare, int minutes, boolean consented, RuleSet rules,
            CocmMonth cocmMonth, List<CodeRule> suggested) {
        List<Claim> claims = new ArrayList<>();
        List<Refusal> refusals = new ArrayList<>();
        if (!consented) {
            refusals.add(new Refusal(null, Reason.CONSENT_NOT_DOCUMENTED, null));
            return new Part(model, billedBy, medicare, minutes, claims, refusals, null);
        }
        if (rules == null) {
            return new Part(model, billedBy, medicare, minutes, claims, refusals, null);
        }
        List<CodeRule> earlier = List.copyOf(suggested);
        List<CodeRule> primaries = rules.primaries(model, cocmMonth);
        List<CodeRule> onTime = primaries.stream().filter(r -> minutes >= r.fromMinutes()).toList();
        List<CodeRule> usable = onTime.stream().filter(r -> !r.medicareOnly() || medicare).toList();
        if (usable.isEmpty()) {
            onTime.forEach(r -> refusals.add(new Refusal(r.code(), Reason.MEDICARE_ONLY, null)));
        }
        CodeRule chosen = null;
        for (CodeRule candidate : usable) {
            Optional<CodeRule> blocker = earlier.stream().filter(candidate::excludes).findFirst();
            if (blocker.isPresent()) {
                refusals.add(new Refusal(candidate.code(), Reason.NOT_WITH, blocker.get().code()));
            } else if (chosen == null) {
                chosen = candidate;
            } else if (candidate.excludes(chosen)) {
                refusals.add(new Refusal(candidate.code(), Reason.NOT_WITH, chosen.code()));
            } else {
                claims.add(claim(candidate, 1, billedBy));
                suggested.add(candidate);
            }
        }
        Next next = null;
        if (chosen != null) {
            claims.add(0, claim(chosen, 1, billedBy));
            suggested.add(chosen);
            for (CodeRule addOn : rules.addOnsOf(chosen)) {
                int start = chosen.addOnStart(addOn);
                int units = minutes >= start ? 1 + (minutes - start) / addOn.descriptorMinutes() : 0;
                if (units > 0) {
                    claims.add(claim(addOn, units, billedBy));
                    suggested.add(addOn);
                }
                int at = start + units * addOn.descriptorMinutes();
                if (next == null) {
                    next = new Next(addOn.code(), units + 1, at, at - minutes);
                }
            }
        }
        if (next == null) {
            next = primaries.stream()
                    .filter(r -> r.fromMinutes() > minutes && (!r.medicareOnly() || medicare) && earlier.stream().noneMatch(r::excludes))
                    .min(Comparator.comparingInt(CodeRule::fromMinutes))
                    .map(r -> new Next(r.code(), 1, r.fromMinutes(), r.fromMinutes() - minutes)).orElse(null);
        }
        return new Part(model, billedBy, medicare, minutes, claims, refusals, next);
    }

    private static Claim claim(CodeRule rule, int units, UUID billedBy) {
        return new Claim(rule.code(), units, billedBy, rule.verified());
    }

    /**
     * Initial or later month of collaborative care: initial when the patient's CoCM episodes that have time this month
     * had no counted minutes in earlier months, or none in the {@value #GAP_MONTHS} months before this one.
     */
    static CocmMonth cocmMonth(YearMonth month, ZoneId zone, Map<UUID, Episode> episodes, List<TimeEntry> entries, Set<UUID> ofMonth) {
        Instant monthStart = Window.of(month, zone).start();
        Map<YearMonth, List<Interval>> earlier = new HashMap<>();
        for (TimeEntry entry : entries) {
            Episode episode = episodes.get(entry.episode());
            if (episode == null || !ofMonth.contains(episode.id()) || entry.role() != ClinicianRole.CARE_MANAGER || !episode.consented()
                    || !entry.startedAt().isBefore(monthStart)) {
                continue;
            }
            Interval counted = Window.of(episode, zone).clip(Window.before(monthStart).clip(Interval.of(entry)));
            if (counted.seconds() == 0) {
                continue;
            }
            YearMonth first = YearMonth.from(counted.start().atZone(zone));
            YearMonth last = YearMonth.from(counted.end().minusNanos(1).atZone(zone));
            for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
                Interval part = Window.of(m, zone).clip(counted);
                if (part.seconds() > 0) {
                    earlier.computeIfAbsent(m, k -> new ArrayList<>()).add(part);
                }
            }
        }
        TreeSet<YearMonth> served = new TreeSet<>();
        earlier.forEach((m, intervals) -> {
            if (Interval.seconds(Interval.union(intervals)) >= 60) {
                served.add(m);
            }
        });
        YearMonth lastServed = served.lower(month);
        if (lastServed == null) {
            return CocmMonth.INITIAL;
        }
        long monthsWithout = lastServed.until(month, java.time.temporal.ChronoUnit.MONTHS) - 1;
        return monthsWithout >= GAP_MONTHS ? CocmMonth.INITIAL : CocmMonth.LATER;
    }

    private static void add(Map<Why, long[]> sums, Why why, long seconds) {
        if (seconds > 0) {
            sums.computeIfAbsent(why, w -> new long[1])[0] += seconds;
        }
    }

    private static List<Interval> concat(List<Interval> a, List<Interval> b) {
        List<Interval> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** A half-open span of time [start, end). */
    record Interval(Instant start, Instant end) {

        static final Interval EMPTY = new Interval(Instant.EPOCH, Instant.EPOCH);

        static Interval of(TimeEntry entry) {
            return new Interval(entry.startedAt(), entry.endsAt());
        }

        long seconds() {
            return end.isAfter(start) ? end.getEpochSecond() - start.getEpochSecond() : 0;
        }

        static long seconds(List<Interval> intervals) {
            return intervals.stream().mapToLong(Interval::seconds).sum();
        }

        /** Sorted, non-overlapping intervals covering the same time. */
        static List<Interval> union(List<Interval> intervals) {
            List<Interval> sorted = intervals.stream().filter(i -> i.seconds() > 0).sorted(Comparator.comparing(Interval::start)).toList();
            List<Interval> merged = new ArrayList<>();
            for (Interval i : sorted) {
                Interval last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
                if (last != null && !i.start().isAfter(last.end())) {
                    merged.set(merged.size() - 1, new Interval(last.start(), i.end().isAfter(last.end()) ? i.end() : last.end()));
                } else {
                    merged.add(i);
                }
            }
            return merged;
        }

        /** The parts of {@code these} (a union) not covered by {@code those} (a union). */
        static List<Interval> minus(List<Interval> these, List<Interval> those) {
            List<Interval> result = new ArrayList<>();
            for (Interval i : these) {
                Instant from = i.start();
                for (Interval cut : those) {
                    if (!cut.end().isAfter(from) || !cut.start().isBefore(i.end())) {
                        continue;
                    }
                    if (cut.start().isAfter(from)) {
                        result.add(new Interval(from, cut.start()));
                    }
                    from = cut.end().isAfter(from) ? cut.end() : from;
                }
                if (i.end().isAfter(from)) {
                    result.add(new Interval(from, i.end()));
                }
            }
            return result;
        }
    }

    /** A window of time entries may count in: a calendar month, or an episode's days from consent to discharge. */
    record Window(Instant start, Instant end) {

        static Window of(YearMonth month, ZoneId zone) {
            return new Window(month.atDay(1).atStartOfDay(zone).toInstant(), month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
        }

        /** From the start of the consent day to the end of the discharge day (open-ended while not discharged). */
        static Window of(Episode episode, ZoneId zone) {
            return new Window(episode.consentOn().atStartOfDay(zone).toInstant(),
                    episode.dischargedOn() == null ? Instant.MAX : episode.dischargedOn().plusDays(1).atStartOfDay(zone).toInstant());
        }

        static Window before(Instant end) {
            return new Window(Instant.MIN, end);
        }

        boolean overlaps(TimeEntry entry) {
            return entry.startedAt().isBefore(end) && entry.endsAt().isAfter(start);
        }

        Interval clip(Interval i) {
            Instant from = i.start().isAfter(start) ? i.start() : start;
            Instant to = i.end().isBefore(end) ? i.end() : end;
            return to.isAfter(from) ? new Interval(from, to) : Interval.EMPTY;
        }

        long secondsBefore(Interval i) {
            return new Window(Instant.MIN, start).clip(i).seconds();
        }

        long secondsAfter(Interval i) {
            return new Window(end, Instant.MAX).clip(i).seconds();
        }
    }
}
