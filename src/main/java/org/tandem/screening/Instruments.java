package org.tandem.screening;

import static org.tandem.screening.Code.loinc;
import static org.tandem.screening.Code.tandem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tandem.screening.Instrument.Band;
import org.tandem.screening.Instrument.Focus;

/**
 * The scoring rules of every instrument Tandem knows, with their sources. Facts are from
 * {@code ../shared/clinical/facts.md} (gathered 2026-11-24 from loinc.org, US Core examples, HEDIS tip sheets, ICSI,
 * NIDA, VA, CMS/NCQA material); where it marks a LOINC code UNVERIFIED, Tandem uses a code of its own system
 * ({@link Code#TANDEM}) and a Tandem linkId instead, and says so in {@link Instrument#resultCodeVerified()}.
 */
public final class Instruments {

    /** LOINC answer list LL358-3 (PHQ-9/GAD-7 frequency): Not at all 0, Several days 1, More than half the days 2, Nearly every day 3. */
    static final List<AnswerOption> FREQUENCY_0_3 = List.of(
            new AnswerOption(loinc("LA6568-5", "Not at all"), 0),
            new AnswerOption(loinc("LA6569-3", "Several days"), 1),
            new AnswerOption(loinc("LA6570-1", "More than half the days"), 2),
            new AnswerOption(loinc("LA6571-9", "Nearly every day"), 3));

    /** AUDIT/AUDIT-C question 1, LOINC answer list LL2179-1. */
    static final List<AnswerOption> AUDIT_HOW_OFTEN = List.of(
            new AnswerOption(loinc("LA6270-8", "Never"), 0),
            new AnswerOption(loinc("LA18926-8", "Monthly or less"), 1),
            new AnswerOption(loinc("LA18927-6", "2-4 times a month"), 2),
            new AnswerOption(loinc("LA18928-4", "2-3 times a week"), 3),
            new AnswerOption(loinc("LA18929-2", "4 or more times a week"), 4));

    /** AUDIT/AUDIT-C question 2, LOINC answer list LL2180-9. */
    static final List<AnswerOption> AUDIT_HOW_MANY = List.of(
            new AnswerOption(loinc("LA15694-5", "1 or 2"), 0),
            new AnswerOption(loinc("LA15695-2", "3 or 4"), 1),
            new AnswerOption(loinc("LA18930-0", "5 or 6"), 2),
            new AnswerOption(loinc("LA18931-8", "7 to 9"), 3),
            new AnswerOption(loinc("LA18932-6", "10 or more"), 4));

    /** AUDIT questions 3-8 (and AUDIT-C question 3), LOINC answer list LL2181-7. */
    static final List<AnswerOption> AUDIT_FREQUENCY = List.of(
            new AnswerOption(loinc("LA6270-8", "Never"), 0),
            new AnswerOption(loinc("LA18933-4", "Less than monthly"), 1),
            new AnswerOption(loinc("LA18876-5", "Monthly"), 2),
            new AnswerOption(loinc("LA18891-4", "Weekly"), 3),
            new AnswerOption(loinc("LA18934-2", "Daily or almost daily"), 4));

    /**
     * AUDIT questions 9-10: No 0, Yes but not in the last year 2, Yes during the last year 4 (WHO AUDIT manual,
     * 2001). The LOINC answer codes are taken from public implementations (secondary source), not from loinc.org.
     */
    static final List<AnswerOption> AUDIT_INJURY = List.of(
            new AnswerOption(loinc("LA32-8", "No"), 0),
            new AnswerOption(loinc("LA32279-4", "Yes, but not in the last year"), 2),
            new AnswerOption(loinc("LA32280-2", "Yes, during the last year"), 4));

    /** EPDS items 1, 2 and 4: the four answers score 0, 1, 2, 3 from top to bottom (facts.md). */
    private static final List<AnswerOption> EPDS_FORWARD = unboundScores(0, 1, 2, 3);
    /** EPDS items 3 and 5-10: the four answers score 3, 2, 1, 0 from top to bottom (facts.md). */
    private static final List<AnswerOption> EPDS_REVERSED = unboundScores(3, 2, 1, 0);

    /** PHQ-9 item linkIds in form order (facts.md); item 9 is 44260-8. */
    static final List<String> PHQ9_ITEMS = List.of("44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2",
            "44252-5", "44253-3", "44260-8");
    /** GAD-7 item linkIds in form order (facts.md; 69726-8.. seen in public code are wrong). */
    static final List<String> GAD7_ITEMS = List.of("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8",
            "69736-7");
    /**
     * AUDIT item linkIds: questions 1-3 are the AUDIT-C items; facts.md gives questions 4-10 as the LOINC range
     * 97734-8..97740-5, taken here in order (check digits computed with LOINC's mod-10 rule).
     */
    static final List<String> AUDIT_ITEMS = List.of("68518-0", "68519-8", "68520-6", "97734-8", "97735-5", "97736-3",
            "97737-1", "97738-9", "97739-7", "97740-5");

    public static final String PHQ_2 = "phq-2";
    public static final String PHQ_9 = "phq-9";
    public static final String PHQ_A = "phq-a";
    public static final String GAD_2 = "gad-2";
    public static final String GAD_7 = "gad-7";
    public static final String AUDIT_C = "audit-c";
    public static final String AUDIT = "audit";
    public static final String NIDA_SINGLE = "nida-single";
    public static final String PC_PTSD_5 = "pc-ptsd-5";
    public static final String ASQ = "asq";
    public static final String EPDS = "epds";
    public static final String DAST_10 = "dast-10";
    public static final String CSSRS_SCREENER = "cssrs-screener";

    private static final String PFIZER = "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and "
            + "colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, "
            + "display or distribute.";

    private static final Map<String, Instrument> ALL = new LinkedHashMap<>();

    static {
        List<Band> phqBands = List.of(new Band(0, 4, "minimal"), new Band(5, 9, "mild"), new Band(10, 14, "moderate"),
                new Band(15, 19, "moderately-severe"), new Band(20, 27, "severe"));
        add(new Instrument(PHQ_2, "Patient Health Questionnaire-2 (PHQ-2)", loinc("55757-9", "PHQ-2 quick depression assessment panel"),
                loinc("55758-7", "Patient Health Questionnaire 2 item (PHQ-2) total score [Reported]"), true, true,
                codingItems(PHQ9_ITEMS.subList(0, 2), FREQUENCY_0_3), 6, List.of(), PHQ_9, Focus.DEPRESSION,
                "Kroenke K, Spitzer RL, Williams JB. The Patient Health Questionnaire-2. Med Care 2003;41:1284-92. "
                        + "LOINC 55757-9 / 55758-7. Positive at a total of 3 or more.", PFIZER));
        add(new Instrument(PHQ_9, "Patient Health Questionnaire-9 (PHQ-9)", loinc("44249-1", "PHQ-9 quick depression assessment panel"),
                loinc("44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"), true, true,
                codingItems(PHQ9_ITEMS, FREQUENCY_0_3), 27, phqBands, null, Focus.DEPRESSION,
                "Kroenke K, Spitzer RL, Williams JB. The PHQ-9. J Gen Intern Med 2001;16:606-13. LOINC 44249-1 / 44261-6, "
                        + "bands LL382-3. Positive at 10 or more; item 9 above 0 needs a same-day suicide risk assessment.", PFIZER));
        List<Item> phqA = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            phqA.add(Item.coding("phq-a-" + i, i, FREQUENCY_0_3));
        }
        phqA.add(Item.yesNo("phq-a-dysthymia", 10, 0, 0).unscored().optional());
        phqA.add(Item.yesNo("phq-a-serious-thoughts", 11, 0, 0).unscored());
        phqA.add(Item.yesNo("phq-a-ever-attempted", 12, 0, 0).unscored());
        add(new Instrument(PHQ_A, "PHQ-9 modified for adolescents (PHQ-A)", loinc("89206-7", "PHQ-9 modified for teens panel"),
                loinc("89204-2", "Patient Health Questionnaire-9: Modified for Teens total score [Reported.PHQ.Teen]"), true, false,
                phqA, 27, phqBands, null, Focus.DEPRESSION,
                "Johnson JG et al. J Adolesc Health 2002;30:196-204; GLAD-PC toolkit. LOINC 89206-7 / 89204-2 (item codes "
                        + "UNVERIFIED, so Tandem linkIds phq-a-1..9). Same bands as PHQ-9; the past-month serious thoughts and "
                        + "ever-attempted questions are unscored safety items.",
                "GLAD-PC toolkit sheet: use with permission. Tandem ships the scoring only; a practice imports the wording."));
        add(new Instrument(GAD_2, "Generalized Anxiety Disorder-2 (GAD-2)", null,
                tandem("gad-2-total", "GAD-2 total score"), false, true,
                codingItems(GAD7_ITEMS.subList(0, 2), FREQUENCY_0_3), 6, List.of(), GAD_7, Focus.ANXIETY,
                "Kroenke K et al. Ann Intern Med 2007;146:317-25. The items are the first two GAD-7 items; a GAD-2 LOINC "
                        + "panel and total code are UNVERIFIED, so the total is stored under a Tandem code. Positive at 3 or more.", PFIZER));
        add(new Instrument(GAD_7, "Generalized Anxiety Disorder-7 (GAD-7)", loinc("69737-5", "Generalized anxiety disorder 7 item (GAD-7)"),
                loinc("70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"), true, true,
                codingItems(GAD7_ITEMS, FREQUENCY_0_3), 21,
                List.of(new Band(0, 4, "minimal"), new Band(5, 9, "mild"), new Band(10, 14, "moderate"), new Band(15, 21, "severe")),
                null, Focus.ANXIETY,
                "Spitzer RL et al. Arch Intern Med 2006;166:1092-7. LOINC 69737-5 / 70274-6. Bands 5/10/15 mild/moderate/"
                        + "severe; 10 or more calls for further evaluation.", PFIZER));
        add(new Instrument(AUDIT_C, "AUDIT-C (alcohol use)", loinc("72109-2", "Alcohol Use Disorder Identification Test - Consumption [AUDIT-C]"),
                loinc("75626-2", "Total score [AUDIT-C]"), true, true,
                List.of(Item.coding("68518-0", 1, AUDIT_HOW_OFTEN), Item.coding("68519-8", 2, AUDIT_HOW_MANY),
                        Item.coding("68520-6", 3, AUDIT_FREQUENCY)), 12, List.of(), null, Focus.ALCOHOL,
                "Bush K et al. Arch Intern Med 1998;158:1789-95; Bradley KA et al. 2007. LOINC 72109-2 / 75626-2, items "
                        + "68518-0, 68519-8, 68520-6. Positive at 4 or more for men, 3 or more for women (cut-offs configurable).",
                "World Health Organization AUDIT; public domain."));
        List<Item> audit = new ArrayList<>();
        audit.add(Item.coding(AUDIT_ITEMS.get(0), 1, AUDIT_HOW_OFTEN));
        audit.add(Item.coding(AUDIT_ITEMS.get(1), 2, AUDIT_HOW_MANY));
        for (int i = 2; i < 8; i++) {
            audit.add(Item.coding(AUDIT_ITEMS.get(i), i + 1, AUDIT_FREQUENCY));
        }
        audit.add(Item.coding(AUDIT_ITEMS.get(8), 9, AUDIT_INJURY));
        audit.add(Item.coding(AUDIT_ITEMS.get(9), 10, AUDIT_INJURY));
        add(new Instrument(AUDIT, "Alcohol Use Disorders Identification Test (AUDIT)",
                loinc("72110-0", "Alcohol Use Disorder Identification Test [AUDIT]"), loinc("75624-7", "Total score [AUDIT]"), true, true,
                audit, 40, List.of(new Band(0, 7, "zone-i"), new Band(8, 15, "zone-ii"), new Band(16, 19, "zone-iii"), new Band(20, 40, "zone-iv")),
                null, Focus.ALCOHOL,
                "Babor TF et al. AUDIT: Guidelines for Use in Primary Care, 2nd ed. WHO 2001. LOINC 72110-0 / 75624-7. "
                        + "Questions 1-8 score 0-4, 9-10 score 0/2/4; 8 or more hazardous; zones I 0-7, II 8-15, III 16-19, IV 20-40.",
                "World Health Organization AUDIT; public domain."));
        add(new Instrument(NIDA_SINGLE, "NIDA single question (drug use)", loinc("95528-6", "NIDA Quick Screen panel"),
                loinc("68524-8", "How many times in the past year have you used an illegal drug or used a prescription medication for non-medical reasons"),
                true, true,
                // a count of times, not of days: several uses a day exceed 366, so no upper bound
                List.of(new Item("68524-8", 1, Item.Type.INTEGER, List.of(), 0, 0, 0, null, true, true, List.of())), null,
                List.of(), null, Focus.DRUGS,
                "Smith PC et al. A single-question screening test for drug use in primary care. Arch Intern Med "
                        + "2010;170:1155-60; NIDA Quick Screen. LOINC 68524-8 (secondary source). Positive at 1 or more times. Adults.",
                "National Institute on Drug Abuse; public domain."));
        List<Item> ptsd = new ArrayList<>();
        ptsd.add(Item.yesNo("pc-ptsd-5-trauma", 0, 0, 0).unscored());
        for (int i = 1; i <= 5; i++) {
            ptsd.add(Item.yesNo("pc-ptsd-5-" + i, i, 1, 0).when("pc-ptsd-5-trauma"));
        }
        add(new Instrument(PC_PTSD_5, "Primary Care PTSD Screen for DSM-5 (PC-PTSD-5)", null,
                tandem("pc-ptsd-5-total", "PC-PTSD-5 total score"), false, true, ptsd, 5, List.of(), null, Focus.TRAUMA,
                "Prins A et al. J Gen Intern Med 2016;31:1206-11 (cut-off 3); Bovin MJ et al. Psychol Assess 2021 (cut-off 4 "
                        + "optimal in VA). A trauma-exposure question gates five yes/no items (0-5). LOINC codes UNVERIFIED.",
                "U.S. Department of Veterans Affairs, National Center for PTSD; public domain."));
        List<Item> asq = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            asq.add(Item.yesNo("asq-" + i, i, 1, 0));
        }
        asq.add(Item.yesNo("asq-5", 5, 0, 0).unscored().when("asq-1", "asq-2", "asq-3", "asq-4"));
        add(new Instrument(ASQ, "Ask Suicide-Screening Questions (ASQ)", null,
                tandem("asq-result", "ASQ suicide risk screening result"), false, true, asq, null, List.of(), null, Focus.SUICIDE_RISK,
                "NIMH ASQ toolkit (Horowitz LM et al. Arch Pediatr Adolesc Med 2012;166:1170-6). Yes to any of questions 1-4 is "
                        + "a positive screen; question 5 (thoughts of killing yourself right now) is asked then, and yes to it "
                        + "is an acute positive (imminent risk). LOINC codes UNVERIFIED.",
                "National Institute of Mental Health; public domain."));
        List<Item> epds = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            epds.add(Item.coding("epds-" + i, i, i == 1 || i == 2 || i == 4 ? EPDS_FORWARD : EPDS_REVERSED));
        }
        add(new Instrument(EPDS, "Edinburgh Postnatal Depression Scale (EPDS)", loinc("71354-5", "Edinburgh Postnatal Depression Scale [EPDS]"),
                tandem("epds-total", "EPDS total score"), false, false, epds, 30, List.of(), null, Focus.DEPRESSION,
                "Cox JL, Holden JM, Sagovsky R. Br J Psychiatry 1987;150:782-6. Items 1, 2, 4 score 0-3 top to bottom; 3 and "
                        + "5-10 score 3-0; 13 or more probable depression (10 or more more sensitive, HEDIS); item 10 above 0 "
                        + "always prompts assessment. Panel 71354-5; total code 99046-5 UNVERIFIED.",
                "Royal College of Psychiatrists: written permission needed to copy or distribute. Tandem ships scoring only."));
        List<Item> dast = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            dast.add(i == 3 ? Item.yesNo("dast-10-3", 3, 0, 1) : Item.yesNo("dast-10-" + i, i, 1, 0));
        }
        add(new Instrument(DAST_10, "Drug Abuse Screening Test (DAST-10)", loinc("82666-9", "Drug Abuse Screening Test-10 [DAST-10]"),
                loinc("82667-7", "Total score [DAST-10]"), true, false, dast, 10,
                List.of(new Band(0, 0, "none"), new Band(1, 2, "low"), new Band(3, 5, "moderate"), new Band(6, 8, "substantial"),
                        new Band(9, 10, "severe")), null, Focus.DRUGS,
                "Skinner HA. Addict Behav 1982;7:363-71. Ten yes/no items about the past 12 months; item 3 scores 1 for NO, "
                        + "the others 1 for YES; 3 or more indicates a problem. LOINC 82666-9 / 82667-7 (item codes not confirmed, "
                        + "so Tandem linkIds dast-10-1..10).",
                "(c) Harvey A. Skinner and CAMH: non-commercial use with credit; commercial redistribution needs permission."));
        List<Item> cssrs = new ArrayList<>();
        cssrs.add(Item.yesNo("cssrs-1", 1, 0, 0).unscored());
        cssrs.add(Item.yesNo("cssrs-2", 2, 0, 0).unscored());
        cssrs.add(Item.yesNo("cssrs-3", 3, 0, 0).unscored().when("cssrs-2"));
        cssrs.add(Item.yesNo("cssrs-4", 4, 0, 0).unscored().when("cssrs-2"));
        cssrs.add(Item.yesNo("cssrs-5", 5, 0, 0).unscored().when("cssrs-2"));
        cssrs.add(Item.yesNo("cssrs-6", 6, 0, 0).unscored());
        cssrs.add(Item.yesNo("cssrs-6-recent", 7, 0, 0).unscored().when("cssrs-6"));
        add(new Instrument(CSSRS_SCREENER, "Columbia Suicide Severity Rating Scale screener (C-SSRS)",
                loinc("93373-9", "Columbia Suicide Severity Rating Scale screener"), tandem("cssrs-risk", "C-SSRS screener risk level"),
                false, false, cssrs, null, List.of(), null, Focus.SUICIDE_RISK,
                "Posner K et al. Am J Psychiatry 2011;168:1266-77; C-SSRS screen version. Q1 wish to be dead, Q2 active "
                        + "thoughts, Q3-5 (asked if Q2 yes) method, intent, plan; Q6 behaviour, and whether in the past 3 months. "
                        + "Imminent risk: yes to Q4 or Q5, or behaviour in the past 3 months. Item LOINC codes need checking, so "
                        + "Tandem linkIds cssrs-1..6 and cssrs-6-recent.",
                "The Research Foundation for Mental Hygiene; electronic use licensed through Clario. Tandem ships scoring only."));
    }

    private Instruments() {
    }

    private static void add(Instrument instrument) {
        ALL.put(instrument.id(), instrument);
    }

    private static List<Item> codingItems(List<String> linkIds, List<AnswerOption> options) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < linkIds.size(); i++) {
            items.add(Item.coding(linkIds.get(i), i + 1, options));
        }
        return items;
    }

    private static List<AnswerOption> unboundScores(int... scores) {
        List<AnswerOption> options = new ArrayList<>();
        for (int score : scores) {
            options.add(new AnswerOption(null, score));
        }
        return Collections.unmodifiableList(options);
    }

    /** Every instrument, in catalog order. */
    public static List<Instrument> all() {
        return List.copyOf(ALL.values());
    }

    public static Optional<Instrument> find(String id) {
        return Optional.ofNullable(id == null ? null : ALL.get(id));
    }

    /** The instrument whose result (total score) is stored under this code, e.g. 55758-7 for PHQ-2. */
    public static Optional<Instrument> byResultCode(String system, String code) {
        return ALL.values().stream().filter(i -> i.result().is(system, code)).findFirst();
    }
}
