/**
 * Measurement-based collaborative care: episodes of care (FHIR EpisodeOfCare) per patient and focus, caseloads with
 * treat-to-target flags, measurement between visits through single-use home links, the queue of new results,
 * psychiatric case review with recommendations to the PCP, and time logging with CoCM/BHI billing codes.
 * Screening results and safety alerts reach the registry as module events.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Registry",
        allowedDependencies = { "platform", "practice", "patient", "privacy", "screening" })
package org.tandem.registry;
