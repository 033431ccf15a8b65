package org.tandem.measure;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Age;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Type;

/**
 * HAPI R4 resources → the measures' patient model, reading exactly the QI-Core elements the CMS2 and CMS159 CQL read
 * (through FHIRHelpers 4.4.000 and QICoreCommon 2.1.000). Immutable and stateless: the zone only places date-only
 * values (a FHIR dateTime without a time, e.g. {@code onsetDateTime: "2024-05-01"}) on the practice's calendar; those
 * are flagged {@code dateOnly} (day precision).
 *
 * <p>Not read (no CMS2/CMS159 expression needs them): MedicationRequest.medicationReference (only the inline
 * medicationCodeableConcept is coded), Procedure.performed as string/Age/Range, Observation.effective as Timing,
 * Condition onset/abatement as string. Partial birth dates (year or year-month only) are treated as unknown.
 */
public final class FhirMeasureMapper {

    /** The QI-Core extension carrying the reason an Observation was not done (ObservationNotDone profile). */
    public static final String NOT_DONE_REASON = "http://hl7.org/fhir/us/qicore/StructureDefinition/qicore-notDoneReason";

    private final ZoneId zone;

    public FhirMeasureMapper(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone);
    }

    // ---------------------------------------------------------------------------------------------------- patient

    /**
     * The patient of a bundle (its first Patient entry) with every Encounter, Observation, Condition, Procedure,
     * MedicationRequest and ServiceRequest whose subject is that patient. A resource whose subject is another patient
     * (another id, or the same id on another server) is not this patient's record and is left out.
     *
     * @throws IllegalArgumentException when the bundle holds no Patient
     */
    public MeasurePatient patient(Bundle bundle) {
        Patient patient = null;
        String patientFullUrl = null;
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            if (e.getResource() instanceof Patient p) {
                patient = p;
                patientFullUrl = e.getFullUrl();
                break;
            }
        }
        if (patient == null) {
            throw new IllegalArgumentException("The bundle holds no Patient");
        }
        String patientId = patient.getIdElement().getIdPart();
        List<Resource> own = new ArrayList<>();
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            Resource r = e.getResource();
            if (r != null && r != patient && refersTo(subjectOf(r), patientId, patientFullUrl)) {
                own.add(r);
            }
        }
        return patient(patient, uuid(patientId), own);
    }

    /** A patient with the given resources (already known to be theirs); unsupported resource types are ignored. */
    public MeasurePatient patient(Patient patient, UUID id, List<? extends Resource> resources) {
        LocalDate birthDate = birthDate(patient);
        List<MeasureEncounter> encounters = new ArrayList<>();
        List<MeasureEvent> events = new ArrayList<>();
        for (Resource r : resources) {
            if (r instanceof Encounter enc) {
                encounters.add(encounter(enc));
            } else {
                MeasureEvent ev = event(r, birthDate);
                if (ev != null) {
                    events.add(ev);
                }
            }
        }
        boolean deceased = false;
        Instant deceasedAt = null;
        if (patient.hasDeceasedBooleanType()) {
            deceased = patient.getDeceasedBooleanType().booleanValue();
        } else if (patient.hasDeceasedDateTimeType()) {
            deceased = true;
            deceasedAt = instant(patient.getDeceasedDateTimeType());
        }
        String gender = patient.hasGender() ? patient.getGender().toCode() : null;
        return new MeasurePatient(id, birthDate, gender, deceased, deceasedAt, null, List.copyOf(encounters), List.copyOf(events));
    }

    /** The Patient.birthDate, or null when absent or not a full date. */
    public static LocalDate birthDate(Patient patient) {
        if (!patient.hasBirthDateElement() || patient.getBirthDateElement().getPrecision() != TemporalPrecisionEnum.DAY) {
            return null;
        }
        return LocalDate.parse(patient.getBirthDateElement().getValueAsString());
    }

    /** The reference to the patient a clinical resource is about (subject, Coverage.beneficiary), or null. */
    public static Reference subjectOf(Resource r) {
        if (r instanceof Encounter x) {
            return x.getSubject();
        } else if (r instanceof Observation x) {
            return x.getSubject();
        } else if (r instanceof Condition x) {
            return x.getSubject();
        } else if (r instanceof Procedure x) {
            return x.getSubject();
        } else if (r instanceof MedicationRequest x) {
            return x.getSubject();
        } else if (r instanceof ServiceRequest x) {
            return x.getSubject();
        } else if (r instanceof org.hl7.fhir.r4.model.Coverage x) {
            return x.getBeneficiary();
        }
        return null;
    }

    /**
     * True when the reference points to the patient: {@code Patient/<id>}, or an absolute URL on the same server as
     * the patient's own full URL. An absolute reference to another server is another record, even with the same id.
     */
    public static boolean refersTo(Reference ref, String patientId, String patientFullUrl) {
        if (ref == null || !ref.hasReference()) {
            return false;
        }
        if (patientFullUrl != null && patientFullUrl.equals(ref.getReference())) {
            return true;
        }
        IIdType id = ref.getReferenceElement();
        if (!"Patient".equals(id.getResourceType()) || !Objects.equals(patientId, id.getIdPart())) {
            return false;
        }
        if (!id.hasBaseUrl()) {
            return true;
        }
        return patientFullUrl != null && patientFullUrl.startsWith(id.getBaseUrl() + "/");
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notUuid) {
            return UUID.nameUUIDFromBytes(("Patient/" + id).getBytes(StandardCharsets.UTF_8));
        }
    }

    // -------------------------------------------------------------------------------------------------- resources

    /** Encounter: status, class, type, period, hospitalization.dischargeDisposition. */
    public MeasureEncounter encounter(Encounter e) {
        Instant start = e.hasPeriod() ? instant(e.getPeriod().getStartElement()) : null;
        Instant end = e.hasPeriod() ? instant(e.getPeriod().getEndElement()) : null;
        List<MeasureCode> types = new ArrayList<>();
        for (CodeableConcept t : e.getType()) {
            types.addAll(codes(t));
        }
        List<MeasureCode> disposition = e.hasHospitalization() ? codes(e.getHospitalization().getDischargeDisposition()) : List.of();
        return new MeasureEncounter(id(e), e.hasStatus() ? e.getStatus().toCode() : null,
                e.hasClass_() ? e.getClass_().getCode() : null, List.copyOf(types), start, end, disposition, null);
    }

    /**
     * Any supported resource as an event (Observation, Condition, Procedure, MedicationRequest, ServiceRequest), or
     * null for another type. {@code birthDate} places a Condition onset/abatement given as an age (may be null).
     */
    public MeasureEvent event(Resource r, LocalDate birthDate) {
        if (r instanceof Observation x) {
            return observation(x);
        } else if (r instanceof Condition x) {
            return condition(x, birthDate);
        } else if (r instanceof Procedure x) {
            return procedure(x);
        } else if (r instanceof MedicationRequest x) {
            return medicationRequest(x);
        } else if (r instanceof ServiceRequest x) {
            return serviceRequest(x);
        }
        return null;
    }

    /**
     * Observation: status, code, effective[x] (dateTime, instant, Period), issued, value[x] (Quantity or integer as a
     * number, CodeableConcept as codes, any type as present) and the QI-Core notDoneReason extension.
     */
    public MeasureEvent observation(Observation o) {
        Instant start = null;
        Instant end = null;
        boolean dateOnly = false;
        Type eff = o.getEffective();
        if (eff instanceof BaseDateTimeType dt) { // dateTime or instant: Interval[t, t]
            start = instant(dt);
            end = start;
            dateOnly = dayPrecision(dt);
        } else if (eff instanceof Period p) {
            start = instant(p.getStartElement());
            end = instant(p.getEndElement());
            dateOnly = dayPrecision(p.getStartElement());
        }
        BigDecimal number = null;
        List<MeasureCode> valueCodes = List.of();
        Type value = o.getValue();
        if (value instanceof Quantity q && q.hasValue()) {
            number = q.getValue();
        } else if (value instanceof IntegerType i && i.getValue() != null) {
            number = BigDecimal.valueOf(i.getValue());
        } else if (value instanceof CodeableConcept cc) {
            valueCodes = codes(cc);
        }
        List<MeasureCode> reasons = new ArrayList<>();
        for (Extension ext : o.getExtensionsByUrl(NOT_DONE_REASON)) {
            if (ext.getValue() instanceof CodeableConcept cc) {
                reasons.addAll(codes(cc));
            }
        }
        Instant issued = o.hasIssued() ? o.getIssued().toInstant() : null;
        boolean hasValue = value != null && !value.isEmpty();
        return new MeasureEvent("Observation", id(o), o.hasStatus() ? o.getStatus().toCode() : null, codes(o.getCode()), start, end,
                issued, number, valueCodes, null, false, codesOf(o.getCategory()), List.of(), List.of(), List.copyOf(reasons),
                dateOnly, hasValue);
    }

    /**
     * Condition: code, category, clinicalStatus, verificationStatus, onset[x] as the start and the end of the
     * abatement interval as the end, per QICoreCommon 2.1.000 {@code abatementInterval()}: a dateTime is a point; a
     * Period is {@code Interval[low, high)} (end: just before high); an Age or Range is the year of life
     * {@code Interval[birthDate + age, birthDate + age + 1 year)} (end: the day before). The measure logic closes or
     * opens the prevalence interval from clinicalStatus ({@code prevalenceInterval()}). recordedDate is not read:
     * QICoreCommon 2.1.000's prevalenceInterval does not use it.
     */
    public MeasureEvent condition(Condition c, LocalDate birthDate) {
        Instant start = null;
        boolean dateOnly = false;
        Type onset = c.getOnset();
        if (onset instanceof BaseDateTimeType dt) {
            start = instant(dt);
            dateOnly = dayPrecision(dt);
        } else if (onset instanceof Period p) {
            start = instant(p.getStartElement());
            dateOnly = dayPrecision(p.getStartElement());
        } else if (onset instanceof Age age) {
            start = atAge(birthDate, age, 0);
            dateOnly = start != null;
        } else if (onset instanceof Range range && range.hasLow()) {
            start = atAge(birthDate, range.getLow(), 0);
            dateOnly = start != null;
        }
        Instant end = null;
        Type abatement = c.getAbatement();
        if (abatement instanceof BaseDateTimeType dt) {
            end = instant(dt);
        } else if (abatement instanceof Period p) {
            Instant high = instant(p.getEndElement());
            end = high == null ? null : high.minusMillis(1);
        } else if (abatement instanceof Age age) {
            end = atAge(birthDate, age, 1);
        } else if (abatement instanceof Range range && range.hasHigh()) {
            end = atAge(birthDate, range.getHigh(), 1);
        }
        List<MeasureCode> clinical = c.hasClinicalStatus() ? codes(c.getClinicalStatus()) : List.of();
        List<MeasureCode> verification = c.hasVerificationStatus() ? codes(c.getVerificationStatus()) : List.of();
        return new MeasureEvent("Condition", id(c), null, codes(c.getCode()), start, end, null, null, List.of(), null, false,
                codesOf(c.getCategory()), clinical, verification, List.of(), dateOnly, false);
    }

    /** Procedure: status, code, performed[x] as dateTime (a point) or Period. */
    public MeasureEvent procedure(Procedure p) {
        Instant start = null;
        Instant end = null;
        boolean dateOnly = false;
        Type performed = p.getPerformed();
        if (performed instanceof BaseDateTimeType dt) {
            start = instant(dt);
            end = start;
            dateOnly = dayPrecision(dt);
        } else if (performed instanceof Period period) {
            start = instant(period.getStartElement());
            end = instant(period.getEndElement());
            dateOnly = dayPrecision(period.getStartElement());
        }
        return new MeasureEvent("Procedure", id(p), p.hasStatus() ? p.getStatus().toCode() : null, codes(p.getCode()), start, end,
                null, null, List.of(), null, false, List.of(), List.of(), List.of(), List.of(), dateOnly, false);
    }

    /** MedicationRequest: status, intent, medicationCodeableConcept, authoredOn, doNotPerform. */
    public MeasureEvent medicationRequest(MedicationRequest m) {
        List<MeasureCode> codes = m.hasMedicationCodeableConcept() ? codes(m.getMedicationCodeableConcept()) : List.of();
        return new MeasureEvent("MedicationRequest", id(m), m.hasStatus() ? m.getStatus().toCode() : null, codes, null, null,
                instant(m.getAuthoredOnElement()), null, List.of(), m.hasIntent() ? m.getIntent().toCode() : null,
                m.getDoNotPerform(), List.of(), List.of(), List.of(), List.of(), false, false);
    }

    /** ServiceRequest: status, intent, code, authoredOn, doNotPerform. */
    public MeasureEvent serviceRequest(ServiceRequest s) {
        return new MeasureEvent("ServiceRequest", id(s), s.hasStatus() ? s.getStatus().toCode() : null, codes(s.getCode()), null, null,
                instant(s.getAuthoredOnElement()), null, List.of(), s.hasIntent() ? s.getIntent().toCode() : null,
                s.getDoNotPerform(), List.of(), List.of(), List.of(), List.of(), false, false);
    }

    // ------------------------------------------------------------------------------------------------------ helpers

    private static String id(Resource r) {
        return r.getIdElement().getIdPart();
    }

    /** Every coding of a CodeableConcept (display and version are never compared). */
    public static List<MeasureCode> codes(CodeableConcept cc) {
        if (cc == null || !cc.hasCoding()) {
            return List.of();
        }
        List<MeasureCode> out = new ArrayList<>(cc.getCoding().size());
        for (Coding c : cc.getCoding()) {
            if (c.hasCode()) {
                out.add(new MeasureCode(c.getSystem(), c.getCode()));
            }
        }
        return List.copyOf(out);
    }

    private static List<MeasureCode> codesOf(List<CodeableConcept> concepts) {
        List<MeasureCode> out = new ArrayList<>();
        for (CodeableConcept cc : concepts) {
            out.addAll(codes(cc));
        }
        return List.copyOf(out);
    }

    /** The instant of a date/time; a value without a time is the start of its day in the practice's zone. */
    private Instant instant(BaseDateTimeType dt) {
        if (dt == null || dt.getValue() == null) {
            return null;
        }
        if (dayPrecision(dt)) {
            String s = dt.getValueAsString(); // YYYY, YYYY-MM or YYYY-MM-DD: the first day of the stated period
            LocalDate date = switch (s.length()) {
                case 4 -> LocalDate.of(Integer.parseInt(s), 1, 1);
                case 7 -> LocalDate.parse(s + "-01");
                default -> LocalDate.parse(s.substring(0, 10));
            };
            return date.atStartOfDay(zone).toInstant();
        }
        return dt.getValue().toInstant();
    }

    private static boolean dayPrecision(BaseDateTimeType dt) {
        return dt != null && dt.getValue() != null && dt.getPrecision().ordinal() <= TemporalPrecisionEnum.DAY.ordinal();
    }

    /**
     * {@code Patient.birthDate + age} (+ {@code extraYears}, minus one day when extraYears > 0: the last day of that
     * year of life), the start of that day in the zone; null without a birth date or with a unit that is not a
     * calendar duration.
     */
    private Instant atAge(LocalDate birthDate, Quantity age, int extraYears) {
        if (birthDate == null || age == null || !age.hasValue()) {
            return null;
        }
        long n = age.getValue().longValue();
        String unit = age.hasCode() ? age.getCode() : age.getUnit();
        LocalDate at;
        if (unit == null) {
            return null;
        }
        switch (unit) {
            case "a", "year", "years" -> at = birthDate.plusYears(n);
            case "mo", "month", "months" -> at = birthDate.plusMonths(n);
            case "wk", "week", "weeks" -> at = birthDate.plusWeeks(n);
            case "d", "day", "days" -> at = birthDate.plusDays(n);
            default -> {
                return null;
            }
        }
        if (extraYears > 0) {
            at = at.plusYears(extraYears).minusDays(1);
        }
        return at.atStartOfDay(zone).toInstant();
    }
}
