package org.tandem.fhir;

import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MetadataResource;
import org.tandem.measure.KnowledgeArtifacts;

/**
 * FHIR ValueSet, Measure and Library: read, search by url (a {@code url|version} value too), version and name, create
 * and update (practice administrators only; shared content, not patient data).
 */
abstract class KnowledgeArtifactProvider<T extends MetadataResource> implements IResourceProvider {

    private final KnowledgeArtifacts artifacts;
    private final Class<T> type;

    KnowledgeArtifactProvider(KnowledgeArtifacts artifacts, Class<T> type) {
        this.artifacts = artifacts;
        this.type = type;
    }

    @Override
    public Class<T> getResourceType() {
        return type;
    }

    String typeName() {
        return type.getSimpleName();
    }

    @Read
    public T read(@IdParam IdType id) {
        return artifacts.find(typeName(), id.getIdPart()).map(stored -> artifacts.parse(stored, type))
                .orElseThrow(() -> new ResourceNotFoundException(typeName() + "/" + id.getIdPart() + " is not stored"));
    }

    @Search
    public List<T> search(@OptionalParam(name = "url") UriParam url, @OptionalParam(name = "version") TokenParam version,
            @OptionalParam(name = "name") StringParam name) {
        return artifacts.search(typeName(), url == null ? null : url.getValue(), version == null ? null : version.getValue(),
                name == null ? null : name.getValue(), 1000).stream().map(stored -> artifacts.parse(stored, type)).toList();
    }

    @Create
    public MethodOutcome create(@ResourceParam T resource) {
        if (!resource.getIdElement().hasIdPart()) {
            resource.setId(UUID.randomUUID().toString());
        }
        return save(resource);
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam T resource) {
        if (resource.getIdElement().hasIdPart() && !resource.getIdElement().getIdPart().equals(id.getIdPart())) {
            throw new InvalidRequestException("The resource id " + resource.getIdElement().getIdPart()
                    + " differs from the id in the URL " + id.getIdPart());
        }
        resource.setId(id.getIdPart());
        return save(resource);
    }

    private MethodOutcome save(T resource) {
        KnowledgeArtifacts.Saved saved = artifacts.save(resource);
        MethodOutcome outcome = new MethodOutcome(new IdType(typeName(), resource.getIdElement().getIdPart(),
                String.valueOf(saved.version())));
        outcome.setCreated(saved.created());
        return outcome;
    }
}
