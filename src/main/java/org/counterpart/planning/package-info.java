/**
 * The plan of the cooperation: action plans, their yearly responsibility lists, tasks with targets per
 * owner unit, and the monthly reports that account for them.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "geography", "identity", "registry", "cooperation"})
package org.counterpart.planning;
