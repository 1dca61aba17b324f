package org.counterpart.web;

import org.counterpart.geography.Regions;
import org.counterpart.registry.RegistryGenerator;
import org.counterpart.support.Claims;
import org.counterpart.support.HostileFiles;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, "no crash by upload": files and values made to break the server, sent as an attacker
 * would, through real HTTP to the registry import, a ledger import and a few forms and lists. Nothing
 * answers 500 or shows a stack trace, every refusal says why, a refused file stores nothing, and the
 * server goes on serving. The generated cases come from a fixed seed, printed with the case that fails.
 */
@IntegrationTest
@Claims("2104")
class HostileInputTest {

    /** 抚顺县, in the claimed 抚顺市: the only place the few accepted records of this class may land. */
    static final String COUNTY = "210421";
    static final long SEED = 20181209L;
    static final Pattern STACK_TRACE = Pattern.compile(
            "\\bat (org|java|jdk|sun|com)\\.[\\w.$]+\\(|Caused by:|\\b\\w+(Exception|Error)\\b(?![\\w-])");
    static final List<String> HOSTILE_TEXTS = List.of(
            "=HYPERLINK(\"http://evil.example/\",\"点击\")", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C notepad'!'A1'", "@SUM(1+1)*cmd|' /C calc'!A0",
            "\t=1+1", "\r=1+1", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(document.cookie)",
            "'; drop table household; --", "${7*7}", "#{7*7}", "[[${T(java.lang.Runtime).getRuntime()}]]", "{{7*7}}", "%00", "\u0000",
            "\u202Egpj.exe", "\uFEFF", "\uD800", "a\u0007b\u001Bc", "𠀀𠀁𠀂", "Ｈ１", "１２３４５", "&lt;b&gt;", "&amp;&#0;", "../../../../etc/passwd",
            "C:\\Windows\\win.ini", "NUL", "CON", "0x7fffffff", "99999999999999999999", "-1", "1e309", "NaN", "2147483648", "", " ", "　");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RegistryGenerator generator;

    @Autowired
    Regions regions;

    @Autowired
    org.counterpart.cooperation.LedgerImport ledgerImport;

    /** The training template's Chinese headers: title, place, owner, started, ended, cost, participants, note, beneficiaries. */
    List<String> trainingHeader() {
        return ledgerImport.columns(org.counterpart.cooperation.Ledger.TRAINING).stream()
                .map(org.counterpart.shared.TabularColumn::chineseHeader).toList();
    }

    @TempDir
    Path dir;

    // ---- a workbook that expands to a gigabyte -------------------------------------------------------

    @Test
    void aWorkbookOfAMegabyteWhoseCellExpandsToAGigabyteIsRefusedByBothImportsAndTheServerKeepsServing() throws Exception {
        Path bomb = HostileFiles.hugeCell(dir.resolve("bomb.xlsx"), List.of("户编号", "姓名"), 1L << 30);
        assertThat(Files.size(bomb)).as("bytes on disk").isLessThan(2L << 20);
        WebSession admin = WebSession.signedIn(port, "admin");
        Map<String, Long> before = counts();

        WebSession.Page registry = registryResult(admin, admin.upload("/registry/imports", bomb, "bomb.xlsx"));
        assertThat(registry.status()).isEqualTo(200);
        assertThat(registry.text()).contains("bomb.xlsx").contains("xl/worksheets/sheet1.xml").contains("第 2 行").contains("128 KB")
                .contains("单元格");
        assertThat(jdbc.sql("select status from import_run where file_name = 'bomb.xlsx' order by id desc fetch first 1 rows only")
                .query(String.class).single()).as("the run ends refused, not left checking").isEqualTo("refused");

        WebSession.Page started = admin.upload("/ledgers/training/import", bomb, "bomb.xlsx");
        assertThat(started.status()).as(started.body()).isEqualTo(302);
        WebSession.Page ledger = admin.afterJob(started);
        assertThat(ledger.status()).isEqualTo(200);
        assertThat(ledger.body()).contains("id=\"file-refused\"");
        assertThat(ledger.text()).contains("xl/worksheets/sheet1.xml").contains("128 KB");

        assertThat(counts()).as("nothing stored").isEqualTo(before);
        assertThat(admin.get("/").status()).as("the server still serves").isEqualTo(200);
        assertThat(admin.get("/registry/imports").status()).isEqualTo(200);
    }

    // ---- file names and page numbers -------------------------------------------------------------------

    @Test
    void aFileNameOf240BytesOrWithANulIsKeptCleanedAndTheUploadAnsweredNot500() throws Exception {
        Path file = dir.resolve("one.csv");
        Files.writeString(file, "户编号,姓名\nH1,张三\n", StandardCharsets.UTF_8);
        WebSession admin = WebSession.signedIn(port, "admin");
        for (String name : List.of("bad\u0000name.csv", "nul\u0000.xlsx")) {
            for (String importPage : List.of("/registry/imports", "/ledgers/training/import")) {
                WebSession.Page refused = admin.upload(importPage, file, name);
                assertThat(refused.status()).as(importPage).isEqualTo(400);
                assertThat(refused.text()).contains("控制字符").contains("NUL").doesNotContainPattern(STACK_TRACE);
            }
        }
        for (String name : List.of("a".repeat(236) + ".csv", "训".repeat(78) + ".csv", "..\\..\\windows\\evil.csv", "\u0001\u0002.csv",
                "\u202Ecod.exe.csv")) {
            WebSession.Page registry = admin.upload("/registry/imports", file, name);
            assertThat(registry.status()).as("registry import of %s: %s", name.length(), registry.body()).isEqualTo(302);
            WebSession.Page result = registryResult(admin, registry);
            assertThat(result.status()).isEqualTo(200);
            assertThat(result.body()).doesNotContain("\u0000").doesNotContain("windows\\");

            WebSession.Page ledger = admin.upload("/ledgers/training/import", file, name);
            assertThat(ledger.status()).as("ledger import of %s: %s", name.length(), ledger.body()).isEqualTo(302);
            assertThat(admin.afterJob(ledger).status()).isEqualTo(200);
        }
        assertThat(jdbc.sql("select max(length(file_name)) from import_run").query(Integer.class).single()).isLessThanOrEqualTo(200);
    }

    /** PostgreSQL cannot store or compare text with NUL: it failed there with a 500 wherever such a value reached SQL. */
    @Test
    void aNulCharacterInACellOrAValueIsRefusedWithAMessage() throws Exception {
        WebSession admin = WebSession.signedIn(port, "admin");
        Map<String, Long> before = counts();
        Path ledgerFile = Files.writeString(dir.resolve("nul-ledger.csv"), String.join(",", trainingHeader()) + "\n"
                + "抚顺县\u0000培训班," + COUNTY + "," + COUNTY + ",2018-06-04,,1000,10,,\n", StandardCharsets.UTF_8);
        WebSession.Page ledger = admin.afterJob(admin.upload("/ledgers/training/import?dryRun=false", ledgerFile, "nul-ledger.csv"));
        assertThat(ledger.body()).contains("id=\"file-refused\"");
        assertThat(ledger.text()).contains("NUL").contains("第 2 行");

        Path registryBase = dir.resolve("nul-registry.csv");
        generator.write(new RegistryGenerator.Spec(1, List.of(2018), regions.code(COUNTY), SEED, 0), registryBase);
        String registryCsv = Files.readString(registryBase, StandardCharsets.UTF_8);
        int secondLine = registryCsv.indexOf('\n') + 1;
        Path registryFile = Files.writeString(registryBase, registryCsv.substring(0, secondLine) + "X\u0000" + registryCsv.substring(secondLine),
                StandardCharsets.UTF_8);
        WebSession.Page registry = registryResult(admin, admin.upload("/registry/imports", registryFile, "nul-registry.csv"));
        assertThat(registry.text()).contains("NUL").contains("第 2 行");

        for (String address : List.of("/institutions?q=a%00b", "/registry/households?no=%00", "/ledgers/funds?q=%00", "/regions?q=%00")) {
            WebSession.Page refused = admin.get(address);
            assertThat(refused.status()).as(address).isEqualTo(400);
            assertThat(refused.text()).as(address).contains("NUL");
        }
        WebSession.Page api = admin.get("/api/registry/households?region=%00");
        assertThat(api.status()).isEqualTo(400);
        assertThat(api.text()).contains("NUL");
        admin.get("/ledgers/training/new");
        WebSession.Page form = admin.post("/ledgers/training/new", Map.of("title", "a\u0000b", "place_code", COUNTY, "owner", COUNTY));
        assertThat(form.status()).isEqualTo(400);
        assertThat(form.text()).contains("NUL");
        assertThat(new WebSession(port).login("admin\u0000", "x").status()).isEqualTo(400);
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void aPageNumberBeyondAnIntNegativeOrNotANumberIsRefusedWithAMessageOnEveryList() {
        WebSession admin = WebSession.signedIn(port, "admin");
        List<String> lists = List.of("/registry/households", "/ledgers/funds", "/institutions", "/registry/monitoring", "/registry/duplicates",
                "/registry/crosschecks", "/audit");
        for (String page : List.of("2147483648", "2147483647", "1000001", "-1", "abc", "1e3", "%E2%80%AE1")) {
            for (String list : lists) {
                WebSession.Page answer = admin.get(list + "?page=" + page);
                assertThat(answer.status()).as("%s?page=%s", list, page).isEqualTo(400);
                assertThat(answer.text()).as("%s?page=%s", list, page).contains("页码").contains("1,000,000");
            }
            WebSession.Page api = admin.get("/api/registry/households?page=" + page);
            assertThat(api.status()).as("api page=%s", page).isEqualTo(400);
            assertThat(api.text()).contains("page");
        }
        assertThat(admin.get("/registry/households?page=1000000").status()).isEqualTo(200);
        assertThat(admin.get("/ledgers/funds?page=").status()).isEqualTo(200);
    }

    // ---- formula injection in what we write -----------------------------------------------------------

    @Test
    void textThatLooksLikeAFormulaIsExportedAsTextNeverAsAFormula() throws Exception {
        WebSession admin = WebSession.signedIn(port, "admin");
        List<String> formulas = List.of("=HYPERLINK(\"http://evil.example/\",\"x\")", "+1+cmd|' /C calc'!A0", "-1+1", "@SUM(A1:A2)");
        StringBuilder csv = new StringBuilder(String.join(",", trainingHeader())).append('\n');
        for (String formula : formulas) {
            csv.append(quoted(formula)).append(',').append(COUNTY).append(',').append(COUNTY).append(",2018-06-04,,1000,10,")
                    .append(quoted(formula)).append(",\n");
        }
        Path file = Files.writeString(dir.resolve("formulas.csv"), csv, StandardCharsets.UTF_8);
        WebSession.Page result = admin.afterJob(admin.upload("/ledgers/training/import?dryRun=false", file, "formulas.csv"));
        assertThat(result.body()).as(result.text()).doesNotContain("id=\"file-refused\"").doesNotContain("id=\"problems\"");

        WebSession.Page export = admin.get("/ledgers/training/export.xlsx?year=2018&place=" + COUNTY);
        assertThat(export.status()).isEqualTo(200);
        List<Cell> found = new ArrayList<>();
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(export.bytes()))) {
            workbook.getFirstSheet().read().forEach(row -> row.forEach(cell -> {
                if (cell != null && formulas.contains(cell.getRawValue())) {
                    found.add(cell);
                }
            }));
        }
        assertThat(found).as("every formula-like title and note is in the export").hasSizeGreaterThanOrEqualTo(formulas.size());
        assertThat(found).allSatisfy(cell -> {
            assertThat(cell.getType()).isEqualTo(CellType.STRING);
            assertThat(cell.getFormula()).isNull();
        });
    }

    // ---- a thousand hostile files and values -------------------------------------------------------------

    @Test
    void aThousandHostileFilesAndFormValuesAreAnsweredWithoutA500AStackTraceOrAnythingStoredHalfWay() throws Exception {
        Random random = new Random(SEED);
        WebSession admin = WebSession.signedIn(port, "admin");
        Path registryBase = dir.resolve("registry-base.csv");
        generator.write(new RegistryGenerator.Spec(3, List.of(2018), regions.code(COUNTY), SEED, 0), registryBase);
        String registryCsv = Files.readString(registryBase, StandardCharsets.UTF_8);
        String trainingCsv = String.join(",", trainingHeader()) + "\n" + "抚顺县养殖培训班," + COUNTY + "," + COUNTY + ",2018-06-04,,1000,10,,\n";
        Map<String, Long> before = counts();
        admin.get("/ledgers/training/new"); // a page with the session's CSRF token, which every later post sends
        long started = System.nanoTime();
        int cases = 0;

        for (int i = 0; i < 40; i++, cases++) {
            Hostile file = hostileFile(random, registryCsv, "registry-" + i, List.of(registryCsv.substring(0, registryCsv.indexOf('\n')).replace("\uFEFF", "").split(",")));
            String context = "seed " + SEED + ", registry case " + i + " (" + file.what() + ")";
            WebSession.Page answer = admin.uploadWithLastToken("/registry/imports", file.path(), file.name());
            checked(answer, context);
            if (answer.status() == 302) {
                WebSession.Page result = registryResult(admin, answer);
                checked(result, context);
                assertThat(result.text()).as(context).doesNotContain("导入失败");
            }
        }
        assertThat(counts()).as("registry dry runs store nothing").isEqualTo(before);
        long registrySeconds = (System.nanoTime() - started) / 1_000_000_000;

        for (int i = 0; i < 260; i++, cases++) {
            Hostile file = hostileFile(random, trainingCsv, "training-" + i, trainingHeader());
            String context = "seed " + SEED + ", ledger case " + i + " (" + file.what() + ")";
            Map<String, Long> beforeCase = i % 4 == 0 ? counts() : Map.of();
            WebSession.Page answer = admin.uploadWithLastToken("/ledgers/training/import" + (i % 4 == 0 ? "?dryRun=false" : ""), file.path(), file.name());
            checked(answer, context);
            if (answer.status() == 302) {
                WebSession.Page result = admin.afterJob(answer);
                checked(result, context);
                if (result.body().contains("id=\"file-refused\"") && i % 4 == 0) {
                    assertThat(counts()).as(context + ": a refused file stores nothing").isEqualTo(beforeCase);
                }
            }
        }

        long ledgerSeconds = (System.nanoTime() - started) / 1_000_000_000 - registrySeconds;
        long[] nanosByKind = new long[6];
        for (int i = 0; i < 720; i++, cases++) {
            String context = "seed " + SEED + ", form case " + i;
            long caseStarted = System.nanoTime();
            // each kind twice in twelve, the places search (which scans every division) once, the training form three times
            int kind = new int[] {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 5, 5}[i % 12];
            WebSession.Page answer = switch (kind) {
                case 0 -> admin.get("/registry/households?" + query(random, "year", "region", "status", "no", "page"));
                case 1 -> admin.get("/ledgers/funds?" + query(random, "year", "place", "q", "page"));
                case 2 -> admin.get("/institutions?" + query(random, "q", "kind", "page"));
                case 3 -> admin.get("/api/registry/households?" + query(random, "year", "region", "page", "size"));
                case 4 -> admin.get("/regions?" + query(random, "q"));
                default -> admin.post("/ledgers/training/new", trainingForm(random));
            };
            nanosByKind[kind] += System.nanoTime() - caseStarted;
            checked(answer, context + " " + answer.status());
        }

        assertThat(cases).isGreaterThanOrEqualTo(1000);
        long seconds = (System.nanoTime() - started) / 1_000_000_000;
        System.out.println("HostileInputTest: " + cases + " hostile cases in " + seconds + " s (registry imports " + registrySeconds
                + " s, ledger imports " + ledgerSeconds + " s, forms and lists " + (seconds - registrySeconds - ledgerSeconds) + " s: households, funds, institutions, API, places, training form "
                + java.util.Arrays.toString(java.util.Arrays.stream(nanosByKind).map(n -> n / 1_000_000).toArray()) + " ms; seed " + SEED + ")");
        assertThat(counts().get("household")).isEqualTo(before.get("household"));
        assertThat(counts().get("person")).isEqualTo(before.get("person"));
        assertThat(admin.get("/").status()).isEqualTo(200);
    }

    /** Generated hostile input: what it is (for the failure message), the file and the name it is uploaded under. */
    record Hostile(String what, Path path, String name) {
    }

    private Hostile hostileFile(Random random, String validCsv, String base, List<String> header) throws IOException {
        int kind = random.nextInt(22);
        String name = base + ".csv";
        byte[] bytes;
        String what;
        switch (kind) {
            case 0 -> {
                bytes = validCsv.getBytes(StandardCharsets.UTF_8);
                for (int flips = 1 + random.nextInt(5); flips > 0; flips--) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                what = "bytes flipped";
            }
            case 1 -> {
                bytes = inject(validCsv, String.valueOf((char) random.nextInt(32)) + (char) 0x7F + "\u202E", random).getBytes(StandardCharsets.UTF_8);
                what = "control characters";
            }
            case 2 -> {
                bytes = inject(validCsv, "x".repeat(130_000 + random.nextInt(500_000)), random).getBytes(StandardCharsets.UTF_8);
                what = "a huge cell";
            }
            case 3 -> {
                bytes = (validCsv + "\"" + "未闭合的引号,".repeat(150_000 + random.nextInt(150_000))).getBytes(StandardCharsets.UTF_8);
                what = "a quote never closed";
            }
            case 4 -> {
                bytes = (validCsv + "x,".repeat(1025 + random.nextInt(3000)) + "\n").getBytes(StandardCharsets.UTF_8);
                what = "too many columns";
            }
            case 5 -> {
                bytes = validCsv.getBytes(random.nextBoolean() ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE);
                what = "UTF-16 without a byte-order mark";
            }
            case 6 -> {
                byte[] text = validCsv.getBytes(StandardCharsets.UTF_8);
                bytes = new byte[text.length + 1];
                int at = text.length / 2 + random.nextInt(text.length / 2);
                System.arraycopy(text, 0, bytes, 0, at);
                bytes[at] = (byte) (0xF8 + random.nextInt(8));
                System.arraycopy(text, at, bytes, at + 1, text.length - at);
                what = "one invalid UTF-8 byte";
            }
            case 7 -> {
                bytes = validCsv.getBytes(Charset.forName("GB18030"));
                what = "GB18030";
            }
            case 8 -> {
                bytes = inject(validCsv, HOSTILE_TEXTS.get(random.nextInt(HOSTILE_TEXTS.size())), random).getBytes(StandardCharsets.UTF_8);
                what = "formula, script or template text in a cell";
            }
            case 9 -> {
                bytes = new byte[1 + random.nextInt(4096)];
                random.nextBytes(bytes);
                what = "random bytes";
            }
            case 10 -> {
                bytes = new byte[0];
                what = "an empty file";
            }
            case 11 -> {
                bytes = validCsv.getBytes(StandardCharsets.UTF_8);
                name = base + List.of(".xls", ".exe", "", ".csv.exe", ".XLSX", ".tsv").get(random.nextInt(6));
                what = "a name of another type: " + name;
            }
            case 12 -> {
                bytes = validCsv.getBytes(StandardCharsets.UTF_8);
                name = List.of("a".repeat(300) + ".csv", "x\u0000y.csv", "../../etc/passwd.csv", "\"quoted\".csv", "名".repeat(120) + ".csv")
                        .get(random.nextInt(5));
                what = "a hostile file name";
            }
            case 13 -> {
                bytes = ("\uFEFF" + validCsv).getBytes(StandardCharsets.UTF_8);
                bytes[bytes.length / 2] = (byte) 0xC0;
                what = "a byte-order mark and a bad byte";
            }
            default -> {
                name = base + ".xlsx";
                Path xlsx = dir.resolve(name);
                switch (kind) {
                    case 14 -> HostileFiles.hugeCell(xlsx, header, 200_000L + random.nextInt(50_000_000));
                    case 15 -> HostileFiles.hugeSharedString(xlsx, header, 200_000L + random.nextInt(50_000_000));
                    case 16 -> HostileFiles.entityBomb(xlsx, header, random.nextBoolean());
                    case 17 -> HostileFiles.manyCells(xlsx, header, 1 + random.nextInt(3), 1025 + random.nextInt(2000));
                    case 18 -> HostileFiles.manyCells(xlsx, header, 300 + random.nextInt(300), 1000);
                    case 19 -> HostileFiles.withRows(xlsx, header, new HostileFiles.Part().add("<row r=\"2\"><c r=\"" + "Z".repeat(3 + random.nextInt(9))
                            + "2\" t=\"inlineStr\"><is><t>x</t></is></c></row>"));
                    case 20 -> HostileFiles.withRows(xlsx, header, new HostileFiles.Part().add("<row r=\"2\">" + hostileCells(random, header.size()) + "</row>"));
                    default -> {
                        byte[] noise = new byte[1 + random.nextInt(4096)];
                        random.nextBytes(noise);
                        noise[0] = 'P';
                        if (noise.length > 3) {
                            noise[1] = 'K';
                            noise[2] = 3;
                            noise[3] = 4;
                        }
                        Files.write(xlsx, noise);
                    }
                }
                return new Hostile("workbook kind " + kind, xlsx, name);
            }
        }
        Path path = dir.resolve(base + ".bin");
        Files.write(path, bytes);
        return new Hostile(what, path, name);
    }

    private static String hostileCells(Random random, int columns) {
        StringBuilder cells = new StringBuilder();
        for (int c = 0; c < columns; c++) {
            String text = HOSTILE_TEXTS.get(random.nextInt(HOSTILE_TEXTS.size()))
                    .replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\u0000", "").replace("\uD800", "");
            cells.append("<c t=\"inlineStr\"><is><t>").append(text.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]", "")).append("</t></is></c>");
        }
        return cells.toString();
    }

    /** The text with a value put into one random cell of its second line, as a quoted field. */
    private static String inject(String csv, String value, Random random) {
        String[] lines = csv.split("\n", -1);
        int line = Math.min(lines.length - 1, 1 + random.nextInt(Math.max(1, lines.length - 2)));
        String[] cells = lines[line].split(",", -1);
        cells[random.nextInt(cells.length)] = quoted(value);
        lines[line] = String.join(",", cells);
        return String.join("\n", lines);
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }

    private static String query(Random random, String... parameters) {
        StringBuilder query = new StringBuilder();
        for (String parameter : parameters) {
            if (random.nextInt(3) > 0) {
                query.append(query.isEmpty() ? "" : "&").append(parameter).append('=')
                        .append(java.net.URLEncoder.encode(value(random), StandardCharsets.UTF_8));
            }
        }
        return query.toString();
    }

    private static String value(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> HOSTILE_TEXTS.get(random.nextInt(HOSTILE_TEXTS.size()));
            case 1 -> String.valueOf(random.nextLong());
            case 2 -> "x".repeat(random.nextInt(2_000)); // longer addresses are refused by Tomcat itself (8 KB of request line and headers)
            default -> List.of(COUNTY, "2104", "2018", "0", "1", "9".repeat(12), "TRUE", "null").get(random.nextInt(8));
        };
    }

    private static Map<String, String> trainingForm(Random random) {
        Map<String, String> form = new HashMap<>();
        for (String field : List.of("title", "place_code", "owner", "started_on", "ended_on", "cost", "participants", "note", "beneficiaries",
                "reg_year", "version")) {
            form.put(field, random.nextInt(4) == 0 ? (field.contains("place") || field.equals("owner") ? COUNTY : "2018") : value(random));
        }
        return form;
    }

    /** No 500, no stack trace, and a refusal with a message. */
    private static void checked(WebSession.Page answer, String context) {
        assertThat(answer.status()).as(context).isLessThan(500);
        assertThat(answer.body()).as(context + ": no stack trace").doesNotContainPattern(STACK_TRACE);
        if (answer.status() >= 400 && answer.status() != 404) {
            boolean explained = answer.body().contains("role=\"alert\"") || answer.body().contains("<p><span>")
                    || answer.body().contains("\"message\"") || answer.body().contains("<span class=\"tag");
            assertThat(explained).as(context + ": the refusal says why: " + answer.text()).isTrue();
        }
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : List.of("household", "household_year", "membership", "person", "ledger_training", "beneficiary_link", "reach_person")) {
            counts.put(table, jdbc.sql("select count(*) from " + table).query(Long.class).single());
        }
        return counts;
    }

    /** Follows a registry import job to its result page, as a browser would. */
    private static WebSession.Page registryResult(WebSession s, WebSession.Page started) throws InterruptedException {
        assertThat(started.status()).as(started.body()).isEqualTo(302);
        String jobPage = path(started.location());
        if (!jobPage.contains("/registry/imports/jobs/")) {
            return s.get(jobPage);
        }
        for (int i = 0; i < 1200; i++) {
            WebSession.Page page = s.get(jobPage);
            if (page.status() == 302) {
                return s.get(path(page.location()));
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the import job did not finish within 30 s");
    }

    private static String path(String location) {
        return location.replaceFirst("^https?://[^/]+", "");
    }
}
