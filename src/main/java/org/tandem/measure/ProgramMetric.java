package org.tandem.measure;

import java.util.Locale;

/**
 * The program metrics Tandem reports beside the eCQMs: one catalog, each with its definition and source. The rules
 * themselves are in {@link ProgramRules} (pure, unit-tested); the data comes through the modules' public facades
 * ({@link ProgramMetrics}). All days are calendar days in the practice's time zone; "in the period" means from its
 * first to its last day, both included.
 *
 * <dl>
 * <dt>{@link #SCREENING_REACH}</dt>
 * <dd>Denominator: patients with a visit (an encounter that is not cancelled or entered in error) in the period who
 * were 12 or older on their first such visit. Numerator: those of them with a completed screening result of any
 * instrument (Tandem's own or imported) dated in the period. Source: Tandem's screening reach dashboard
 * ({@code screening.ReachReport}: screened / eligible patients seen), summed over the instruments and the period; age 12
 * and older after USPSTF, "Screening for Depression in Adults" (2016) and "in Children and Adolescents" (2022).</dd>
 * <dt>{@link #POSITIVE_FOLLOW_UP_30}</dt>
 * <dd>Denominator: patients with a positive completed depression, anxiety or substance-use screen ({@link ProgramRules#SCREENS})
 * dated in the period; the index day is the earliest such positive (a positive brief screen superseded the same day by
 * a negative full one of the same family, e.g. PHQ-2 then PHQ-9, is not positive). Numerator: those with, from the
 * index day to 30 days after it (day 30 counts, day 31 does not), a documented screening follow-up (other than
 * "patient declined"), a completed warm
 * handoff, a registry contact with the patient, or a registry referral or enrolment. Source: NCQA HEDIS "Depression
 * Screening and Follow-Up for Adolescents and Adults" (DSF-E): follow-up within 30 days of a positive screen.</dd>
 * <dt>{@link #PHQ9_UTILIZATION}</dt>
 * <dd>The period is cut into consecutive four-month windows from its first day (the last one ends with the period).
 * Denominator: patients with depression (an ICD-10-CM major depression or dysthymia diagnosis, {@link ProgramRules#DEPRESSION_ICD10},
 * whose onset and abatement overlap the window, or a registry depression episode from referral to discharge) and a visit in
 * the period. Numerator: those with a completed PHQ-9 (or PHQ-A, the adolescent PHQ-9) in every window in which their
 * depression was present. Source: MN Community Measurement, "Depression Care: PHQ-9 Utilization" (a PHQ-9
 * administered in each four-month measurement window for patients with major depression or dysthymia).</dd>
 * <dt>{@link #RESPONSE_6}, {@link #REMISSION_6}, {@link #RESPONSE_12}, {@link #REMISSION_12}</dt>
 * <dd>Index: a patient's first PHQ-9 (or PHQ-A) with a total above 9 while their depression is present, dated in the
 * period moved back 6 (or 12) months, so the follow-up falls in the period. Follow-up window: 6 (or 12) months after
 * the index day, minus and plus 60 days (both ends included). Denominator: patients with an index. Numerator: those
 * whose latest PHQ-9 in the window is at most half the index score (response: a reduction of 50% or more, exactly 50%
 * counts) or below 5 (remission). Source: MN Community Measurement, "Depression Response at Six / Twelve Months" and
 * "Depression Remission at Six / Twelve Months" (PHQ-9 &gt; 9 index, +/- 60 days, response &ge; 50% reduction,
 * remission PHQ-9 &lt; 5), as in CMS159. MNCM's exclusions (bipolar, personality disorder, death, hospice,
 * long-term care) are not applied.</dd>
 * <dt>{@link #HANDOFFS_PER_100_VISITS}</dt>
 * <dd>Numerator: warm handoffs requested in the period that were completed. Denominator: visits in the period (not
 * cancelled or entered in error). Value: 100 &times; numerator / denominator. By clinician: handoffs by the PCP who asked
 * (or on whose behalf a medical assistant asked), visits by the visit's clinician. Source: the Primary Care
 * Behavioral Health model's reach indicators (Reiter, Dobmeyer &amp; Hunter, "The Primary Care Behavioral Health (PCBH)
 * Model: An Overview and Operational Definition", J Clin Psychol Med Settings 2018;25:109-126).</dd>
 * <dt>{@link #DAYS_TO_BH_CONTACT}</dt>
 * <dd>Denominator: patients with a positive screen in the period (index as for {@link #POSITIVE_FOLLOW_UP_30}).
 * First behavioral health contact: the earliest, on or after the index day, of a completed warm handoff, a registry
 * contact with the patient (phone, in person, video or message), or registry enrolment. Numerator: patients with such a
 * contact. Value: the median of the days from index to first contact (the mean of the two middle values for an even
 * count). Source: AIMS Center (University of Washington) Collaborative Care process measures (time from identification
 * to first care-manager contact; engagement within 2 weeks) and the IMPACT trial (Unützer et al., JAMA 2002).
 * Fulfilled behavioral health appointments of the scheduling module are not counted (the measure module may not depend
 * on scheduling).</dd>
 * </dl>
 */
public enum ProgramMetric {
    SCREENING_REACH(Kind.RATE, 0),
    POSITIVE_FOLLOW_UP_30(Kind.RATE, 0),
    PHQ9_UTILIZATION(Kind.RATE, 0),
    RESPONSE_6(Kind.RATE, 6),
    REMISSION_6(Kind.RATE, 6),
    RESPONSE_12(Kind.RATE, 12),
    REMISSION_12(Kind.RATE, 12),
    HANDOFFS_PER_100_VISITS(Kind.PER_100, 0),
    DAYS_TO_BH_CONTACT(Kind.MEDIAN_DAYS, 0);

    /** How the value is computed from the numerator and denominator. */
    public enum Kind {
        /** numerator / denominator */
        RATE,
        /** 100 &times; numerator / denominator */
        PER_100,
        /** median days among the numerator's patients */
        MEDIAN_DAYS
    }

    private final Kind kind;
    private final int months;

    ProgramMetric(Kind kind, int months) {
        this.kind = kind;
        this.months = months;
    }

    public Kind kind() {
        return kind;
    }

    /** Months from index to follow-up (response and remission), else 0. */
    public int months() {
        return months;
    }

    /** The id in URLs, e.g. {@code positive-follow-up-30}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ProgramMetric ofId(String id) {
        for (ProgramMetric m : values()) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        return null;
    }
}
