package org.counterpart.cooperation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The values of one ledger record, by field: each value is of its field's Java type (text and codes
 * as strings, dates as {@code LocalDate}, years and counts as integers, money as {@code BigDecimal}
 * yuan, places as {@code RegionCode}, sides as {@link Party}, ID numbers masked, agreement references
 * as their number), checked when it is put, so reading one back needs no cast at the caller.
 */
public final class FieldValues {

    private final Map<String, Object> values = new LinkedHashMap<>();

    FieldValues() {
    }

    FieldValues(FieldValues other) {
        values.putAll(other.values);
    }

    /** The value of a field, or null when the record has none. */
    public <T> T get(LedgerField<T> field) {
        return field.cast(values.get(field.name()));
    }

    public <T> Optional<T> find(LedgerField<T> field) {
        return Optional.ofNullable(get(field));
    }

    /** A value by field name, for the engine and the pages that handle every field alike. */
    public Object get(String name) {
        return values.get(name);
    }

    public boolean has(String name) {
        return values.get(name) != null;
    }

    <T> void put(LedgerField<T> field, T value) {
        values.put(field.name(), value);
    }

    /** A value just read or parsed for a field: it must be of the field's type. */
    void putChecked(LedgerField<?> field, Object value) {
        values.put(field.name(), value == null ? null : field.cast(value));
    }

    void remove(LedgerField<?> field) {
        values.remove(field.name());
    }

    /** Every value by field name, in field order, read only. */
    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }
}
