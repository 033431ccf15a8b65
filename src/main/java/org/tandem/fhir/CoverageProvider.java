package org.tandem.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import org.hl7.fhir.r4.model.Coverage;
import org.springframework.stereotype.Component;
import org.tandem.patient.ClinicalFacts;

/** FHIR Coverage: read and search (patient/beneficiary, type) of the stored Coverages. */
@Component
class CoverageProvider extends ClinicalFactProvider<Coverage> {

    CoverageProvider(ClinicalFacts facts, FhirMapping mapping, PracticeContext practice) {
        super(Coverage.class, facts, mapping, practice);
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = Coverage.SP_PATIENT) ReferenceParam patient,
            @OptionalParam(name = Coverage.SP_BENEFICIARY) ReferenceParam beneficiary,
            @OptionalParam(name = Coverage.SP_TYPE) TokenOrListParam type,
            @Offset Integer offset, @Count Integer count) {
        return searchFacts(patient != null ? patient : beneficiary, type, null, offset, count);
    }
}
