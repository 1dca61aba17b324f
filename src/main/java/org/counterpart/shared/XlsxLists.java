package org.counterpart.shared;

import org.dhatim.fastexcel.DataValidationErrorStyle;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.util.List;

/**
 * Drop-down lists in an import template: each list's values are written to one column of a sheet of
 * lists, and a column of the template offers them (XLSX data validation) in the rows people fill in, so
 * a clerk picks a word instead of typing a code. The values are written as text, formula-like ones in
 * the text format, like every other cell this application writes.
 */
public final class XlsxLists {

    /** The rows of a template that offer the lists, below its header row. */
    public static final int ROWS = 2_000;

    private final Worksheet lists;
    private int next;

    /** Adds the sheet of lists to the workbook; call before the lists are offered. */
    public XlsxLists(Workbook workbook, String sheetName) {
        this.lists = workbook.newWorksheet(sheetName);
    }

    /**
     * Offers these values in a column of the template, below the header row; anything else is refused
     * by the spreadsheet with the given title and error text (plain words, no markup).
     */
    public void offer(Worksheet sheet, int column, String header, List<String> values, String errorTitle, String error) {
        if (values.isEmpty()) {
            return;
        }
        int c = next++;
        lists.value(0, c, header);
        lists.style(0, c).bold().set();
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            lists.value(i + 1, c, v);
            if (SpreadsheetCells.looksLikeFormula(v)) {
                lists.style(i + 1, c).format("@").set();
            }
        }
        lists.width(c, Math.max(12, header.length() * 2.2));
        sheet.range(1, column, ROWS, column).validateWithList(lists.range(1, c, values.size(), c))
                .allowBlank(true).showDropdown(true).errorStyle(DataValidationErrorStyle.STOP).showErrorMessage(true)
                .errorTitle(errorTitle).error(error);
    }
}
