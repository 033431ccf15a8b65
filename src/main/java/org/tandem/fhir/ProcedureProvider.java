package org.tandem.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import org.hl7.fhir.r4.model.Procedure;
import org.springframework.stereotype.Component;
import org.tandem.patient.ClinicalFacts;

/** FHIR Procedure: read and search (patient/subject, code, date the procedure was performed) of the stored Procedures. */
@Component
class ProcedureProvider extends ClinicalFactProvider<Procedure> {

    ProcedureProvider(ClinicalFacts facts, FhirMapping mapping, PracticeContext practice) {
        super(Procedure.class, facts, mapping, practice);
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = Procedure.SP_PATIENT) ReferenceParam patient,
            @OptionalParam(name = Procedure.SP_SUBJECT) ReferenceParam subject,
            @OptionalParam(name = Procedure.SP_CODE) TokenOrListParam code,
            @OptionalParam(name = Procedure.SP_DATE) DateRangeParam date,
            @Offset Integer offset, @Count Integer count) {
        return searchFacts(patient != null ? patient : subject, code, date, offset, count);
    }
}
