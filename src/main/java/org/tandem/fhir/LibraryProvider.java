package org.tandem.fhir;

import org.hl7.fhir.r4.model.Library;
import org.springframework.stereotype.Component;
import org.tandem.measure.KnowledgeArtifacts;

/** FHIR Library: the measures' CQL and ELM, stored as shared content. */
@Component
class LibraryProvider extends KnowledgeArtifactProvider<Library> {

    LibraryProvider(KnowledgeArtifacts artifacts) {
        super(artifacts, Library.class);
    }
}
