package org.tandem.fhir;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;
import org.tandem.measure.KnowledgeArtifacts;

/**
 * Transaction and batch entries of ValueSet, Measure and Library resources ({@code POST /fhir}): stored under the
 * entry's id as shared knowledge content (practice administrators only), like {@code PUT ValueSet/{id}}.
 */
@Component
class KnowledgeArtifactEntries {

    private final KnowledgeArtifacts artifacts;

    KnowledgeArtifactEntries(KnowledgeArtifacts artifacts) {
        this.artifacts = artifacts;
    }

    boolean accepts(Resource resource) {
        return resource instanceof MetadataResource && KnowledgeArtifacts.TYPES.contains(resource.fhirType());
    }

    Bundle.BundleEntryComponent apply(Resource resource, String id) {
        resource.setId(id);
        KnowledgeArtifacts.Saved saved = artifacts.save((MetadataResource) resource);
        return new Bundle.BundleEntryComponent().setResponse(new Bundle.BundleEntryResponseComponent()
                .setStatus(saved.created() ? "201 Created" : "200 OK")
                .setLocation(resource.fhirType() + "/" + id + "/_history/" + saved.version()));
    }
}
