package org.counterpart.shared;

import org.counterpart.support.HostileFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files that would take the server's memory or time are refused while they are read, naming the part and the limit. */
class UploadLimitsTest {

    private static final List<TabularColumn> COLUMNS = List.of(
            TabularColumn.required("household_no", "户编号", "household_no"),
            TabularColumn.required("name", "姓名", "name"));
    private static final List<String> HEADER = List.of("户编号", "姓名");

    @TempDir
    Path dir;

    @Test
    void aWorkbookOfAMegabyteWhoseOneCellExpandsToAGigabyteIsRefusedAtTheCellLimitInAFewMilliseconds() throws IOException {
        Path bomb = HostileFiles.hugeCell(dir.resolve("bomb.xlsx"), HEADER, 1L << 30);
        assertThat(Files.size(bomb)).as("the bomb is small on disk").isLessThan(3L << 20);
        long started = System.nanoTime();
        refused(bomb, UploadLimits.defaults(), e -> {
            assertThat(e.messageKey()).isEqualTo("tabular.limit.cell");
            assertThat(e.arguments()).containsExactly("bomb.xlsx", "xl/worksheets/sheet1.xml", 2L, "128 KB");
        });
        assertThat((System.nanoTime() - started) / 1_000_000).as("milliseconds: the scan stops at the limit").isLessThan(5_000);
    }

    @Test
    void aSharedStringOfAGigabyteIsRefusedAsOneText() throws IOException {
        Path bomb = HostileFiles.hugeSharedString(dir.resolve("strings.xlsx"), HEADER, 1L << 30);
        refused(bomb, UploadLimits.defaults(), e -> {
            assertThat(e.messageKey()).isEqualTo("tabular.limit.sharedString");
            assertThat(e.arguments()).containsExactly("strings.xlsx", "xl/sharedStrings.xml", 1L, "128 KB");
        });
    }

    @Test
    void documentTypesAreRefusedSoNeitherEntityBombsNorExternalEntitiesAreRead() throws IOException {
        for (boolean external : new boolean[] {false, true}) {
            Path bomb = HostileFiles.entityBomb(dir.resolve("entities-" + external + ".xlsx"), HEADER, external);
            refused(bomb, UploadLimits.defaults(), e -> {
                assertThat(e.messageKey()).isEqualTo("tabular.limit.doctype");
                assertThat(e.arguments()[1]).isEqualTo("xl/worksheets/sheet1.xml");
            });
        }
    }

    @Test
    void aRowBeyondTheLastColumnIsRefusedByItsCellsAndByItsReferences() throws IOException {
        Path wide = HostileFiles.manyCells(dir.resolve("wide.xlsx"), HEADER, 1, 1025);
        refused(wide, UploadLimits.defaults(), e -> {
            assertThat(e.messageKey()).isEqualTo("tabular.limit.columns");
            assertThat(e.arguments()).containsExactly("wide.xlsx", "xl/worksheets/sheet1.xml", 2L, 1024);
        });
        Path far = HostileFiles.withRows(dir.resolve("far.xlsx"), HEADER,
                new HostileFiles.Part().add("<row r=\"2\"><c r=\"ZZZZZZZ2\" t=\"inlineStr\"><is><t>x</t></is></c></row>"));
        refused(far, UploadLimits.defaults(), e -> assertThat(e.messageKey()).isEqualTo("tabular.limit.columns"));
    }

    @Test
    void aLongRowAPartTheWholeWorkbookAndARatioEachHaveTheirLimit() throws IOException {
        UploadLimits small = new UploadLimits(1024, 8 * 1024, 1024, 4L << 20, 1L << 20, 8L << 20, Integer.MAX_VALUE, 100);
        Path longRow = HostileFiles.manyCells(dir.resolve("long-row.xlsx"), HEADER, 1, 1000);
        refused(longRow, small, e -> {
            assertThat(e.messageKey()).isEqualTo("tabular.limit.row");
            assertThat(e.arguments()).containsExactly("long-row.xlsx", "xl/worksheets/sheet1.xml", 2L, "8 KB");
        });
        Path big = HostileFiles.manyCells(dir.resolve("big.xlsx"), HEADER, 20_000, 10);
        refused(big, small, e -> assertThat(e.messageKey()).isEqualTo("tabular.limit.part"));

        UploadLimits wholeWorkbook = new UploadLimits(1024, 8 * 1024, 1024, 4L << 20, 4L << 20, 5L << 20, Integer.MAX_VALUE, 100);
        java.util.Map<String, HostileFiles.Part> parts = new java.util.LinkedHashMap<>();
        HostileFiles.plain(HEADER).forEach((name, bytes) -> parts.put(name, new HostileFiles.Part().add(bytes, 1)));
        byte[] row = "<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>".getBytes(StandardCharsets.US_ASCII);
        byte[] text = "<si><t>x</t></si>".getBytes(StandardCharsets.US_ASCII);
        parts.put("xl/worksheets/sheet1.xml", new HostileFiles.Part().add("<worksheet><sheetData>").add(row, (3 << 20) / row.length).add("</sheetData></worksheet>"));
        parts.put("xl/sharedStrings.xml", new HostileFiles.Part().add("<sst>").add(text, (3 << 20) / text.length).add("</sst>"));
        Path twoParts = dir.resolve("two-parts.xlsx");
        HostileFiles.write(twoParts, parts);
        refused(twoParts, wholeWorkbook, e -> assertThat(e.arguments()).containsExactly("two-parts.xlsx", "5 MB"));

        Path dense = HostileFiles.manyCells(dir.resolve("dense.xlsx"), HEADER, 200, 1000);
        refused(dense, UploadLimits.defaults(), e -> {
            assertThat(e.messageKey()).isEqualTo("tabular.limit.ratio");
            assertThat(e.arguments()).containsExactly("dense.xlsx", "xl/worksheets/sheet1.xml", 200);
        });
    }

    @Test
    void anOrdinaryWorkbookPassesEveryCheck() throws IOException {
        Path fine = HostileFiles.withRows(dir.resolve("fine.xlsx"), HEADER, new HostileFiles.Part()
                .add("<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>H1</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>张三</t></is></c></row>"));
        try (TabularFile file = TabularFile.open(fine, "fine.xlsx", COLUMNS)) {
            assertThat(file.iterator().next().get("name")).isEqualTo("张三");
        }
    }

    @Test
    void aCsvFieldLineOrRowBeyondItsLimitIsRefusedNamingTheLine() throws IOException {
        Path quote = dir.resolve("quote.csv");
        try (OutputStream out = Files.newOutputStream(quote)) {
            out.write("户编号,姓名\nH1,张三\nH2,\"".getBytes(StandardCharsets.UTF_8));
            byte[] chunk = "李四,".repeat(10_000).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 200; i++) {
                out.write(chunk);
            }
        }
        refused(quote, UploadLimits.defaults(), e -> {
            assertThat(e.messageKey()).isIn("tabular.limit.csvCell", "tabular.limit.csvLine");
            assertThat(e.arguments()[1]).isEqualTo(3L);
        });
        Path wide = dir.resolve("wide.csv");
        Files.writeString(wide, "户编号,姓名\nH1,张三\n" + "x,".repeat(2000) + "\n", StandardCharsets.UTF_8);
        refused(wide, UploadLimits.defaults(), e -> {
            assertThat(e.messageKey()).isEqualTo("tabular.limit.csvColumns");
            assertThat(e.arguments()).containsExactly("wide.csv", 3L, 1024);
        });
    }

    @Test
    void oneInvalidByteInUtf8TextIsReportedWithItsLineAndByteNotAsAMissingHeader() throws IOException {
        byte[] before = "户编号,姓名\nH1,张三\nH2,李".getBytes(StandardCharsets.UTF_8);
        byte[] after = "四\n".getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[before.length + 1 + after.length];
        System.arraycopy(before, 0, file, 0, before.length);
        file[before.length] = (byte) 0xFF;
        System.arraycopy(after, 0, file, before.length + 1, after.length);
        Path plain = Files.write(dir.resolve("damaged.csv"), file);
        int lineStart = "户编号,姓名\nH1,张三\n".getBytes(StandardCharsets.UTF_8).length;
        refused(plain, UploadLimits.defaults(), e -> {
            assertThat(e.messageKey()).isEqualTo("tabular.invalidUtf8");
            assertThat(e.arguments()).containsExactly("damaged.csv", 3L, (long) (before.length - lineStart + 1), (long) before.length + 1);
        });

        byte[] bom = new byte[file.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(file, 0, bom, 3, file.length);
        Path marked = Files.write(dir.resolve("damaged-bom.csv"), bom);
        refused(marked, UploadLimits.defaults(), e -> {
            assertThat(e.messageKey()).isEqualTo("tabular.invalidUtf8");
            assertThat(e.arguments()[1]).isEqualTo(3L);
        });
    }

    private static void refused(Path file, UploadLimits limits, Consumer<TabularFileException> check) {
        assertThatThrownBy(() -> {
            try (TabularFile table = TabularFile.open(file, file.getFileName().toString(), COLUMNS, limits)) {
                table.forEach(row -> { });
            }
        }).isInstanceOfSatisfying(TabularFileException.class, check);
    }
}
