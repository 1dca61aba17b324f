package org.counterpart.cooperation;

/** What sort of body an institution is; it decides which pairings it can take part in. */
public enum InstitutionKind {
    GOVERNMENT, DEPARTMENT, DEVELOPMENT_ZONE, ENTERPRISE, UNIVERSITY, COLLEGE, SCHOOL, HOSPITAL,
    SOCIAL_ORGANISATION, EXCHANGE;

    public String messageKey() {
        return "institution.kind." + name().toLowerCase(java.util.Locale.ROOT);
    }

    boolean isSchool() {
        return this == UNIVERSITY || this == COLLEGE || this == SCHOOL;
    }
}
