/** The sign-in page and the administration of user accounts, their roles and scopes. */
package org.counterpart.identity.web;
