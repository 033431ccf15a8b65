package org.tandem.measure;

import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;

/**
 * One eCQM's logic for one patient, following the measure's CQL. Pure: no database, no clock; everything comes in.
 */
interface MeasureLogic {

    /** The official Measure id, e.g. {@code PCSDepressionScreenAndFollowUpFHIR}. */
    String measureId();

    /** Canonical URLs of every value set the logic reads (the loader fetches exactly these). */
    Set<String> valueSets();

    /** The populations the patient is in for the period; "day of" comparisons use {@code zone}. */
    EnumSet<Population> evaluate(MeasurePatient patient, MeasurePeriod period, ValueSetIndex valueSets, ZoneId zone);
}
