package org.counterpart.backup;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Locale;

/**
 * A column's value in a backup, by the kind of its type: integers and booleans as JSON numbers and
 * booleans, exact decimals as their digits in a string, dates, times and timestamps in ISO form (a
 * timestamp with its offset where the column keeps one), binary as base64, text as text, null as null.
 * A restore reads a value by the type of the column it goes into, so H2 and PostgreSQL read each other's.
 */
final class Values {

    /** How a column's values are written and read. */
    enum Kind {
        BOOLEAN, INTEGER, DECIMAL, FLOATING, DATE, TIME, TIMESTAMP, TIMESTAMP_WITH_OFFSET, BINARY, TEXT, OTHER;

        static Kind of(Tables.Column column) {
            String name = column.typeName().toLowerCase(Locale.ROOT);
            return switch (column.jdbcType()) {
                case Types.BIT, Types.BOOLEAN -> BOOLEAN;
                case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> INTEGER;
                case Types.NUMERIC, Types.DECIMAL -> DECIMAL;
                case Types.REAL, Types.FLOAT, Types.DOUBLE -> FLOATING;
                case Types.DATE -> DATE;
                case Types.TIME -> TIME;
                // PostgreSQL's driver calls timestamptz a TIMESTAMP: its name tells
                case Types.TIMESTAMP -> name.contains("tz") || name.contains("time zone") ? TIMESTAMP_WITH_OFFSET : TIMESTAMP;
                case Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMP_WITH_OFFSET;
                case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> BINARY;
                case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR, Types.CLOB,
                     Types.NCLOB -> TEXT;
                default -> OTHER;
            };
        }
    }

    private Values() {
    }

    /** Puts column {@code i} of the current row into the row's JSON object under the column's name. */
    static void write(ResultSet rs, int i, Tables.Column column, Kind kind, ObjectNode row) throws SQLException {
        String name = column.name();
        switch (kind) {
            case BOOLEAN -> {
                boolean value = rs.getBoolean(i);
                put(row, name, rs.wasNull() ? null : value);
            }
            case INTEGER -> {
                long value = rs.getLong(i);
                if (rs.wasNull()) {
                    row.putNull(name);
                } else {
                    row.put(name, value);
                }
            }
            case DECIMAL -> {
                BigDecimal value = rs.getBigDecimal(i);
                text(row, name, value == null ? null : value.toPlainString());
            }
            case FLOATING -> {
                double value = rs.getDouble(i);
                text(row, name, rs.wasNull() ? null : Double.toString(value));
            }
            case DATE -> text(row, name, string(rs.getObject(i, LocalDate.class)));
            case TIME -> text(row, name, string(rs.getObject(i, LocalTime.class)));
            case TIMESTAMP -> text(row, name, string(rs.getObject(i, LocalDateTime.class)));
            case TIMESTAMP_WITH_OFFSET -> text(row, name, string(rs.getObject(i, OffsetDateTime.class)));
            case BINARY -> {
                byte[] value = rs.getBytes(i);
                text(row, name, value == null ? null : Base64.getEncoder().encodeToString(value));
            }
            case TEXT, OTHER -> text(row, name, rs.getString(i));
        }
    }

    /** Sets parameter {@code i} from the value in the backup, read as the target column's kind. */
    static void read(JsonNode value, PreparedStatement insert, int i, Tables.Column column, Kind kind) throws SQLException {
        if (value == null || value.isNull()) {
            insert.setNull(i, column.jdbcType());
            return;
        }
        switch (kind) {
            case BOOLEAN -> insert.setBoolean(i, value.isBoolean() ? value.booleanValue() : Boolean.parseBoolean(value.asString()));
            case INTEGER -> insert.setLong(i, value.isNumber() ? value.longValue() : Long.parseLong(value.asString()));
            case DECIMAL -> insert.setBigDecimal(i, new BigDecimal(value.asString()));
            case FLOATING -> insert.setDouble(i, Double.parseDouble(value.asString()));
            case DATE -> insert.setObject(i, LocalDate.parse(value.asString()));
            case TIME -> insert.setObject(i, LocalTime.parse(value.asString()));
            case TIMESTAMP -> insert.setObject(i, LocalDateTime.parse(value.asString()));
            case TIMESTAMP_WITH_OFFSET -> insert.setObject(i, OffsetDateTime.parse(value.asString()));
            case BINARY -> insert.setBytes(i, Base64.getDecoder().decode(value.asString()));
            case TEXT -> insert.setString(i, value.asString());
            case OTHER -> insert.setObject(i, value.asString(), Types.OTHER);
        }
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    private static void put(ObjectNode row, String name, Boolean value) {
        if (value == null) {
            row.putNull(name);
        } else {
            row.put(name, value.booleanValue());
        }
    }

    private static void text(ObjectNode row, String name, String value) {
        if (value == null) {
            row.putNull(name);
        } else {
            row.put(name, value);
        }
    }
}
