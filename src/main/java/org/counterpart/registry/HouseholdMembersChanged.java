package org.counterpart.registry;

import java.util.Collection;
import java.util.List;

/**
 * The members of these households in this registry year were written or replaced (an import wrote
 * their year). Published inside the writing transaction, so a module that keeps something derived
 * from the members (the cooperation's beneficiary links) brings it in step before the change commits,
 * or rolls back with it. Only households whose year was actually written are named: an unchanged
 * household of a re-imported file is not.
 */
public record HouseholdMembersChanged(int year, Collection<Long> householdIds) {

    public HouseholdMembersChanged {
        householdIds = List.copyOf(householdIds);
    }
}
