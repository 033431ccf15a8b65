package org.tandem.registry;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tandem.registry.RegistrySettings.BillingSetting;

/**
 * The monthly billing rules of psychiatric collaborative care (CoCM), general behavioral health integration (BHI) and
 * behavioral health care management, versioned by calendar year and by where the practice bills from (office, FQHC,
 * RHC). Every code carries its time rule and its source. A rule that is not confirmed by {@code facts.md} ("Collaborative
 * care billing") or by issue 4 is marked unverified, with the reason, and pages show it as UNVERIFIED, never as fact.
 *
 * <p>Time rules (facts.md): 99492 first month of CoCM, 70 minutes, billable 36-85; 99493 later months, 60 minutes,
 * billable 31-75; +99494 each extra 30 minutes, at least 16 beyond the base (first month 86+, later 76+, then every
 * 30 minutes: 116, 106 ...); G2214 first 30 minutes of an initial or later month, Medicare, billable from 16, not with
 * 99492/99493 in the same month; 99484 general BHI at least 20 minutes, not in the same month as CoCM; G0323 care
 * management by a psychologist, LCSW, counselor or MFT, at least 20 minutes. Billed by the treating practitioner
 * (physician, NP, PA), G0323 by the behavioral health clinician.
 */
public final class BillingRules {

    /** The years Tandem has rules for. */
    public static final List<Integer> YEARS = List.of(2025, 2026);

    /** facts.md, the table "Collaborative care billing (per calendar month)", gathered 2026-11-24 from CMS and NCQA material. */
    static final String FACTS = "facts.md, Collaborative care billing (gathered 2026-11-24 from public CMS and NCQA material)";
    static final String CPT = "CPT descriptor";
    static final String ISSUE_2026 = "Issue 4: from 2026 FQHCs and RHCs bill the CoCM codes directly. AHRQ Academy for Integrating "
            + "Behavioral Health and Primary Care, \"New Medicare billing practices for collaborative care take effect\": G0512 "
            + "discontinued on 1 January 2026; FQHCs and RHCs bill Medicare 99492, 99493, 99494 and G2214 (Medicare only; Medicaid "
            + "follows the state's rules). CMS CY 2026 Physician Fee Schedule final rule (CMS-1832-F)";
    static final String G0512_2025 = "HCPCS G0512 (RHC or FQHC only, psychiatric CoCM, 60 minutes or more of clinical staff time per "
            + "calendar month) as quoted by NC Medicaid (2025-02-28) and codingintel.com (\"RHC and FQHC update\": G0512 unchanged in "
            + "CY 2025); 70 minutes in the first month is from a secondary summary only";
    static final String FQHC_CARE_MANAGEMENT_2025 = "CMS CY 2025 Physician Fee Schedule final rule (CMS-1807-F) as summarized by "
            + "codingintel.com and NARHC: from 1 January 2025 RHCs and FQHCs bill individual care management codes instead of G0511, "
            + "with G0511 still accepted during a 2025 transition";
    static final String FQHC_CARE_MANAGEMENT_2026 = "NARHC summary of the CMS CY 2026 Physician Fee Schedule final rule "
            + "(CMS-1832-F): G0511 not payable from 1 October 2025; RHCs bill the individual care management codes";
    static final String NOT_IN_FACTS = "not in facts.md or issue 4";

    /** The month of collaborative care: the first month of an episode, or a later one. */
    public enum CocmMonth {
        INITIAL, LATER;

        public String code() {
            return Codes.of(this);
        }
    }

    /** Who bills a code: the treating practitioner (physician, NP or PA: the episode's PCP) or the behavioral health clinician. */
    public enum Biller {
        TREATING_PRACTITIONER, BH_CLINICIAN;

        public String code() {
            return Codes.of(this);
        }
    }

    /**
     * One code and its time rule in a calendar month.
     *
     * @param month the CoCM month the code is for, or null for any month
     * @param descriptorMinutes the time the descriptor names (70 for 99492); for an add-on the minutes of one unit
     * @param fromMinutes billable from (36 for 99492); for an add-on the minutes beyond its base code's descriptor time
     * @param addOnTo the codes this add-on is reported with (empty: a primary code)
     * @param notWith codes that may not be billed for the patient in the same month
     * @param unverified why the rule is not confirmed by facts.md or issue 4, or null when it is
     */
    public record CodeRule(String code, BillingModel model, CocmMonth month, int descriptorMinutes, int fromMinutes,
            List<String> addOnTo, boolean medicareOnly, Biller biller, Set<String> notWith, String source, String unverified) {

        public CodeRule {
            addOnTo = List.copyOf(addOnTo);
            notWith = Set.copyOf(notWith);
        }

        public boolean verified() {
            return unverified == null;
        }

        public boolean addOn() {
            return !addOnTo.isEmpty();
        }

        boolean appliesTo(CocmMonth kind) {
            return month == null || kind == null || month == kind;
        }

        /** Whether the two codes may not be billed for the same patient in the same month (either rule says so). */
        boolean excludes(CodeRule other) {
            return notWith.contains(other.code) || other.notWith.contains(code);
        }

        /** The time of the first add-on unit on top of this base code: 86 on 99492, 76 on 99493. */
        int addOnStart(CodeRule addOn) {
            return descriptorMinutes + addOn.fromMinutes;
        }
    }

    /** The rules of one calendar year in one billing setting. */
    public record RuleSet(int year, BillingSetting setting, List<CodeRule> codes) {

        public RuleSet {
            codes = List.copyOf(codes);
        }

        /** Whether every rule of the set is confirmed by facts.md or issue 4. */
        public boolean verified() {
            return codes.stream().allMatch(CodeRule::verified);
        }

        public Optional<CodeRule> code(String code) {
            return codes.stream().filter(c -> c.code().equals(code)).findFirst();
        }

        /** The primary codes of a billing model that apply in this CoCM month, longest time rule first. */
        List<CodeRule> primaries(BillingModel model, CocmMonth month) {
            return codes.stream().filter(c -> c.model() == model && !c.addOn() && c.appliesTo(month))
                    .sorted(Comparator.comparingInt(CodeRule::fromMinutes).reversed()).toList();
        }

        /** The add-ons reported with this base code. */
        List<CodeRule> addOnsOf(CodeRule base) {
            return codes.stream().filter(c -> c.addOnTo().contains(base.code())).toList();
        }
    }

    private static final Set<String> COCM_CODES = Set.of("99492", "99493", "99494", "G2214");

    // ---- the codes as facts.md states them (office; and FQHC/RHC CoCM from 2026, issue 4) ----

    /** 99492: first month of CoCM, 70 minutes, billable 36-85 (facts.md; CPT: more than half of 70 minutes). */
    private static CodeRule cpt99492(String source, String unverified) {
        return new CodeRule("99492", BillingModel.COCM, CocmMonth.INITIAL, 70, 36, List.of(), false, Biller.TREATING_PRACTITIONER,
                Set.of("G2214", "99484"), source + "; " + CPT + " 99492: initial psychiatric collaborative care management, first 70 "
                        + "minutes in the first calendar month of behavioral health care manager activities", unverified);
    }

    /** 99493: later months of CoCM, 60 minutes, billable 31-75 (facts.md). */
    private static CodeRule cpt99493(String source, String unverified) {
        return new CodeRule("99493", BillingModel.COCM, CocmMonth.LATER, 60, 31, List.of(), false, Biller.TREATING_PRACTITIONER,
                Set.of("G2214", "99484"), source + "; " + CPT + " 99493: subsequent psychiatric collaborative care management, first "
                        + "60 minutes in a subsequent month of behavioral health care manager activities", unverified);
    }

    /** +99494: each additional 30 minutes, billable at 16 minutes beyond the base (first month 86+, later 76+) (facts.md). */
    private static CodeRule cpt99494(String source, String unverified) {
        return new CodeRule("99494", BillingModel.COCM, null, 30, 16, List.of("99492", "99493"), false, Biller.TREATING_PRACTITIONER,
                Set.of("99484"), source + "; " + CPT + " 99494: each additional 30 minutes in a calendar month of behavioral health "
                        + "care manager activities (add-on to 99492 or 99493)", unverified);
    }

    /** G2214: first 30 minutes of an initial or later month, Medicare, billable from 16, not with 99492/99493 (facts.md). */
    private static CodeRule g2214(String source, String unverified) {
        return new CodeRule("G2214", BillingModel.COCM, null, 30, 16, List.of(), true, Biller.TREATING_PRACTITIONER,
                Set.of("99492", "99493", "99484"), source + "; HCPCS G2214 (Medicare, from 2021: CMS CY 2021 Physician Fee Schedule "
                        + "final rule, CMS-1734-F): initial or subsequent psychiatric collaborative care management, first 30 minutes "
                        + "in a month", unverified);
    }

    /** 99484: general BHI, at least 20 minutes, not in the same month as CoCM (facts.md). */
    private static CodeRule cpt99484(String source, String unverified, Set<String> cocm) {
        return new CodeRule("99484", BillingModel.GENERAL_BHI, null, 20, 20, List.of(), false, Biller.TREATING_PRACTITIONER, cocm,
                source + "; " + CPT + " 99484: care management services for behavioral health conditions, at least 20 minutes of "
                        + "clinical staff time, directed by a physician or other qualified health care professional, per calendar month",
                unverified);
    }

    /** G0323: care management by a psychologist, LCSW, counselor or MFT, at least 20 minutes (facts.md). */
    private static CodeRule g0323(String source, String unverified) {
        return new CodeRule("G0323", BillingModel.BH_CARE_MANAGEMENT, null, 20, 20, List.of(), false, Biller.BH_CLINICIAN, Set.of(),
                source + "; HCPCS G0323: care management services for behavioral health conditions, at least 20 minutes of clinical "
                        + "psychologist, clinical social worker, mental health counselor or marriage and family therapist time, per "
                        + "calendar month", unverified);
    }

    private static List<CodeRule> office(String source) {
        return List.of(cpt99492(source, null), cpt99493(source, null), cpt99494(source, null), g2214(source, null),
                cpt99484(source, null, COCM_CODES), g0323(source, null));
    }

    // ---- FQHC and RHC ----

    /** 2025: CoCM through G0512 (UNVERIFIED: not in facts.md or issue 4; the first-month time is from a secondary source). */
    private static List<CodeRule> fqhc2025() {
        String unverified = NOT_IN_FACTS + "; FQHC/RHC rules for 2025 come from secondary sources";
        Set<String> g0512 = Set.of("G0512");
        return List.of(
                new CodeRule("G0512", BillingModel.COCM, CocmMonth.INITIAL, 70, 70, List.of(), false, Biller.TREATING_PRACTITIONER,
                        Set.of("99484"), G0512_2025, unverified + "; 70 minutes in the first month is unconfirmed"),
                new CodeRule("G0512", BillingModel.COCM, CocmMonth.LATER, 60, 60, List.of(), false, Biller.TREATING_PRACTITIONER,
                        Set.of("99484"), G0512_2025, unverified),
                cpt99484(FQHC_CARE_MANAGEMENT_2025, unverified, g0512),
                g0323(FQHC_CARE_MANAGEMENT_2025, unverified));
    }

    /** 2026: the CoCM codes as in an office (issue 4); 99484 and G0323 UNVERIFIED for FQHCs and RHCs. */
    private static List<CodeRule> fqhc2026() {
        String unverified = NOT_IN_FACTS + " for FQHCs and RHCs; from a NARHC summary of the CY 2026 final rule";
        return List.of(cpt99492(ISSUE_2026, null), cpt99493(ISSUE_2026, null), cpt99494(ISSUE_2026, null), g2214(ISSUE_2026, null),
                cpt99484(FQHC_CARE_MANAGEMENT_2026, unverified, COCM_CODES), g0323(FQHC_CARE_MANAGEMENT_2026, unverified));
    }

    private static final Map<Integer, Map<BillingSetting, RuleSet>> RULES = Map.of(
            2025, Map.of(
                    BillingSetting.OFFICE, new RuleSet(2025, BillingSetting.OFFICE, office(FACTS + "; CMS CY 2025 Physician Fee Schedule "
                            + "final rule (CMS-1807-F)")),
                    BillingSetting.FQHC, new RuleSet(2025, BillingSetting.FQHC, fqhc2025()),
                    BillingSetting.RHC, new RuleSet(2025, BillingSetting.RHC, fqhc2025())),
            2026, Map.of(
                    BillingSetting.OFFICE, new RuleSet(2026, BillingSetting.OFFICE, office(FACTS + "; CMS CY 2026 Physician Fee Schedule "
                            + "final rule (CMS-1832-F)")),
                    BillingSetting.FQHC, new RuleSet(2026, BillingSetting.FQHC, fqhc2026()),
                    BillingSetting.RHC, new RuleSet(2026, BillingSetting.RHC, fqhc2026())));

    private BillingRules() {
    }

    /** The rules of a calendar year in a billing setting; empty for a year Tandem has no rules for. */
    public static Optional<RuleSet> of(int year, BillingSetting setting) {
        Map<BillingSetting, RuleSet> ofYear = RULES.get(year);
        return ofYear == null ? Optional.empty() : Optional.ofNullable(ofYear.get(setting));
    }
}
