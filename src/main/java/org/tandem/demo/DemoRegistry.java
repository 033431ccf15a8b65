package org.tandem.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.Map;
import org.tandem.patient.PatientId;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.registry.CaseReview;
import org.tandem.registry.CaseReviews;
import org.tandem.registry.Recommendation;
import org.tandem.registry.RecommendationAnswer;
import org.tandem.registry.RecommendationInput;
import org.tandem.registry.RecommendationKind;
import org.tandem.registry.Activity;
import org.tandem.registry.ContactMode;
import org.tandem.registry.DischargeReason;
import org.tandem.registry.Enrolment;
import org.tandem.registry.Episode;
import org.tandem.registry.EpisodeFocus;
import org.tandem.registry.EpisodePlan;
import org.tandem.registry.EpisodeStatus;
import org.tandem.registry.Episodes;
import org.tandem.registry.TimeLog;
import org.tandem.registry.TimeLogEntry;
import org.tandem.registry.TreatmentKind;
import org.tandem.screening.Instrument;
import org.tandem.screening.Instruments;
import org.tandem.screening.ScreeningResult;
import org.tandem.screening.ScreeningSubmission;
import org.tandem.screening.Screenings;

/**
 * The demo's collaborative-care caseload: patients whose PHQ-9 or GAD-7 was 10 or more in the last 13 months are
 * enrolled by the care manager (most recent first, up to the configured number), consent documented, and followed
 * with contacts about every two weeks (every four in relapse prevention), each usually with a PHQ-9 or GAD-7.
 * Trajectories follow four reproducible courses seen in collaborative-care programs: remitters (score under 5 by
 * about week 12, then relapse prevention and discharge with goals met), responders (50-60% drop), non-responders
 * (little change; medication changed around week 10, a third referred on to specialty care after six months) and
 * drop-outs (contacts stop after 4-8 weeks; discharged after six months without services). Everything goes
 * through the registry and screening facades, so the access policy and the audit trail apply.
 */
final class DemoRegistry {

    enum Course { REMITTER, RESPONDER, NON_RESPONDER, DROP_OUT }

    static final int MONTHS_BACK = 13;
    /** Recommendations from reviews of the last three weeks still wait in the PCP's inbox; older ones were accepted. */
    static final int PENDING_DAYS = 21;

    private static final String[] MEDICATIONS = { "Sertraline 50 mg daily", "Escitalopram 10 mg daily", "Fluoxetine 20 mg daily",
            "Bupropion XL 150 mg daily" };
    private static final String[] INCREASES = { "Sertraline increased to 100 mg daily", "Escitalopram increased to 20 mg daily",
            "Fluoxetine increased to 40 mg daily", "Bupropion XL increased to 300 mg daily" };
    private static final String[] THERAPIES = { "Behavioral activation with the BHC, 6-8 sessions",
            "Problem-solving treatment with the BHC, 6 sessions", "Brief CBT for anxiety with the BHC, 6 sessions" };

    private final Episodes episodes;
    private final TimeLog timeLog;
    private final Screenings screenings;
    private final CaseReviews reviews;
    private final CurrentActor actors;
    private final Actor consultant;
    private final Map<UUID, Actor> pcps;
    private final LocalDate today;
    private final ZoneId zone;
    final List<Episode> enrolled = new ArrayList<>();
    int contacts;
    int measurements;
    int treatmentChanges;
    int caseReviews;
    int recommendations;
    int requests;

    /**
     * @param consultant the psychiatric consultant, who reviews new enrolments and non-responders
     * @param pcps the PCPs by account id, who answer the consultant's recommendations
     */
    DemoRegistry(Episodes episodes, TimeLog timeLog, Screenings screenings, CaseReviews reviews, CurrentActor actors,
            Actor consultant, Map<UUID, Actor> pcps, LocalDate today, ZoneId zone) {
        this.episodes = episodes;
        this.timeLog = timeLog;
        this.screenings = screenings;
        this.reviews = reviews;
        this.actors = actors;
        this.consultant = consultant;
        this.pcps = pcps;
        this.today = today;
        this.zone = zone;
    }

    /** The candidates to enrol: one per patient and focus, most recent first, screened 3 days to 13 months ago. */
    List<DemoScreenings.EnrolmentCandidate> choose(List<DemoScreenings.EnrolmentCandidate> candidates, int max) {
        Instant newest = today.minusDays(3).atStartOfDay(zone).toInstant();
        Instant oldest = today.minusMonths(MONTHS_BACK).atStartOfDay(zone).toInstant();
        List<DemoScreenings.EnrolmentCandidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparing(DemoScreenings.EnrolmentCandidate::authoredAt).reversed());
        Set<PatientId> seen = new HashSet<>();
        List<DemoScreenings.EnrolmentCandidate> chosen = new ArrayList<>();
        for (DemoScreenings.EnrolmentCandidate c : sorted) {
            if (chosen.size() >= max) {
                break;
            }
            if (c.authoredAt().isAfter(newest) || c.authoredAt().isBefore(oldest) || !seen.add(c.patient())) {
                continue;
            }
            chosen.add(c);
        }
        return chosen;
    }

    /** Enrols one patient and plays their course up to today; runs as the care manager inside a transaction. */
    void follow(DemoScreenings.EnrolmentCandidate candidate, Course course, SplittableRandom random) {
        boolean depression = candidate.instrument().equals(Instruments.PHQ_9);
        Instrument measure = Instruments.find(depression ? Instruments.PHQ_9 : Instruments.GAD_7).orElseThrow();
        LocalDate enrolledOn = candidate.authoredAt().atZone(zone).toLocalDate().plusDays(random.nextInt(8));
        if (!enrolledOn.isBefore(today)) {
            enrolledOn = today.minusDays(1);
        }
        Episode episode = episodes.enrol(Enrolment.of(candidate.patient(), depression ? EpisodeFocus.DEPRESSION : EpisodeFocus.ANXIETY)
                .fromScreen(candidate.response(), null).withTeam(null, null, UUID.fromString(consultant.id())).on(enrolledOn, EpisodeStatus.ENROLLED)
                .billing(null, random.nextDouble() < 0.35));
        episodes.recordConsent(episode.id(), enrolledOn, random.nextDouble() < 0.7 ? "verbal" : "written", null);
        episode = episodes.changeStatus(episode.id(), EpisodeStatus.ACTIVE, null, enrolledOn, null, null);
        enrolled.add(episode);
        UUID id = episode.id();
        PatientId patient = candidate.patient();
        boolean medication = depression ? random.nextDouble() < 0.6 : random.nextDouble() < 0.4;
        int drug = random.nextInt(MEDICATIONS.length);
        String start = medication ? MEDICATIONS[drug] : THERAPIES[depression ? random.nextInt(2) : 2];
        LocalDate startOn = enrolledOn;
        episodes.addTreatmentChange(id, startOn, medication ? TreatmentKind.MEDICATION_START : TreatmentKind.THERAPY, start);
        treatmentChanges++;
        contact(id, patient, enrolledOn, 40 + random.nextInt(21), ContactMode.IN_PERSON, Activity.INITIAL_ASSESSMENT, null, null, random);

        int baseline = candidate.total();
        LocalDate firstReview = enrolledOn.plusDays(3 + random.nextInt(7));
        if (firstReview.isBefore(today)) {
            Episode current = episode;
            boolean advise = random.nextDouble() < 0.3 || firstReview.isAfter(today.minusDays(PENDING_DAYS)); // recent ones show in the inbox
            review(current, firstReview, "New enrolment, " + measure.title() + " " + baseline + " at baseline; started on " + start
                    + ". Agree with the plan; recheck in 2 weeks.", advise ? List.of(new RecommendationInput(RecommendationKind.THERAPY,
                            "Add behavioral activation with the BHC alongside " + (medication ? "the medication" : "the current plan")
                                    + "; weekly for the first month.")) : List.of(), random);
        }
        int dropOutWeek = 4 + random.nextInt(5);
        boolean referOn = random.nextDouble() < 0.33;
        LocalDate day = enrolledOn;
        LocalDate relapsePreventionSince = null;
        int underFive = 0;
        boolean changed = false;
        while (true) {
            int cadence = relapsePreventionSince == null ? 14 : 28;
            day = day.plusDays(cadence - 3 + random.nextInt(7));
            if (!day.isBefore(today)) {
                break;
            }
            double weeks = ChronoUnit.DAYS.between(enrolledOn, day) / 7.0;
            if (course == Course.DROP_OUT && weeks > dropOutWeek) {
                break;
            }
            if (course == Course.NON_RESPONDER && !changed && weeks >= 10) {
                String advice = medication ? INCREASES[drug] : MEDICATIONS[drug];
                review(episode, day.minusDays(2), "Not improved at week " + (int) weeks + " (" + measure.title()
                        + " still near baseline " + baseline + "). Adherent, no side effects reported.",
                        List.of(new RecommendationInput(RecommendationKind.MEDICATION, advice
                                + "; recheck " + measure.title() + " in 4 weeks.")), random);
                episodes.addTreatmentChange(id, day, medication ? TreatmentKind.MEDICATION_CHANGE : TreatmentKind.MEDICATION_START,
                        advice);
                treatmentChanges++;
                changed = true;
            }
            if (course == Course.NON_RESPONDER && referOn && weeks >= 26) {
                episodes.changeStatus(id, EpisodeStatus.DISCHARGED, DischargeReason.REFERRED_ON, day,
                        "Referred to community psychiatry for ongoing care", null);
                return;
            }
            int score = score(course, baseline, weeks, random, measure.maxTotal());
            boolean measured = random.nextDouble() < 0.85;
            ContactMode mode = pick(random);
            contact(id, patient, day, 10 + random.nextInt(26), mode, relapsePreventionSince == null ? Activity.FOLLOW_UP : Activity.RELAPSE_PREVENTION,
                    measured ? measure : null, measured ? score : null, random);
            if (measured) {
                underFive = score < 5 ? underFive + 1 : 0;
            }
            if (relapsePreventionSince == null && depression && underFive >= 2) {
                relapsePreventionSince = day;
                episodes.changeStatus(id, EpisodeStatus.RELAPSE_PREVENTION, null, day, "PHQ-9 under 5 twice", null);
                episodes.updatePlan(id, new EpisodePlan(List.of(Instruments.PHQ_9), 14, 28, false, null, null,
                        "Keep the medication for at least 6 more months; daily walk; warning signs: poor sleep, withdrawing from "
                                + "friends; call the care manager if they return.", null, episode.medicare()));
            }
            if (relapsePreventionSince != null && ChronoUnit.DAYS.between(relapsePreventionSince, day) >= 168) {
                episodes.changeStatus(id, EpisodeStatus.DISCHARGED, DischargeReason.GOALS_MET, day, "Remission held for 6 months", null);
                return;
            }
        }
        if (course == Course.DROP_OUT) {
            LocalDate sixMonths = day.plusDays(183);
            if (!sixMonths.isBefore(today) && random.nextDouble() < 0.5) {
                reviews.requestReview(id, "Not reachable since " + day + " despite three calls and a letter; discuss outreach or discharge.");
                requests++;
            }
            if (sixMonths.isBefore(today)) {
                episodes.changeStatus(id, EpisodeStatus.DISCHARGED, DischargeReason.NO_SERVICES_6_MONTHS, sixMonths,
                        "No contact for 6 months despite outreach", null);
            }
        }
    }

    /**
     * The consultant's review held on a day (documented as held then); recommendations made more than three weeks ago
     * were accepted by the PCP, newer ones wait in the PCP's inbox.
     */
    private void review(Episode episode, LocalDate on, String summary, List<RecommendationInput> advice, SplittableRandom random) {
        CaseReview held = actors.runAs(consultant, () -> reviews.recordReview(episode.id(), summary, advice, 5 + random.nextInt(11), on));
        caseReviews++;
        recommendations += held.recommendations().size();
        Actor pcp = episode.pcp() == null ? null : pcps.get(episode.pcp());
        if (pcp != null && on.isBefore(today.minusDays(PENDING_DAYS))) {
            for (Recommendation r : held.recommendations()) {
                actors.runAs(pcp, () -> reviews.respond(r.id(), RecommendationAnswer.ACCEPT, null));
            }
        }
    }

    private void contact(UUID episode, PatientId patient, LocalDate day, int minutes, ContactMode mode, Activity activity, Instrument measure,
            Integer score, SplittableRandom random) {
        Instant at = day.atTime(LocalTime.of(9 + random.nextInt(7), random.nextInt(4) * 15)).atZone(zone).toInstant();
        UUID response = null;
        if (measure != null) {
            ScreeningResult result = screenings.submit(new ScreeningSubmission(SyntheticPanel.uuid(random), patient, null, null,
                    measure.id(), measure.answersScoring(items(score, measure)), ScreeningSubmission.Mode.STAFF, "en", at));
            response = result.response().id();
            measurements++;
        }
        timeLog.log(new TimeLogEntry(episode, at, minutes, mode, activity, null, null, response));
        contacts++;
    }

    /** The total on a week of treatment for a course, with noise, within 0..max (PHQ-9 capped at 24 so item 9 stays 0). */
    static int score(Course course, int baseline, double weeks, SplittableRandom random, int max) {
        double expected = switch (course) {
            case REMITTER -> baseline * Math.exp(-weeks / 5.5);
            case RESPONDER -> baseline * (0.42 + 0.58 * Math.exp(-weeks / 5.0));
            case NON_RESPONDER -> baseline * (weeks < 10 ? 0.95 - 0.01 * weeks : 0.85 - 0.25 * (1 - Math.exp(-(weeks - 10) / 6.0)));
            case DROP_OUT -> baseline * (0.8 + 0.2 * Math.exp(-weeks / 4.0));
        };
        long value = Math.round(expected + (random.nextDouble() - 0.5) * 3);
        return (int) Math.max(0, Math.min(Math.min(max, 24), value));
    }

    /** Item scores (0-3) adding up to the total, spread evenly; the PHQ-9's item 9 stays 0. */
    static int[] items(int total, Instrument measure) {
        int n = measure.items().size();
        int spread = measure.id().equals(Instruments.PHQ_9) ? n - 1 : n;
        int[] items = new int[n];
        for (int i = 0; i < total; i++) {
            items[i % spread]++;
        }
        return items;
    }

    static Course course(SplittableRandom random) {
        double draw = random.nextDouble();
        return draw < 0.25 ? Course.REMITTER : draw < 0.6 ? Course.RESPONDER : draw < 0.82 ? Course.NON_RESPONDER : Course.DROP_OUT;
    }

    private static ContactMode pick(SplittableRandom random) {
        double draw = random.nextDouble();
        return draw < 0.6 ? ContactMode.PHONE : draw < 0.85 ? ContactMode.IN_PERSON : ContactMode.VIDEO;
    }
}
