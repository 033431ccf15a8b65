package org.tandem.measure;

import java.util.List;

/** The eCQMs Tandem ships and evaluates, by official Measure id, in display order. */
final class EcqmCatalog {

    static final String CMS2 = "PCSDepressionScreenAndFollowUpFHIR";
    static final String CMS159 = "DepressionRemissionatTwelveMonthsFHIR";
    static final List<String> MEASURE_IDS = List.of(CMS2, CMS159);

    private EcqmCatalog() {
    }
}
