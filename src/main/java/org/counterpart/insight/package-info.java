/**
 * Insight: how many distinct registered poor people the cooperation reached, with what and at what
 * cost, and who is registered but reached by nothing — read from the reach rows the cooperation keeps.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "geography", "identity", "registry", "cooperation", "planning"})
package org.counterpart.insight;
