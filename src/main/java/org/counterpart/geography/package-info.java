/**
 * Places: the national division codes from province to village, the region tree, and the
 * {@link org.counterpart.geography.RegionCode} value every other module uses to say where.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared"})
package org.counterpart.geography;
