/**
 * Privacy by construction: the access policy every read of patient data passes through, and the append-only,
 * hash-chained audit trail of who did what to which patient's data.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Privacy", allowedDependencies = { "platform", "practice" })
package org.tandem.privacy;
