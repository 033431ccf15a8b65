/**
 * Patients, their encounters and the clinical facts imported from an EHR (conditions, observations, procedures,
 * medications, orders, coverage) with their original codes and raw FHIR JSON. Every read passes the access policy;
 * every read and write is audited.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Patient", allowedDependencies = { "platform", "privacy", "practice" })
package org.tandem.patient;
