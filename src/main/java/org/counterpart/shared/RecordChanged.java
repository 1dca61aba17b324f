package org.counterpart.shared;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Published by any module whenever it creates, changes or deletes a record a person is answerable for.
 * The audit module listens in the same transaction, so a change without its audit entry cannot commit.
 *
 * @param kind   what sort of record, one of the owning module's {@link AuditKind}s
 * @param id     the record's identifier as text
 * @param action what was done, one of the closed set of {@link AuditAction}s
 * @param before field values before the change (empty when created)
 * @param after  field values after the change (empty when deleted)
 */
public record RecordChanged(AuditKind kind, String id, AuditAction action,
                            SortedMap<String, String> before, SortedMap<String, String> after) {

    public RecordChanged {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(id);
        Objects.requireNonNull(action);
        before = before == null ? new TreeMap<>() : new TreeMap<>(before);
        after = after == null ? new TreeMap<>() : new TreeMap<>(after);
    }

    public static RecordChanged created(AuditKind kind, Object id, Map<String, String> after) {
        return new RecordChanged(kind, String.valueOf(id), AuditAction.CREATED, null, new TreeMap<>(after));
    }

    public static RecordChanged updated(AuditKind kind, Object id, Map<String, String> before, Map<String, String> after) {
        return new RecordChanged(kind, String.valueOf(id), AuditAction.UPDATED, new TreeMap<>(before), new TreeMap<>(after));
    }

    public static RecordChanged deleted(AuditKind kind, Object id, Map<String, String> before) {
        return new RecordChanged(kind, String.valueOf(id), AuditAction.DELETED, new TreeMap<>(before), null);
    }
}
