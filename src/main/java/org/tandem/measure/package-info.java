/**
 * Quality measures: the official eCQMs CMS2 (PCSDepressionScreenAndFollowUpFHIR) and CMS159
 * (DepressionRemissionatTwelveMonthsFHIR), implemented natively in Java over Tandem's data and the measures' value sets
 * (stored as FHIR ValueSet resources), program metrics beside them, and the dashboard with trends, breakdowns, patient
 * lists and CSV/MeasureReport export.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Measures",
        allowedDependencies = { "platform", "practice", "patient", "privacy", "screening", "registry", "handoff" })
package org.tandem.measure;
