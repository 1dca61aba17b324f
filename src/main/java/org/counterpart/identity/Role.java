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

    /** Viewers (leaders) and assessors read and never write: the pages refuse any change of theirs up front. */
    public boolean onlyReads() {
        return this == VIEWER || this == ASSESSOR;
    }

    public String messageKey() {
        return "role." + name().toLowerCase(java.util.Locale.ROOT);
    }
}
