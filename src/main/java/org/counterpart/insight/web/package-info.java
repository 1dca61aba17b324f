/** The reach pages, the gap list and its export, the person page, and reach as JSON. */
package org.counterpart.insight.web;
