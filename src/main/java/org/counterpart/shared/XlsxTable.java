package org.counterpart.shared;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one table to an XLSX file: a bold header row, then one row per record. Text is written as
 * string cells, formula-like text with the text format as well; numbers stay numbers so officials can sum them.
 */
public final class XlsxTable {

    private final String sheetName;
    private final List<String> headers;
    private final List<List<Object>> rows = new ArrayList<>();

    public XlsxTable(String sheetName, List<String> headers) {
        this.sheetName = sheetName;
        this.headers = List.copyOf(headers);
    }

    public XlsxTable row(Object... cells) {
        rows.add(java.util.Arrays.asList(cells));
        return this;
    }

    public void writeTo(OutputStream out) {
        try (Workbook workbook = new Workbook(out, "Counterpart", "1.0")) {
            Worksheet sheet = workbook.newWorksheet(sheetName);
            for (int c = 0; c < headers.size(); c++) {
                sheet.value(0, c, headers.get(c));
                sheet.style(0, c).bold().fillColor("E8EEF5").set();
            }
            for (int r = 0; r < rows.size(); r++) {
                List<Object> row = rows.get(r);
                for (int c = 0; c < row.size(); c++) {
                    Object v = row.get(c);
                    if (v == null) {
                        continue;
                    }
                    if (v instanceof Number n && !(v instanceof BigDecimal)) {
                        sheet.value(r + 1, c, n);
                    } else if (v instanceof BigDecimal d) {
                        sheet.value(r + 1, c, d);
                    } else {
                        String text = v.toString();
                        // a string cell is never evaluated; the text format keeps it so after editing too
                        sheet.value(r + 1, c, text);
                        if (SpreadsheetCells.looksLikeFormula(text)) {
                            sheet.style(r + 1, c).format("@").set();
                        }
                    }
                }
            }
            sheet.freezePane(0, 1);
            sheet.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
