package org.counterpart.shared;

import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigDecimal;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.xml.parsers.DocumentBuilderFactory;

import static org.assertj.core.api.Assertions.assertThat;

class XlsxTableTest {

    private static List<Row> rows;
    private static String sheetName;
    private static byte[] bytes;

    @BeforeAll
    static void writeAndReadBackATable() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new XlsxTable("户", List.of("公式", "电话", "负数", "函数", "人数", "金额", "姓名"))
                .row("=1+1", "+86 138", "-5", "@SUM(A1)", 42, new BigDecimal("1234.56"), "张三")
                .row(null, "plain", "", "x", -7L, null, "李四")
                .writeTo(out);

        bytes = out.toByteArray();
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(bytes),
                new ReadingOptions(true, false))) {
            sheetName = workbook.getFirstSheet().getName();
            rows = workbook.getFirstSheet().read();
        }
    }

    private static Cell cell(int row, int column) {
        return rows.get(row).getCell(column);
    }

    @Test
    void theSheetHasTheGivenNameAHeaderRowAndOneRowPerRecord() {
        assertThat(sheetName).isEqualTo("户");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).stream().map(Cell::getText)).containsExactly("公式", "电话", "负数", "函数", "人数", "金额", "姓名");
    }

    @Test
    void formulaLikeTextIsWrittenAsStringCellsWithTheExactText() {
        String[] expected = {"=1+1", "+86 138", "-5", "@SUM(A1)"};
        for (int c = 0; c < expected.length; c++) {
            Cell cell = cell(1, c);
            assertThat(cell.getType()).as("type of %s", expected[c]).isEqualTo(CellType.STRING);
            assertThat(cell.getText()).isEqualTo(expected[c]);
            assertThat(cell.asString()).isEqualTo(expected[c]);
            assertThat(cell.getFormula()).as("formula of %s", expected[c]).isNull();
        }
    }

    /**
     * fastexcel-reader reports data formats for numeric cells only, so the text format of a string
     * cell is checked in the package itself: the cell's style, its cellXfs entry, and the numFmt.
     */
    @Test
    void formulaLikeTextCarriesTheTextFormat() throws Exception {
        for (String ref : List.of("A2", "B2", "C2", "D2")) {
            assertThat(numberFormatOf(ref)).as("format of %s", ref).isEqualTo("@");
        }
        assertThat(numberFormatOf("G2")).as("format of ordinary text").isNotEqualTo("@");
    }

    private static String numberFormatOf(String ref) throws Exception {
        Document sheet = xmlPart("xl/worksheets/sheet1.xml");
        Document styles = xmlPart("xl/styles.xml");
        NodeList cells = sheet.getElementsByTagName("c");
        for (int i = 0; i < cells.getLength(); i++) {
            Element c = (Element) cells.item(i);
            if (!ref.equals(c.getAttribute("r"))) {
                continue;
            }
            int style = c.getAttribute("s").isEmpty() ? 0 : Integer.parseInt(c.getAttribute("s"));
            Element cellXfs = (Element) styles.getElementsByTagName("cellXfs").item(0);
            Element xf = (Element) cellXfs.getElementsByTagName("xf").item(style);
            String id = xf.getAttribute("numFmtId");
            if ("49".equals(id)) {
                return "@"; // the built-in text format
            }
            NodeList numFmts = styles.getElementsByTagName("numFmt");
            for (int f = 0; f < numFmts.getLength(); f++) {
                Element numFmt = (Element) numFmts.item(f);
                if (id.equals(numFmt.getAttribute("numFmtId"))) {
                    return numFmt.getAttribute("formatCode");
                }
            }
            return "builtin:" + id;
        }
        throw new AssertionError("no cell " + ref);
    }

    private static Document xmlPart(String name) throws Exception {
        // read through the central directory: the local headers fastexcel writes carry no sizes
        Path file = Files.createTempFile("xlsx-table", ".xlsx");
        try {
            Files.write(file, bytes);
            try (ZipFile zip = new ZipFile(file.toFile())) {
                ZipEntry entry = zip.getEntry(name);
                assertThat(entry).as("part %s", name).isNotNull();
                try (InputStream in = zip.getInputStream(entry)) {
                    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
                }
            }
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void numbersStayNumericCells() {
        assertThat(cell(1, 4).getType()).isEqualTo(CellType.NUMBER);
        assertThat(cell(1, 4).asNumber()).isEqualByComparingTo("42");
        assertThat(cell(1, 5).getType()).isEqualTo(CellType.NUMBER);
        assertThat(cell(1, 5).asNumber()).isEqualByComparingTo("1234.56");
        assertThat(cell(2, 4).getType()).isEqualTo(CellType.NUMBER);
        assertThat(cell(2, 4).asNumber()).isEqualByComparingTo("-7");
    }

    @Test
    void ordinaryTextIsAStringCellWithoutTheTextFormat() {
        assertThat(cell(1, 6).getType()).isEqualTo(CellType.STRING);
        assertThat(cell(1, 6).getText()).isEqualTo("张三");
        assertThat(cell(2, 1).getText()).isEqualTo("plain");
    }

    @Test
    void missingValuesLeaveTheCellEmpty() {
        Row second = rows.get(2);
        assertThat(second.getOptionalCell(0).map(Cell::getType).orElse(CellType.EMPTY)).isEqualTo(CellType.EMPTY);
        assertThat(second.getOptionalCell(5).map(Cell::getType).orElse(CellType.EMPTY)).isEqualTo(CellType.EMPTY);
        assertThat(second.getCellText(6)).isEqualTo("李四");
    }

    @Test
    void aTableForAReportHasItsTitleNotesFormatsAndTotalsAndKeepsFormulaLikeNotesAsText() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        XlsxTable table = new XlsxTable("资金", List.of("名称", "金额（元）", "人数"))
                .title("资金项目台账").note("年度：2018").note("=HYPERLINK(\"x\")")
                .format(1, XlsxTable.Format.MONEY).format(2, XlsxTable.Format.COUNT)
                .row("甲", new BigDecimal("1234567.5"), 1200)
                .row("乙", new BigDecimal("0.25"), 3)
                .totals("合计", new BigDecimal("1234567.75"), 1203);
        table.writeTo(out);
        List<Row> read;
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(out.toByteArray()), new ReadingOptions(true, false))) {
            read = workbook.getFirstSheet().read();
        }
        assertThat(at(read, 0).getCell(0).getText()).isEqualTo("资金项目台账");
        assertThat(at(read, 1).getCell(0).getText()).isEqualTo("年度：2018");
        assertThat(at(read, 2).getCell(0).getType()).isEqualTo(CellType.STRING);
        assertThat(at(read, 2).getCell(0).getFormula()).isNull();
        int header = table.headerRow();
        assertThat(header).isEqualTo(4);
        assertThat(at(read, header).getCell(0).getText()).isEqualTo("名称");
        Cell money = at(read, header + 1).getCell(1);
        assertThat(money.getType()).isEqualTo(CellType.NUMBER);
        assertThat(money.getDataFormatString()).isEqualTo("#,##0.00");
        assertThat(at(read, header + 1).getCell(2).getDataFormatString()).isEqualTo("#,##0");
        Row totals = at(read, header + 3);
        assertThat(totals.getCell(0).getText()).isEqualTo("合计");
        assertThat(totals.getCell(1).asNumber()).isEqualByComparingTo("1234567.75");
        assertThat(totals.getCell(1).getDataFormatString()).isEqualTo("#,##0.00");
    }

    /** The row at a 0-based row number: the reader leaves out empty rows, so list positions are no row numbers. */
    private static Row at(List<Row> read, int row) {
        return read.stream().filter(r -> r.getRowNum() == row + 1).findFirst().orElseThrow(() -> new AssertionError("no row " + row));
    }
}
