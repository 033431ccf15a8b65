package org.tandem.fhir;

import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code POST /fhir} with a transaction bundle (all entries commit together or nothing changes) or a batch bundle
 * (each entry on its own). Patients, Encounters and clinical facts keep the ids they arrive with, so loading the same
 * bundle again updates instead of duplicating. References between entries (urn:uuid or Type/id) are resolved.
 * ValueSet, Measure and Library entries are stored as shared knowledge content (administrators only). Organization,
 * Practitioner, PractitionerRole and Location entries are acknowledged with a warning and not stored.
 * What each resource type becomes is decided in {@link FhirResourceLoader}, shared with {@code tandem import}.
 */
@Component
class FhirTransactions {

    private final FhirResourceLoader loader;
    private final TransactionTemplate transactions;

    FhirTransactions(FhirResourceLoader loader, TransactionTemplate transactions) {
        this.loader = loader;
        this.transactions = transactions;
    }

    @Transaction
    public Bundle process(@TransactionParam Bundle bundle) {
        if (bundle.getType() != Bundle.BundleType.TRANSACTION && bundle.getType() != Bundle.BundleType.BATCH) {
            throw new InvalidRequestException("POST /fhir takes a Bundle of type transaction or batch, not " + bundle.getType());
        }
        boolean transaction = bundle.getType() == Bundle.BundleType.TRANSACTION;
        FhirResourceLoader.Practice here = loader.practice();
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

    /** One entry: the per-type handling lives in {@link FhirResourceLoader#load}; this turns its result into the answer. */
    private Bundle.BundleEntryComponent apply(Item item, Map<String, String> references, FhirResourceLoader.Practice here) {
        validateRequest(item);
        FhirResourceLoader.Loaded loaded = loader.load(item.entry().getResource(), item.id(), references, here,
                FhirResourceLoader.Mode.OVERWRITE);
        if (loaded.status() == FhirResourceLoader.Status.ACKNOWLEDGED) {
            OperationOutcome outcome = new OperationOutcome();
            outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.WARNING).setCode(OperationOutcome.IssueType.INFORMATIONAL)
                    .setDiagnostics(loaded.type() + " " + loaded.id() + " was not stored: Tandem keeps no " + loaded.type() + " resources");
            return new Bundle.BundleEntryComponent().setResponse(new Bundle.BundleEntryResponseComponent()
                    .setStatus("200 OK").setOutcome(outcome));
        }
        return answer(loaded.status() != FhirResourceLoader.Status.CREATED, loaded.type(), loaded.id(), loaded.version());
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

    record Item(int index, Bundle.BundleEntryComponent entry, String id) {

        /** Patients first, then encounters, then everything that refers to them. */
        int order() {
            if (!entry.hasResource()) {
                return 0;
            }
            return FhirResourceLoader.rank(entry.getResource().fhirType());
        }
    }
}
