/**
 * Tenants and people: support organizations, collaboratives, practices and sites; staff accounts, their roles and
 * sign-in; API clients; care teams.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Practice", allowedDependencies = "platform")
package org.tandem.practice;
