package org.tandem.registry;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.tandem.patient.PatientId;

/**
 * A new episode: from a positive screen or safety alert (one click) or by hand.
 *
 * @param status {@code REFERRED} or {@code ENROLLED} (null: enrolled)
 * @param on the day of referral or enrolment (null: today in the practice's time zone)
 * @param careManager the care manager (null: the current user if they are a care manager or BHC)
 * @param pcp the PCP (null: the patient's PCP)
 * @param instruments measured instruments (null or empty: the focus's defaults)
 * @param billingModel null: CoCM
 */
public record Enrolment(PatientId patient, EpisodeFocus focus, EpisodeStatus status, LocalDate on, UUID careManager,
        UUID pcp, UUID consultant, UUID sourceResponse, UUID sourceAlert, List<String> instruments, BillingModel billingModel,
        boolean medicare, String note) {

    public static Enrolment of(PatientId patient, EpisodeFocus focus) {
        return new Enrolment(patient, focus, null, null, null, null, null, null, null, null, null, false, null);
    }

    public Enrolment fromScreen(UUID response, UUID alert) {
        return new Enrolment(patient, focus, status, on, careManager, pcp, consultant, response, alert, instruments,
                billingModel, medicare, note);
    }

    public Enrolment withTeam(UUID newCareManager, UUID newPcp, UUID newConsultant) {
        return new Enrolment(patient, focus, status, on, newCareManager, newPcp, newConsultant, sourceResponse, sourceAlert,
                instruments, billingModel, medicare, note);
    }

    public Enrolment on(LocalDate day, EpisodeStatus newStatus) {
        return new Enrolment(patient, focus, newStatus, day, careManager, pcp, consultant, sourceResponse, sourceAlert,
                instruments, billingModel, medicare, note);
    }

    public Enrolment billing(BillingModel model, boolean isMedicare) {
        return new Enrolment(patient, focus, status, on, careManager, pcp, consultant, sourceResponse, sourceAlert,
                instruments, model, isMedicare, note);
    }
}
