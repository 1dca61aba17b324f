package org.counterpart.registry;

import java.time.Instant;

/** A household marked as removed from the registry for a year: why, the note, who and when. */
public record HouseholdRemoval(long householdId, int year, RemovalReason reason, String note, Instant removedAt, String removedBy) {
}
