package org.tandem.measure;

import java.util.List;
import org.springframework.stereotype.Service;
import org.tandem.patient.PatientId;

/**
 * The eCQMs Tandem computes: evaluation over the caller's practice (whole population or one patient). Reads pass the
 * access policy; a population evaluation is audited as one search.
 */
@Service
public class Measures {

    /** The measures Tandem evaluates, in display order, with the stored Measure resources' titles and versions. */
    public List<MeasureDefinition> definitions() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The whole practice population over one period, with every patient's result. */
    public MeasureEvaluation evaluate(String measureId, MeasurePeriod period) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** One patient over one period. */
    public MeasureEvaluation evaluate(String measureId, MeasurePeriod period, PatientId subject) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The whole population over several periods (e.g. a monthly trend), reading the data once. */
    public List<MeasureEvaluation> evaluate(String measureId, List<MeasurePeriod> periods) {
        throw new UnsupportedOperationException("skeleton");
    }
}
