package org.tandem.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import org.hl7.fhir.r4.model.Condition;
import org.springframework.stereotype.Component;
import org.tandem.patient.ClinicalFacts;

/** FHIR Condition: read and search (patient/subject, code) of the stored Conditions. */
@Component
class ConditionProvider extends ClinicalFactProvider<Condition> {

    ConditionProvider(ClinicalFacts facts, FhirMapping mapping, PracticeContext practice) {
        super(Condition.class, facts, mapping, practice);
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = Condition.SP_PATIENT) ReferenceParam patient,
            @OptionalParam(name = Condition.SP_SUBJECT) ReferenceParam subject,
            @OptionalParam(name = Condition.SP_CODE) TokenOrListParam code,
            @Offset Integer offset, @Count Integer count) {
        return searchFacts(patient != null ? patient : subject, code, null, offset, count);
    }
}
