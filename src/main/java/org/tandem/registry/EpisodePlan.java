package org.tandem.registry;

import java.util.List;

/**
 * The measurement and relapse-prevention plan of an episode.
 *
 * @param instruments instrument ids measured (phq-9, gad-7, ...)
 * @param activeCadenceDays 7-90
 * @param relapseCadenceDays 7-180
 * @param homeMeasurement whether single-use links are sent between visits
 * @param homeEmail where links go by e-mail (needed when home measurement is on and there is no phone)
 */
public record EpisodePlan(List<String> instruments, int activeCadenceDays, int relapseCadenceDays, boolean homeMeasurement,
        String homeEmail, String homePhone, String relapsePreventionPlan, BillingModel billingModel, boolean medicare) {

    public static EpisodePlan of(Episode e) {
        return new EpisodePlan(e.instruments(), e.activeCadenceDays(), e.relapseCadenceDays(), e.homeMeasurement(),
                e.homeEmail(), e.homePhone(), e.relapsePreventionPlan(), e.billingModel(), e.medicare());
    }
}
