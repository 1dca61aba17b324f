/**
 * The tamper-evident record of who changed what and when: every change any module publishes is
 * chained to the one before it by a hash, so an edited or deleted entry breaks verification.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "identity"})
package org.counterpart.audit;
