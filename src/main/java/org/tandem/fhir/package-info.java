/**
 * The FHIR R4 endpoint at {@code /fhir}: a HAPI FHIR plain server in front of the modules' facades (no generic
 * FHIR store); errors are OperationOutcomes.
 */
@org.springframework.modulith.ApplicationModule(displayName = "FHIR",
        allowedDependencies = { "platform", "patient", "practice", "privacy", "screening", "registry", "handoff", "scheduling", "measure" })
package org.tandem.fhir;
