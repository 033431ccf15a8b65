package org.tandem.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.stereotype.Component;
import org.tandem.patient.ClinicalFacts;

/** FHIR ServiceRequest: read and search (patient/subject, code) of the stored ServiceRequests. */
@Component
class ServiceRequestProvider extends ClinicalFactProvider<ServiceRequest> {

    ServiceRequestProvider(ClinicalFacts facts, FhirMapping mapping, PracticeContext practice) {
        super(ServiceRequest.class, facts, mapping, practice);
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = ServiceRequest.SP_PATIENT) ReferenceParam patient,
            @OptionalParam(name = ServiceRequest.SP_SUBJECT) ReferenceParam subject,
            @OptionalParam(name = ServiceRequest.SP_CODE) TokenOrListParam code,
            @Offset Integer offset, @Count Integer count) {
        return searchFacts(patient != null ? patient : subject, code, null, offset, count);
    }
}
