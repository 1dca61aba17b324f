package org.counterpart.shared;

import java.util.Map;
import java.util.StringJoiner;

/**
 * One data row of a {@link TabularFile}, holding only the expected columns. The line number is the
 * one a person sees in Excel or a text editor, so a refusal can send them to the right place.
 */
public final class TabularRow {

    private final int lineNumber;
    private final Map<String, Integer> indexOfKey;
    private final String[] raw;
    private final boolean[] numeric;

    TabularRow(int lineNumber, Map<String, Integer> indexOfKey, String[] raw, boolean[] numeric) {
        this.lineNumber = lineNumber;
        this.indexOfKey = indexOfKey;
        this.raw = raw;
        this.numeric = numeric;
    }

    /**
     * A row typed into a form rather than read from a file, so that a form is checked by the same row checks as
     * an import: the cells by column key, as text (none stored as a number); keys not given read as empty.
     */
    public static TabularRow typed(int lineNumber, java.util.Collection<String> keys, Map<String, String> cells) {
        Map<String, Integer> index = new java.util.HashMap<>();
        String[] raw = new String[keys.size()];
        int i = 0;
        for (String key : keys) {
            index.put(key, i);
            String v = cells.get(key);
            raw[i++] = v == null ? "" : v;
        }
        return new TabularRow(lineNumber, Map.copyOf(index), raw, new boolean[raw.length]);
    }

    /** The 1-based row in the sheet, or the line on which the CSV record starts. */
    public int lineNumber() {
        return lineNumber;
    }

    /**
     * The cell's text trimmed, with full-width digits, letters and punctuation folded to half-width
     * and U+3000 made a space; "" when the cell is empty or the optional column is absent.
     */
    public String get(String key) {
        return TabularText.normalise(raw[index(key)]);
    }

    /** The cell's text exactly as read (numbers already as plain text); "" when empty or absent. */
    public String raw(String key) {
        return raw[index(key)];
    }

    /** Whether the cell is empty after normalising. */
    public boolean isEmpty(String key) {
        return get(key).isEmpty();
    }

    /**
     * Whether the spreadsheet stored the cell as a number. Excel keeps numbers as doubles with 15
     * significant digits, so an 18-digit ID number typed into a number cell has already lost its last
     * digits: the caller must refuse it and ask for the column to be formatted as text.
     */
    public boolean wasNumber(String key) {
        return numeric[index(key)];
    }

    private int index(String key) {
        Integer index = indexOfKey.get(key);
        if (index == null) {
            throw new IllegalArgumentException("no expected column with key " + key);
        }
        return index;
    }

    @Override
    public String toString() {
        StringJoiner cells = new StringJoiner(", ", "TabularRow[line " + lineNumber + ": ", "]");
        indexOfKey.forEach((key, index) -> cells.add(key + "=" + raw[index]));
        return cells.toString();
    }
}
