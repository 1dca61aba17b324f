package org.counterpart.shared;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One refused cell of an imported file as people read it back: the line as Excel numbers it, the
 * column as the file names it, the value as it may be shown (personal data already masked), and the
 * reason as a message key with its arguments. Arguments keep their kind: a year or a count stays a
 * number, since messages format it as one ({@code {1,number,#}}) and would fail on text. Every import
 * (the registry's, the ledgers', next planning's) reports its refusals as these, stores their
 * arguments with {@link #encode} and reads them back with {@link #decode}, and one writer
 * ({@link ProblemsXlsx}) serves them all as a file.
 */
public record Problem(int line, String column, String shownValue, String messageKey, List<Object> arguments) {

    public Problem {
        arguments = List.copyOf(arguments);
    }

    /** Marks arguments stored with their kind; arguments stored before were text only. */
    private static final String TYPED = "\u0001";
    private static final String SEPARATOR = "\u001f";

    /** Arguments as one column of text: each its kind ({@code n} a number, {@code s} text) and its value. */
    public static String encode(List<?> arguments) {
        StringBuilder out = new StringBuilder(TYPED);
        for (int i = 0; i < arguments.size(); i++) {
            Object a = arguments.get(i);
            out.append(i == 0 ? "" : SEPARATOR).append(a instanceof Number ? 'n' : 's').append(String.valueOf(a));
        }
        return out.toString();
    }

    /** The arguments {@link #encode} stored; a column stored before as plain text reads as text. */
    public static List<Object> decode(String column) {
        if (column == null || !column.startsWith(TYPED)) {
            return column == null || column.isEmpty() ? List.of() : List.copyOf(Arrays.asList((Object[]) column.split(SEPARATOR, -1)));
        }
        String body = column.substring(TYPED.length());
        if (body.isEmpty()) {
            return List.of();
        }
        List<Object> out = new ArrayList<>();
        for (String part : body.split(SEPARATOR, -1)) {
            String value = part.isEmpty() ? "" : part.substring(1);
            out.add(part.startsWith("n") ? number(value) : value);
        }
        return out;
    }

    private static Object number(String value) {
        try {
            return Long.valueOf(value);
        } catch (NumberFormatException e) {
            try {
                return new BigDecimal(value);
            } catch (NumberFormatException notANumber) {
                return value; // cut short by the column's width: shown as text rather than not at all
            }
        }
    }
}
