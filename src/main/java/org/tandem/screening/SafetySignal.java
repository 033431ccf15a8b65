package org.tandem.screening;

/**
 * A safety rule that fired on a response (never optional; rules from {@code ../shared/clinical/README.md}).
 *
 * @param rule a stable key, e.g. {@code phq-9-item-9}
 * @param linkId the item that fired it
 * @param acute whether the rule indicates imminent risk (ASQ question 5 yes, C-SSRS)
 */
public record SafetySignal(String rule, String linkId, boolean acute) {
}
