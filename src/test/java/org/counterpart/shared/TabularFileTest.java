package org.counterpart.shared;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TabularFileTest {

    private static final List<TabularColumn> COLUMNS = List.of(
            TabularColumn.required("household_no", "户编号", "household_no"),
            TabularColumn.required("name", "姓名", "name"),
            TabularColumn.required("id_number", "证件号码", "id_number"),
            TabularColumn.optional("migrant_months", "务工时间", "migrant_months"),
            TabularColumn.optional("phone", "联系电话", "phone"));

    private static final Charset GB18030 = Charset.forName("GB18030");

    @TempDir
    Path dir;

    // ---- encodings ------------------------------------------------------------------------------

    @Test
    void readsUtf8WithAByteOrderMark() throws IOException {
        byte[] text = "户编号,姓名,证件号码\nH001,张三,520201199001011234\n".getBytes(StandardCharsets.UTF_8);
        Path file = write("bom.csv", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text));

        try (TabularFile table = open(file, "户籍.csv")) {
            assertThat(table.encoding()).isEqualTo("UTF-8");
            assertThat(table.separator()).contains(',');
            assertThat(table.headerLine()).isEqualTo(1);
            List<TabularRow> rows = rowsOf(table);
            assertThat(rows).singleElement().satisfies(row -> {
                assertThat(row.get("household_no")).isEqualTo("H001");
                assertThat(row.get("name")).isEqualTo("张三");
                assertThat(row.get("id_number")).isEqualTo("520201199001011234");
                assertThat(row.lineNumber()).isEqualTo(2);
                assertThat(row.wasNumber("id_number")).isFalse();
            });
        }
    }

    @Test
    void readsUtf8WithoutAByteOrderMark() throws IOException {
        Path file = write("plain.csv", "户编号,姓名,证件号码\nH001,𠈌明,520201199001011234\n".getBytes(StandardCharsets.UTF_8));

        try (TabularFile table = open(file, "plain.csv")) {
            assertThat(table.encoding()).isEqualTo("UTF-8");
            assertThat(rowsOf(table)).singleElement().satisfies(row -> assertThat(row.get("name")).isEqualTo("𠈌明"));
        }
    }

    @Test
    void readsGb18030AsExcelOnChineseWindowsSavesIt() throws IOException {
        String text = "户编号,姓名,证件号码,务工时间\r\nH001,王𠈌,520201199001011234,6\r\nH001,李四,520201199203041234,0\r\n";
        Path file = write("gbk.csv", text.getBytes(GB18030));

        try (TabularFile table = open(file, "户籍.csv")) {
            assertThat(table.encoding()).isEqualTo("GB18030");
            List<TabularRow> rows = rowsOf(table);
            assertThat(rows).extracting(row -> row.get("name")).containsExactly("王𠈌", "李四");
            assertThat(rows).extracting(row -> row.get("migrant_months")).containsExactly("6", "0");
            assertThat(rows).extracting(TabularRow::lineNumber).containsExactly(2, 3);
        }
    }

    // ---- separators and quoting -----------------------------------------------------------------

    @Test
    void readsTabSeparatedTextWhateverItsExtension() throws IOException {
        Path txt = write("tabs.txt", utf8("户编号\t姓名\t证件号码\nH001\t张三\t520201199001011234\n"));
        Path tsv = write("tabs.tsv", utf8("户编号\t姓名\t证件号码\nH002\t李四\t520201199203041234\n"));

        try (TabularFile table = open(txt, "tabs.txt")) {
            assertThat(table.separator()).contains('\t');
            assertThat(rowsOf(table)).singleElement().satisfies(row -> assertThat(row.get("name")).isEqualTo("张三"));
        }
        try (TabularFile table = open(tsv, "tabs.tsv")) {
            assertThat(table.separator()).contains('\t');
            assertThat(rowsOf(table)).singleElement().satisfies(row -> assertThat(row.get("name")).isEqualTo("李四"));
        }
    }

    @Test
    void aQuotedFieldMayHoldCommasAndLineBreaksAndLaterLineNumbersStayTrue() throws IOException {
        Path file = write("quoted.csv", utf8("户编号,姓名,证件号码,联系电话\n"
                + "H001,\"张三,长名\",520201199001011234,\"138 0000\n0000\"\n"
                + "H002,李四,520201199203041234,\n"));

        try (TabularFile table = open(file, "quoted.csv")) {
            List<TabularRow> rows = rowsOf(table);
            assertThat(rows.get(0).get("name")).isEqualTo("张三,长名");
            assertThat(rows.get(0).raw("phone")).isEqualTo("138 0000\n0000");
            assertThat(rows.get(0).lineNumber()).isEqualTo(2);
            assertThat(rows.get(1).lineNumber()).isEqualTo(4);
            assertThat(rows.get(1).get("phone")).isEmpty();
        }
    }

    // ---- finding the header ---------------------------------------------------------------------

    @Test
    void findsTheHeaderBelowTitleRowsInCsvAndKeepsTrueLineNumbers() throws IOException {
        Path file = write("titled.csv", utf8("2018年建档立卡贫困人口信息表,,\n"
                + "填报单位：水城区扶贫办,,\n"
                + "\n"
                + "户编号,姓名,证件号码\n"
                + "H001,张三,520201199001011234\n"
                + ",,\n"
                + "H002,李四,520201199203041234\n"));

        try (TabularFile table = open(file, "titled.csv")) {
            assertThat(table.headerLine()).isEqualTo(4);
            assertThat(rowsOf(table)).extracting(TabularRow::lineNumber).containsExactly(5, 7);
        }
    }

    @Test
    void findsTheHeaderBelowAMergedTitleInXlsxAndKeepsTrueRowNumbers() throws IOException {
        Path file = xlsx("titled.xlsx", sheet -> {
            sheet.value(0, 0, "2018年建档立卡贫困人口信息表");
            sheet.range(0, 0, 0, 4).merge();
            sheet.value(1, 0, "说明：本表由乡镇填报");
            sheet.value(3, 0, "序号");
            sheet.value(3, 1, "证件号码");
            sheet.value(3, 2, "户编号");
            sheet.value(3, 3, "姓名");
            row(sheet, 4, 1, "520201199001011234", "H001", "张三");
            row(sheet, 6, 2, "520201199203041234", "H002", "李四");
            sheet.value(7, 1, "");
            sheet.value(9, 3, " ");
        });

        try (TabularFile table = open(file, "titled.xlsx")) {
            assertThat(table.encoding()).isEqualTo("XLSX");
            assertThat(table.separator()).isEmpty();
            assertThat(table.headerLine()).isEqualTo(4);
            assertThat(table.unknownColumns()).containsExactly("序号");
            List<TabularRow> rows = rowsOf(table);
            assertThat(rows).extracting(TabularRow::lineNumber).containsExactly(5, 7);
            assertThat(rows).extracting(row -> row.get("name")).containsExactly("张三", "李四");
        }
    }

    @Test
    void findsAHeaderWhoseColumnsAreGroupedUnderAMergedCellAbove() throws IOException {
        Path file = xlsx("grouped.xlsx", sheet -> {
            sheet.value(0, 0, "户编号");
            sheet.value(0, 1, "成员信息");
            sheet.range(0, 1, 0, 2).merge();
            sheet.value(1, 1, "姓名");
            sheet.value(1, 2, "证件号码");
            row(sheet, 2, "H001", "张三", "520201199001011234");
        });

        try (TabularFile table = open(file, "grouped.xlsx")) {
            assertThat(table.headerLine()).isEqualTo(2);
            assertThat(rowsOf(table)).singleElement().satisfies(row -> {
                assertThat(row.get("household_no")).isEqualTo("H001");
                assertThat(row.lineNumber()).isEqualTo(3);
            });
        }
    }

    @Test
    void acceptsEnglishAliasesInAnyCaseAndAnyColumnOrder() throws IOException {
        Path file = write("english.csv", utf8("ID_Number, Name ,HOUSEHOLD_NO,Phone\n520201199001011234,张三,H001,13800000000\n"));

        try (TabularFile table = open(file, "english.csv")) {
            assertThat(table.unknownColumns()).isEmpty();
            assertThat(rowsOf(table)).singleElement().satisfies(row -> {
                assertThat(row.get("household_no")).isEqualTo("H001");
                assertThat(row.get("name")).isEqualTo("张三");
                assertThat(row.get("id_number")).isEqualTo("520201199001011234");
                assertThat(row.get("phone")).isEqualTo("13800000000");
            });
        }
    }

    @Test
    void matchesChineseHeadersThatAreSpacedOutFullWidthOrMarkedRequired() throws IOException {
        Path file = write("marked.csv", utf8("*户编号,姓\u3000名,证件号码＊\nH001,张三,520201199001011234\n"));

        try (TabularFile table = open(file, "marked.csv")) {
            assertThat(rowsOf(table)).singleElement().satisfies(row -> assertThat(row.get("name")).isEqualTo("张三"));
        }
    }

    @Test
    void reportsUnknownColumnsAndIgnoresThem() throws IOException {
        Path file = write("extra.csv", utf8("序号,户编号,姓名,备注,证件号码,\n1,H001,张三,已核实,520201199001011234,\n"));

        try (TabularFile table = open(file, "extra.csv")) {
            assertThat(table.unknownColumns()).containsExactly("序号", "备注");
            assertThat(table.hasColumn("phone")).isFalse();
            assertThat(table.hasColumn("name")).isTrue();
            assertThat(rowsOf(table)).singleElement().satisfies(row -> {
                assertThat(row.get("id_number")).isEqualTo("520201199001011234");
                assertThat(row.get("phone")).isEmpty();
                assertThat(row.raw("phone")).isEmpty();
            });
        }
    }

    @Test
    void refusesAFileWithoutARequiredColumnNamingIt() throws IOException {
        Path file = write("missing.csv", utf8("标题\n户编号,姓名,联系电话\nH001,张三,138\n"));

        assertThatThrownBy(() -> open(file, "缺列.csv"))
                .isInstanceOfSatisfying(TabularFileException.class, e -> {
                    assertThat(e.messageKey()).isEqualTo("tabular.missingColumns");
                    assertThat(e.fileName()).isEqualTo("缺列.csv");
                    assertThat(e.arguments()).containsExactly("缺列.csv", "证件号码 (id_number)");
                });
    }

    @Test
    void refusesAnXlsxWithoutARequiredColumnNamingThemAll() throws IOException {
        Path file = xlsx("missing.xlsx", sheet -> row(sheet, 0, "户编号", "联系电话"));

        assertThatThrownBy(() -> open(file, "missing.xlsx"))
                .isInstanceOfSatisfying(TabularFileException.class, e -> {
                    assertThat(e.messageKey()).isEqualTo("tabular.missingColumns");
                    assertThat(e.arguments()).containsExactly("missing.xlsx", "姓名 (name), 证件号码 (id_number)");
                });
    }

    @Test
    void refusesAColumnGivenTwice() throws IOException {
        Path file = write("twice.csv", utf8("户编号,姓名,证件号码,name\nH001,张三,520201199001011234,张三\n"));

        assertThatThrownBy(() -> open(file, "twice.csv"))
                .isInstanceOfSatisfying(TabularFileException.class, e -> {
                    assertThat(e.messageKey()).isEqualTo("tabular.duplicateColumn");
                    assertThat(e.arguments()).containsExactly("twice.csv", "name");
                });
    }

    @Test
    void refusesAFileWithNoRecognisableHeader() throws IOException {
        Path text = write("other.csv", utf8("a,b,c\n1,2,3\n"));
        Path empty = write("empty.csv", new byte[0]);

        for (Path file : List.of(text, empty)) {
            assertThatThrownBy(() -> open(file, file.getFileName().toString()))
                    .isInstanceOfSatisfying(TabularFileException.class, e -> {
                        assertThat(e.messageKey()).isEqualTo("tabular.noHeader");
                        assertThat(e.arguments()).containsExactly(file.getFileName().toString());
                    });
        }
    }

    // ---- values ---------------------------------------------------------------------------------

    @Test
    void foldsFullWidthDigitsLettersAndIdeographicSpaces() throws IOException {
        Path file = write("wide.csv", utf8("户编号,姓名,证件号码,务工时间\n"
                + "\u3000Ｈ００１ ,张\u3000三,５２０２０１１９９００１０１１２３Ｘ,（１２）\n"));

        try (TabularFile table = open(file, "wide.csv")) {
            assertThat(rowsOf(table)).singleElement().satisfies(row -> {
                assertThat(row.get("household_no")).isEqualTo("H001");
                assertThat(row.raw("household_no")).isEqualTo("\u3000Ｈ００１ ");
                assertThat(row.get("name")).isEqualTo("张 三");
                assertThat(row.get("id_number")).isEqualTo("52020119900101123X");
                assertThat(row.get("migrant_months")).isEqualTo("(12)");
            });
        }
    }

    @Test
    void flagsNumbersFromXlsxSoALostIdNumberIsRefusedNotGuessed() throws IOException {
        Path file = xlsx("numbers.xlsx", sheet -> {
            row(sheet, 0, "户编号", "姓名", "证件号码", "务工时间", "联系电话");
            sheet.value(1, 0, "H001");
            sheet.value(1, 1, "张三");
            sheet.value(1, 2, 520201199001011234L);
            sheet.value(1, 3, 12.0);
            sheet.value(1, 4, 0.1 + 0.2);
            row(sheet, 2, "H002", "李四", "520201199203041234", "6", "");
            sheet.value(2, 4, LocalDate.of(2018, 9, 12));
        });

        try (TabularFile table = open(file, "numbers.xlsx")) {
            List<TabularRow> rows = rowsOf(table);
            TabularRow lost = rows.get(0);
            assertThat(lost.wasNumber("id_number")).isTrue();
            assertThat(lost.get("id_number")).isNotEqualTo("520201199001011234").doesNotContain("E");
            assertThat(lost.get("migrant_months")).isEqualTo("12");
            assertThat(lost.wasNumber("migrant_months")).isTrue();
            assertThat(lost.get("phone")).isEqualTo("0.3");
            assertThat(lost.wasNumber("name")).isFalse();

            TabularRow kept = rows.get(1);
            assertThat(kept.wasNumber("id_number")).isFalse();
            assertThat(kept.get("id_number")).isEqualTo("520201199203041234");
            assertThat(kept.get("phone")).as("a date stays its serial number").isEqualTo("43355");
            assertThat(kept.wasNumber("phone")).isTrue();
        }
    }

    @Test
    void skipsTrailingEmptyRows() throws IOException {
        Path csv = write("trailing.csv", utf8("户编号,姓名,证件号码\nH001,张三,520201199001011234\n,,\n , ,\n\n\n"));
        Path xlsx = xlsx("trailing.xlsx", sheet -> {
            row(sheet, 0, "户编号", "姓名", "证件号码");
            row(sheet, 1, "H001", "张三", "520201199001011234");
            row(sheet, 2, "", "", "");
            row(sheet, 30, "\u3000", "", "");
        });

        for (Path file : List.of(csv, xlsx)) {
            try (TabularFile table = open(file, file.getFileName().toString())) {
                assertThat(rowsOf(table)).extracting(TabularRow::lineNumber).containsExactly(2);
            }
        }
    }

    // ---- refusals of the file itself ------------------------------------------------------------

    @Test
    void refusesTypesItCannotRead() throws IOException {
        Path file = write("old.xls", utf8("户编号,姓名,证件号码\n"));

        for (String name : List.of("old.xls", "scan.pdf", "noextension")) {
            assertThatThrownBy(() -> open(file, name))
                    .isInstanceOfSatisfying(TabularFileException.class, e -> {
                        assertThat(e.messageKey()).isEqualTo("tabular.unsupportedType");
                        assertThat(e.arguments()).containsExactly(name);
                    });
        }
    }

    @Test
    void refusesACorruptWorkbookAsUnreadable() throws IOException {
        byte[] random = new byte[4096];
        new Random(42).nextBytes(random);
        Path validFile = xlsx("valid.xlsx", sheet -> {
            row(sheet, 0, "户编号", "姓名", "证件号码");
            for (int r = 1; r < 500; r++) {
                row(sheet, r, "H" + r, "张三", "520201199001011234");
            }
        });
        byte[] valid = Files.readAllBytes(validFile);
        byte[] ole2 = concat(new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1}, random);

        List<Path> broken = List.of(
                write("random.xlsx", random),
                write("truncated.xlsx", Arrays.copyOf(valid, valid.length / 2)),
                write("zipped-noise.xlsx", concat(new byte[] {'P', 'K', 3, 4}, random)),
                write("renamed.xlsx", ole2),
                write("cut-sheet.xlsx", withTruncatedSheet(validFile)));
        for (Path file : broken) {
            assertThatThrownBy(() -> {
                try (TabularFile table = open(file, file.getFileName().toString())) {
                    rowsOf(table);
                }
            }).isInstanceOfSatisfying(TabularFileException.class, e -> {
                assertThat(e.messageKey()).isEqualTo("tabular.unreadable");
                assertThat(e.arguments()).hasSize(2);
                assertThat(e.arguments()[0]).isEqualTo(file.getFileName().toString());
                assertThat((String) e.arguments()[1]).isNotBlank();
            });
        }
    }

    @Test
    void refusesAWorkbookNamedAsText() throws IOException {
        Path file = xlsx("really.xlsx", sheet -> row(sheet, 0, "户编号", "姓名", "证件号码"));

        assertThatThrownBy(() -> open(file, "really.csv"))
                .isInstanceOfSatisfying(TabularFileException.class,
                        e -> assertThat(e.messageKey()).isEqualTo("tabular.unreadable"));
    }

    // ---- streaming ------------------------------------------------------------------------------

    @Test
    void streamsAFileOfTwoHundredThousandRows() throws IOException {
        Path file = dir.resolve("large.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, GB18030)) {
            out.write("户编号,姓名,证件号码,务工时间\r\n");
            for (int i = 1; i <= 200_000; i++) {
                out.write("H" + i + ",王𠈌" + i + ",5202011990010" + String.format("%05d", i) + "," + (i % 13) + "\r\n");
            }
        }

        long rows = 0;
        long months = 0;
        int lastLine = 0;
        try (TabularFile table = open(file, "large.csv")) {
            assertThat(table.encoding()).isEqualTo("GB18030");
            for (TabularRow row : table) {
                rows++;
                months += Integer.parseInt(row.get("migrant_months"));
                lastLine = row.lineNumber();
            }
        }
        assertThat(rows).isEqualTo(200_000);
        assertThat(lastLine).isEqualTo(200_001);
        long expectedMonths = 0;
        for (int i = 1; i <= 200_000; i++) {
            expectedMonths += i % 13;
        }
        assertThat(months).isEqualTo(expectedMonths);
    }

    @Test
    void rowsAsAStreamCloseTheFileAndAreReadOnce() throws IOException {
        Path file = write("stream.csv", utf8("户编号,姓名,证件号码\nH001,张三,1\nH002,李四,2\n"));

        TabularFile table = open(file, "stream.csv");
        try (Stream<TabularRow> rows = table.rows()) {
            assertThat(rows.map(row -> row.get("household_no"))).containsExactly("H001", "H002");
        }
        assertThatThrownBy(table::iterator).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> open(file, "stream.csv").iterator().next().get("nonsense"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static TabularFile open(Path file, String name) {
        return TabularFile.open(file, name, COLUMNS);
    }

    private static List<TabularRow> rowsOf(TabularFile table) {
        List<TabularRow> rows = new ArrayList<>();
        table.forEach(rows::add);
        return rows;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** A well-formed package whose sheet XML breaks off in the middle, so the failure comes while streaming. */
    private static byte[] withTruncatedSheet(Path xlsx) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // read through the central directory: the local headers fastexcel writes carry no sizes
        try (ZipFile in = new ZipFile(xlsx.toFile()); ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry entry : Collections.list(in.entries())) {
                byte[] content;
                try (InputStream part = in.getInputStream(entry)) {
                    content = part.readAllBytes();
                }
                if (entry.getName().equals("xl/worksheets/sheet1.xml")) {
                    content = Arrays.copyOf(content, content.length * 2 / 3);
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(content);
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static void row(Worksheet sheet, int r, Object... cells) {
        for (int c = 0; c < cells.length; c++) {
            if (cells[c] instanceof Number n) {
                sheet.value(r, c, n);
            } else {
                sheet.value(r, c, (String) cells[c]);
            }
        }
    }

    private Path xlsx(String name, Consumer<Worksheet> content) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); Workbook workbook = new Workbook(out, "Counterpart", "1.0")) {
            Worksheet sheet = workbook.newWorksheet("Sheet1");
            content.accept(sheet);
            sheet.finish();
        }
        return file;
    }
}
