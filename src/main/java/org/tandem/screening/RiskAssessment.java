package org.tandem.screening;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The risk assessment a clinician documents to close a safety alert.
 *
 * @param level low, moderate, high or imminent
 * @param plan what will happen next (required)
 */
public record RiskAssessment(Level level, String plan, boolean safetyPlanGiven, boolean crisisResourcesGiven) {

    /** Suicide risk level. */
    public enum Level {
        LOW, MODERATE, HIGH, IMMINENT;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Level fromCode(String code) {
            for (Level level : values()) {
                if (level.code().equalsIgnoreCase(code == null ? "" : code.trim())) {
                    return level;
                }
            }
            return null;
        }
    }

    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (level == null) {
            problems.add("Choose the risk level: low, moderate, high or imminent");
        }
        if (plan == null || plan.isBlank()) {
            problems.add("Write the plan: an alert is closed only with a documented assessment");
        } else if (plan.length() > 4000) {
            problems.add("The plan is longer than 4000 characters");
        }
        return problems;
    }
}
