package org.tandem.fhir;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;
import org.tandem.measure.KnowledgeArtifacts;
import org.tandem.patient.ClinicalFactDetails;
import org.tandem.patient.ClinicalFacts;
import org.tandem.patient.EncounterDetails;
import org.tandem.patient.EncounterRecord;
import org.tandem.patient.Encounters;
import org.tandem.patient.InvalidPatientData;
import org.tandem.patient.PatientDetails;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.patient.WriteOutcome;

/**
 * Stores one incoming FHIR resource through the modules' facades (so every write is practice-scoped, passes the access
 * policy and is audited): the one place that decides what Tandem does with each resource type, shared by
 * {@code POST /fhir} ({@link FhirTransactions}) and {@code tandem import} ({@link FhirImport}). Patients, Encounters
 * and clinical facts keep the ids they arrive with; Organization, Practitioner, PractitionerRole and Location are
 * acknowledged and not stored; any other type is refused.
 */
@Component
class FhirResourceLoader {

    static final Set<String> ACKNOWLEDGED_NOT_STORED = Set.of("Organization", "Practitioner", "PractitionerRole", "Location");

    /** What loading a resource did. {@code ACKNOWLEDGED}: a type Tandem accepts but keeps nothing of. */
    enum Status { CREATED, UPDATED, UNCHANGED, ACKNOWLEDGED }

    /** @param version the stored version, where the write reports it (POST /fhir); null otherwise */
    record Loaded(String type, String id, Status status, Integer version) {
    }

    /** The caller's practice's time zone and staff, read once per bundle or import. */
    record Practice(ZoneId zone, Set<UUID> staff) {
    }

    /**
     * How to write: {@code OVERWRITE} writes every resource (a new version even when nothing changed: POST /fhir);
     * {@code SKIP_UNCHANGED} leaves resources already stored exactly so alone and refuses clinical resources whose
     * patient the practice does not have with {@link UnknownPatient} (imports).
     */
    enum Mode { OVERWRITE, SKIP_UNCHANGED }

    private final Patients patients;
    private final Encounters encounters;
    private final ClinicalFacts facts;
    private final FhirMapping mapping;
    private final PracticeContext practice;
    private final EncounterProvider encounterProvider;
    private final KnowledgeArtifacts knowledge;

    FhirResourceLoader(Patients patients, Encounters encounters, ClinicalFacts facts, FhirMapping mapping,
            PracticeContext practice, EncounterProvider encounterProvider, KnowledgeArtifacts knowledge) {
        this.knowledge = knowledge;
        this.patients = patients;
        this.encounters = encounters;
        this.facts = facts;
        this.mapping = mapping;
        this.practice = practice;
        this.encounterProvider = encounterProvider;
    }

    Practice practice() {
        return new Practice(practice.zone(), practice.staff());
    }

    /** Whether Tandem stores (or acknowledges) resources of this type. */
    static boolean accepts(String type) {
        return "Patient".equals(type) || "Encounter".equals(type) || ClinicalFactDetails.RESOURCE_TYPES.contains(type)
                || KnowledgeArtifacts.TYPES.contains(type) || ACKNOWLEDGED_NOT_STORED.contains(type);
    }

    /** Load order: patients first, then encounters, then everything that refers to them. */
    static int rank(String type) {
        if (type == null) {
            return 0;
        }
        return switch (type) {
            case "Patient" -> 1;
            case "Encounter" -> 2;
            default -> 3;
        };
    }

    /**
     * Stores one resource under the given id.
     *
     * @param references bundle-internal references (fullUrl or Type/id) to the ids their resources are stored under
     * @throws InvalidPatientData for a resource Tandem refuses (unsupported type, bad data); {@link UnknownPatient}
     *         when a clinical resource's patient cannot be found
     */
    Loaded load(Resource resource, String id, Map<String, String> references, Practice here, Mode mode) {
        String type = resource.fhirType();
        if (resource instanceof Patient patient) {
            patient.setId(id);
            PatientId patientId = new PatientId(uuid(id, type));
            PatientDetails details = mapping.toDetails(patient, here.staff());
            if (mode == Mode.SKIP_UNCHANGED) {
                return new Loaded(type, id, status(patients.store(patientId, details)), null);
            }
            boolean exists = patients.exists(patientId);
            PatientRecord saved = exists ? patients.update(patientId, details, null) : patients.create(patientId, details);
            return new Loaded(type, id, exists ? Status.UPDATED : Status.CREATED, saved.version());
        }
        if (resource instanceof Encounter encounter) {
            encounter.setId(id);
            UUID encounterId = uuid(id, type);
            requirePatient(FhirMapping.patientReference(resource), references, type, mode);
            EncounterDetails details = encounterProvider.details(encounter, references, here.zone(), here.staff());
            if (mode == Mode.SKIP_UNCHANGED) {
                return new Loaded(type, id, status(encounters.store(encounterId, details)), null);
            }
            boolean exists = encounters.exists(encounterId);
            EncounterRecord saved = exists ? encounters.update(encounterId, details, null) : encounters.create(encounterId, details);
            return new Loaded(type, id, exists ? Status.UPDATED : Status.CREATED, saved.version());
        }
        if (ClinicalFactDetails.RESOURCE_TYPES.contains(type)) {
            resource.setId(id);
            PatientId patientId = requirePatient(FhirMapping.patientReference(resource), references, type, mode);
            ClinicalFactDetails fact = mapping.toFact(resource, patientId, here.zone());
            if (mode == Mode.SKIP_UNCHANGED) {
                return new Loaded(type, id, status(facts.store(fact)), null);
            }
            return new Loaded(type, id, facts.save(fact) ? Status.CREATED : Status.UPDATED, null);
        }
        if (resource instanceof MetadataResource artifact && KnowledgeArtifacts.TYPES.contains(type)) {
            // ValueSet, Measure, Library: shared knowledge content (practice administrators and system processes only)
            artifact.setId(id);
            if (mode == Mode.SKIP_UNCHANGED) {
                Optional<KnowledgeArtifacts.Saved> saved = knowledge.saveIfChanged(artifact);
                return saved.map(s -> new Loaded(type, id, s.created() ? Status.CREATED : Status.UPDATED, s.version()))
                        .orElseGet(() -> new Loaded(type, id, Status.UNCHANGED, null));
            }
            KnowledgeArtifacts.Saved saved = knowledge.save(artifact);
            return new Loaded(type, id, saved.created() ? Status.CREATED : Status.UPDATED, saved.version());
        }
        if (ACKNOWLEDGED_NOT_STORED.contains(type)) {
            return new Loaded(type, id, Status.ACKNOWLEDGED, null);
        }
        throw new UnsupportedResource(type);
    }

    /** One resource of a chunk for {@link #loadAll}: stored under {@code id}; {@code references} as for {@link #load}. */
    record Item(Resource resource, String id, Map<String, String> references) {
    }

    /** What {@link #loadAll} did with one resource: loaded, or refused (and nothing written for it). */
    record Outcome(Loaded loaded, RuntimeException refused) {
    }

    /**
     * Loads a chunk of resources for an import ({@link Mode#SKIP_UNCHANGED}) in the caller's transaction, with the
     * facades' batch writes: the chunk's patients first, then its visits, then its clinical facts (so a resource may
     * refer to a patient earlier in the same chunk); one query checks the patients the visits and facts refer to.
     * A resource that cannot be mapped, or whose patient the practice does not have, is refused on its own before
     * anything is written. Anything else that fails (invalid data, a refusal of the access policy, a database error)
     * throws: the caller rolls the chunk back and loads its resources one by one with {@link #load}.
     *
     * @return one outcome per item, in the order given
     */
    List<Outcome> loadAll(List<Item> items, Practice here) {
        Outcome[] outcomes = new Outcome[items.size()];
        List<Integer> patientAt = new ArrayList<>();
        List<Patients.Write> patientWrites = new ArrayList<>();
        List<Integer> encounterAt = new ArrayList<>();
        List<Encounters.Write> encounterWrites = new ArrayList<>();
        List<Integer> factAt = new ArrayList<>();
        List<ClinicalFactDetails> factWrites = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            Resource resource = item.resource();
            String type = resource.fhirType();
            String id = item.id();
            boolean patient = resource instanceof Patient;
            boolean encounter = resource instanceof Encounter;
            if (!patient && !encounter && !ClinicalFactDetails.RESOURCE_TYPES.contains(type)) {
                // knowledge artifacts and acknowledged types: few, and written as they come
                outcomes[i] = new Outcome(load(resource, id, item.references(), here, Mode.SKIP_UNCHANGED), null);
                continue;
            }
            try {
                resource.setId(id);
                if (patient) {
                    patientWrites.add(new Patients.Write(new PatientId(uuid(id, type)), mapping.toDetails((Patient) resource, here.staff())));
                    patientAt.add(i);
                } else if (encounter) {
                    UUID encounterId = uuid(id, type);
                    patientOf(FhirMapping.patientReference(resource), item.references(), type);
                    encounterWrites.add(new Encounters.Write(encounterId,
                            encounterProvider.details((Encounter) resource, item.references(), here.zone(), here.staff())));
                    encounterAt.add(i);
                } else {
                    PatientId patientId = patientOf(FhirMapping.patientReference(resource), item.references(), type);
                    factWrites.add(mapping.toFact(resource, patientId, here.zone()));
                    factAt.add(i);
                }
            } catch (RuntimeException e) {
                outcomes[i] = new Outcome(null, e);
            }
        }
        List<WriteOutcome> stored = patients.storeAll(patientWrites);
        for (int k = 0; k < stored.size(); k++) {
            Item item = items.get(patientAt.get(k));
            outcomes[patientAt.get(k)] = new Outcome(new Loaded("Patient", item.id(), status(stored.get(k)), null), null);
        }
        Set<PatientId> known = patients.existing(java.util.stream.Stream.concat(
                encounterWrites.stream().map(w -> w.details().patient()), factWrites.stream().map(ClinicalFactDetails::patient)).toList());
        List<Integer> encountersKept = new ArrayList<>();
        List<Encounters.Write> encountersToStore = new ArrayList<>();
        for (int k = 0; k < encounterWrites.size(); k++) {
            Encounters.Write write = encounterWrites.get(k);
            if (write.details().patient() == null || known.contains(write.details().patient())) {
                encountersKept.add(encounterAt.get(k));
                encountersToStore.add(write);
            } else {
                outcomes[encounterAt.get(k)] = new Outcome(null, unknownPatient("Encounter", write.details().patient()));
            }
        }
        stored = encounters.storeAll(encountersToStore);
        for (int k = 0; k < stored.size(); k++) {
            Item item = items.get(encountersKept.get(k));
            outcomes[encountersKept.get(k)] = new Outcome(new Loaded("Encounter", item.id(), status(stored.get(k)), null), null);
        }
        List<Integer> factsKept = new ArrayList<>();
        List<ClinicalFactDetails> factsToStore = new ArrayList<>();
        for (int k = 0; k < factWrites.size(); k++) {
            ClinicalFactDetails fact = factWrites.get(k);
            if (known.contains(fact.patient())) {
                factsKept.add(factAt.get(k));
                factsToStore.add(fact);
            } else {
                outcomes[factAt.get(k)] = new Outcome(null, unknownPatient(fact.resourceType(), fact.patient()));
            }
        }
        stored = facts.storeAll(factsToStore);
        for (int k = 0; k < stored.size(); k++) {
            ClinicalFactDetails fact = factsToStore.get(k);
            outcomes[factsKept.get(k)] = new Outcome(new Loaded(fact.resourceType(), items.get(factsKept.get(k)).id(),
                    status(stored.get(k)), null), null);
        }
        return List.of(outcomes);
    }

    private static UnknownPatient unknownPatient(String type, PatientId patient) {
        return new UnknownPatient(type + " refers to Patient/" + patient.value() + ", who is not a patient of this practice");
    }

    /**
     * The patient a clinical resource refers to. When importing, also that the practice has them, so the reason a
     * resource is rejected is told apart from other bad data.
     */
    private PatientId requirePatient(org.hl7.fhir.r4.model.Reference reference, Map<String, String> references, String type,
            Mode mode) {
        PatientId patientId = patientOf(reference, references, type);
        if (mode == Mode.SKIP_UNCHANGED && !patients.exists(patientId)) {
            throw unknownPatient(type, patientId);
        }
        return patientId;
    }

    /** The patient a clinical resource refers to, which must be a Patient reference with a UUID id. */
    private static PatientId patientOf(org.hl7.fhir.r4.model.Reference reference, Map<String, String> references, String type) {
        String patient = FhirMapping.referencedId(reference, "Patient", references).orElse(null);
        if (patient == null) {
            if ("Encounter".equals(type)) {
                throw new InvalidPatientData("Encounter.subject must reference a Patient");
            }
            throw new InvalidPatientData(type + " must reference its Patient (" + ("Coverage".equals(type) ? "beneficiary" : "subject") + ")");
        }
        UUID patientId = FhirMapping.parseUuid(patient);
        if (patientId == null) {
            throw new UnknownPatient(("Encounter".equals(type) ? "Encounter.subject" : type) + " refers to Patient/" + patient
                    + ", who is not a patient of this practice");
        }
        return new PatientId(patientId);
    }

    private static Status status(WriteOutcome outcome) {
        return switch (outcome) {
            case CREATED -> Status.CREATED;
            case UPDATED -> Status.UPDATED;
            case UNCHANGED -> Status.UNCHANGED;
        };
    }

    private static UUID uuid(String id, String type) {
        UUID uuid = FhirMapping.parseUuid(id);
        if (uuid == null) {
            throw new InvalidPatientData(type + " ids in Tandem are UUIDs; '" + id + "' is not one");
        }
        return uuid;
    }

    /** A clinical resource whose patient the practice does not have. */
    static class UnknownPatient extends InvalidPatientData {
        UnknownPatient(String problem) {
            super(problem);
        }
    }

    /** A resource type Tandem neither stores nor acknowledges. */
    static class UnsupportedResource extends InvalidPatientData {
        UnsupportedResource(String type) {
            super("Tandem does not accept " + type + " resources in a bundle");
        }
    }
}
