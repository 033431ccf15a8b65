package org.tandem.measure;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One measure (eCQM or program metric) over one period as the dashboard shows it: the headline numbers, the
 * populations with their counts, every patient behind them and the breakdown by clinician and site.
 *
 * @param definition the eCQM's definition, or null for a program metric
 * @param metric the program metric, or null for an eCQM
 * @param numerator the rate's numerator (program metric "per 100 visits": completed handoffs)
 * @param denominator the rate's denominator (eCQM: denominator minus exclusions and exceptions; "per 100 visits":
 *        visits)
 * @param value rate 0..1, per 100, or median days by {@link #kind()}; null when undefined
 * @param groups the populations in display order with their patient counts
 * @param members every patient in at least one group
 */
record Scorecard(String id, MeasureDefinition definition, ProgramMetric metric, MeasurePeriod period, int numerator,
        int denominator, Double value, List<Group> groups, List<Member> members, List<Breakdown> byClinician,
        List<Breakdown> bySite) {

    /** Groups of an eCQM: its populations, then the denominator's patients not in the numerator (nor excluded). */
    static final String NOT_MET = "not-met";

    record Group(String code, int count) {
    }

    record Member(UUID patient, Set<String> groups, UUID clinician, UUID site, LocalDate index, Integer value) {
    }

    record Breakdown(UUID key, int numerator, int denominator, Double value) {
    }

    boolean ecqm() {
        return definition != null;
    }

    ProgramMetric.Kind kind() {
        return metric == null ? ProgramMetric.Kind.RATE : metric.kind();
    }

    List<Member> membersOf(String group) {
        return members.stream().filter(m -> m.groups().contains(group)).toList();
    }

    boolean hasGroup(String group) {
        return groups.stream().anyMatch(g -> g.code().equals(group));
    }

    static Scorecard of(MeasureDefinition definition, MeasureEvaluation e) {
        List<Group> groups = new ArrayList<>();
        for (Population p : EnumSet.of(Population.INITIAL_POPULATION, Population.DENOMINATOR, Population.DENOMINATOR_EXCLUSION,
                Population.DENOMINATOR_EXCEPTION, Population.NUMERATOR)) {
            groups.add(new Group(p.code(), e.count(p)));
        }
        List<Member> members = new ArrayList<>();
        Map<UUID, int[]> clinicians = new LinkedHashMap<>();
        Map<UUID, int[]> sites = new LinkedHashMap<>();
        boolean anySite = false;
        int notMet = 0;
        for (SubjectResult s : e.subjects()) {
            Set<String> in = new LinkedHashSet<>();
            for (Population p : s.populations()) {
                in.add(p.code());
            }
            boolean eligible = s.in(Population.DENOMINATOR) && !s.in(Population.DENOMINATOR_EXCLUSION)
                    && !s.in(Population.DENOMINATOR_EXCEPTION);
            if (eligible && !s.in(Population.NUMERATOR)) {
                in.add(NOT_MET);
                notMet++;
            }
            members.add(new Member(s.patientId(), in, s.clinicianId(), s.siteId(), null, null));
            if (eligible) {
                int[] c = clinicians.computeIfAbsent(s.clinicianId(), k -> new int[2]);
                int[] t = sites.computeIfAbsent(s.siteId(), k -> new int[2]);
                c[1]++;
                t[1]++;
                if (s.in(Population.NUMERATOR)) {
                    c[0]++;
                    t[0]++;
                }
                anySite |= s.siteId() != null;
            }
        }
        groups.add(new Group(NOT_MET, notMet));
        int denominator = e.count(Population.DENOMINATOR) - e.count(Population.DENOMINATOR_EXCLUSION)
                - e.count(Population.DENOMINATOR_EXCEPTION);
        return new Scorecard(definition.id(), definition, null, e.period(), e.count(Population.NUMERATOR), Math.max(0, denominator),
                e.rate(), groups, members, rates(clinicians), anySite ? rates(sites) : List.of());
    }

    static Scorecard of(ProgramResult r) {
        List<Member> members = new ArrayList<>();
        int inDenominator = 0;
        int inNumerator = 0;
        int notMet = 0;
        for (ProgramResult.Subject s : r.subjects()) {
            Set<String> in = new LinkedHashSet<>();
            if (s.denominator()) {
                in.add(Population.DENOMINATOR.code());
                inDenominator++;
            }
            if (s.numerator()) {
                in.add(Population.NUMERATOR.code());
                inNumerator++;
            } else if (s.denominator()) {
                in.add(NOT_MET);
                notMet++;
            }
            members.add(new Member(s.patient(), in, s.clinician(), null, s.index(), s.value()));
        }
        List<Group> groups = List.of(new Group(Population.DENOMINATOR.code(), inDenominator),
                new Group(Population.NUMERATOR.code(), inNumerator), new Group(NOT_MET, notMet));
        List<Breakdown> byClinician = r.byClinician().stream()
                .map(b -> new Breakdown(b.clinician(), b.numerator(), b.denominator(), b.value())).toList();
        return new Scorecard(r.metric().id(), null, r.metric(), r.period(), r.numerator(), r.denominator(), r.value(), groups,
                members, byClinician, List.of());
    }

    /** The headline numbers only (no groups, patients or breakdowns), for trend points. */
    Scorecard headline() {
        return new Scorecard(id, definition, metric, period, numerator, denominator, value, List.of(), List.of(), List.of(), List.of());
    }

    static Scorecard headline(MeasureDefinition definition, MeasureEvaluation e) {
        int denominator = e.count(Population.DENOMINATOR) - e.count(Population.DENOMINATOR_EXCLUSION)
                - e.count(Population.DENOMINATOR_EXCEPTION);
        return new Scorecard(definition.id(), definition, null, e.period(), e.count(Population.NUMERATOR), Math.max(0, denominator),
                e.rate(), List.of(), List.of(), List.of(), List.of());
    }

    static Scorecard headline(ProgramResult r) {
        return new Scorecard(r.metric().id(), null, r.metric(), r.period(), r.numerator(), r.denominator(), r.value(), List.of(),
                List.of(), List.of(), List.of());
    }

    private static List<Breakdown> rates(Map<UUID, int[]> counts) {
        List<Breakdown> rows = new ArrayList<>();
        counts.forEach((k, n) -> rows.add(new Breakdown(k, n[0], n[1], n[1] == 0 ? null : (double) n[0] / n[1])));
        rows.sort(java.util.Comparator.comparing((Breakdown b) -> b.key() == null).thenComparing(Breakdown::denominator,
                java.util.Comparator.reverseOrder()).thenComparing(b -> String.valueOf(b.key())));
        return rows;
    }
}
