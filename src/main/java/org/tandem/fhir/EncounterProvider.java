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
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;
import org.tandem.patient.EncounterDetails;
import org.tandem.patient.EncounterRecord;
import org.tandem.patient.Encounters;
import org.tandem.patient.InvalidPatientData;
import org.tandem.patient.PatientId;

/** FHIR Encounter: read, search (patient/subject, date), create, update (update-as-create with a UUID id). */
@Component
class EncounterProvider implements IResourceProvider {

    private final Encounters encounters;
    private final FhirMapping mapping;
    private final PracticeContext practice;

    EncounterProvider(Encounters encounters, FhirMapping mapping, PracticeContext practice) {
        this.encounters = encounters;
        this.mapping = mapping;
        this.practice = practice;
    }

    @Override
    public Class<Encounter> getResourceType() {
        return Encounter.class;
    }

    @Read
    public Encounter read(@IdParam IdType id) {
        return mapping.toFhir(encounters.get(encounterId(id)));
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = Encounter.SP_PATIENT) ReferenceParam patient,
            @OptionalParam(name = Encounter.SP_SUBJECT) ReferenceParam subject,
            @OptionalParam(name = Encounter.SP_DATE) DateRangeParam date,
            @Offset Integer offset, @Count Integer count) {
        ReferenceParam who = patient != null ? patient : subject;
        PatientId patientId = null;
        if (who != null) {
            UUID uuid = FhirMapping.parseUuid(who.getIdPart());
            if (uuid == null) {
                return new SimpleBundleProvider(List.of());
            }
            patientId = new PatientId(uuid);
        }
        Instant from = null;
        Instant to = null;
        if (date != null) {
            if (date.getLowerBoundAsInstant() != null) {
                from = date.getLowerBoundAsInstant().toInstant();
            }
            if (date.getUpperBoundAsInstant() != null) {
                to = date.getUpperBoundAsInstant().toInstant().plusMillis(1);
            }
        }
        SearchPage paging = SearchPage.of(offset, count);
        return paging.bundle(encounters.search(patientId, from, to, paging.offset(), paging.size()), mapping::toFhir);
    }

    @Create
    public MethodOutcome create(@ResourceParam Encounter encounter) {
        EncounterRecord created = encounters.create(UUID.randomUUID(), details(encounter, Map.of(), practice.zone(), practice.staff()));
        return outcome(created, true);
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam Encounter encounter) {
        UUID encounterId = encounterId(id);
        if (encounter.hasIdElement() && encounter.getIdElement().hasIdPart() && !encounter.getIdElement().getIdPart().equals(id.getIdPart())) {
            throw new InvalidRequestException("The resource id " + encounter.getIdElement().getIdPart()
                    + " does not match the URL's id " + id.getIdPart());
        }
        EncounterDetails details = details(encounter, Map.of(), practice.zone(), practice.staff());
        boolean exists = encounters.exists(encounterId);
        Integer expected = id.hasVersionIdPart() ? Integer.valueOf(id.getVersionIdPart()) : null;
        EncounterRecord saved = exists ? encounters.update(encounterId, details, expected) : encounters.create(encounterId, details);
        return outcome(saved, !exists);
    }

    EncounterDetails details(Encounter encounter, Map<String, String> bundleIds, ZoneId zone, Set<UUID> staff) {
        String patient = FhirMapping.referencedId(encounter.getSubject(), "Patient", bundleIds)
                .orElseThrow(() -> new InvalidPatientData("Encounter.subject must reference a Patient"));
        UUID patientId = FhirMapping.parseUuid(patient);
        if (patientId == null) {
            throw new InvalidPatientData("Encounter.subject refers to Patient/" + patient + ", who is not a patient of this practice");
        }
        return mapping.toDetails(encounter, new PatientId(patientId), zone, staff);
    }

    private MethodOutcome outcome(EncounterRecord record, boolean created) {
        return new MethodOutcome(new IdType("Encounter", record.id().toString(), String.valueOf(record.version())), created)
                .setResource(mapping.toFhir(record));
    }

    static UUID encounterId(IdType id) {
        UUID uuid = FhirMapping.parseUuid(id.getIdPart());
        if (uuid == null) {
            throw new ResourceNotFoundException(id);
        }
        return uuid;
    }
}
