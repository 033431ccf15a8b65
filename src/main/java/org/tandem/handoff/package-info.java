/**
 * Warm handoffs: the presence of behavioral health clinicians (set by hand or from their schedule), requests from
 * primary care routed live to the clinicians who can take them, first-accept-wins, escalation with fallbacks, the
 * outcome of each handoff (FHIR Task), and handoff metrics.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Warm handoffs",
        allowedDependencies = { "platform", "practice", "patient", "privacy", "scheduling" })
package org.tandem.handoff;
