package org.counterpart.support;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The records of an export written by {@code shared.XlsxTable}: the rows between its header row (found by the
 * text of its first cell, below the title and the lines of filters, unit and date) and its totals row.
 */
public final class XlsxRecords {

    private XlsxRecords() {
    }

    /** The header row and the records under it; the last row is left out when the export ends in totals. */
    public static List<Row> of(byte[] xlsx, String firstHeader, boolean totals) {
        List<Row> rows;
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            rows = workbook.getFirstSheet().read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).getCellCount() > 0 && firstHeader.equals(rows.get(i).getCellText(0))) {
                return rows.subList(i + 1, rows.size() - (totals ? 1 : 0));
            }
        }
        throw new AssertionError("no header row starting " + firstHeader);
    }
}
