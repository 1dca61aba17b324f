package org.counterpart.identity;

/**
 * The roles of the cooperation. Administrators manage users and everything else; coordinators edit
 * the records of their scope; reviewers approve what reporters submit; reporters enter their own
 * unit's records; viewers (leaders) and assessors read.
 */
public enum Role {
    ADMINISTRATOR, COORDINATOR, REVIEWER, REPORTER, VIEWER, ASSESSOR;

    public String authority() {
        return "ROLE_" + name();
    }

    public String messageKey() {
        return "role." + name().toLowerCase(java.util.Locale.ROOT);
    }
}
