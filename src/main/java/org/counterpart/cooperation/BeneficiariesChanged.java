package org.counterpart.cooperation;

import java.util.Set;

/**
 * The beneficiary links of these people in this registry year changed: a measure named or dropped
 * them, a measure moved year or was deleted, or the registry's adjustment moved them in or out of a
 * household. Published inside the changing transaction; what is kept from the links (insight's reach
 * rows) recounts these people before the change commits. Carries the registry's person numbers only.
 */
public record BeneficiariesChanged(int year, Set<Long> personIds) {

    public BeneficiariesChanged {
        personIds = Set.copyOf(personIds);
    }
}
