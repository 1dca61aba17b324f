package org.counterpart.registry;

/** Why a household is removed from the registry for a year; {@link #OTHER} needs a note. */
public enum RemovalReason {
    DECEASED, MOVED_OUT, WRONGLY_REGISTERED, MERGED, OTHER;

    public String messageKey() {
        return "household.removal.reason." + name();
    }
}
