package org.tandem.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.parser.IParser;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.springframework.stereotype.Component;
import org.tandem.patient.AdministrativeSex;
import org.tandem.patient.ClinicalFactDetails;
import org.tandem.patient.EncounterDetails;
import org.tandem.patient.EncounterRecord;
import org.tandem.patient.InvalidPatientData;
import org.tandem.patient.PatientDetails;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientRecord;

/**
 * Maps FHIR R4 resources to the patient module's records and back. Dates without a time zone (e.g. a day-precision
 * onset "2025-03-04") are read in the practice's time zone; the raw JSON is kept so nothing the source sent is lost.
 */
@Component
class FhirMapping {

    static final String MR_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v2-0203";

    private final FhirContext context;

    FhirMapping(FhirContext context) {
        this.context = context;
    }

    IParser parser() {
        return context.newJsonParser();
    }

    String json(Resource resource) {
        return parser().encodeResourceToString(resource);
    }

    // ---- Patient ----

    PatientDetails toDetails(Patient patient, Set<UUID> practiceStaff) {
        HumanName name = patient.getName().stream().filter(n -> n.getUse() == HumanName.NameUse.OFFICIAL).findFirst()
                .orElse(patient.getNameFirstRep());
        String family = name.getFamily();
        String given = name.getGiven().stream().map(StringType::getValue).filter(v -> v != null && !v.isBlank())
                .reduce((a, b) -> a + " " + b).orElse(null);
        Identifier mrn = patient.getIdentifier().stream()
                .filter(id -> id.getType().getCoding().stream().anyMatch(c -> "MR".equals(c.getCode())))
                .findFirst()
                .orElse(patient.getIdentifier().stream().filter(Identifier::hasValue).findFirst().orElse(null));
        String language = patient.getCommunication().stream()
                .sorted((a, b) -> Boolean.compare(b.getPreferred(), a.getPreferred()))
                .map(c -> c.getLanguage().getCodingFirstRep().getCode())
                .filter(code -> code != null && !code.isBlank())
                .findFirst().orElse(null);
        UUID pcp = patient.getGeneralPractitioner().stream()
                .map(ref -> ref.getReferenceElement())
                .filter(ref -> "Practitioner".equals(ref.getResourceType()))
                .map(ref -> parseUuid(ref.getIdPart()))
                .filter(id -> id != null && practiceStaff.contains(id))
                .findFirst().orElse(null);
        LocalDate birthDate = patient.hasBirthDateElement() ? localDate(patient.getBirthDateElement()) : null;
        AdministrativeSex sex = patient.hasGender() ? AdministrativeSex.fromCode(patient.getGender().toCode()) : AdministrativeSex.UNKNOWN;
        return new PatientDetails(mrn == null ? null : emptyToNull(mrn.getSystem()), mrn == null ? null : mrn.getValue(),
                family, given, birthDate, sex, language, pcp, json(patient));
    }

    Patient toFhir(PatientRecord record) {
        Patient patient = record.rawJson() == null ? new Patient() : parser().parseResource(Patient.class, record.rawJson());
        patient.setId(record.id().toString());
        patient.getMeta().setVersionId(String.valueOf(record.version())).setLastUpdated(Date.from(record.updatedAt()));
        List<Identifier> others = new ArrayList<>(patient.getIdentifier().stream()
                .filter(id -> !(record.mrn().equals(id.getValue()) && record.mrnSystem().equals(id.getSystem()))).toList());
        patient.setIdentifier(new ArrayList<>());
        patient.addIdentifier().setSystem(record.mrnSystem()).setValue(record.mrn())
                .setType(new CodeableConcept(new Coding(MR_TYPE_SYSTEM, "MR", "Medical record number")));
        others.forEach(patient::addIdentifier);
        HumanName name = patient.getName().stream().filter(n -> n.getUse() == HumanName.NameUse.OFFICIAL).findFirst()
                .orElseGet(() -> patient.getName().isEmpty() ? patient.addName() : patient.getNameFirstRep());
        name.setFamily(record.familyName());
        name.setGiven(new ArrayList<>());
        if (record.givenNames() != null) {
            for (String given : record.givenNames().split(" ")) {
                name.addGiven(given);
            }
        }
        patient.setBirthDate(record.birthDate() == null ? null : java.sql.Date.valueOf(record.birthDate()));
        if (record.birthDate() != null) {
            patient.getBirthDateElement().setValueAsString(record.birthDate().toString());
        }
        patient.setGender(Enumerations.AdministrativeGender.fromCode(record.sex().code()));
        if (record.preferredLanguage() != null && patient.getCommunication().stream()
                .noneMatch(c -> record.preferredLanguage().equals(c.getLanguage().getCodingFirstRep().getCode()))) {
            patient.addCommunication().setPreferred(true).setLanguage(new CodeableConcept(
                    new Coding("urn:ietf:bcp:47", record.preferredLanguage(), null)));
        }
        patient.setGeneralPractitioner(new ArrayList<>());
        if (record.pcpAccountId() != null) {
            patient.addGeneralPractitioner(new Reference("Practitioner/" + record.pcpAccountId()));
        }
        return patient;
    }

    // ---- Encounter ----

    EncounterDetails toDetails(Encounter encounter, PatientId patient, ZoneId zone, Set<UUID> practiceStaff) {
        Coding type = encounter.getTypeFirstRep().getCodingFirstRep();
        Period period = encounter.getPeriod();
        String clinicianRef = encounter.getParticipant().stream()
                .filter(p -> p.hasIndividual() && p.getIndividual().hasReference())
                .map(p -> p.getIndividual().getReference()).findFirst().orElse(null);
        UUID clinician = clinicianRef == null ? null : Optional.ofNullable(parseUuid(new org.hl7.fhir.r4.model.IdType(clinicianRef).getIdPart()))
                .filter(practiceStaff::contains).orElse(null);
        String typeDisplay = type.hasDisplay() ? type.getDisplay() : encounter.getTypeFirstRep().getText();
        return new EncounterDetails(patient, encounter.hasStatus() ? encounter.getStatus().toCode() : null,
                encounter.hasClass_() ? encounter.getClass_().getCode() : null,
                emptyToNull(type.getSystem()), emptyToNull(type.getCode()), emptyToNull(typeDisplay),
                period.hasStartElement() ? start(period.getStartElement(), zone) : null,
                period.hasEndElement() ? end(period.getEndElement(), zone) : null,
                clinician, clinicianRef, json(encounter));
    }

    Encounter toFhir(EncounterRecord record) {
        Encounter encounter = record.rawJson() == null ? new Encounter() : parser().parseResource(Encounter.class, record.rawJson());
        encounter.setId(record.id().toString());
        encounter.getMeta().setVersionId(String.valueOf(record.version()));
        encounter.setStatus(Encounter.EncounterStatus.fromCode(record.status()));
        if (record.classCode() != null && !encounter.hasClass_()) {
            encounter.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", record.classCode(), null));
        }
        if (record.typeCode() != null && !encounter.hasType()) {
            encounter.addType(new CodeableConcept(new Coding(record.typeSystem(), record.typeCode(), record.typeDisplay())));
        }
        encounter.setSubject(new Reference("Patient/" + record.patient()));
        if (!encounter.hasPeriod()) {
            Period period = new Period();
            if (record.start() != null) {
                period.setStartElement(new DateTimeType(Date.from(record.start()), TemporalPrecisionEnum.SECOND, java.util.TimeZone.getTimeZone("UTC")));
            }
            if (record.end() != null) {
                period.setEndElement(new DateTimeType(Date.from(record.end()), TemporalPrecisionEnum.SECOND, java.util.TimeZone.getTimeZone("UTC")));
            }
            encounter.setPeriod(period);
        }
        if (record.clinicianAccountId() != null && !encounter.hasParticipant()) {
            encounter.addParticipant().setIndividual(new Reference("Practitioner/" + record.clinicianAccountId()));
        }
        return encounter;
    }

    // ---- clinical facts ----

    ClinicalFactDetails toFact(Resource resource, PatientId patient, ZoneId zone) {
        String type = resource.fhirType();
        CodeableConcept code;
        String status;
        Instant start = null;
        Instant end = null;
        BigDecimal quantity = null;
        String unit = null;
        String valueSystem = null;
        String valueCode = null;
        String valueText = null;
        if (resource instanceof Condition condition) {
                code = condition.getCode();
                status = condition.getClinicalStatus().getCodingFirstRep().getCode();
                start = startOf(condition.getOnset(), zone);
                end = endOf(condition.getAbatement(), zone);
                if (start == null && condition.hasRecordedDateElement()) {
                    start = start(condition.getRecordedDateElement(), zone);
                }
        } else if (resource instanceof Observation observation) {
                code = observation.getCode();
                status = observation.hasStatus() ? observation.getStatus().toCode() : null;
                start = startOf(observation.getEffective(), zone);
                end = endOf(observation.getEffective(), zone);
                Type value = observation.getValue();
                if (value instanceof Quantity q) {
                    quantity = q.getValue();
                    unit = q.hasUnit() ? q.getUnit() : q.getCode();
                } else if (value instanceof IntegerType i) {
                    quantity = BigDecimal.valueOf(i.getValue());
                } else if (value instanceof CodeableConcept c) {
                    valueSystem = emptyToNull(c.getCodingFirstRep().getSystem());
                    valueCode = emptyToNull(c.getCodingFirstRep().getCode());
                    valueText = c.hasText() ? c.getText() : c.getCodingFirstRep().getDisplay();
                } else if (value instanceof StringType s) {
                    valueText = s.getValue();
                } else if (value instanceof BooleanType b) {
                    valueText = String.valueOf(b.getValue());
                }
        } else if (resource instanceof Procedure procedure) {
                code = procedure.getCode();
                status = procedure.hasStatus() ? procedure.getStatus().toCode() : null;
                start = startOf(procedure.getPerformed(), zone);
                end = endOf(procedure.getPerformed(), zone);
        } else if (resource instanceof MedicationRequest request) {
                code = request.hasMedicationCodeableConcept() ? request.getMedicationCodeableConcept() : new CodeableConcept();
                status = request.hasStatus() ? request.getStatus().toCode() : null;
                start = request.hasAuthoredOnElement() ? start(request.getAuthoredOnElement(), zone) : null;
        } else if (resource instanceof ServiceRequest request) {
                code = request.getCode();
                status = request.hasStatus() ? request.getStatus().toCode() : null;
                start = request.hasAuthoredOnElement() ? start(request.getAuthoredOnElement(), zone) : null;
        } else if (resource instanceof Coverage coverage) {
                code = coverage.getType();
                status = coverage.hasStatus() ? coverage.getStatus().toCode() : null;
                start = coverage.getPeriod().hasStartElement() ? start(coverage.getPeriod().getStartElement(), zone) : null;
                end = coverage.getPeriod().hasEndElement() ? end(coverage.getPeriod().getEndElement(), zone) : null;
        } else {
            throw new InvalidPatientData("Tandem does not keep " + type + " resources");
        }
        Coding main = code.getCodingFirstRep();
        List<ClinicalFactDetails.Coding> codings = code.getCoding().stream()
                .filter(c -> c.hasSystem() && c.hasCode())
                .map(c -> new ClinicalFactDetails.Coding(c.getSystem(), c.getCode())).toList();
        String display = main.hasDisplay() ? main.getDisplay() : code.getText();
        return new ClinicalFactDetails(type, resource.getIdElement().getIdPart(), patient, emptyToNull(main.getSystem()),
                emptyToNull(main.getCode()), emptyToNull(display), codings, status, start, end, quantity, unit, valueSystem,
                valueCode, valueText, json(resource));
    }

    /** The patient a clinical resource is about (subject, or beneficiary for Coverage). */
    static Reference patientReference(Resource resource) {
        if (resource instanceof Condition c) {
            return c.getSubject();
        } else if (resource instanceof Observation o) {
            return o.getSubject();
        } else if (resource instanceof Procedure p) {
            return p.getSubject();
        } else if (resource instanceof MedicationRequest m) {
            return m.getSubject();
        } else if (resource instanceof ServiceRequest r) {
            return r.getSubject();
        } else if (resource instanceof Coverage c) {
            return c.getBeneficiary();
        } else if (resource instanceof Encounter e) {
            return e.getSubject();
        }
        return new Reference();
    }

    /**
     * The local id a reference points to: {@code Patient/123}, an absolute URL ending in {@code Patient/123}, or a
     * bundle-internal {@code urn:uuid:...} resolved through the bundle's fullUrls.
     */
    static Optional<String> referencedId(Reference reference, String type, Map<String, String> bundleIds) {
        if (reference == null || !reference.hasReference()) {
            return Optional.empty();
        }
        String ref = reference.getReference();
        if (bundleIds.containsKey(ref)) {
            return Optional.of(bundleIds.get(ref));
        }
        String[] parts = ref.split("/");
        if (parts.length >= 2 && parts[parts.length - 2].equals(type)) {
            return Optional.of(parts[parts.length - 1]);
        }
        if (parts.length >= 4 && parts[parts.length - 4].equals(type) && "_history".equals(parts[parts.length - 2])) {
            return Optional.of(parts[parts.length - 3]);
        }
        return Optional.empty();
    }

    // ---- dates ----

    private static Instant startOf(Type value, ZoneId zone) {
        if (value instanceof BaseDateTimeType date) {
            return start(date, zone);
        }
        if (value instanceof Period period && period.hasStartElement()) {
            return start(period.getStartElement(), zone);
        }
        return null;
    }

    private static Instant endOf(Type value, ZoneId zone) {
        if (value instanceof BaseDateTimeType date) {
            return end(date, zone);
        }
        if (value instanceof Period period && period.hasEndElement()) {
            return end(period.getEndElement(), zone);
        }
        return null;
    }

    /** The first instant a FHIR date or dateTime covers (partial dates in the practice's zone). */
    static Instant start(BaseDateTimeType date, ZoneId zone) {
        if (date == null || date.getValue() == null) {
            return null;
        }
        if (date instanceof InstantType || (date.getPrecision().ordinal() >= TemporalPrecisionEnum.MINUTE.ordinal()
                && (date.getTimeZone() != null || date.isTimeZoneZulu()) && !(date instanceof DateType))) {
            return date.getValue().toInstant();
        }
        return localStart(date).atZone(zone).toInstant();
    }

    /** The last instant a FHIR date or dateTime covers: the end of the day, month or year for partial dates. */
    static Instant end(BaseDateTimeType date, ZoneId zone) {
        if (date == null || date.getValue() == null) {
            return null;
        }
        return switch (date.getPrecision()) {
            case YEAR -> localStart(date).plusYears(1).atZone(zone).toInstant().minusNanos(1000);
            case MONTH -> localStart(date).plusMonths(1).atZone(zone).toInstant().minusNanos(1000);
            case DAY -> localStart(date).plusDays(1).atZone(zone).toInstant().minusNanos(1000);
            default -> start(date, zone);
        };
    }

    private static LocalDateTime localStart(BaseDateTimeType date) {
        TemporalPrecisionEnum precision = date.getPrecision();
        int month = precision.ordinal() >= TemporalPrecisionEnum.MONTH.ordinal() ? date.getMonth() + 1 : 1;
        int day = precision.ordinal() >= TemporalPrecisionEnum.DAY.ordinal() ? date.getDay() : 1;
        int hour = precision.ordinal() >= TemporalPrecisionEnum.MINUTE.ordinal() ? date.getHour() : 0;
        int minute = precision.ordinal() >= TemporalPrecisionEnum.MINUTE.ordinal() ? date.getMinute() : 0;
        int second = precision.ordinal() >= TemporalPrecisionEnum.SECOND.ordinal() ? date.getSecond() : 0;
        return LocalDateTime.of(date.getYear(), month, day, hour, minute, second);
    }

    static LocalDate localDate(BaseDateTimeType date) {
        return localStart(date).toLocalDate();
    }

    /** The last day a partial date covers: 1980 → 1980-12-31, 1980-02 → 1980-02-29, a full date → itself. */
    static LocalDate lastDay(BaseDateTimeType date) {
        LocalDate first = localDate(date);
        return switch (date.getPrecision()) {
            case YEAR -> first.plusYears(1).minusDays(1);
            case MONTH -> first.plusMonths(1).minusDays(1);
            default -> first;
        };
    }

    /** An instant as a FHIR dateTime in UTC, to the millisecond. */
    static DateTimeType dateTime(Instant instant) {
        return new DateTimeType(Date.from(instant), TemporalPrecisionEnum.MILLI, java.util.TimeZone.getTimeZone("UTC"));
    }

    /**
     * The id a reference search parameter names ({@code Type/id}, an absolute URL, {@code :Type} or a bare id), or
     * empty when it names another resource type or an id that is not a UUID: such a search finds nothing.
     *
     * @throws InvalidRequestException for chained searches, which Tandem does not support
     */
    static Optional<UUID> searchedId(ca.uhn.fhir.rest.param.ReferenceParam param, String type) {
        if (param.getChain() != null && !param.getChain().isBlank()) {
            throw new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException("Chained searches are not supported ("
                    + param.getChain() + ")");
        }
        String named = param.getResourceType();
        if (named != null && !named.isBlank() && !type.equals(named)) {
            return Optional.empty();
        }
        return Optional.ofNullable(parseUuid(param.getIdPart()));
    }

    static UUID parseUuid(String text) {
        try {
            return text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String emptyToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
