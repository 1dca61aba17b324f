package org.counterpart.cooperation;

import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "A new ledger is one new definition": the visits ledger of {@link TestLedgers}, which no main code
 * names, gets its list with totals, form, checks (field by field, its own rules), record page,
 * template, import and export, and its place in the API, like the ten shipped ledgers. Its records
 * lie in Qiannan (5227), which this class shares only with LedgerImportTest.
 */
@IntegrationTest
@Claims("522702")
class ContributedLedgerTest {

    static final String PLACE = "522702";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Ledgers ledgers;

    @Autowired
    LedgerCatalog catalog;

    @Autowired
    LedgerImport imports;

    @TempDir
    Path dir;

    static Map<String, String> visit(String title) {
        Map<String, String> f = new HashMap<>();
        f.put("title", title);
        f.put("place_code", PLACE);
        f.put("owner", "5227");
        f.put("visited_on", "2018-05-10");
        f.put("purpose", "INSPECTION");
        f.put("visitors", "6");
        f.put("expense", "1200.50");
        f.put("report_due", "2018-06-10");
        f.put("version", "0");
        return f;
    }

    @Test
    void theCatalogServesTheTestsLedgerAfterTheTen() {
        assertThat(catalog.all()).hasSize(Ledger.values().length + 1).last().isSameAs(TestLedgers.VISITS);
        assertThat(catalog.require("test-visits").fields()).extracting(LedgerField::name).containsExactly(
                "title", "place_code", "owner", "visited_on", "purpose", "visitors", "expense", "report_due", "reported_on", "note");
    }

    @Test
    void itsFormChecksEveryFieldAndItsOwnRulesThenSavesAndShowsTheRecord() {
        WebSession admin = WebSession.signedIn(port, "admin");
        assertThat(admin.get("/ledgers/test-visits/new").status()).isEqualTo(200);
        Map<String, String> bad = visit("福泉走访（坏）");
        bad.put("purpose", "PICNIC");
        bad.put("reported_on", "2018-05-01");
        WebSession.Page refused = admin.post("/ledgers/test-visits/new", bad);
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.text()).contains("“PICNIC”");

        var ownRule = ledgers.check(TestLedgers.VISITS, 0, new Ledgers.Entry(Map.of("title", "福泉走访", "place_code", PLACE, "owner", "5227",
                "visited_on", "2018-05-10", "purpose", "ROUTINE", "visitors", "2", "expense", "100", "reported_on", "2018-05-01"), List.of(), 0));
        assertThat(ownRule.errors()).extracting(e -> e.field() + ":" + e.messageKey()).containsExactly("reported_on:ledger.date.beforeStart");
        var secondRule = ledgers.check(TestLedgers.VISITS, 0, new Ledgers.Entry(Map.of("title", "福泉走访", "place_code", PLACE, "owner", "5227",
                "visited_on", "2018-05-10", "purpose", "ROUTINE", "expense", "100"), List.of(), 0));
        assertThat(secondRule.errors()).extracting(e -> e.field() + ":" + e.messageKey()).containsExactly("visitors:field.required");

        admin.get("/ledgers/test-visits/new");
        WebSession.Page saved = admin.post("/ledgers/test-visits/new", visit("福泉市帮扶走访"));
        assertThat(saved.status()).as(saved.text()).isEqualTo(302);
        long id = jdbc.sql("select id from ledger_test_visit where title = '福泉市帮扶走访'").query(Long.class).single();
        LedgerRecord record = ledgers.get(TestLedgers.VISITS, id);
        assertThat(record.year()).isEqualTo(2018);
        assertThat(record.get(TestLedgers.EXPENSE)).isEqualByComparingTo("1200.50");
        assertThat(record.get(TestLedgers.VISITORS)).isEqualTo(6);
        assertThat(record.overdue(LocalDate.of(2018, 7, 1))).isTrue();
        assertThat(admin.get("/ledgers/test-visits/" + id).text()).contains("福泉市帮扶走访").contains("1,200.50");
        WebSession.Page list = admin.get("/ledgers/test-visits?year=2018&purpose=INSPECTION");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.text()).contains("福泉市帮扶走访");
        Ledgers.Totals totals = ledgers.totals(TestLedgers.VISITS, new Ledgers.Filter(java.util.Optional.of(2018),
                java.util.Optional.of(new org.counterpart.geography.RegionCode(PLACE)), java.util.Optional.empty(), Map.of()));
        assertThat(totals.money()).containsKey("expense");
        assertThat(totals.counts()).containsKey("visitors");
        assertThat(totals.overdue()).isPositive();
        assertThat(admin.get("/ledgers").text()).contains("/ledgers/test-visits");
        assertThat(admin.get("/api/ledgers").body()).contains("\"TEST_VISIT\"").contains("\"visited_on\"");
        assertThat(admin.get("/api/ledgers/test-visits/" + id).body()).contains("\"expense\":\"1200.50\"");
    }

    @Test
    void itsTemplateImportAndExportWorkFromTheDefinitionAlone() throws Exception {
        WebSession admin = WebSession.signedIn(port, "admin");
        WebSession.Page template = admin.get("/ledgers/test-visits/template.xlsx");
        assertThat(template.status()).isEqualTo(200);
        assertThat(cells(template.bytes())).contains("走访日期").contains("报告应交日期");

        Path file = dir.resolve("visits.csv");
        Files.writeString(file, String.join("\n",
                String.join(",", imports.columns(TestLedgers.VISITS).stream().map(org.counterpart.shared.TabularColumn::chineseHeader).toList()),
                "福泉导入走访," + PLACE + ",5227,2018-09-01,ROUTINE,3,300,,,",
                "福泉导入坏行," + PLACE + ",5227,2018-13-01,ROUTINE,3,300,,,"), StandardCharsets.UTF_8);
        WebSession.Page checked = admin.afterJob(admin.upload("/ledgers/test-visits/import", file, "visits.csv"));
        assertThat(checked.status()).isEqualTo(200);
        assertThat(checked.text()).contains("“2018-13-01”");
        String runId = LedgerImportTest.runId(checked);
        admin.afterJob(admin.post("/ledgers/imports/" + runId + "/apply", Map.of()));
        assertThat(jdbc.sql("select expense from ledger_test_visit where title = '福泉导入走访'").query(BigDecimal.class).single())
                .isEqualByComparingTo("300");

        WebSession.Page export = admin.get("/ledgers/test-visits/export.xlsx?year=2018");
        assertThat(export.status()).isEqualTo(200);
        assertThat(cells(export.bytes())).contains("福泉导入走访");
    }

    static String cells(byte[] xlsx) throws Exception {
        StringBuilder out = new StringBuilder();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            wb.getSheets().forEach(sheet -> {
                try {
                    sheet.read().forEach(r -> r.forEach(c -> out.append(c == null ? "" : c.getRawValue()).append('|')));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        return out.toString();
    }

    static String path(String location) {
        return location.replaceFirst("^https?://[^/]+", "");
    }
}
