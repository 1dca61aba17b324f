package org.counterpart.identity;

/**
 * What an administrator types to create or change a user. The scope is a region code, or an
 * institution id; {@code password} may be blank on edit to keep the current one; {@code personalData}
 * grants the right to see ID and phone numbers unmasked (each such view is audited).
 */
public record UserForm(String username, String displayName, Role role, String scopeRegion,
                       Long scopeInstitutionId, String locale, Boolean enabled, String password, int version,
                       Boolean personalData) {

    /** An unticked checkbox sends nothing: absent means no. */
    public UserForm {
        enabled = Boolean.TRUE.equals(enabled);
        personalData = Boolean.TRUE.equals(personalData);
    }
}
