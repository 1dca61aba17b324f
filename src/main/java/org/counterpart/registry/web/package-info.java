/** The registry's pages, exports and JSON API: households, imports, monitoring, cross-checks, duplicates, poverty lines. */
package org.counterpart.registry.web;
