package org.tandem.screening;

import java.time.Instant;
import java.util.UUID;
import org.tandem.patient.AdministrativeSex;
import org.tandem.patient.ClinicalFact;

/**
 * One screening in a patient's history: a Tandem response, or a result imported from another system as an
 * Observation carrying an instrument's result code.
 *
 * @param response the Tandem response, or null for an imported result
 * @param observation the imported Observation id, or null for a Tandem response
 */
public record ScreeningEvent(Instant at, String instrument, boolean complete, Integer total, String band, Boolean positive,
        String risk, UUID response, String observation) {

    public boolean imported() {
        return response == null;
    }

    static ScreeningEvent of(ScreeningResponse r) {
        return new ScreeningEvent(r.authoredAt(), r.instrument(), r.complete(), r.total(), r.band(), r.positive(), r.risk(),
                r.id(), null);
    }

    static ScreeningEvent imported(ClinicalFact fact, Instrument instrument, AdministrativeSex sex, ScoringSettings settings) {
        Integer total = fact.valueQuantity() == null ? null : fact.valueQuantity().intValue();
        boolean scoredByTotal = total != null && instrument.maxTotal() != null
                || instrument.id().equals(Instruments.NIDA_SINGLE) && total != null;
        Boolean positive = scoredByTotal ? Scoring.positiveTotal(instrument, total, sex, settings) : null;
        String band = total == null ? null : instrument.bandOf(total).orElse(null);
        return new ScreeningEvent(fact.effectiveStart(), instrument.id(), total != null, total, band, positive, null, null,
                fact.id());
    }
}
