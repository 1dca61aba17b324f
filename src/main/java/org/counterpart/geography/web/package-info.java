/** The places pages and the divisions as JSON, for choosing a place. */
package org.counterpart.geography.web;
