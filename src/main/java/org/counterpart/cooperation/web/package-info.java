/** The pages, exports and JSON API of institutions, pairings and the work ledgers. */
package org.counterpart.cooperation.web;
