/**
 * The Dalian–Liupanshui reference scenario as it stood on 12 September 2018, loaded into an empty
 * database on first start so a newcomer meets a living system.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "geography", "identity", "cooperation", "registry", "planning", "insight"})
package org.counterpart.demo;
