package org.counterpart.registry;

import org.counterpart.audit.AuditLog;
import org.counterpart.geography.RegionCode;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Monitoring against return to poverty, narrated on a small crafted registry of Zheng'an (正安县, 520324, away
 * from the demo's Liupanshui and the import tests' counties) for 2017 and 2018, where the line is
 * 2,952 and 2,995 yuan: one exited household whose income halves, one that sits below 1.5× the line,
 * one whose production costs exceed half its income, one struck by illness and a dangerous house, and
 * one not yet exited that no rule looks at.
 */
@IntegrationTest
@Claims("520324")
class MonitoringTest {

    static final String COUNTY = "520324";
    static final int YEAR = 2018;

    @LocalServerPort
    int port;

    @Autowired
    RegistryImport imports;

    @Autowired
    Monitoring monitoring;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditLog audit;

    @TempDir
    Path dir;

    @BeforeEach
    void registry() throws IOException {
        if (jdbc.sql("select count(*) from household where county_code = :c").param("c", COUNTY).query(Long.class).single() > 0) {
            return; // the context (and its database) is shared by the whole run
        }
        List<String> rows = new ArrayList<>();
        rows.add(String.join(",", RegistryGenerator.HEADERS));
        // income halves: 30,000 for two in 2017, 16,000 in 2018 (15,000 → 8,000 per person, −46.7 %)
        household(rows, "M-DROP", "520324105201", 1, "已脱贫", "30000", "0", "否", "健康", 2017);
        household(rows, "M-DROP", "520324105201", 1, "已脱贫", "16000", "0", "否", "健康", 2018);
        // 5,000 per person in 2017, 4,200 in 2018: below 1.5 × 2,995 = 4,492.50, a drop of only 16 %
        household(rows, "M-LOW", "520324105202", 11, "已脱贫", "15000", "0", "否", "健康", 2017, "健康");
        household(rows, "M-LOW", "520324105202", 11, "已脱贫", "12600", "0", "否", "健康", 2018, "健康");
        // production costs of 16,000 against an income of 30,000: above half of it, net still 7,000 per person
        household(rows, "M-COST", "520324105203", 21, "已脱贫", "30000", "16000", "否", "健康", 2017);
        household(rows, "M-COST", "520324105203", 21, "已脱贫", "30000", "16000", "否", "健康", 2018);
        // healthy in 2017; in 2018 the spouse is seriously ill and the house is dangerous
        household(rows, "M-SICK", "520324105204", 31, "预脱贫", "20000", "0", "否", "健康", 2017);
        household(rows, "M-SICK", "520324105204", 31, "预脱贫", "20000", "0", "是", "患有大病", 2018);
        // not yet exited: poor, costly and newly ill, yet under assistance already, so not monitored
        household(rows, "M-POOR", "520324105205", 41, "未脱贫", "4000", "3000", "否", "健康", 2017);
        household(rows, "M-POOR", "520324105205", 41, "未脱贫", "4000", "3000", "是", "残疾", 2018);
        Path file = dir.resolve("zhengan.csv");
        Files.write(file, rows, StandardCharsets.UTF_8);
        RegistryImport.Result result = imports.run(file, "zhengan.csv", new RegistryImport.Options(false, OptionalInt.empty()), n -> { });
        assertThat(result.problems()).as("import problems").isEmpty();
        assertThat(result.householdsNew()).isEqualTo(10);
    }

    /** One household in one year: a head and a spouse (and a child for a household of three). */
    static void household(List<String> rows, String no, String village, int seq, String status, String wage, String costs,
                          String dangerous, String spouseHealth, int year, String... more) {
        String tail = ",,一般贫困户,因病,,国家," + status + "," + wage + ",0,0,0," + costs + "," + dangerous + ",是,,," + year;
        rows.add(no + "," + village + ",王" + seq + "," + RegistryImportTest.validId(COUNTY, "19700101", seq) + ",户主,男,,,,,健康,,,,是,是" + tail);
        rows.add(no + "," + village + ",李" + seq + "," + RegistryImportTest.validId(COUNTY, "19720202", seq + 1) + ",配偶,女,,,,," + spouseHealth + ",,,,是,是" + tail);
        for (int i = 0; i < more.length; i++) {
            rows.add(no + "," + village + ",王" + (seq + 2 + i) + "," + RegistryImportTest.validId(COUNTY, "19950303", seq + 4 + 2 * i)
                    + ",之子,男,,,,," + more[i] + ",,,,是,是" + tail);
        }
    }

    List<Monitoring.Flag> flagsOf(String householdNo) {
        Monitoring.Filter filter = new Monitoring.Filter(YEAR, Optional.of(new RegionCode(COUNTY)), Optional.empty(), Optional.empty());
        return monitoring.flags(filter, 0, 100).items().stream().filter(f -> f.householdNo().equals(householdNo)).toList();
    }

    long id(String householdNo) {
        return jdbc.sql("select id from household where county_code = :c and household_no = :n")
                .param("c", COUNTY).param("n", householdNo).query(Long.class).single();
    }

    @Autowired
    Households households;

    List<String> listed(Optional<String> monitoringFilter) {
        var filter = new Households.Filter(YEAR, Optional.of(new RegionCode(COUNTY)), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), monitoringFilter);
        return households.search(filter, 0, 500).items().stream().map(Households.Row::householdNo).sorted().toList();
    }

    List<String> flaggedNumbers(String categoryOrAll) {
        return jdbc.sql("""
                        select distinct h.household_no from monitoring_flag f join household h on h.id = f.household_id
                        where f.reg_year = :y and f.county_code = :c and (:k = '' or f.category = :k) order by 1""")
                .param("y", YEAR).param("c", COUNTY).param("k", categoryOrAll).query(String.class).list();
    }

    @Test
    void theHouseholdListFiltersByMonitoringFlagAndCategoryOnThePageAndInTheApi() {
        monitoring.recompute(YEAR);
        List<String> flagged = flaggedNumbers("");
        assertThat(flagged).isNotEmpty();
        assertThat(listed(Optional.of(Households.FLAGGED))).isEqualTo(flagged.stream().sorted().toList());
        List<String> unflagged = listed(Optional.of(Households.UNFLAGGED));
        assertThat(unflagged).doesNotContainAnyElementsOf(flagged);
        assertThat(unflagged.size() + flagged.size()).isEqualTo(listed(Optional.empty()).size());
        assertThat(listed(Optional.of("突发严重困难户"))).isEqualTo(flaggedNumbers("突发严重困难户").stream().sorted().toList()).isNotEmpty();

        WebSession admin = WebSession.signedIn(port, "admin");
        String page = admin.get("/registry/households?year=2018&region=" + COUNTY + "&monitoring=flagged").text();
        flagged.forEach(no -> assertThat(page).contains(no));
        assertThat(page).doesNotContain(unflagged.get(0));
        assertThat(admin.get("/registry/households.xlsx?year=2018&region=" + COUNTY + "&monitoring=unflagged").status()).isEqualTo(200);
        WebSession.Page api = admin.get("/api/registry/households?year=2018&region=" + COUNTY + "&monitoring=flagged");
        assertThat(api.status()).isEqualTo(200);
        assertThat(api.body()).contains("\"total\":" + flagged.size());
        // a year nobody evaluated is evaluated when its list is filtered by flag, not shown as "no flags"
        jdbc.sql("delete from monitoring_flag where reg_year = 2017").update();
        jdbc.sql("delete from monitoring_run where reg_year = 2017").update();
        var filter2017 = new Households.Filter(2017, Optional.of(new RegionCode(COUNTY)), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(Households.FLAGGED));
        long flagged2017 = households.search(filter2017, 0, 500).total();
        assertThat(monitoring.run(2017)).isPresent();
        assertThat(flagged2017).isEqualTo(jdbc.sql("select count(distinct household_id) from monitoring_flag where reg_year = 2017 and county_code = :c")
                .param("c", COUNTY).query(Long.class).single());
        WebSession.Page refused = admin.get("/api/registry/households?year=2018&monitoring=maybe");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("maybe").doesNotContain("Exception");
    }

    @Test
    void eachTriggerFlagsItsHouseholdWithTheReasonAndTheCategory() {
        monitoring.recompute(YEAR);

        assertThat(flagsOf("M-DROP")).singleElement().satisfies(f -> {
            assertThat(f.ruleCode()).isEqualTo("income_drop");
            assertThat(f.category()).isEqualTo(Monitoring.UNSTABLE);
            assertThat(f.messageKey()).isEqualTo("monitoring.reason.incomeDrop");
            assertThat(f.arguments()).containsExactly("2017", "15000.00", "8000.00", "46.7", "30.0");
        });
        assertThat(flagsOf("M-LOW")).singleElement().satisfies(f -> {
            assertThat(f.ruleCode()).isEqualTo("income_below_line");
            assertThat(f.category()).isEqualTo(Monitoring.UNSTABLE);
            assertThat(f.messageKey()).isEqualTo("monitoring.reason.incomeBelowLine");
            assertThat(f.arguments()).hasSize(5);
            assertThat(new BigDecimal(f.arguments().get(0))).isEqualByComparingTo("4200");
            assertThat(new BigDecimal(f.arguments().get(1))).isEqualByComparingTo("4492.50");
            assertThat(new BigDecimal(f.arguments().get(2))).isEqualByComparingTo("1.5");
            assertThat(new BigDecimal(f.arguments().get(3))).isEqualByComparingTo("2995");
            assertThat(f.arguments().get(4)).isEqualTo("2018");
        });
        assertThat(flagsOf("M-COST")).singleElement().satisfies(f -> {
            assertThat(f.ruleCode()).isEqualTo("rigid_spending");
            assertThat(f.category()).isEqualTo(Monitoring.UNSTABLE);
            assertThat(f.arguments()).containsExactly("16000.00", "30000.00", "50.0");
        });
        assertThat(flagsOf("M-SICK")).extracting(Monitoring.Flag::messageKey)
                .containsExactlyInAnyOrder("monitoring.reason.newIllness", "monitoring.reason.newDangerousHousing");
        assertThat(flagsOf("M-SICK")).allSatisfy(f -> {
            assertThat(f.ruleCode()).isEqualTo("sudden_hardship");
            assertThat(f.category()).isEqualTo(Monitoring.SUDDEN_HARDSHIP);
        });
        assertThat(flagsOf("M-SICK")).filteredOn(f -> f.messageKey().endsWith("newIllness")).singleElement()
                .satisfies(f -> assertThat(f.arguments()).containsExactly("2017", "1"));
        assertThat(flagsOf("M-POOR")).isEmpty();

        Monitoring.Summary summary = monitoring.summary(new Monitoring.Filter(YEAR, Optional.of(new RegionCode(COUNTY)), Optional.empty(), Optional.empty()));
        assertThat(summary.households()).isEqualTo(4);
        assertThat(summary.byCategory()).containsEntry(Monitoring.UNSTABLE, 3L).containsEntry(Monitoring.SUDDEN_HARDSHIP, 1L);
        assertThat(monitoring.run(YEAR)).get().satisfies(r -> assertThat(r.stale()).isFalse());

        // recomputing replaces the year's flags instead of adding to them
        monitoring.recompute(YEAR);
        assertThat(flagsOf("M-SICK")).hasSize(2);
    }

    @Test
    void theListShowsTheFlagsWithLinksToTheHouseholdAndFiltersByCategory() {
        monitoring.recompute(YEAR);
        WebSession admin = WebSession.signedIn(port, "admin");
        WebSession.Page page = admin.get("/registry/monitoring?year=2018&region=" + COUNTY);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("M-DROP", "M-LOW", "M-COST", "M-SICK").doesNotContain("M-POOR")
                .contains("/registry/households/" + id("M-DROP") + "?year=2018")
                .contains("id=\"recompute\"");

        String sudden = admin.get("/registry/monitoring?year=2018&region=" + COUNTY + "&category=" + Monitoring.SUDDEN_HARDSHIP).text();
        assertThat(sudden).contains("M-SICK").doesNotContain("M-DROP");
        String byRule = admin.get("/registry/monitoring?year=2018&region=" + COUNTY + "&rule=income_below_line").text();
        assertThat(byRule).contains("M-LOW").doesNotContain("M-DROP");
    }

    @Test
    void aReporterOfAnotherCountySeesNoneOfThem() {
        monitoring.recompute(YEAR);
        WebSession reporter = WebSession.signedIn(port, "zhongshan.reporter");
        WebSession.Page page = reporter.get("/registry/monitoring?year=2018&region=" + COUNTY);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).doesNotContain("M-DROP").doesNotContain("M-LOW").doesNotContain("id=\"recompute\"");
        assertThat(reporter.get("/registry/monitoring?year=2018").text()).doesNotContain("M-DROP");
        assertThat(reporter.get("/registry/households/" + id("M-DROP") + "?year=2018").status()).isEqualTo(403);
        assertThat(reporter.post("/registry/monitoring/recompute?year=2018", Map.of()).status()).isEqualTo(403);

        WebSession enterprise = WebSession.signedIn(port, "qixing.reporter");
        assertThat(enterprise.get("/registry/monitoring?year=2018").text()).doesNotContain("M-DROP");
    }

    @Test
    void aChangedThresholdChangesTheFlagsAtTheNextRecomputation() {
        monitoring.recompute(YEAR);
        assertThat(flagsOf("M-LOW")).hasSize(1);
        WebSession admin = WebSession.signedIn(port, "admin");
        try {
            admin.get("/registry/monitoring/rules");
            WebSession.Page saved = admin.post("/registry/monitoring/rules", Map.of("code", "income_below_line", "enabled", "true", "threshold", "1.2"));
            assertThat(saved.status()).isEqualTo(302);
            admin.get("/registry/monitoring/rules");
            admin.post("/registry/monitoring/rules", Map.of("code", "income_drop", "enabled", "true", "threshold", "0.5"));
            assertThat(monitoring.run(YEAR)).get().satisfies(r -> assertThat(r.stale()).isTrue());

            admin.get("/registry/monitoring?year=2018");
            assertThat(admin.post("/registry/monitoring/recompute?year=2018", Map.of()).status()).isEqualTo(302);
            assertThat(flagsOf("M-LOW")).isEmpty();   // 4,200 is above 1.2 × 2,995 = 3,594
            assertThat(flagsOf("M-DROP")).isEmpty();  // a drop of 46.7 % is under 50 %
            assertThat(flagsOf("M-COST")).hasSize(1);

            admin.get("/registry/monitoring/rules");
            admin.post("/registry/monitoring/rules", Map.of("code", "rigid_spending", "threshold", "0.5")); // no "enabled": switched off
            monitoring.recompute(YEAR);
            assertThat(flagsOf("M-COST")).isEmpty();

            assertThat(jdbc.sql("select count(*) from audit_entry where entity_kind = 'registry.monitoring-rule' and entity_id = 'income_below_line'")
                    .query(Long.class).single()).isGreaterThanOrEqualTo(1);
            assertThat(audit.verify().intact()).isTrue();
        } finally {
            admin.get("/registry/monitoring/rules");
            admin.post("/registry/monitoring/rules", Map.of("code", "income_below_line", "enabled", "true", "threshold", "1.5"));
            admin.post("/registry/monitoring/rules", Map.of("code", "income_drop", "enabled", "true", "threshold", "0.30"));
            admin.post("/registry/monitoring/rules", Map.of("code", "rigid_spending", "enabled", "true", "threshold", "0.5"));
            monitoring.recompute(YEAR);
        }
        assertThat(flagsOf("M-LOW")).hasSize(1);
    }

    @Test
    void aThresholdOutsideItsRangeOrNotANumberIsRefusedNextToTheField() {
        WebSession admin = WebSession.signedIn(port, "admin");
        admin.get("/registry/monitoring/rules");
        WebSession.Page notNumber = admin.post("/registry/monitoring/rules", Map.of("code", "income_drop", "enabled", "true", "threshold", "thirty"));
        assertThat(notNumber.status()).isEqualTo(200);
        assertThat(notNumber.body()).contains("is-invalid").contains("field-error").contains("value=\"thirty\"");
        WebSession.Page tooLarge = admin.post("/registry/monitoring/rules", Map.of("code", "income_drop", "enabled", "true", "threshold", "3"));
        assertThat(tooLarge.status()).isEqualTo(200);
        assertThat(tooLarge.body()).contains("is-invalid");
        WebSession.Page empty = admin.post("/registry/monitoring/rules", Map.of("code", "income_below_line", "enabled", "true", "threshold", ""));
        assertThat(empty.body()).contains("is-invalid");
        assertThat(jdbc.sql("select threshold from monitoring_rule where code = 'income_drop'").query(BigDecimal.class).single())
                .isEqualByComparingTo("0.30");
        assertThat(jdbc.sql("select threshold from monitoring_rule where code = 'income_below_line'").query(BigDecimal.class).single())
                .isEqualByComparingTo("1.5");
    }

    @Test
    void onlyAdministratorsSeeOrChangeTheRules() {
        WebSession coordinator = WebSession.signedIn(port, "lps.office");
        assertThat(coordinator.get("/registry/monitoring/rules").status()).isEqualTo(403);
        coordinator.get("/registry/monitoring?year=2018");
        assertThat(coordinator.post("/registry/monitoring/rules", Map.of("code", "income_below_line", "enabled", "true", "threshold", "2"))
                .status()).isEqualTo(403);
        WebSession reporter = WebSession.signedIn(port, "zhongshan.reporter");
        reporter.get("/registry/monitoring?year=2018");
        assertThat(reporter.post("/registry/monitoring/rules", Map.of("code", "income_below_line", "enabled", "false", "threshold", "abc"))
                .status()).isEqualTo(403);
        assertThatThrownBy(() -> monitoring.updateRule("income_below_line", false, Optional.empty())).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(monitoring::rules).isInstanceOf(AccessDeniedException.class);
        assertThat(jdbc.sql("select enabled from monitoring_rule where code = 'income_below_line'").query(Boolean.class).single()).isTrue();
    }

    @Test
    void aYearNobodyComputedIsComputedWhenItsPageIsFirstOpened() {
        jdbc.sql("delete from monitoring_flag where reg_year = 2017").update();
        jdbc.sql("delete from monitoring_run where reg_year = 2017").update();
        WebSession reporter = WebSession.signedIn(port, "zhongshan.reporter");
        assertThat(reporter.get("/registry/monitoring?year=2017").status()).isEqualTo(200);
        assertThat(monitoring.run(2017)).get().satisfies(r -> assertThat(r.computedBy()).isEqualTo("zhongshan.reporter"));
    }
}
