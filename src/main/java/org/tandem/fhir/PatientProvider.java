package org.tandem.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.LocalDate;
import java.util.UUID;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;
import org.tandem.patient.PatientDetails;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientPage;
import org.tandem.patient.PatientQuery;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;

/** FHIR Patient: read, search (name, birthdate, identifier), create, update (update-as-create with a UUID id). */
@Component
class PatientProvider implements IResourceProvider {

    private final Patients patients;
    private final FhirMapping mapping;
    private final PracticeContext practice;

    PatientProvider(Patients patients, FhirMapping mapping, PracticeContext practice) {
        this.patients = patients;
        this.mapping = mapping;
        this.practice = practice;
    }

    @Override
    public Class<Patient> getResourceType() {
        return Patient.class;
    }

    @Read
    public Patient read(@IdParam IdType id) {
        return mapping.toFhir(patients.get(patientId(id)));
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = Patient.SP_NAME) StringParam name,
            @OptionalParam(name = Patient.SP_BIRTHDATE) DateRangeParam birthDate,
            @OptionalParam(name = Patient.SP_IDENTIFIER) TokenParam identifier,
            @Offset Integer offset, @Count Integer count) {
        LocalDate from = null;
        LocalDate to = null;
        if (birthDate != null) {
            DateParam lower = birthDate.getLowerBound();
            if (lower != null && lower.getValueAsString() != null) {
                DateTimeType value = new DateTimeType(lower.getValueAsString());
                from = lower.getPrefix() == ParamPrefixEnum.GREATERTHAN ? FhirMapping.lastDay(value).plusDays(1)
                        : FhirMapping.localDate(value);
            }
            DateParam upper = birthDate.getUpperBound();
            if (upper != null && upper.getValueAsString() != null) {
                DateTimeType value = new DateTimeType(upper.getValueAsString());
                to = upper.getPrefix() == ParamPrefixEnum.LESSTHAN ? FhirMapping.localDate(value).minusDays(1)
                        : FhirMapping.lastDay(value);
            }
        }
        SearchPage paging = SearchPage.of(offset, count);
        PatientPage<PatientRecord> page = patients.search(new PatientQuery(name == null ? null : name.getValue(), from, to,
                identifier == null ? null : blankToNull(identifier.getSystem()), identifier == null ? null : identifier.getValue(),
                null, paging.offset(), paging.size()));
        return paging.bundle(page, mapping::toFhir);
    }

    @Create
    public MethodOutcome create(@ResourceParam Patient patient) {
        PatientRecord created = patients.register(mapping.toDetails(patient, practice.staff()));
        return new MethodOutcome(new IdType("Patient", created.id().toString(), String.valueOf(created.version())), true)
                .setResource(mapping.toFhir(created));
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam Patient patient) {
        PatientId patientId = patientId(id);
        if (patient.hasIdElement() && patient.getIdElement().hasIdPart() && !patient.getIdElement().getIdPart().equals(id.getIdPart())) {
            throw new InvalidRequestException("The resource id " + patient.getIdElement().getIdPart()
                    + " does not match the URL's id " + id.getIdPart());
        }
        PatientDetails details = mapping.toDetails(patient, practice.staff());
        boolean exists = patients.exists(patientId);
        Integer expected = id.hasVersionIdPart() ? Integer.valueOf(id.getVersionIdPart()) : null;
        PatientRecord saved = exists ? patients.update(patientId, details, expected) : patients.create(patientId, details);
        return new MethodOutcome(new IdType("Patient", saved.id().toString(), String.valueOf(saved.version())), !exists)
                .setResource(mapping.toFhir(saved));
    }

    static PatientId patientId(IdType id) {
        UUID uuid = FhirMapping.parseUuid(id.getIdPart());
        if (uuid == null) {
            throw new ResourceNotFoundException(id);
        }
        return new PatientId(uuid);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
