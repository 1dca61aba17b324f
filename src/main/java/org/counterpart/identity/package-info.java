/**
 * Who may do what, where: user accounts, roles, scopes (a region subtree or one institution),
 * login with throttling, and the current user as every other module sees it.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "geography"})
package org.counterpart.identity;
