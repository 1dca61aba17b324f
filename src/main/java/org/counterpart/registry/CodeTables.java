package org.counterpart.registry;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The registry's code tables (poverty attribute, causes, relation, education …) as reference data an
 * administrator may change, not enums: the national system revises them, and an office must not
 * wait for a release to accept a new label. Read from the database at first use, and again after a
 * coordinator maps a value ({@link CodeMappings}).
 *
 * <p>Files name a code in more ways than the table does: full-width punctuation, stray spaces, older
 * wording. {@link #resolve} therefore looks a value up as written, then folded ({@link #fold}), then
 * among the labels in both languages (the template's drop-down lists offer the reader's) and the table's
 * aliases (shipped with the reference data or chosen by a coordinator).
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

    /** The tables as loaded: items in their order, and every folded code and alias to its item. */
    private record Loaded(Map<String, Map<String, Item>> items, Map<String, Map<String, Item>> folded) {
    }

    private final JdbcClient jdbc;
    private volatile Loaded tables;

    CodeTables(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Item> items(String table) {
        return List.copyOf(all().getOrDefault(table, Map.of()).values());
    }

    /** Whether {@code table} is one of the code tables. */
    public boolean isTable(String table) {
        return all().containsKey(table);
    }

    /**
     * The item a value of a file means: the value as written, else folded, else an alias of the table.
     * The exact look-up comes first because nearly every cell of a real file hits it, and folding costs.
     */
    public Optional<Item> resolve(String table, String value) {
        if (value == null) {
            return Optional.empty();
        }
        Item exact = all().getOrDefault(table, Map.of()).get(value);
        if (exact != null) {
            return Optional.of(exact);
        }
        return Optional.ofNullable(loaded().folded().getOrDefault(table, Map.of()).get(fold(value)));
    }

    /**
     * A value as the look-up compares it: full-width letters, digits and punctuation made half-width
     * (（ → (, ， → ,, U+3000 → space, by Unicode compatibility folding), then every space removed —
     * the labels of the national system contain none, and files carry them by accident.
     */
    public static String fold(String value) {
        String folded = Normalizer.normalize(value, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(folded.length());
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Reads the tables again at the next use: a value was mapped or added. */
    void reload() {
        tables = null;
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
        return loaded().items();
    }

    private Loaded loaded() {
        Loaded loaded = tables;
        if (loaded == null) {
            Map<String, Map<String, Item>> fresh = new LinkedHashMap<>();
            jdbc.sql("select code_table, code, label_zh, label_en from code_item order by code_table, sort_order")
                    .query(rs -> {
                        fresh.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                                .put(rs.getString(2), new Item(rs.getString(2), rs.getString(3), rs.getString(4)));
                    });
            Map<String, Map<String, Item>> folded = new HashMap<>();
            fresh.forEach((table, items) -> items.values()
                    .forEach(item -> folded.computeIfAbsent(table, k -> new HashMap<>()).putIfAbsent(fold(item.code()), item)));
            // a file filled from the template in either language names a code by its label
            fresh.forEach((table, items) -> items.values().forEach(item -> {
                for (String label : new String[]{item.labelZh(), item.labelEn()}) {
                    if (label != null && !label.isBlank()) {
                        folded.get(table).putIfAbsent(fold(label), item);
                    }
                }
            }));
            jdbc.sql("select code_table, alias, code from code_alias").query(rs -> {
                Item item = fresh.getOrDefault(rs.getString(1), Map.of()).get(rs.getString(3));
                if (item != null) {
                    folded.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).putIfAbsent(fold(rs.getString(2)), item);
                }
            });
            tables = loaded = new Loaded(fresh, folded);
        }
        return loaded;
    }
}
