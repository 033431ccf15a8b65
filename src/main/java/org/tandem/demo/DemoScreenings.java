package org.tandem.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import org.tandem.patient.AdministrativeSex;
import org.tandem.patient.ClinicalFactDetails;
import org.tandem.patient.ClinicalFacts;
import org.tandem.patient.PatientId;
import org.tandem.screening.Answer;
import org.tandem.screening.AnswerOption;
import org.tandem.screening.Instrument;
import org.tandem.screening.Instruments;
import org.tandem.screening.Item;
import org.tandem.screening.ScreeningResult;
import org.tandem.screening.ScreeningSubmission;
import org.tandem.screening.Screenings;

/**
 * The demo panel's screening history, submitted through {@link Screenings#submit} like any other response: at a
 * reproducible share of visits (rising from about 35% of eligible visits two years ago to 75% now, as a practice
 * improving its reach would), patients 12 and older answer the PHQ-2 (then the PHQ-9 when it is positive) and
 * adults also the GAD-2 (then the GAD-7) and the AUDIT-C, at most once a year each, authored at the visit's start.
 * Answers are drawn from the patient's own split of the seeded generator, with rough primary-care prevalence: PHQ-2
 * positive for about half the patients with a depression diagnosis and 8% of the others (about 12% overall), GAD-2
 * positive for 45% with an anxiety diagnosis and 7% of the others, AUDIT-C positive for 80% with alcohol use
 * disorder and 12-20% of the others. Most positives get a follow-up Procedure (collaborative care or brief
 * intervention) within three weeks; PHQ-9 item 9 answers above 0 raise safety alerts.
 */
final class DemoScreenings {

    /** Probability that an eligible visit includes screening, two years ago and today (linear in between). */
    static final double REACH_THEN = 0.35;
    static final double REACH_NOW = 0.75;
    /** A patient is screened again once this many months have passed (yearly, as the suggested default program). */
    static final int MONTHS_BETWEEN = 12;
    static final double FOLLOW_UP_SHARE = 0.65;
    /** CPT: psychiatric collaborative care management, first month (facts.md, CoCM billing). */
    static final String COCM_FIRST_MONTH = "99492";
    /** CPT: alcohol or substance use structured screening and brief intervention, 15 to 30 minutes. */
    static final String BRIEF_INTERVENTION = "99408";

    private static final Instrument PHQ_2 = Instruments.find(Instruments.PHQ_2).orElseThrow();
    private static final Instrument PHQ_9 = Instruments.find(Instruments.PHQ_9).orElseThrow();
    private static final Instrument GAD_2 = Instruments.find(Instruments.GAD_2).orElseThrow();
    private static final Instrument GAD_7 = Instruments.find(Instruments.GAD_7).orElseThrow();
    private static final Instrument AUDIT_C = Instruments.find(Instruments.AUDIT_C).orElseThrow();

    /** A safety alert the demo raised, with when its response was authored. */
    record RaisedAlert(UUID alert, Instant authoredAt) {
    }

    /** A positive response of the last 30 days, for documenting a few follow-ups. */
    record RecentPositive(UUID response, String instrument) {
    }

    /** A PHQ-9 or GAD-7 of 10 or more without a safety alert: a patient the care team could enrol in collaborative care. */
    record EnrolmentCandidate(PatientId patient, UUID response, String instrument, int total, Instant authoredAt) {
    }

    private final Screenings screenings;
    private final ClinicalFacts facts;
    private final LocalDate today;
    private final ZoneId zone;
    final List<RaisedAlert> alerts = new ArrayList<>();
    final List<RecentPositive> recentPositives = new ArrayList<>();
    final List<EnrolmentCandidate> candidates = new ArrayList<>();
    int responses;
    int positives;
    int followUps;

    DemoScreenings(Screenings screenings, ClinicalFacts facts, LocalDate today, ZoneId zone) {
        this.screenings = screenings;
        this.facts = facts;
        this.today = today;
        this.zone = zone;
    }

    /** Screens one patient at some of their visits; runs as the demo loader inside the batch's transaction. */
    void screen(SyntheticPatient patient, PatientId id, SplittableRandom random) {
        LocalDate last = null;
        for (SyntheticPatient.Visit visit : patient.visits()) {
            LocalDate day = visit.start().atZone(zone).toLocalDate();
            int age = Period.between(patient.birthDate(), day).getYears();
            if (age < 12 || (last != null && day.isBefore(last.plusMonths(MONTHS_BETWEEN)))) {
                continue;
            }
            double ago = Math.min(1.0, ChronoUnit.DAYS.between(day, today) / 730.0);
            if (random.nextDouble() >= REACH_NOW - (REACH_NOW - REACH_THEN) * ago) {
                continue;
            }
            last = day;
            sitting(patient, id, visit, day, age, random);
        }
    }

    private void sitting(SyntheticPatient patient, PatientId id, SyntheticPatient.Visit visit, LocalDate day, int age,
            SplittableRandom random) {
        UUID sitting = SyntheticPanel.uuid(random);
        Instant at = visit.start();
        boolean depressed = has(patient, day, Diagnosis.MAJOR_DEPRESSIVE_DISORDER) || has(patient, day, Diagnosis.DEPRESSIVE_DISORDER);
        boolean positive = false;

        boolean phq2Positive = random.nextDouble() < (depressed ? 0.5 : 0.08);
        int[] phq2 = split(phq2Positive ? pick(random, new int[] { 3, 4, 5, 6 }, 0.4, 0.3, 0.2, 0.1)
                : pick(random, new int[] { 0, 1, 2 }, 0.6, 0.25, 0.15), random);
        submit(id, visit, sitting, PHQ_2, answers(PHQ_2, phq2), at, random);
        if (phq2Positive) {
            int[] phq9 = new int[9];
            phq9[0] = phq2[0];
            phq9[1] = phq2[1];
            double[] weights = depressed ? new double[] { 0.15, 0.35, 0.3, 0.2 } : new double[] { 0.35, 0.4, 0.2, 0.05 };
            for (int i = 2; i < 8; i++) {
                phq9[i] = pick(random, new int[] { 0, 1, 2, 3 }, weights);
            }
            phq9[8] = random.nextDouble() < (depressed ? 0.12 : 0.06) ? (random.nextDouble() < 0.8 ? 1 : 2) : 0;
            ScreeningResult result = submit(id, visit, sitting, PHQ_9, answers(PHQ_9, phq9), at.plusSeconds(120), random);
            positive |= followUp(id, result, day, COCM_FIRST_MONTH, "Psychiatric collaborative care management, first month", random);
        }
        if (age < 18) {
            return;
        }
        boolean anxious = has(patient, day, Diagnosis.GENERALIZED_ANXIETY_DISORDER);
        boolean gad2Positive = random.nextDouble() < (anxious ? 0.45 : 0.07);
        int[] gad2 = split(gad2Positive ? pick(random, new int[] { 3, 4, 5, 6 }, 0.45, 0.3, 0.15, 0.1)
                : pick(random, new int[] { 0, 1, 2 }, 0.6, 0.25, 0.15), random);
        submit(id, visit, sitting, GAD_2, answers(GAD_2, gad2), at.plusSeconds(60), random);
        if (gad2Positive) {
            int[] gad7 = new int[7];
            gad7[0] = gad2[0];
            gad7[1] = gad2[1];
            double[] weights = anxious ? new double[] { 0.15, 0.35, 0.3, 0.2 } : new double[] { 0.35, 0.4, 0.2, 0.05 };
            for (int i = 2; i < 7; i++) {
                gad7[i] = pick(random, new int[] { 0, 1, 2, 3 }, weights);
            }
            ScreeningResult result = submit(id, visit, sitting, GAD_7, answers(GAD_7, gad7), at.plusSeconds(180), random);
            if (!positive) {
                followUp(id, result, day, COCM_FIRST_MONTH, "Psychiatric collaborative care management, first month", random);
            }
        }
        boolean drinking = has(patient, day, Diagnosis.ALCOHOL_USE_DISORDER);
        int cutOff = patient.sex() == AdministrativeSex.MALE ? 4 : 3;
        boolean auditPositive = random.nextDouble() < (drinking ? 0.8 : patient.sex() == AdministrativeSex.MALE ? 0.2 : 0.12);
        ScreeningResult audit = submit(id, visit, sitting, AUDIT_C, answers(AUDIT_C, auditC(random, auditPositive, cutOff)),
                at.plusSeconds(90), random);
        followUp(id, audit, day, BRIEF_INTERVENTION, "Alcohol screening and brief intervention", random);
    }

    private ScreeningResult submit(PatientId id, SyntheticPatient.Visit visit, UUID sitting, Instrument instrument,
            Map<String, Answer> answers, Instant at, SplittableRandom random) {
        ScreeningResult result = screenings.submit(new ScreeningSubmission(SyntheticPanel.uuid(random), id, visit.id(), sitting,
                instrument.id(), answers, ScreeningSubmission.Mode.STAFF, "en", at));
        responses++;
        result.alert().ifPresent(alert -> alerts.add(new RaisedAlert(alert, at)));
        boolean measure = instrument.id().equals(Instruments.PHQ_9) || instrument.id().equals(Instruments.GAD_7);
        Integer total = result.score().total();
        if (measure && total != null && total >= 10 && result.alert().isEmpty()) {
            candidates.add(new EnrolmentCandidate(id, result.response().id(), instrument.id(), total, at));
        }
        if (Boolean.TRUE.equals(result.score().positive())) {
            positives++;
            if (!at.atZone(zone).toLocalDate().isBefore(today.minusDays(30))) {
                recentPositives.add(new RecentPositive(result.response().id(), instrument.id()));
            }
        }
        return result;
    }

    /**
     * For a positive result, records (most of the time) a follow-up Procedure 0 to 21 days later, unless that is
     * not in the past yet. Returns whether the result was positive.
     */
    private boolean followUp(PatientId id, ScreeningResult result, LocalDate day, String cpt, String display,
            SplittableRandom random) {
        if (!Boolean.TRUE.equals(result.score().positive())) {
            return false;
        }
        boolean done = random.nextDouble() < FOLLOW_UP_SHARE;
        LocalDate on = day.plusDays(random.nextInt(22));
        String factId = SyntheticPanel.uuid(random).toString();
        if (done && on.isBefore(today)) {
            Instant when = on.atTime(14, 0).atZone(zone).toInstant();
            facts.save(new ClinicalFactDetails("Procedure", factId, id, VisitCode.SYSTEM, cpt, display,
                    List.of(new ClinicalFactDetails.Coding(VisitCode.SYSTEM, cpt)), "completed", when, null, null, null, null, null,
                    null, procedureJson(factId, id, cpt, display, on)));
            followUps++;
        }
        return true;
    }

    /** AUDIT-C answers (0-4 each) that are positive (total at or above the cut-off) or not. */
    static int[] auditC(SplittableRandom random, boolean positive, int cutOff) {
        if (!positive) {
            if (random.nextDouble() < 0.35) {
                return new int[] { 0, 0, 0 };
            }
            int often = 1 + random.nextInt(2);
            int binge = often + 1 < cutOff && random.nextDouble() < 0.3 ? 1 : 0;
            return new int[] { Math.min(often, cutOff - 1 - binge), 0, binge };
        }
        int often = 2 + random.nextInt(3);
        int many = random.nextInt(3);
        int binge = 1 + random.nextInt(3);
        if (often + many + binge < cutOff) {
            binge = Math.min(4, cutOff - often - many);
        }
        return new int[] { often, many, binge };
    }

    private static boolean has(SyntheticPatient patient, LocalDate day, Diagnosis diagnosis) {
        return patient.conditions().stream().anyMatch(c -> c.diagnosis() == diagnosis && !c.onset().isAfter(day));
    }

    /** Splits a two-item total (0-6) into two item scores of 0-3. */
    private static int[] split(int total, SplittableRandom random) {
        int low = Math.max(0, total - 3);
        int high = Math.min(3, total);
        int first = low + random.nextInt(high - low + 1);
        return new int[] { first, total - first };
    }

    private static int pick(SplittableRandom random, int[] values, double... weights) {
        double draw = random.nextDouble();
        for (int i = 0; i < values.length - 1; i++) {
            if (draw < weights[i]) {
                return values[i];
            }
            draw -= weights[i];
        }
        return values[values.length - 1];
    }

    /** Answers by item, each the coded answer that scores the given points. */
    static Map<String, Answer> answers(Instrument instrument, int[] scores) {
        return instrument.answersScoring(scores);
    }

    private static String procedureJson(String id, PatientId patient, String cpt, String display, LocalDate on) {
        return "{\"resourceType\":\"Procedure\",\"id\":" + FhirJson.string(id) + ",\"status\":\"completed\""
                + ",\"code\":{\"coding\":[{\"system\":" + FhirJson.string(VisitCode.SYSTEM) + ",\"code\":" + FhirJson.string(cpt)
                + ",\"display\":" + FhirJson.string(display) + "}],\"text\":" + FhirJson.string(display) + "}"
                + ",\"subject\":{\"reference\":" + FhirJson.string("Patient/" + patient) + "}"
                + ",\"performedDateTime\":" + FhirJson.string(on.toString()) + "}";
    }
}
