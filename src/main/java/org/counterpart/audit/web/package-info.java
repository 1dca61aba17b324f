/** The audit page: entries by record, kind and actor, and the chain's verification. */
package org.counterpart.audit.web;
