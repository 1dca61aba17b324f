/**
 * The cooperation itself: the institutions that take part, the pairings between places and
 * institutions, agreements with their milestones, the work ledgers, and the registered people each measure reached.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "geography", "identity", "registry"})
package org.counterpart.cooperation;
