package org.counterpart.backup;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The tables of the database as its own metadata describes them: every table of the connection's schema
 * but Flyway's history (which a restore's migration makes), their columns in order with their types,
 * primary keys and identity columns, ordered so that a table comes after every table it references.
 */
final class Tables {

    static final String FLYWAY_HISTORY = "flyway_schema_history";

    /** A column: its name, its JDBC type ({@link java.sql.Types}) and the database's name of it, and whether it is an identity. */
    record Column(String name, int jdbcType, String typeName, boolean identity) {
    }

    /** A table: its columns in order, its primary key's columns and the tables it references. */
    record Table(String name, List<Column> columns, List<String> primaryKey, Set<String> references) {
    }

    private Tables() {
    }

    /** The schema's tables, each after the tables it references (a reference to itself aside). */
    static List<Table> read(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String schema = connection.getSchema();
        Set<String> names = new TreeSet<>();
        try (ResultSet rs = meta.getTables(null, schema, "%", new String[]{"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                if (!name.toLowerCase(Locale.ROOT).equals(FLYWAY_HISTORY)) {
                    names.add(name);
                }
            }
        }
        Map<String, Table> tables = new LinkedHashMap<>();
        String escape = meta.getSearchStringEscape();
        for (String name : names) {
            // the name is a pattern to the metadata: its underscores must match themselves only
            String pattern = escape == null || escape.isEmpty() ? name : name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
            List<Column> columns = new ArrayList<>();
            try (ResultSet rs = meta.getColumns(null, schema, pattern, "%")) {
                TreeMap<Integer, Column> ordered = new TreeMap<>();
                while (rs.next()) {
                    ordered.put(rs.getInt("ORDINAL_POSITION"), new Column(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE"),
                            rs.getString("TYPE_NAME"), "YES".equalsIgnoreCase(rs.getString("IS_AUTOINCREMENT"))));
                }
                columns.addAll(ordered.values());
            }
            TreeMap<Integer, String> key = new TreeMap<>();
            try (ResultSet rs = meta.getPrimaryKeys(null, schema, name)) {
                while (rs.next()) {
                    key.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
                }
            }
            Set<String> references = new TreeSet<>();
            try (ResultSet rs = meta.getImportedKeys(null, schema, name)) {
                while (rs.next()) {
                    String parent = rs.getString("PKTABLE_NAME");
                    if (!parent.equals(name) && names.contains(parent)) {
                        references.add(parent);
                    }
                }
            }
            tables.put(name, new Table(name, List.copyOf(columns), List.copyOf(key.values()), references));
        }
        List<Table> ordered = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        while (placed.size() < tables.size()) {
            boolean progress = false;
            for (Table t : tables.values()) {
                if (!placed.contains(t.name()) && placed.containsAll(t.references())) {
                    ordered.add(t);
                    placed.add(t.name());
                    progress = true;
                }
            }
            if (!progress) {
                throw new BackupRefused("The tables reference each other in a circle; this backup cannot order them: "
                        + tables.keySet().stream().filter(n -> !placed.contains(n)).toList());
            }
        }
        return ordered;
    }

    /** A name as SQL, quoted (column names such as {@code level} are words of SQL). */
    static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** The rows in a stable order: by primary key, or by every column of a table without one. */
    static String orderBy(Table table) {
        List<String> by = table.primaryKey().isEmpty() ? table.columns().stream().map(Column::name).toList() : table.primaryKey();
        return String.join(", ", by.stream().map(Tables::quoted).toList());
    }
}
