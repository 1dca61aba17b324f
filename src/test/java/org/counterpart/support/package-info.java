/** What integration tests share: the annotation that starts the whole application on a real port and the HTTP session tests speak through. */
package org.counterpart.support;
