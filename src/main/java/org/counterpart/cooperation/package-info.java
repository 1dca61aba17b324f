/**
 * The cooperation itself: the institutions that take part, the pairings between places and
 * institutions, and (in later work) agreements and the work ledgers with the people they reached.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "geography", "identity"})
package org.counterpart.cooperation;
