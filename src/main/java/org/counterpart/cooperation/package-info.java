/**
 * The cooperation itself: the institutions that take part, the pairings between places and
 * institutions, and (in later work) agreements and the work ledgers with the people they reached.
 */
package org.counterpart.cooperation;
