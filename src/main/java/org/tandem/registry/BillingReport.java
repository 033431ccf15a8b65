package org.tandem.registry;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.tandem.patient.PatientId;
import org.tandem.registry.BillingMonth.Claim;
import org.tandem.registry.BillingMonth.Next;
import org.tandem.registry.BillingMonth.NotCounted;
import org.tandem.registry.BillingMonth.Refusal;
import org.tandem.registry.BillingRules.CocmMonth;
import org.tandem.registry.BillingRules.RuleSet;
import org.tandem.registry.RegistrySettings.BillingSetting;

/**
 * The monthly billing report: per billing practitioner the patients with care-management time in the month, their
 * counted minutes, the suggested codes, the codes refused and why, and the minutes to the next threshold.
 *
 * @param rules the rules of the month's year in the practice's billing setting, or null when Tandem has none
 * @param groups by billing practitioner's name; the group without a practitioner (episode without a PCP) comes last
 */
public record BillingReport(YearMonth month, BillingSetting setting, RuleSet rules, List<Group> groups) {

    public BillingReport {
        groups = List.copyOf(groups);
    }

    /**
     * The patients one practitioner bills.
     *
     * @param practitioner the account, or null for time of episodes that name no PCP (or no care manager for G0323)
     */
    public record Group(UUID practitioner, String name, List<Line> lines) {

        public Group {
            lines = List.copyOf(lines);
        }

        public int patients() {
            return (int) lines.stream().map(Line::patient).distinct().count();
        }

        public int minutes() {
            return lines.stream().mapToInt(Line::minutes).sum();
        }

        /** Units per suggested code, by code. */
        public Map<String, Integer> units() {
            Map<String, Integer> units = new TreeMap<>();
            lines.forEach(l -> l.claims().forEach(c -> units.merge(c.code(), c.units(), Integer::sum)));
            return units;
        }
    }

    /**
     * One patient under one practitioner.
     *
     * @param minutes counted minutes of the billing models this practitioner bills
     * @param notCounted logged minutes not counted (on the line of the treating practitioner, or the only line)
     */
    public record Line(PatientId patient, String patientName, String mrn, CocmMonth cocmMonth, int minutes, List<Claim> claims,
            List<Refusal> refusals, List<Next> next, List<NotCounted> notCounted) {

        public Line {
            claims = List.copyOf(claims);
            refusals = List.copyOf(refusals);
            next = List.copyOf(next);
            notCounted = List.copyOf(notCounted);
        }

        /** Whether any suggested code rests on an UNVERIFIED rule. */
        public boolean unverified() {
            return claims.stream().anyMatch(c -> !c.verified());
        }
    }

    public int patients() {
        return (int) groups.stream().flatMap(g -> g.lines().stream()).map(Line::patient).distinct().count();
    }

    public int minutes() {
        return groups.stream().mapToInt(Group::minutes).sum();
    }

    /** Units per suggested code over the whole practice. */
    public Map<String, Integer> units() {
        Map<String, Integer> units = new TreeMap<>();
        groups.forEach(g -> g.units().forEach((code, n) -> units.merge(code, n, Integer::sum)));
        return units;
    }
}
