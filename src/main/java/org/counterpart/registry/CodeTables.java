package org.counterpart.registry;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The registry's code tables (poverty attribute, causes, relation, education …) as reference data an
 * administrator may change, not enums: the national system revises them, and an office must not
 * wait for a release to accept a new label. Read from the database at first use.
 */
@Service
public class CodeTables {

    public static final String ATTRIBUTE = "poverty_attribute";
    public static final String CAUSE = "cause";
    public static final String STATUS = "poverty_status";
    public static final String STANDARD = "standard";
    public static final String RELATION = "relation";
    public static final String EDUCATION = "education";
    public static final String STUDENT = "student_status";
    public static final String HEALTH = "health";
    public static final String LABOR = "labor_ability";
    public static final String MIGRANT = "migrant_work";
    public static final String MONITORING_CATEGORY = "monitoring_category";

    /** One entry of a code table. */
    public record Item(String code, String labelZh, String labelEn) {
        public String label(Locale locale) {
            return "en".equals(locale.getLanguage()) ? labelEn : labelZh;
        }
    }

    private final JdbcClient jdbc;
    private volatile Map<String, Map<String, Item>> tables;

    CodeTables(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Item> items(String table) {
        return List.copyOf(all().getOrDefault(table, Map.of()).values());
    }

    public boolean contains(String table, String code) {
        return all().getOrDefault(table, Map.of()).containsKey(code);
    }

    public Optional<Item> find(String table, String code) {
        return Optional.ofNullable(all().getOrDefault(table, Map.of()).get(code));
    }

    /** The label in the reader's language; an unknown code is shown as it is. */
    public String label(String table, String code, Locale locale) {
        if (code == null) {
            return "";
        }
        return find(table, code).map(i -> i.label(locale)).orElse(code);
    }

    private Map<String, Map<String, Item>> all() {
        Map<String, Map<String, Item>> loaded = tables;
        if (loaded == null) {
            Map<String, Map<String, Item>> fresh = new LinkedHashMap<>();
            jdbc.sql("select code_table, code, label_zh, label_en from code_item order by code_table, sort_order")
                    .query(rs -> {
                        fresh.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                                .put(rs.getString(2), new Item(rs.getString(2), rs.getString(3), rs.getString(4)));
                    });
            tables = loaded = fresh;
        }
        return loaded;
    }
}
