/** How sign-in works inside: password hashing, throttling, the one authentication provider, the security chains of the pages and the API, the first administrator. */
package org.counterpart.identity.internal;
