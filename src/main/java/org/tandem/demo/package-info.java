/**
 * The {@code demo} command's data: a synthetic integrated-care practice with staff, an API client and a reproducible
 * panel of about two thousand patients with two years of visits, conditions and screening history, loaded into an empty
 * database.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Demo data", allowedDependencies = { "platform", "practice", "patient", "screening", "registry", "scheduling", "handoff" })
package org.tandem.demo;
