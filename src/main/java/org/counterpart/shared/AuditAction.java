package org.counterpart.shared;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What was done to a record, the closed set of actions an audit entry may name. */
public enum AuditAction {
    CREATED, UPDATED, DELETED,
    /** a checked import applied */
    APPLIED,
    /** personal data shown in full */
    VIEWED,
    /** people added to or taken from a measure */
    LINKED, UNLINKED,
    /** a re-import of the registry changed whom a measure's links reach (older entries: registryAdjusted) */
    REGISTRY_ADJUSTED("registryAdjusted"),
    /** a re-import of the registry added people to a measure that named their household (older entries: linkedByRegistry) */
    LINKED_BY_REGISTRY("linkedByRegistry"),
    /** the audit log itself refused a forged entry */
    REFUSED;

    private final String formerly;

    AuditAction() {
        this(null);
    }

    AuditAction(String formerly) {
        this.formerly = formerly;
    }

    /** As stored in the audit log: lower case words joined by hyphens. */
    public String stored() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The action an entry stored under this name is, the current name or the one older entries carry. */
    public static Optional<AuditAction> fromStored(String stored) {
        return Arrays.stream(values()).filter(a -> a.stored().equals(stored) || stored.equals(a.formerly)).findFirst();
    }
}
