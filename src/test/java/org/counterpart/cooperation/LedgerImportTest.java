package org.counterpart.cooperation;

import org.counterpart.geography.Regions;
import org.counterpart.registry.RegistryGenerator;
import org.counterpart.registry.RegistryImport;
import org.counterpart.shared.PersonalDataProtector;
import org.counterpart.shared.TabularColumn;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an officer sees of a ledger import's refused rows: reasons that carry numbers (a year), the
 * household numbers refused (ID numbers masked), and dates as Excel stores them. Its registry and
 * records lie in Qiannan (5227), which no other test class uses.
 */
@IntegrationTest
@Claims("522701")
class LedgerImportTest {

    static final String COUNTY = "522701";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RegistryGenerator generator;

    @Autowired
    RegistryImport registryImport;

    @Autowired
    Regions regions;

    @Autowired
    PersonalDataProtector protector;

    @Autowired
    LedgerImport imports;

    @TempDir
    Path dir;

    @BeforeEach
    void registry() {
        synchronized (LedgerImportTest.class) {
            if (jdbc.sql("select count(*) from household where county_code = :c").param("c", COUNTY).query(Long.class).single() == 0) {
                Path file = dir.resolve("qn-" + COUNTY + ".csv");
                generator.write(new RegistryGenerator.Spec(6, List.of(2018), regions.code(COUNTY), 5227, 0), file);
                registryImport.run(file, file.getFileName().toString(), new RegistryImport.Options(false, OptionalInt.empty()), rows -> { });
            }
        }
    }

    String household(int i) {
        return jdbc.sql("select household_no from household where county_code = :c order by household_no").param("c", COUNTY)
                .query(String.class).list().get(i);
    }

    String idNumber(String householdNo) {
        return protector.decrypt(jdbc.sql("""
                        select p.id_cipher from person p join membership m on m.person_id = p.id join household h on h.id = m.household_id
                        where h.household_no = :no and m.reg_year = 2018 order by p.id fetch first 1 rows only""")
                .param("no", householdNo).query(String.class).single());
    }

    /** A training file in the template's own columns; dates are written as real Excel date cells. */
    Path trainingFile(String name, List<List<Object>> rows) throws Exception {
        Path file = dir.resolve(name);
        List<TabularColumn> columns = imports.columns(Ledger.TRAINING);
        try (OutputStream out = Files.newOutputStream(file); Workbook wb = new Workbook(out, "test", "1.0")) {
            var ws = wb.newWorksheet("培训");
            for (int c = 0; c < columns.size(); c++) {
                ws.value(0, c, columns.get(c).chineseHeader());
            }
            for (int r = 0; r < rows.size(); r++) {
                for (int c = 0; c < rows.get(r).size(); c++) {
                    Object v = rows.get(r).get(c);
                    if (v instanceof LocalDate d) {
                        ws.value(r + 1, c, d);
                        ws.style(r + 1, c).format("yyyy-mm-dd").set();
                    } else if (v instanceof Number n) {
                        ws.value(r + 1, c, n);
                    } else if (v != null) {
                        ws.value(r + 1, c, v.toString());
                    }
                }
            }
        }
        return file;
    }

    /** title, place, owner, started_on, ended_on, cost, participants, note, beneficiaries — the training template. */
    static List<Object> row(String title, Object started, String beneficiaries) {
        List<Object> row = new ArrayList<>(List.of(title, COUNTY, COUNTY, started));
        row.add(null);
        row.add(1000);
        row.add(10);
        row.add(null);
        row.add(beneficiaries);
        return row;
    }

    @Test
    void theTemplateOfTrainingHasTheColumnsThisTestWrites() {
        assertThat(imports.columns(Ledger.TRAINING)).extracting(TabularColumn::key).containsExactly(
                "title", "place_code", "owner", "started_on", "ended_on", "cost", "participants", "note", "beneficiaries");
    }

    @Test
    void aRealExcelDateCellIsReadAsTheDateItShows() throws Exception {
        Path file = trainingFile("dates.xlsx", List.of(row("都匀茶艺培训班", LocalDate.of(2018, 6, 4), household(0))));
        WebSession admin = WebSession.signedIn(port, "admin");
        WebSession.Page result = admin.afterJob(admin.upload("/ledgers/training/import", file, "dates.xlsx"));
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.text()).doesNotContain("不是有效日期");
        assertThat(result.body()).doesNotContain("id=\"problems\"");
        String runId = runId(result);
        admin.afterJob(admin.post("/ledgers/imports/" + runId + "/apply", java.util.Map.of()));
        assertThat(jdbc.sql("select started_on from ledger_training where title = '都匀茶艺培训班'").query(java.sql.Date.class).single().toLocalDate())
                .isEqualTo(LocalDate.of(2018, 6, 4));
    }

    @Test
    void aCheckedRunIsAppliedOnceAndASecondApplyIsRefused() throws Exception {
        Path file = trainingFile("once.xlsx", List.of(row("都匀一次培训班", "2018-07-02", household(2))));
        WebSession admin = WebSession.signedIn(port, "admin");
        String runId = runId(admin.afterJob(admin.upload("/ledgers/training/import", file, "once.xlsx")));
        WebSession.Page applied = admin.post("/ledgers/imports/" + runId + "/apply", java.util.Map.of());
        assertThat(path(applied.location())).as("the apply answers at once with the job's page").contains("/ledgers/training/imports/jobs/");
        assertThat(admin.afterJob(applied).body()).contains("id=\"counts\"");
        WebSession.Page checkedAgain = admin.get("/ledgers/imports/" + runId);
        assertThat(checkedAgain.body()).contains("id=\"applied-as\"").doesNotContain("id=\"apply\"");
        WebSession.Page again = admin.post("/ledgers/imports/" + runId + "/apply", java.util.Map.of());
        assertThat(path(again.location())).isEqualTo("/ledgers/imports/" + runId);
        assertThat(admin.get("/ledgers/imports/" + runId).text()).contains("已经写入过");
        assertThat(jdbc.sql("select count(*) from ledger_import where applied_as is not null and id = :id").param("id", Long.parseLong(runId))
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_entry where entity_kind = 'cooperation.ledger-import' and entity_id = :id and action = 'applied'")
                .param("id", runId).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void refusalsCarryingAYearShowOnThePageAndInTheProblemsFileWithHouseholdNumbersReadableAndIdNumbersMasked() throws Exception {
        String id = idNumber(household(1));
        String unknownHousehold = COUNTY + "9999990001";
        Path file = trainingFile("refused.xlsx", List.of(
                row("都匀往年培训班", "2016-06-04", id),
                row("都匀无名户培训班", "2018-06-04", unknownHousehold)));
        WebSession admin = WebSession.signedIn(port, "admin");
        WebSession.Page result = admin.afterJob(admin.upload("/ledgers/training/import", file, "refused.xlsx"));
        assertThat(result.status()).as(result.text()).isEqualTo(200);
        assertThat(result.text()).contains("2016").contains(unknownHousehold);
        assertThat(result.body()).doesNotContain(id).contains(id.substring(0, 6) + "********" + id.substring(14));

        WebSession.Page problems = admin.get("/ledgers/imports/" + runId(result) + "/problems.xlsx");
        assertThat(problems.status()).isEqualTo(200);
        StringBuilder cells = new StringBuilder();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(problems.bytes()))) {
            wb.getFirstSheet().read().forEach(r -> r.forEach(c -> cells.append(c == null ? "" : c.getRawValue()).append('|')));
        }
        assertThat(cells.toString()).contains("2016").contains(unknownHousehold).doesNotContain(id);
    }

    @org.springframework.beans.factory.annotation.Value("${counterpart.home}")
    String home;

    @Test
    void anUploadAnswersAtOnceWithItsJobsPageAndTheJobRunsAsTheCallerWithTheirScope() throws Exception {
        Path file = trainingFile("scope.xlsx", List.of(row("都匀范围培训班", "2018-08-01", household(3))));
        // a coordinator of Liupanshui may record, but not for Duyun: the job must refuse the row as a request would
        WebSession office = WebSession.signedIn(port, "lps.office");
        WebSession.Page started = office.upload("/ledgers/training/import", file, "scope.xlsx");
        assertThat(started.status()).isEqualTo(302);
        String jobPage = path(started.location());
        assertThat(jobPage).startsWith("/ledgers/training/imports/jobs/");
        String job = jobPage.substring(jobPage.lastIndexOf('/') + 1);
        WebSession.Page fragment = office.getWithHeader(jobPage + "/progress", "HX-Request", "true");
        assertThat(fragment.status()).isEqualTo(200);
        assertThat(fragment.body()).contains("id=\"progress\"").contains("hx-get=\"" + jobPage + "/progress\"");
        assertThat(WebSession.signedIn(port, "zhongshan.reporter").get(jobPage).status()).as("another user's job").isEqualTo(403);

        WebSession.Page result = office.afterJob(started);
        assertThat(result.status()).as(result.text()).isEqualTo(200);
        long runId = Long.parseLong(runId(result));
        assertThat(jdbc.sql("select actor, status, rows_new, rows_refused from ledger_import where id = :id").param("id", runId)
                .query((rs, i) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getInt(3) + " " + rs.getInt(4)).single())
                .isEqualTo("lps.office checked 0 1");
        // the job page of a finished job sends the reader to the run
        assertThat(path(office.get("/ledgers/training/imports/jobs/" + job).location())).isEqualTo("/ledgers/imports/" + runId);
    }

    @Test
    void aRunLeftCheckingByAStoppedProcessIsInterruptedAtTheNextStartAndRunsAgain() throws Exception {
        // what a process killed mid-import leaves: its run "checking" and its kept file
        Path file = trainingFile("left-behind.xlsx", List.of(row("都匀中断培训班", "2018-09-03", household(4))));
        String sha = org.counterpart.shared.Uploads.sha256(file);
        Path kept = Files.createDirectories(Path.of(home, "ledger-imports")).resolve("left-behind-" + sha.substring(0, 12) + ".xlsx");
        Files.copy(file, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        var key = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("""
                        insert into ledger_import (ledger, file_name, stored_as, file_sha256, dry_run, started_at, actor, rows_read, rows_new,
                                                   rows_updated, rows_unchanged, rows_refused, status, process_id)
                        values (:ledger, 'left-behind.xlsx', :stored, :sha, true, current_timestamp, 'admin', 0, 0, 0, 0, 0, 'checking',
                                'a-process-that-was-killed')""")
                .param("ledger", Ledger.TRAINING.code()).param("stored", kept.getFileName().toString()).param("sha", sha).update(key, "id");
        long runId = key.getKey().longValue();

        assertThat(imports.recoverEarlierRuns()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("select status from ledger_import where id = :id").param("id", runId).query(String.class).single())
                .isEqualTo("interrupted");
        assertThat(imports.recoverEarlierRuns()).as("a second start finds nothing more").isZero();

        WebSession admin = WebSession.signedIn(port, "admin");
        WebSession.Page page = admin.get("/ledgers/imports/" + runId);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("已中断").contains("left-behind.xlsx");
        assertThat(page.body()).contains("id=\"run-again\"").doesNotContain("id=\"apply\"");
        WebSession.Page again = admin.afterJob(admin.post("/ledgers/imports/" + runId + "/again", java.util.Map.of()));
        assertThat(again.text()).contains("已检查");
        long rerun = Long.parseLong(runId(again));
        assertThat(rerun).isGreaterThan(runId);
        assertThat(jdbc.sql("select status || ' ' || rows_new from ledger_import where id = :id").param("id", rerun).query(String.class).single())
                .isEqualTo("checked 1");
        // a run that ended as it should is not run again this way
        admin.get("/ledgers/imports/" + rerun);
        WebSession.Page refused = admin.post("/ledgers/imports/" + rerun + "/again", java.util.Map.of());
        assertThat(path(refused.location())).isEqualTo("/ledgers/imports/" + rerun);
        assertThat(admin.get("/ledgers/imports/" + rerun).text()).contains("只有未完成即中止");
    }

    static String runId(WebSession.Page result) {
        var m = java.util.regex.Pattern.compile("/ledgers/imports/(\\d+)/").matcher(result.body());
        assertThat(m.find()).as(result.text()).isTrue();
        return m.group(1);
    }

    static String path(String location) {
        return location.replaceFirst("^https?://[^/]+", "");
    }
}
