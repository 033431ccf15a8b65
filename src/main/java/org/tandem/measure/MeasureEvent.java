package org.tandem.measure;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A Condition, Observation, Procedure, MedicationRequest or ServiceRequest as the measures read it. Fields that do
 * not apply to the resource type are null or empty.
 *
 * @param resourceType the FHIR resource type
 * @param status Observation/Procedure/MedicationRequest/ServiceRequest.status (Condition: null)
 * @param codes every coding of the resource's code
 * @param start Observation.effective (start), Procedure.performed (start), Condition onset (prevalence start)
 * @param end end of the same interval (Condition: end of the abatement interval): equal to {@code start} for a point in
 *     time (dateTime, instant), null when the interval has no end (a Period without end; a Condition without abatement)
 * @param authoredOn MedicationRequest/ServiceRequest.authoredOn; Observation.issued (read for an ObservationNotDone)
 * @param valueQuantity Observation.valueQuantity or valueInteger
 * @param valueCodes every coding of Observation.valueCodeableConcept
 * @param intent MedicationRequest/ServiceRequest.intent
 * @param doNotPerform ServiceRequest.doNotPerform is true
 * @param categories Condition.category codings
 * @param clinicalStatus Condition.clinicalStatus codings
 * @param verificationStatus Condition.verificationStatus codings
 * @param notDoneReasons the QI-Core not-done reason codings (extension qicore-notDoneReason) of a cancelled Observation
 * @param dateOnly true when {@code start} came from a date without a time (day precision)
 * @param hasValue Observation.value[x] is present, whatever its type (CMS2 reads {@code value is not null}; a
 *     valueBoolean or valueString screening result counts)
 */
public record MeasureEvent(String resourceType, String id, String status, List<MeasureCode> codes, Instant start, Instant end,
        Instant authoredOn, BigDecimal valueQuantity, List<MeasureCode> valueCodes, String intent, boolean doNotPerform,
        List<MeasureCode> categories, List<MeasureCode> clinicalStatus, List<MeasureCode> verificationStatus,
        List<MeasureCode> notDoneReasons, boolean dateOnly, boolean hasValue) {

    /** Without {@code hasValue}: the value is present when there is a quantity or a coded value. */
    public MeasureEvent(String resourceType, String id, String status, List<MeasureCode> codes, Instant start, Instant end,
            Instant authoredOn, BigDecimal valueQuantity, List<MeasureCode> valueCodes, String intent, boolean doNotPerform,
            List<MeasureCode> categories, List<MeasureCode> clinicalStatus, List<MeasureCode> verificationStatus,
            List<MeasureCode> notDoneReasons, boolean dateOnly) {
        this(resourceType, id, status, codes, start, end, authoredOn, valueQuantity, valueCodes, intent, doNotPerform, categories,
                clinicalStatus, verificationStatus, notDoneReasons, dateOnly,
                valueQuantity != null || (valueCodes != null && !valueCodes.isEmpty()));
    }
}
