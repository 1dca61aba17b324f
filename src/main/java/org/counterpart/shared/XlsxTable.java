package org.counterpart.shared;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one table to an XLSX file: a bold header row, then one row per record. Text is written as
 * string cells, formula-like text with the text format as well; numbers stay numbers so officials can sum them.
 *
 * <p>A table meant to be pasted into a report also says what it is: a title row, lines under it for the
 * filters applied, the unit and the "as of" date ({@link #title}, {@link #note}), number formats per
 * column ({@link #format}: money with two decimals and thousands separators, counts with separators),
 * and a bold totals row at the end ({@link #totals}). The header row then follows those lines, and the
 * pane is frozen below it. Every export uses this one writer, so the rules live here only.
 */
public final class XlsxTable {

    /** How a column's numbers are shown; the cells stay numbers. */
    public enum Format {
        /** Money: two decimals, thousands separators (yuan or 万元, as the header says). */
        MONEY("#,##0.00"),
        /** Whole counts with thousands separators. */
        COUNT("#,##0"),
        /** A share in percent with one decimal. */
        PERCENT("0.0");

        private final String pattern;

        Format(String pattern) {
            this.pattern = pattern;
        }

        public String pattern() {
            return pattern;
        }
    }

    /**
     * The levels of the place columns every export writes (province, city, county, town, village), in this
     * order; their headers are the messages {@code region.level.<level>} and their cells {@code Regions.namesByLevel}.
     */
    public static final List<String> PLACE_LEVELS = List.of("province", "city", "county", "town", "village");

    private final String sheetName;
    private final List<String> headers;
    private final List<List<Object>> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<Integer, Format> formats = new HashMap<>();
    private String title;
    private List<Object> totals;

    public XlsxTable(String sheetName, List<String> headers) {
        this.sheetName = sheetName;
        this.headers = List.copyOf(headers);
    }

    public XlsxTable row(Object... cells) {
        rows.add(java.util.Arrays.asList(cells));
        return this;
    }

    /** A title row above everything else. */
    public XlsxTable title(String text) {
        this.title = text;
        return this;
    }

    /** A line under the title: a filter applied, the unit, the date the figures stand at. */
    public XlsxTable note(String line) {
        notes.add(line);
        return this;
    }

    /** The number format of a column (counted from 0); text cells in it stay text. */
    public XlsxTable format(int column, Format format) {
        formats.put(column, format);
        return this;
    }

    /** A bold totals row after the records; null cells stay empty. */
    public XlsxTable totals(Object... cells) {
        this.totals = java.util.Arrays.asList(cells);
        return this;
    }

    /** The row the header is written in (0 without title and notes): the records follow it. */
    public int headerRow() {
        return (title == null ? 0 : 1) + notes.size() + (title == null && notes.isEmpty() ? 0 : 1);
    }

    public void writeTo(OutputStream out) {
        writeSheets(out, List.of(this));
    }

    /** Several tables as the sheets of one workbook, in order (a report with a sheet per section). */
    public static void writeSheets(OutputStream out, List<XlsxTable> tables) {
        try (Workbook workbook = new Workbook(out, "Counterpart", "1.0")) {
            for (XlsxTable table : tables) {
                table.writeSheet(workbook);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeSheet(Workbook workbook) {
        Worksheet sheet = workbook.newWorksheet(sheetName);
        int line = 0;
        if (title != null) {
            text(sheet, line, 0, title);
            sheet.style(line, 0).bold().fontSize(14).set();
            line++;
        }
        for (String note : notes) {
            text(sheet, line++, 0, note);
        }
        int header = headerRow();
        for (int c = 0; c < headers.size(); c++) {
            text(sheet, header, c, headers.get(c));
            sheet.style(header, c).bold().fillColor("E8EEF5").set();
        }
        for (int r = 0; r < rows.size(); r++) {
            write(sheet, header + 1 + r, rows.get(r), false);
        }
        if (totals != null) {
            write(sheet, header + 1 + rows.size(), totals, true);
        }
        for (int c = 0; c < headers.size(); c++) {
            if (formats.containsKey(c)) {
                sheet.width(c, 16);
            }
        }
        sheet.freezePane(0, header + 1);
        try {
            sheet.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(Worksheet sheet, int r, List<Object> row, boolean bold) {
        for (int c = 0; c < row.size(); c++) {
            Object v = row.get(c);
            if (v == null) {
                continue;
            }
            if (v instanceof Number n) {
                if (v instanceof BigDecimal d) {
                    sheet.value(r, c, d);
                } else {
                    sheet.value(r, c, n);
                }
                Format format = formats.get(c);
                if (format != null || bold) {
                    var style = sheet.style(r, c);
                    if (format != null) {
                        style = style.format(format.pattern());
                    }
                    if (bold) {
                        style = style.bold();
                    }
                    style.set();
                }
            } else {
                boolean formulaLike = text(sheet, r, c, v.toString());
                if (bold && !formulaLike) {
                    sheet.style(r, c).bold().set();
                }
            }
        }
    }

    /** Writes text as a string cell, with the text format when it looks like a formula; answers whether it did. */
    private static boolean text(Worksheet sheet, int r, int c, String text) {
        // a string cell is never evaluated; the text format keeps it so after editing too
        sheet.value(r, c, text);
        if (SpreadsheetCells.looksLikeFormula(text)) {
            sheet.style(r, c).format("@").set();
            return true;
        }
        return false;
    }
}
