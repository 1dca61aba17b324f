package org.counterpart.shared;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Helpers for {@link AuditVocabulary#names}: record ids that are numbers, and a query of (id, name) rows as a map. */
public final class AuditNames {

    private AuditNames() {
    }

    /** The ids that are numbers (at most 1,000, which is more than one page of entries shows). */
    public static List<Long> numeric(Collection<String> ids) {
        return ids.stream().filter(s -> s.matches("\\d{1,18}")).map(Long::valueOf).distinct().limit(1000).toList();
    }

    /** Reads a statement selecting (id, name) into a map from the id as text to the name. */
    public static Map<String, String> query(JdbcClient.StatementSpec select) {
        Map<String, String> names = new HashMap<>();
        select.query(rs -> {
            String name = rs.getString(2);
            if (name != null && !name.isBlank()) {
                names.put(String.valueOf(rs.getLong(1)), name);
            }
        });
        return names;
    }
}
