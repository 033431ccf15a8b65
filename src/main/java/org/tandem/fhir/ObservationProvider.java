package org.tandem.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import org.hl7.fhir.r4.model.Observation;
import org.springframework.stereotype.Component;
import org.tandem.patient.ClinicalFacts;

/** FHIR Observation: read and search (patient/subject, code, date of the effective time) of the stored Observations. */
@Component
class ObservationProvider extends ClinicalFactProvider<Observation> {

    ObservationProvider(ClinicalFacts facts, FhirMapping mapping, PracticeContext practice) {
        super(Observation.class, facts, mapping, practice);
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = Observation.SP_PATIENT) ReferenceParam patient,
            @OptionalParam(name = Observation.SP_SUBJECT) ReferenceParam subject,
            @OptionalParam(name = Observation.SP_CODE) TokenOrListParam code,
            @OptionalParam(name = Observation.SP_DATE) DateRangeParam date,
            @Offset Integer offset, @Count Integer count) {
        return searchFacts(patient != null ? patient : subject, code, date, offset, count);
    }
}
