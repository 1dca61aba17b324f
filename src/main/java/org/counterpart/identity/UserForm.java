package org.counterpart.identity;

/**
 * What an administrator types to create or change a user. The scope is a region code, or an
 * institution id; {@code password} may be blank on edit to keep the current one.
 */
public record UserForm(String username, String displayName, Role role, String scopeRegion,
                       Long scopeInstitutionId, String locale, boolean enabled, String password, int version) {
}
