/**
 * Systematic screening: the instrument catalog (FHIR Questionnaires with LOINC-coded items), exact scoring,
 * safety alerts with acknowledgement, risk assessment and escalation, the practice's screening program, due lists
 * and the reach dashboard.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Screening", allowedDependencies = { "platform", "practice", "patient", "privacy" })
package org.tandem.screening;
