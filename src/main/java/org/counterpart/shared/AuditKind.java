package org.counterpart.shared;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What sort of record an audit entry is about, in one style: {@code module.thing}, the module that owns
 * the record, a dot, and the thing in lower case words joined by hyphens ({@code registry.poverty-line}).
 * Each module declares its kinds as constants beside the records they are about and contributes them
 * through an {@link AuditVocabulary}; the audit log refuses an entry of a kind nobody contributed.
 *
 * @param name           the kind as stored from now on
 * @param formerly       the names older entries carry for the same kind (they keep them; the page reads them as this kind)
 * @param labelKey       the message naming the kind
 * @param fieldPrefix    the message prefix of its fields' labels ({@code prefix.field}) and code values ({@code prefix.field.value})
 * @param administrative whether only administrators may read its entries (user administration)
 */
public record AuditKind(String name, Set<String> formerly, String labelKey, String fieldPrefix, boolean administrative) {

    private static final Pattern STYLE = Pattern.compile("[a-z]+\\.[a-z]+(-[a-z]+)*");

    public AuditKind {
        Objects.requireNonNull(name);
        if (!STYLE.matcher(name).matches()) {
            throw new IllegalArgumentException("audit kind '" + name + "' is not of the form module.thing (lower case words joined by hyphens)");
        }
        formerly = Set.copyOf(formerly);
        labelKey = labelKey == null ? "audit.kind." + name : labelKey;
        fieldPrefix = fieldPrefix == null ? "audit.field" : fieldPrefix;
    }

    /** A kind that older entries knew under other names. */
    public static AuditKind of(String name, String... formerly) {
        return new AuditKind(name, Set.of(formerly), null, null, false);
    }

    /** The same kind with its fields labelled by the messages under {@code prefix}. */
    public AuditKind fields(String prefix) {
        return new AuditKind(name, formerly, labelKey, prefix, administrative);
    }

    /** The same kind named by another message. */
    public AuditKind labelled(String key) {
        return new AuditKind(name, formerly, key, fieldPrefix, administrative);
    }

    /** The same kind, read by administrators only. */
    public AuditKind forAdministratorsOnly() {
        return new AuditKind(name, formerly, labelKey, fieldPrefix, true);
    }

    /** The module that owns the records of this kind. */
    public String module() {
        return name.substring(0, name.indexOf('.'));
    }

    /** Whether an entry stored under {@code stored} is of this kind. */
    public boolean names(String stored) {
        return name.equals(stored) || formerly.contains(stored);
    }

    @Override
    public String toString() {
        return name;
    }
}
