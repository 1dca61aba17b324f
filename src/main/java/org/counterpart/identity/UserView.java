package org.counterpart.identity;

/** A user as the administration page shows it; never carries the password hash. */
public record UserView(long id, String username, String displayName, Role role, Scope scope,
                       String locale, boolean enabled, boolean demo, int version, boolean personalData) {
}
