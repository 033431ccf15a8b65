package org.tandem.registry;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContext;
import org.tandem.patient.AdministrativeSex;
import org.tandem.patient.PatientDetails;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.screening.Answer;
import org.tandem.screening.Instruments;
import org.tandem.screening.ScreeningResult;
import org.tandem.screening.ScreeningSubmission;
import org.tandem.screening.Screenings;

/**
 * Builds caseload data through the facades (patients, episodes, screenings, time log) with days counted back from
 * today in the practice's time zone (the fixtures' practices are in America/Chicago).
 */
final class CaseloadTestData {

    static final ZoneId ZONE = ZoneId.of("America/Chicago");

    private final Patients patients;
    private final Episodes episodes;
    private final Screenings screenings;
    private final TimeLog timeLog;
    private final CurrentActor actors;
    private final Actor staff;

    CaseloadTestData(ApplicationContext context, Actor staff) {
        this.patients = context.getBean(Patients.class);
        this.episodes = context.getBean(Episodes.class);
        this.screenings = context.getBean(Screenings.class);
        this.timeLog = context.getBean(TimeLog.class);
        this.actors = context.getBean(CurrentActor.class);
        this.staff = staff;
    }

    static LocalDate today() {
        return LocalDate.now(ZONE);
    }

    /** Noon of the day that many days ago (or earlier, so never in the future). */
    static Instant daysAgo(int days) {
        Instant noon = today().minusDays(days).atTime(LocalTime.NOON).atZone(ZONE).toInstant();
        Instant now = Instant.now().minusSeconds(60);
        return noon.isAfter(now) ? now : noon;
    }

    PatientRecord patient(String family, String given, LocalDate birthDate, String mrn) {
        return actors.runAs(staff, () -> patients.register(new PatientDetails("urn:test:mrn", mrn, family, given, birthDate,
                AdministrativeSex.FEMALE, "en", null, null)));
    }

    /** Enrols the patient that many days ago, in active treatment, with the given care manager. */
    Episode enrol(PatientRecord patient, EpisodeFocus focus, int daysAgo, UUID careManager, String... instruments) {
        return actors.runAs(staff, () -> episodes.enrol(new Enrolment(patient.id(), focus, EpisodeStatus.ACTIVE,
                today().minusDays(daysAgo), careManager, null, null, null, null,
                instruments.length == 0 ? null : java.util.List.of(instruments), null, false, null)));
    }

    Episode relapsePrevention(Episode episode, int daysAgo) {
        return actors.runAs(staff, () -> episodes.changeStatus(episode.id(), EpisodeStatus.RELAPSE_PREVENTION, null,
                today().minusDays(daysAgo), null, null));
    }

    /** A PHQ-9 with this total (items 1-8), item 9 answered "several days" when safety is true. */
    ScreeningResult phq9(PatientRecord patient, int daysAgo, int total, boolean safety) {
        int[] points = spread(total - (safety ? 1 : 0), 9);
        if (safety) {
            points[8] = 1;
        }
        return submit(patient, Instruments.PHQ_9, points, daysAgo);
    }

    ScreeningResult gad7(PatientRecord patient, int daysAgo, int total) {
        return submit(patient, Instruments.GAD_7, spread(total, 7), daysAgo);
    }

    private ScreeningResult submit(PatientRecord patient, String instrument, int[] points, int daysAgo) {
        Map<String, Answer> answers = Instruments.find(instrument).orElseThrow().answersScoring(points);
        return actors.runAs(staff, () -> screenings.submit(new ScreeningSubmission(null, patient.id(), null, null, instrument, answers,
                ScreeningSubmission.Mode.STAFF, "en", daysAgo(daysAgo))));
    }

    TimeEntry contact(Episode episode, int daysAgo) {
        return log(episode, daysAgo, ContactMode.PHONE, Activity.FOLLOW_UP);
    }

    TimeEntry log(Episode episode, int daysAgo, ContactMode mode, Activity activity) {
        return actors.runAs(staff, () -> timeLog.log(new TimeLogEntry(episode.id(), daysAgo(daysAgo), 15, mode, activity,
                ClinicianRole.CARE_MANAGER, null, null)));
    }

    /** Item scores adding up to the total over the first items (3 each at most); the last item stays 0. */
    private static int[] spread(int total, int items) {
        int[] points = new int[items];
        int left = total;
        for (int i = 0; i < items - 1 && left > 0; i++) {
            points[i] = Math.min(3, left);
            left -= points[i];
        }
        if (left > 0) {
            points[items - 1] = left;
        }
        return points;
    }
}
