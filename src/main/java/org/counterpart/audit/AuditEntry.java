package org.counterpart.audit;

import java.time.Instant;
import java.util.SortedMap;

/** One recorded change, as the audit page and its export show it. */
public record AuditEntry(long seq, Instant at, String actor, String kind, String recordId, String action,
                         SortedMap<String, String> before, SortedMap<String, String> after) {

    /** Field names whose value differs between before and after. */
    public java.util.Set<String> changedFields() {
        java.util.Set<String> names = new java.util.TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        names.removeIf(n -> java.util.Objects.equals(before.get(n), after.get(n)));
        return names;
    }
}
