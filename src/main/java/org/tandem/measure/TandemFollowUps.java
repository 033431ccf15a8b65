package org.tandem.measure;

import java.util.List;
import org.tandem.screening.DocumentedFollowUp;
import org.tandem.screening.FollowUp;

/**
 * Follow-ups of a positive screen documented in Tandem, as the CMS2 numerator reads follow-up: a ServiceRequest in
 * "Referral for Adolescent Depression" / "Referral for Adult Depression" (status active or completed, authoredOn) or a
 * completed Procedure in "Follow Up for Adolescent Depression" / "Follow Up for Adult Depression" (performed).
 * Every code below is listed in BOTH the adolescent and the adult value set of the CMS2 FHIR v0.2.000 value-set
 * bundle ({@code ecqm/PCSDepressionScreenAndFollowUpFHIR/valuesets-...-bundle.json}: 2.16.840.1.113883.3.526.3.1570
 * and .1571 for referrals, .1569 and .1568 for follow-ups), so the follow-up counts at any age.
 *
 * <p>Not mapped: {@link FollowUp#MEDICATION} (CMS2 counts an order of a drug in "Adult/Adolescent Depression
 * Medications", an RxNorm list; Tandem's note does not name the drug, an imported MedicationRequest does) and
 * {@link FollowUp#PATIENT_DECLINED} (not a follow-up).
 */
final class TandemFollowUps {

    static final String SNOMED = "http://snomed.info/sct";

    private TandemFollowUps() {
    }

    /** The event a documented follow-up stands for, or null when CMS2 has no code for it. */
    static MeasureEvent event(DocumentedFollowUp f) {
        return switch (f.kind()) {
            // Refer to mental health worker (procedure): the warm handoff introduces the patient to the BHC
            case WARM_HANDOFF -> referral(f, "183583007", "completed");
            // Referral to mental health counseling service (procedure): a BH visit was booked
            case BH_VISIT_SCHEDULED -> referral(f, "306226009", "active");
            // Referral to mental health team (procedure)
            case REFERRAL -> referral(f, "390866009", "active");
            // Depression care management (procedure): the PCP follows the positive screen up
            case PCP_FOLLOW_UP -> procedure(f, "768835002");
            // Mental health care assessment (procedure): the safety assessment of a positive screen
            case SAFETY_ASSESSMENT -> procedure(f, "410223002");
            case MEDICATION, PATIENT_DECLINED -> null;
        };
    }

    private static MeasureEvent referral(DocumentedFollowUp f, String code, String status) {
        return new MeasureEvent("ServiceRequest", "tandem-followup-" + f.id(), status, List.of(new MeasureCode(SNOMED, code)), null,
                null, f.documentedAt(), null, List.of(), "order", false, List.of(), List.of(), List.of(), List.of(), false, false);
    }

    private static MeasureEvent procedure(DocumentedFollowUp f, String code) {
        return new MeasureEvent("Procedure", "tandem-followup-" + f.id(), "completed", List.of(new MeasureCode(SNOMED, code)),
                f.documentedAt(), f.documentedAt(), null, null, List.of(), null, false, List.of(), List.of(), List.of(), List.of(),
                false, false);
    }
}
