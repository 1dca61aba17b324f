package org.counterpart.shared;

/**
 * Guards exported text against spreadsheet formula injection: a value that starts with
 * {@code = + - @}, a tab or a carriage return must reach Excel or WPS as text, never as a formula.
 * In CSV that means a leading apostrophe; in XLSX a string cell in text format.
 */
public final class SpreadsheetCells {

    private SpreadsheetCells() {
    }

    public static boolean looksLikeFormula(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    }

    /** The text to store in a cell so that it is shown exactly and never evaluated. */
    public static String safe(String value) {
        if (value == null) {
            return "";
        }
        return looksLikeFormula(value) ? "'" + value : value;
    }
}
