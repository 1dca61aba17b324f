package org.counterpart.shared;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A module's part of the audit vocabulary: the kinds of record it publishes {@link RecordChanged} about,
 * and the names people know those records by. Each module that publishes changes contributes one bean.
 */
public interface AuditVocabulary {

    /** The kinds this module publishes changes of. */
    List<AuditKind> kinds();

    /**
     * The names of some records of one of this module's kinds (a household by its number, a fund by its
     * title), by record id; a record not found (deleted) or without a name is left out. The caller has
     * already been allowed to read the entries; a name is no personal data.
     */
    default Map<String, String> names(AuditKind kind, Collection<String> ids) {
        return Map.of();
    }
}
