/**
 * The frame every page lives in: layout and navigation, the home page, the language switch,
 * formatting of numbers and dates, and error pages that never show a stack trace.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "geography", "identity", "audit", "registry", "cooperation", "planning", "insight"})
package org.counterpart.web;
