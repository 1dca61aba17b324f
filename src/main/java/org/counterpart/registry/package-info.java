/**
 * The registry of poor households (建档立卡): households and their members with yearly facts,
 * code tables and poverty lines as reference data, exit evaluation, and imports of the national
 * system's exports.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "geography", "identity"})
package org.counterpart.registry;
