package org.tandem.fhir;

import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
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

/**
 * {@code POST /fhir} with a transaction bundle (all entries commit together or nothing changes) or a batch bundle
 * (each entry on its own). Patients, Encounters and clinical facts keep the ids they arrive with, so loading the same
 * bundle again updates instead of duplicating. References between entries (urn:uuid or Type/id) are resolved.
 * Organization, Practitioner, PractitionerRole and Location entries are acknowledged with a warning and not stored.
 */
@Component
class FhirTransactions {

    static final Set<String> ACKNOWLEDGED_NOT_STORED = Set.of("Organization", "Practitioner", "PractitionerRole", "Location");

    private final Patients patients;
    private final Encounters encounters;
    private final ClinicalFacts facts;
    private final FhirMapping mapping;
    private final PracticeContext practice;
    private final EncounterProvider encounterProvider;
    private final TransactionTemplate transactions;
    private final KnowledgeArtifactEntries knowledge;

    FhirTransactions(Patients patients, Encounters encounters, ClinicalFacts facts, FhirMapping mapping,
            PracticeContext practice, EncounterProvider encounterProvider, TransactionTemplate transactions,
            KnowledgeArtifactEntries knowledge) {
        this.knowledge = knowledge;
        this.patients = patients;
        this.encounters = encounters;
        this.facts = facts;
        this.mapping = mapping;
        this.practice = practice;
        this.encounterProvider = encounterProvider;
        this.transactions = transactions;
    }

    @Transaction
    public Bundle process(@TransactionParam Bundle bundle) {
        if (bundle.getType() != Bundle.BundleType.TRANSACTION && bundle.getType() != Bundle.BundleType.BATCH) {
            throw new InvalidRequestException("POST /fhir takes a Bundle of type transaction or batch, not " + bundle.getType());
        }
        boolean transaction = bundle.getType() == Bundle.BundleType.TRANSACTION;
        Practice here = new Practice(practice.zone(), practice.staff());
        List<Item> items = new ArrayList<>();
        Map<String, String> references = new HashMap<>();
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            Bundle.BundleEntryComponent entry = bundle.getEntry().get(i);
            items.add(new Item(i, entry, assignId(entry, references)));
        }
        Bundle response = new Bundle().setType(transaction ? Bundle.BundleType.TRANSACTIONRESPONSE : Bundle.BundleType.BATCHRESPONSE);
        Bundle.BundleEntryComponent[] answers = new Bundle.BundleEntryComponent[items.size()];
        List<Item> ordered = items.stream().sorted(Comparator.comparingInt(Item::order).thenComparingInt(Item::index)).toList();
        if (transaction) {
            transactions.executeWithoutResult(status -> {
                for (Item item : ordered) {
                    try {
                        answers[item.index()] = apply(item, references, here);
                    } catch (RuntimeException e) {
                        BaseServerResponseException error = FhirErrors.translate(e);
                        throw withEntry(error, item);
                    }
                }
            });
        } else {
            for (Item item : ordered) {
                try {
                    answers[item.index()] = transactions.execute(status -> apply(item, references, here));
                } catch (RuntimeException e) {
                    BaseServerResponseException error = FhirErrors.translate(e);
                    OperationOutcome outcome = new OperationOutcome();
                    outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                            .setCode(OperationOutcome.IssueType.PROCESSING).setDiagnostics(describe(item) + ": " + error.getMessage());
                    answers[item.index()] = new Bundle.BundleEntryComponent().setResponse(
                            new Bundle.BundleEntryResponseComponent().setStatus(error.getStatusCode() + " " + reason(error.getStatusCode()))
                                    .setOutcome(outcome));
                }
            }
        }
        for (Bundle.BundleEntryComponent answer : answers) {
            response.addEntry(answer);
        }
        return response;
    }

    private Bundle.BundleEntryComponent apply(Item item, Map<String, String> references, Practice here) {
        Bundle.BundleEntryComponent entry = item.entry();
        Resource resource = entry.getResource();
        validateRequest(item);
        String type = resource.fhirType();
        String id = item.id();
        if (resource instanceof Patient patient) {
            patient.setId(id);
            PatientId patientId = new PatientId(uuid(id, item));
            PatientDetails details = mapping.toDetails(patient, here.staff());
            boolean exists = patients.exists(patientId);
            PatientRecord saved = exists ? patients.update(patientId, details, null) : patients.create(patientId, details);
            return answer(exists, "Patient", id, saved.version());
        }
        if (resource instanceof Encounter encounter) {
            encounter.setId(id);
            UUID encounterId = uuid(id, item);
            EncounterDetails details = encounterProvider.details(encounter, references, here.zone(), here.staff());
            boolean exists = encounters.exists(encounterId);
            EncounterRecord saved = exists ? encounters.update(encounterId, details, null) : encounters.create(encounterId, details);
            return answer(exists, "Encounter", id, saved.version());
        }
        if (ClinicalFactDetails.RESOURCE_TYPES.contains(type)) {
            resource.setId(id);
            String patient = FhirMapping.referencedId(FhirMapping.patientReference(resource), "Patient", references)
                    .orElseThrow(() -> new InvalidPatientData(type + " must reference its Patient ("
                            + ("Coverage".equals(type) ? "beneficiary" : "subject") + ")"));
            UUID patientId = FhirMapping.parseUuid(patient);
            if (patientId == null) {
                throw new InvalidPatientData(type + " refers to Patient/" + patient + ", who is not a patient of this practice");
            }
            boolean created = facts.save(mapping.toFact(resource, new PatientId(patientId), here.zone()));
            return answer(!created, type, id, null);
        }
        if (knowledge.accepts(resource)) {
            return knowledge.apply(resource, id);
        }
        if (ACKNOWLEDGED_NOT_STORED.contains(type)) {
            OperationOutcome outcome = new OperationOutcome();
            outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.WARNING).setCode(OperationOutcome.IssueType.INFORMATIONAL)
                    .setDiagnostics(type + " " + id + " was not stored: Tandem keeps no " + type + " resources");
            return new Bundle.BundleEntryComponent().setResponse(new Bundle.BundleEntryResponseComponent()
                    .setStatus("200 OK").setOutcome(outcome));
        }
        throw new InvalidPatientData("Tandem does not accept " + type + " resources in a bundle");
    }

    private static void validateRequest(Item item) {
        Bundle.BundleEntryComponent entry = item.entry();
        if (!entry.hasResource()) {
            throw new InvalidRequestException("The entry has no resource");
        }
        Bundle.HTTPVerb method = entry.getRequest().getMethod();
        if (method != Bundle.HTTPVerb.PUT && method != Bundle.HTTPVerb.POST) {
            throw new InvalidRequestException("Only POST and PUT entries are supported, not " + method);
        }
    }

    /** The id the entry's resource will be stored under, recorded for references from other entries. */
    private static String assignId(Bundle.BundleEntryComponent entry, Map<String, String> references) {
        if (!entry.hasResource()) {
            return null;
        }
        Resource resource = entry.getResource();
        String type = resource.fhirType();
        String id = null;
        if (entry.getRequest().getMethod() == Bundle.HTTPVerb.PUT && entry.getRequest().hasUrl()) {
            String[] parts = entry.getRequest().getUrl().split("\\?")[0].split("/");
            if (parts.length >= 2 && parts[parts.length - 2].equals(type)) {
                id = parts[parts.length - 1];
            }
        }
        if (id == null && resource.getIdElement().hasIdPart()) {
            id = resource.getIdElement().getIdPart();
        }
        if (id == null && entry.hasFullUrl() && entry.getFullUrl().startsWith("urn:uuid:")) {
            id = entry.getFullUrl().substring("urn:uuid:".length());
        }
        if (id == null) {
            id = UUID.randomUUID().toString();
        }
        if (entry.hasFullUrl()) {
            references.put(entry.getFullUrl(), id);
        }
        if (resource.getIdElement().hasIdPart()) {
            references.put(type + "/" + resource.getIdElement().getIdPart(), id);
        }
        return id;
    }

    private static UUID uuid(String id, Item item) {
        UUID uuid = FhirMapping.parseUuid(id);
        if (uuid == null) {
            throw new InvalidPatientData(item.entry().getResource().fhirType() + " ids in Tandem are UUIDs; '" + id + "' is not one");
        }
        return uuid;
    }

    private static Bundle.BundleEntryComponent answer(boolean existed, String type, String id, Integer version) {
        Bundle.BundleEntryResponseComponent response = new Bundle.BundleEntryResponseComponent()
                .setStatus(existed ? "200 OK" : "201 Created")
                .setLocation(type + "/" + id + (version == null ? "" : "/_history/" + version));
        return new Bundle.BundleEntryComponent().setResponse(response);
    }

    private static BaseServerResponseException withEntry(BaseServerResponseException error, Item item) {
        String message = describe(item) + ": " + error.getMessage();
        try {
            return error.getClass().getConstructor(String.class).newInstance(message);
        } catch (ReflectiveOperationException e) {
            return new InvalidRequestException(message);
        }
    }

    private static String describe(Item item) {
        Resource resource = item.entry().getResource();
        return "Entry " + (item.index() + 1) + (resource == null ? "" : " (" + resource.fhirType() + "/" + item.id() + ")");
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 422 -> "Unprocessable Entity";
            default -> "Error";
        };
    }

    /** The caller's practice's time zone and staff, read once per bundle. */
    record Practice(ZoneId zone, Set<UUID> staff) {
    }

    record Item(int index, Bundle.BundleEntryComponent entry, String id) {

        /** Patients first, then encounters, then everything that refers to them. */
        int order() {
            if (!entry.hasResource()) {
                return 0;
            }
            return switch (entry.getResource().fhirType()) {
                case "Patient" -> 1;
                case "Encounter" -> 2;
                default -> 3;
            };
        }
    }
}
