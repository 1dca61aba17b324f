package org.counterpart.registry;

import org.counterpart.audit.AuditLog;
import org.counterpart.geography.Regions;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry import end to end on the real database: dry run, apply, re-import, a changed year,
 * refused rows with their reasons, conflicts, and the files offices really bring (GBK CSV, XLSX with
 * title rows). Test data lives in Zunyi (5203), away from the demo's Liupanshui households.
 */
@IntegrationTest
@Claims({"520302", "520303", "520304", "520322", "520323", "520327", "520328", "520330"})
class RegistryImportTest {

    @LocalServerPort
    int port;

    @Autowired
    RegistryImport imports;

    @Autowired
    RegistryGenerator generator;

    @Autowired
    Regions regions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    org.counterpart.shared.PersonalDataProtector protector;

    @Autowired
    AuditLog audit;

    @TempDir
    Path dir;

    Path generate(String area, int households, long seed, int duplicates) {
        Path file = dir.resolve("gen-" + area + "-" + seed + ".csv");
        generator.write(new RegistryGenerator.Spec(households, List.of(2017, 2018), regions.code(area), seed, duplicates), file);
        return file;
    }

    RegistryImport.Result run(Path file, boolean dryRun) {
        return imports.run(file, file.getFileName().toString(), new RegistryImport.Options(dryRun, OptionalInt.empty()), rows -> { });
    }

    long households(String countyPrefix) {
        return jdbc.sql("select count(*) from household where county_code like :c || '%'").param("c", countyPrefix).query(Long.class).single();
    }

    @Test
    void aDryRunCountsEverythingAndWritesNothingThenTheImportWritesItAllAndAgainChangesNothing() {
        Path file = generate("520302", 40, 7, 0);
        RegistryImport.Result dry = run(file, true);
        assertThat(dry.rowsRefused()).isZero();
        assertThat(dry.householdsNew()).isEqualTo(80); // 40 households in 2 years
        assertThat(households("520302")).isZero();

        RegistryImport.Result applied = run(file, false);
        assertThat(applied.householdsNew()).isEqualTo(80);
        assertThat(households("520302")).isEqualTo(40);
        assertThat(jdbc.sql("select count(*) from person where id_cipher like 'v1:%' and id_masked like '520302********%'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(40);

        RegistryImport.Result again = run(file, false);
        assertThat(again.householdsNew() + again.householdsUpdated()).isZero();
        assertThat(again.householdsUnchanged()).isEqualTo(80);
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void aNewerVersionOfAYearUpdatesThatYearOnlyAndTheChangeIsAudited() throws IOException {
        Path file = generate("520303", 5, 11, 0);
        run(file, false);
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        String first2018 = lines.stream().filter(l -> l.endsWith(",2018")).findFirst().orElseThrow();
        String householdNo = first2018.split(",")[0];
        for (int i = 0; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            if (cells[0].equals(householdNo) && cells[31].equals("2018")) {
                cells[27] = "是"; // the house became dangerous in 2018
                lines.set(i, String.join(",", cells));
            }
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
        RegistryImport.Result result = run(file, false);
        assertThat(result.householdsUpdated()).isEqualTo(1);
        assertThat(result.householdsUnchanged()).isEqualTo(9);
        long id = jdbc.sql("select id from household where household_no = :n").param("n", householdNo).query(Long.class).single();
        assertThat(jdbc.sql("select dangerous_housing from household_year where household_id = :id and reg_year = 2018").param("id", id)
                .query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("select count(*) from household_year where household_id = :id").param("id", id).query(Long.class).single()).isEqualTo(2);
        String change = jdbc.sql("select before_state || ' => ' || after_state from audit_entry where entity_kind = 'registry.household' and entity_id = :id")
                .param("id", String.valueOf(id)).query(String.class).single();
        assertThat(change).contains("\"dangerousHousing\":\"false\"").contains("\"dangerousHousing\":\"true\"");
    }

    @Test
    void refusedRowsSayRowColumnValueAndWhyAndHoldTheirHouseholdBack() throws IOException {
        String header = String.join(",", RegistryGenerator.HEADERS);
        String ok = "H-OK,520323001001,张三,%s,户主,男,,,,,,,,,是,是,,一般贫困户,因病,,国家,未脱贫,3000,0,0,0,0,否,是,,,2018";
        String[] ids = {"520321198001010013", "52032119800101002X"};
        List<String> rows = List.of(header,
                ok.formatted(validId("520323", "19800101", 1)),
                "H-BAD,520323001001,李四," + validId("520323", "19810202", 3).substring(0, 17) + "0,户主,男,,,,,,,,,是,是,,一般贫困户,因病,,国家,未脱贫,3000,0,0,0,0,否,是,,,2018",
                "H-BAD,520323001001,李五," + validId("520323", "19850303", 4) + ",配偶,女,,,,,,,,,是,是,,一般贫困户,因病,,国家,未脱贫,3000,0,0,0,0,否,是,,,2018",
                "H-SCI,520323001001,王六,5.20321E+17,户主,男,,,,,,,,,是,是,,一般贫困户,因病,,国家,未脱贫,3000,0,0,0,0,否,是,,,2018",
                "H-CODE,520323001001,赵七," + validId("520323", "19700505", 5) + ",户主,男,,,,,,,,,是,是,,一般贫困户,因穷,,国家,未脱贫,3000,0,0,0,0,否,是,,,2018",
                "H-DIS,520323001001,钱八," + validId("520323", "19600606", 7) + ",户主,男,,,,,,,,,是,是,,一般贫困户,因病,,国家,未脱贫,3000,0,0,0,0,否,是,,,2018",
                "H-DIS,520323001001,钱九," + validId("520323", "19620707", 8) + ",配偶,女,,,,,,,,,是,是,,一般贫困户,因病,,国家,未脱贫,3100,0,0,0,0,否,是,,,2018",
                "H-TWO,520323001001,孙甲," + validId("520323", "19500808", 9) + ",户主,男,,,,,,,,,是,是,,一般贫困户,因病,,国家,未脱贫,3000,0,0,0,0,否,是,,,2018",
                "H-TWO,520323001001,孙乙," + validId("520323", "19520909", 11) + ",户主,男,,,,,,,,,是,是,,一般贫困户,因病,,国家,未脱贫,3000,0,0,0,0,否,是,,,2018");
        Path file = dir.resolve("refusals.csv");
        Files.write(file, rows, Charset.forName("GB18030"));
        RegistryImport.Result r = run(file, false);

        assertThat(r.rowsRead()).isEqualTo(9);
        assertThat(r.householdsNew()).isEqualTo(1);
        assertThat(r.problems()).anySatisfy(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.column()).isEqualTo("证件号码");
            assertThat(p.messageKey()).isEqualTo("residentId.check");
            assertThat(p.shownValue()).contains("********");
        });
        assertThat(r.problems()).anySatisfy(p -> assertThat(p.messageKey()).isEqualTo("import.household.heldBack"));
        assertThat(r.problems()).anySatisfy(p -> {
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.messageKey()).isIn("residentId.scientific", "import.id.storedAsNumber");
        });
        assertThat(r.problems()).anySatisfy(p -> {
            assertThat(p.line()).isEqualTo(6);
            assertThat(p.column()).isEqualTo("主要致贫原因");
            assertThat(p.shownValue()).isEqualTo("因穷");
        });
        assertThat(r.problems()).anySatisfy(p -> {
            assertThat(p.line()).isEqualTo(8);
            assertThat(p.messageKey()).isEqualTo("import.household.disagrees");
            assertThat(p.arguments()).containsExactly("7", "3000.00");
        });
        assertThat(r.problems()).anySatisfy(p -> assertThat(p.messageKey()).isEqualTo("import.household.twoHeads"));
        assertThat(jdbc.sql("select household_no from household where county_code = '520323'").query(String.class).list())
                .containsExactly("H-OK");
        assertThat(imports.problems(r.runId())).hasSameSizeAs(r.problems());
        assertThat(ids).isNotEmpty();
    }

    @Test
    void acrossTheYearsOfOneFileTheLatestNameAndPhoneStandAndALaterFileCannotPutThemInASecondHousehold() throws IOException {
        String header = String.join(",", RegistryGenerator.HEADERS);
        String row = "%s,520323001001,%s,%s,%s,%s,,,,,,,,,是,是,%s,一般贫困户,因病,,国家,未脱贫,3000,0,0,0,0,否,是,,,%d";
        String zhou = validId("520323", "19710101", 21);
        String wife = validId("520323", "19730303", 22);
        Path file = dir.resolve("years.csv");
        Files.write(file, List.of(header,
                row.formatted("H-YEARS", "周一", zhou, "户主", "男", "13800000001", 2017),
                row.formatted("H-YEARS", "周二", wife, "配偶", "女", "13800000002", 2017),
                row.formatted("H-YEARS", "周一鸣", zhou, "户主", "男", "13900000009", 2018),
                row.formatted("H-YEARS", "周二", wife, "配偶", "女", "", 2018)), StandardCharsets.UTF_8);
        RegistryImport.Result r = run(file, false);
        assertThat(r.problems()).isEmpty();
        assertThat(r.householdsNew()).isEqualTo(2);

        var people = jdbc.sql("select name, phone_cipher from person where id_hash in (:h) order by name")
                .param("h", List.of(protector.lookupHash(zhou), protector.lookupHash(wife)))
                .query((rs, i) -> rs.getString(1) + " " + protector.decrypt(rs.getString(2))).list();
        // the 2018 name and phone; a row without a phone number keeps the one on record
        assertThat(people).containsExactly("周一鸣 13900000009", "周二 13800000002");
        assertThat(jdbc.sql("""
                select count(*) from membership m left join person p on p.id = m.person_id left join household h on h.id = m.household_id
                where p.id is null or h.id is null""").query(Long.class).single()).isZero();

        Path later = dir.resolve("later.csv");
        Files.write(later, List.of(header, row.formatted("H-OTHER", "周一鸣", zhou, "户主", "男", "", 2018)), StandardCharsets.UTF_8);
        RegistryImport.Result second = run(later, false);
        assertThat(second.householdsNew()).isZero();
        assertThat(second.problems()).singleElement().satisfies(p -> {
            assertThat(p.messageKey()).isEqualTo("import.id.registeredElsewhere");
            assertThat(p.arguments()).containsExactly("H-YEARS", "2018");
        });
    }

    @Autowired
    RegistryWriter writer;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    @Test
    void theImportWritesTheSameRegistryWithOrWithoutTheDatabaseCheckingItsKeys() {
        // on PostgreSQL as the tests' superuser, the import makes and locks its own references
        assertThat(trustedNow()).isEqualTo(isPostgres());
        Path checkedFile = generate("520328", 20, 31, 0);
        writer.allowTrust(false);
        try {
            assertThat(trustedNow()).isFalse();
            assertThat(run(checkedFile, false).problems()).isEmpty();
        } finally {
            writer.allowTrust(true);
        }
        assertThat(shape("520328")).isEqualTo(shapeOf(checkedFile));
        Path trustedFile = generate("520330", 20, 31, 0);
        assertThat(run(trustedFile, false).problems()).isEmpty();
        assertThat(shape("520330")).isEqualTo(shapeOf(trustedFile)).containsEntry("households", 20L);
        assertThat(jdbc.sql("""
                select count(*) from membership m left join person p on p.id = m.person_id left join household h on h.id = m.household_id
                where p.id is null or h.id is null""").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("""
                select count(*) from household_year y left join household h on h.id = y.household_id where h.id is null""")
                .query(Long.class).single()).isZero();
    }

    @Autowired
    javax.sql.DataSource dataSource;

    /** Whether an import starting now would write without the database checking its keys row by row. */
    boolean trustedNow() {
        return Boolean.TRUE.equals(tx.execute(s -> writer.begin().trusted));
    }

    boolean isPostgres() {
        try (var c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a generated file holds, counted as {@link #shape} counts what was written. */
    static Map<String, Long> shapeOf(Path file) {
        List<String[]> rows;
        try {
            rows = Files.readAllLines(file, StandardCharsets.UTF_8).stream().skip(1).map(l -> l.split(",", -1)).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, Long> shape = new java.util.TreeMap<>();
        shape.put("households", rows.stream().map(r -> r[0]).distinct().count());
        for (String year : List.of("2017", "2018")) {
            shape.put("facts " + year, rows.stream().filter(r -> r[31].equals(year)).map(r -> r[0]).distinct().count());
            shape.put("members " + year, rows.stream().filter(r -> r[31].equals(year)).count());
        }
        shape.put("people", rows.stream().map(r -> r[3]).distinct().count());
        return shape;
    }

    /** What a county's import wrote, counted. */
    Map<String, Long> shape(String county) {
        Map<String, Long> shape = new java.util.TreeMap<>();
        shape.put("households", households(county));
        for (int year : List.of(2017, 2018)) {
            shape.put("facts " + year, jdbc.sql("select count(*) from household_year where county_code = :c and reg_year = :y")
                    .param("c", county).param("y", year).query(Long.class).single());
            shape.put("members " + year, jdbc.sql("select count(*) from membership where county_code = :c and reg_year = :y")
                    .param("c", county).param("y", year).query(Long.class).single());
        }
        shape.put("people", jdbc.sql("select count(distinct person_id) from membership where county_code = :c").param("c", county)
                .query(Long.class).single());
        return shape;
    }

    @Test
    void theSamePersonInTwoHouseholdsIsAConflictAndNeitherIsImported() {
        Path file = generate("520304", 6, 13, 1);
        RegistryImport.Result r = run(file, false);
        assertThat(r.problems()).anySatisfy(p -> assertThat(p.messageKey()).isEqualTo("import.id.inTwoHouseholds"));
        assertThat(r.householdsRefused()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aFileWithoutARequiredColumnIsRefusedAtOnceNamingIt() throws IOException {
        Path file = dir.resolve("no-id.csv");
        Files.writeString(file, "户编号,行政村代码,姓名,与户主关系,年度\nH1,520323001001,张三,户主,2018\n", StandardCharsets.UTF_8);
        RegistryImport.Result r = run(file, true);
        assertThat(r.status()).isEqualTo("refused");
        assertThat(r.fileRefused()).get().satisfies(e -> {
            assertThat(e.messageKey()).isEqualTo("tabular.missingColumns");
            assertThat(String.valueOf(e.arguments()[1])).contains("证件号码");
        });
    }

    @Test
    void aRefusedFileIsExplainedOnItsResultPageInTheReadersLanguage() throws Exception {
        Path file = dir.resolve("no-id-web.csv");
        Files.writeString(file, "户编号,行政村代码,姓名,与户主关系,年度\nH1,520201011001,张三,户主,2018\n", StandardCharsets.UTF_8);
        WebSession officer = WebSession.signedIn(port, "zhongshan.reporter");
        WebSession.Page result = finished(officer, officer.upload("/registry/imports", file, "no-id-web.csv"));
        assertThat(result.text()).contains("文件被拒绝").contains("缺少必需的列").contains("证件号码");
    }

    @Test
    void anXlsxWithTitleRowsAboveTheHeaderImports() throws IOException {
        Path csv = generate("520322", 3, 17, 0);
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        Path xlsx = dir.resolve("registry.xlsx");
        try (OutputStream out = Files.newOutputStream(xlsx); Workbook wb = new Workbook(out, "test", "1.0")) {
            Worksheet ws = wb.newWorksheet("Sheet1");
            ws.value(0, 0, "2017—2018年建档立卡贫困户信息表");
            ws.range(0, 0, 0, 10).merge();
            ws.value(1, 0, "填报单位：某县扶贫办");
            for (int r = 0; r < lines.size(); r++) {
                String[] cells = lines.get(r).replace("\uFEFF", "").split(",", -1);
                for (int c = 0; c < cells.length; c++) {
                    ws.value(r + 3, c, cells[c]);
                }
            }
            ws.finish();
        }
        RegistryImport.Result r = imports.run(xlsx, "registry.xlsx", new RegistryImport.Options(true, OptionalInt.empty()), rows -> { });
        assertThat(r.rowsRefused()).as(String.valueOf(r.problems())).isZero();
        assertThat(r.householdsNew()).isEqualTo(6);
    }

    @Test
    void aReporterImportsOnlyIntoItsOwnCountyAndSeesOnlyItsHouseholds() throws Exception {
        Path file = generate("520281", 2, 19, 0); // Panzhou
        WebSession reporter = WebSession.signedIn(port, "zhongshan.reporter");
        WebSession.Page page = finished(reporter, reporter.upload("/registry/imports", file, "panzhou.csv"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("该村不在您的数据范围内");

        long panzhouHousehold = jdbc.sql("select min(id) from household where county_code = '520281'").query(Long.class).single();
        assertThat(reporter.get("/registry/households/" + panzhouHousehold).status()).isEqualTo(403);
        String list = reporter.get("/registry/households?region=520281").body();
        assertThat(list).doesNotContain("/registry/households/" + panzhouHousehold + "?");
    }

    @Test
    void anOfficerChecksThenAppliesAnUploadAndOpensTheHousehold() throws Exception {
        Path file = generate("520201", 2, 23, 0); // Zhongshan, the reporter's own county
        WebSession reporter = WebSession.signedIn(port, "zhongshan.reporter");
        reporter.get("/registry/imports");
        WebSession.Page checked = finished(reporter, reporter.upload("/registry/imports", file, "zhongshan.csv"));
        assertThat(checked.text()).contains("试导入").contains("确认导入");
        String runId = checked.body().replaceAll("(?s).*?/registry/imports/(\\d+)/apply.*", "$1");
        WebSession.Page applied = finished(reporter, reporter.post("/registry/imports/" + runId + "/apply", java.util.Map.of()));
        assertThat(applied.text()).contains("已在一个事务中写入");

        String householdNo = Files.readAllLines(file).get(1).split(",")[0];
        long id = jdbc.sql("select id from household where household_no = :n").param("n", householdNo).query(Long.class).single();
        WebSession.Page household = reporter.get("/registry/households/" + id);
        assertThat(household.status()).isEqualTo(200);
        assertThat(household.text()).contains("脱贫条件评估").contains("********").doesNotContainPattern("5202011[0-9]{11}");
        assertThat(reporter.get("/registry/households?no=" + householdNo).body()).contains(householdNo);
    }

    @Test
    void progressGoesThroughCheckingThenEachYearsWritingUpToEveryRow() {
        Path file = generate("520327", 30, 29, 0);
        List<String> heard = new ArrayList<>();
        ImportProgress recorder = new ImportProgress() {
            Stage current;
            long total;
            long last = -1;

            @Override
            public void total(long rows) {
                total = rows;
            }

            @Override
            public void done(long rows) {
                assertThat(rows).as("rows done never go back within a stage").isGreaterThanOrEqualTo(last);
                last = rows;
                if (rows == total) {
                    heard.add("all " + rows);
                }
            }

            @Override
            public void stage(Stage stage, int year) {
                if (stage != current) {
                    last = -1;
                }
                current = stage;
                heard.add(stage + " " + year);
            }
        };
        RegistryImport.Result r = imports.run(file, "progress.csv", new RegistryImport.Options(true, OptionalInt.empty()), recorder);
        long rows = r.rowsRead();
        assertThat(heard).containsSubsequence("CHECKING 0", "all " + rows, "WRITING 2017", "WRITING 2018", "all " + rows);
    }

    @Test
    void aFileOverTheUploadLimitIsRefusedWithTheLimitAndWhatToDoInstead() throws Exception {
        Path big = dir.resolve("whole-city.csv");
        byte[] line = ("H-BIG,520201001001,某某,520201198001010013,户主,男,,,,,,,,,是,是,,一般贫困户,因病,,国家,未脱贫,3000,0,0,0,0,否,是,,,2018\n")
                .getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(big)) {
            out.write((String.join(",", RegistryGenerator.HEADERS) + "\n").getBytes(StandardCharsets.UTF_8));
            for (long written = 0; written < 8L * 1024 * 1024 + 512 * 1024; written += line.length) {
                out.write(line);
            }
        }
        WebSession officer = WebSession.signedIn(port, "lps.office");
        officer.get("/registry/imports");
        long runsBefore = jdbc.sql("select count(*) from import_run").query(Long.class).single();
        WebSession.Page refused = officer.uploadReadingEarly("/registry/imports", big, "whole-city.csv");
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.text()).contains("8 MB").contains("./counterpart import households").doesNotContain("Exception");
        assertThat(jdbc.sql("select count(*) from import_run").query(Long.class).single()).isEqualTo(runsBefore);
    }

    @Autowired
    org.counterpart.shared.ThisProcess process;

    @org.springframework.beans.factory.annotation.Value("${counterpart.home}")
    String home;

    @Test
    void aRunLeftCheckingByAStoppedProcessIsInterruptedAtTheNextStartAndRunsAgainAndItsTemporaryFilesAreRemoved() throws Exception {
        // what a process killed mid-import leaves: its run "checking", its kept file, its spill directory
        Path file = generate("520304", 6, 41, 0);
        String sha = org.counterpart.shared.Uploads.sha256(file);
        Path importsDir = Path.of(home, "imports");
        Files.createDirectories(importsDir);
        Path kept = importsDir.resolve(sha.substring(0, 12) + "-left-behind.csv");
        Files.copy(file, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        var key = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("""
                        insert into import_run (kind, file_name, stored_as, file_sha256, dry_run, status, started_at, actor, county_scope, process_id)
                        values ('households', 'left-behind.csv', :stored, :sha, true, 'checking', current_timestamp, 'admin', '000000', 'a-process-that-was-killed')""")
                .param("stored", kept.getFileName().toString()).param("sha", sha).update(key, "id");
        long runId = key.getKey().longValue();
        Path stray = Files.createDirectories(importsDir.resolve("checking-a-process-that-was-killed-4711"));
        Files.writeString(stray.resolve("2018.rows"), "rows of a file");
        Path strayUpload = Files.writeString(importsDir.resolve("uploading-a-process-that-was-killed-4713.upload"), "an upload");
        Path ours = Files.createDirectories(importsDir.resolve("checking-" + process.id() + "-4712"));
        try {
            RegistryImport.Recovered found = imports.recoverEarlierRuns();

            assertThat(found.interruptedRuns()).isGreaterThanOrEqualTo(1);
            assertThat(found.removedSpills()).isGreaterThanOrEqualTo(2);
            assertThat(jdbc.sql("select status from import_run where id = :id").param("id", runId).query(String.class).single())
                    .isEqualTo("interrupted");
            assertThat(stray).doesNotExist();
            assertThat(strayUpload).doesNotExist();
            assertThat(ours).as("a spill of this process may be in use").exists();
            // a second start finds nothing more of it
            assertThat(imports.recoverEarlierRuns().interruptedRuns()).isZero();
        } finally {
            Files.deleteIfExists(ours);
        }

        WebSession admin = WebSession.signedIn(port, "admin");
        WebSession.Page page = admin.get("/registry/imports/" + runId);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("已中断").contains("left-behind.csv");
        assertThat(page.body()).contains("id=\"run-again\"");
        WebSession.Page again = finished(admin, admin.post("/registry/imports/" + runId + "/again", Map.of()));
        assertThat(again.text()).contains("已检查");
        assertThat(jdbc.sql("select rows_read from import_run where file_name = 'left-behind.csv' and status = 'checked' and id > :id")
                .param("id", runId).query(Integer.class).single()).isGreaterThan(0);
        // a run that ended as it should is not run again this way
        long checked = jdbc.sql("select max(id) from import_run where file_name = 'left-behind.csv'").query(Long.class).single();
        assertThat(admin.post("/registry/imports/" + checked + "/again", Map.of()).text()).contains("只有未完成即中止");
    }

    /**
     * Follows an import job as a browser would: the upload leads to the job's page, which leads to the
     * result once the job is done.
     */
    static WebSession.Page finished(WebSession s, WebSession.Page started) throws InterruptedException {
        assertThat(started.status()).as(started.body()).isEqualTo(302);
        String jobPage = started.location().replaceFirst("^https?://[^/]+", "");
        assertThat(jobPage).contains("/registry/imports/jobs/");
        for (int i = 0; i < 240; i++) {
            WebSession.Page page = s.get(jobPage);
            if (page.status() == 302) {
                return s.get(page.location().replaceFirst("^https?://[^/]+", ""));
            }
            assertThat(page.text()).contains("行");
            Thread.sleep(250);
        }
        throw new AssertionError("the import job did not finish within a minute");
    }

    static String validId(String area, String birth, int seq) {
        String first17 = area + birth + String.format("%03d", seq);
        return first17 + org.counterpart.shared.ResidentId.checkCharacter(first17);
    }
}
