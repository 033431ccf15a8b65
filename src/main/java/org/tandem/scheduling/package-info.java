/**
 * Behavioral health schedules: weekly templates per clinician that mix counseling blocks, brief visits and
 * open-access slots held for warm handoffs; the slots and appointments they generate (FHIR Schedule, Slot,
 * Appointment); the practice's demand profile; and the discrete-event simulation that tests a template against it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Scheduling",
        allowedDependencies = { "platform", "practice", "patient", "privacy", "screening" })
package org.tandem.scheduling;
