/**
 * Shared configuration every feature relies on: who is acting (the {@link org.tandem.platform.Actor}),
 * the one place that scopes SQL to the caller's practice, security filter chains, clock and page layout.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform", type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.tandem.platform;
