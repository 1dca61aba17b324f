package org.counterpart.registry;

import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Where the registry writer sends the rows of one statement: PostgreSQL's COPY, or batched inserts elsewhere. */
final class RowSinks {

    private RowSinks() {
    }

    /** Where the rows of one statement go: batched inserts, or PostgreSQL's COPY. */
    interface Sink extends AutoCloseable {
        void add(Object[] row);

        @Override
        void close();
    }

    /**
     * Rows streamed into a table with PostgreSQL's COPY, on the connection of the running transaction:
     * what is copied is committed or rolled back with everything else the import writes.
     */
    static final class Copy implements Sink {
        private final org.postgresql.copy.CopyIn in;
        private final StringBuilder text = new StringBuilder(1 << 17);

        Copy(JdbcTemplate jdbc, String tableAndColumns) {
            this.in = jdbc.execute((java.sql.Connection c) -> c.unwrap(org.postgresql.PGConnection.class).getCopyAPI()
                    .copyIn("copy " + tableAndColumns.replaceAll("\\s+", " ") + " from stdin"));
        }

        void row(Object... values) {
            add(values);
        }

        @Override
        public void add(Object[] values) {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    text.append('\t');
                }
                Object v = values[i];
                if (v == null) {
                    text.append("\\N");
                } else if (v instanceof Boolean b) {
                    text.append(b ? 't' : 'f');
                } else if (v instanceof java.math.BigDecimal d) {
                    text.append(d.toPlainString());
                } else if (v instanceof Number || v instanceof java.time.LocalDate || v instanceof Instant) {
                    text.append(v);
                } else {
                    escape(v.toString());
                }
            }
            text.append('\n');
            if (text.length() >= 1 << 16) {
                send();
            }
        }

        private void escape(String s) {
            if (plain(s)) {
                text.append(s);
                return;
            }
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                switch (ch) {
                    case '\\' -> text.append("\\\\");
                    case '\t' -> text.append("\\t");
                    case '\n' -> text.append("\\n");
                    case '\r' -> text.append("\\r");
                    default -> text.append(ch);
                }
            }
        }

        private static boolean plain(String s) {
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r') {
                    return false;
                }
            }
            return true;
        }

        private void send() {
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            text.setLength(0);
            try {
                in.writeToCopy(bytes, 0, bytes.length);
            } catch (java.sql.SQLException e) {
                throw new org.springframework.dao.DataAccessResourceFailureException("COPY failed", e);
            }
        }

        @Override
        public void close() {
            try {
                if (text.length() > 0) {
                    send();
                }
                in.endCopy();
            } catch (java.sql.SQLException e) {
                throw new org.springframework.dao.DataAccessResourceFailureException("COPY failed", e);
            }
        }
    }

    /** Rows for one statement, sent to the database every few thousand. */
    static final class Batch implements Sink {
        private final JdbcTemplate jdbc;
        private final String sql;
        private final List<Object[]> rows = new ArrayList<>();

        Batch(JdbcTemplate jdbc, String sql) {
            this.jdbc = jdbc;
            this.sql = sql;
        }

        @Override
        public void add(Object[] row) {
            rows.add(row);
            if (rows.size() == 5_000) {
                flush();
            }
        }

        void flush() {
            if (!rows.isEmpty()) {
                jdbc.batchUpdate(sql, rows);
                rows.clear();
            }
        }

        @Override
        public void close() {
            flush();
        }
    }
}
