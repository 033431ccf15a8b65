package org.tandem.fhir;

import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.stereotype.Component;
import org.tandem.measure.KnowledgeArtifacts;

/** FHIR ValueSet: the terminology the measures read (with expansions), stored as shared content. */
@Component
class ValueSetProvider extends KnowledgeArtifactProvider<ValueSet> {

    ValueSetProvider(KnowledgeArtifacts artifacts) {
        super(artifacts, ValueSet.class);
    }
}
