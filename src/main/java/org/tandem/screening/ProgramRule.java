package org.tandem.screening;

import java.util.Locale;
import java.util.UUID;

/**
 * One rule of a practice's screening program: who is screened with which instrument how often, and what a positive
 * screen leads to.
 *
 * @param id the rule's id (stable name-based ids for the rules of Tandem's suggested default)
 * @param instrument the instrument id ({@code phq-2})
 * @param minAge youngest age (years, inclusive) the rule applies to
 * @param maxAge oldest age (years, inclusive), or null for no upper limit
 * @param intervalMonths a completed screening this many months before the day satisfies the rule
 * @param population everyone, or perinatal patients only
 * @param onPositive what a positive screen leads to
 * @param position the rule's place in the program (ascending)
 */
public record ProgramRule(UUID id, String instrument, int minAge, Integer maxAge, int intervalMonths, Population population,
        OnPositive onPositive, int position) {

    /** Who a rule applies to. */
    public enum Population {
        ALL, PERINATAL;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Population fromCode(String code) {
            for (Population value : values()) {
                if (value.code().equals(code)) {
                    return value;
                }
            }
            return null;
        }
    }

    /** What a positive screen leads to. */
    public enum OnPositive {
        WARM_HANDOFF, REGISTRY_ENROLMENT, PCP_FOLLOW_UP;

        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static OnPositive fromCode(String code) {
            for (OnPositive value : values()) {
                if (value.code().equals(code)) {
                    return value;
                }
            }
            return null;
        }
    }

    /** Whether the rule applies to a patient of this age (years on the day) who is or is not perinatal. */
    public boolean appliesTo(Integer age, boolean perinatal) {
        if (age == null || age < minAge || (maxAge != null && age > maxAge)) {
            return false;
        }
        return population == Population.ALL || perinatal;
    }

    /** The rule's content without id and position, for adding or changing a rule. */
    public record Details(String instrument, int minAge, Integer maxAge, int intervalMonths, Population population,
            OnPositive onPositive) {

        /** Problems with this rule, in words a practice admin understands; empty when valid. */
        public java.util.List<String> problems() {
            java.util.List<String> problems = new java.util.ArrayList<>();
            if (instrument == null || Instruments.find(instrument).isEmpty()) {
                problems.add("Choose one of Tandem's instruments");
            }
            if (minAge < 0 || minAge > 120) {
                problems.add("The youngest age must be between 0 and 120");
            }
            if (maxAge != null && (maxAge < minAge || maxAge > 120)) {
                problems.add("The oldest age must be between the youngest age and 120");
            }
            if (intervalMonths < 1 || intervalMonths > 120) {
                problems.add("The interval must be between 1 and 120 months");
            }
            if (population == null) {
                problems.add("Choose the population: all or perinatal");
            }
            if (onPositive == null) {
                problems.add("Choose what a positive screen leads to");
            }
            return problems;
        }
    }

    Details details() {
        return new Details(instrument, minAge, maxAge, intervalMonths, population, onPositive);
    }
}
