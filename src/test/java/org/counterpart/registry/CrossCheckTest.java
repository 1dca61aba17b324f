package org.counterpart.registry;

import org.counterpart.shared.ConcurrentEditException;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Cross-checks end to end: a department's list is matched against the registry, matches flag the
 * households with the list and row, bad rows are refused with a masked value, reviews are guarded by
 * the version, and a reporter elsewhere sees nothing. Registry data lives in 道真县 (520325), away from
 * the demo's Liupanshui households and the other tests' counties.
 */
@IntegrationTest
@Claims("520325")
class CrossCheckTest {

    static final String VEHICLE_OWNER = RegistryImportTest.validId("520325", "19750315", 13);
    static final String OWNER_2017_ONLY = RegistryImportTest.validId("520325", "19820720", 24);
    static final String SPOUSE = RegistryImportTest.validId("520325", "19770808", 26);
    static final String NOT_REGISTERED = RegistryImportTest.validId("520325", "19900101", 99);
    static final String ROW = "%s,%s,%s,%s,%s,,,,,,,,,,是,是,,一般贫困户,因病,,国家,未脱贫,3000,0,0,0,0,否,是,,,%d";

    @LocalServerPort
    int port;

    @Autowired
    RegistryImport imports;

    @Autowired
    CrossChecks crossChecks;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path dir;

    /** Households XC-001 (2018) and XC-002 (2017 only) in 道真县; importing again changes nothing. */
    void registered() throws IOException {
        Path file = dir.resolve("registry-520325.csv");
        Files.write(file, List.of(String.join(",", RegistryGenerator.HEADERS),
                ROW.formatted("XC-001", "520325001001", "王有车", VEHICLE_OWNER, "户主", 2018),
                ROW.formatted("XC-001", "520325001001", "陈秀英", SPOUSE, "配偶", 2018),
                ROW.formatted("XC-002", "520325001002", "刘曾在", OWNER_2017_ONLY, "户主", 2017)), StandardCharsets.UTF_8);
        RegistryImport.Result r = imports.run(file, file.getFileName().toString(), new RegistryImport.Options(false, OptionalInt.empty()), n -> { });
        assertThat(r.rowsRefused()).as(String.valueOf(r.problems())).isZero();
    }

    Path list(String name, String... rows) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, java.util.stream.Stream.concat(java.util.stream.Stream.of("证件号码,姓名,明细"), java.util.Arrays.stream(rows)).toList(),
                StandardCharsets.UTF_8);
        return file;
    }

    List<CrossChecks.Flag> flagsOf(long listId) {
        return crossChecks.flags(new CrossChecks.FlagFilter(Optional.empty(), Optional.of(listId), Optional.empty(), Optional.empty(),
                Optional.empty()), 0, 100).items();
    }

    long household(String no) {
        return jdbc.sql("select id from household where county_code = '520325' and household_no = :n").param("n", no).query(Long.class).single();
    }

    @Test
    void aVehicleOwnerListFlagsEveryHouseholdOfAMatchedPersonNamingTheListAndRow() throws IOException {
        registered();
        Path file = list("车辆登记.csv",
                NOT_REGISTERED + ",赵无关,贵C00001 小型轿车",
                VEHICLE_OWNER + ",王有车,贵C12345 小型轿车",
                OWNER_2017_ONLY + ",刘曾在,贵C54321 轻型货车");
        CrossChecks.ListImport result = crossChecks.importList(file, "车辆登记.csv", CrossCheckKind.VEHICLE, null);

        assertThat(result.rowsRead()).isEqualTo(3);
        assertThat(result.rowsRefused()).isZero();
        assertThat(result.entries()).isEqualTo(3);
        assertThat(result.flagsRaised()).isEqualTo(2);
        List<CrossChecks.Flag> flags = flagsOf(result.listId());
        assertThat(flags).hasSize(2);
        assertThat(flags).anySatisfy(f -> {
            assertThat(f.householdNo()).isEqualTo("XC-001");
            assertThat(f.personName()).isEqualTo("王有车");
            assertThat(f.kind()).isEqualTo(CrossCheckKind.VEHICLE);
            assertThat(f.listFile()).isEqualTo("车辆登记.csv");
            assertThat(f.line()).isEqualTo(3);
            assertThat(f.entryDetail()).isEqualTo("贵C12345 小型轿车");
            assertThat(f.idMasked()).isEqualTo("520325********" + VEHICLE_OWNER.substring(14));
            assertThat(f.status()).isEqualTo("OPEN");
        });
        // registered in 2017 only: a flag all the same, since the list may concern the past
        assertThat(flags).anySatisfy(f -> {
            assertThat(f.householdNo()).isEqualTo("XC-002");
            assertThat(f.line()).isEqualTo(4);
        });
        // flagged, never removed; the list keeps no number, only hash and masked form
        assertThat(household("XC-001")).isPositive();
        assertThat(jdbc.sql("select count(*) from household_year where household_id = :id").param("id", household("XC-001"))
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select id_hash || id_masked || coalesce(full_name, '') || coalesce(detail, '') from crosscheck_entry where list_id = :l")
                .param("l", result.listId()).query(String.class).list())
                .hasSize(3).noneMatch(s -> s.contains(VEHICLE_OWNER) || s.contains(NOT_REGISTERED) || s.contains(OWNER_2017_ONLY));
        assertThat(jdbc.sql("select count(*) from audit_entry where entity_kind = 'registry.crosscheck-list' and entity_id = :id")
                .param("id", String.valueOf(result.listId())).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aBadIdRowIsRefusedWithItsLineAndAMaskedValueAndTheOtherRowsAreKept() throws Exception {
        registered();
        String wrongCheck = VEHICLE_OWNER.substring(0, 17) + (VEHICLE_OWNER.charAt(17) == '0' ? '1' : '0');
        Path file = list("payroll.csv",
                VEHICLE_OWNER + ",王有车,某局 临聘",
                wrongCheck + ",王有车,某局",
                "52032519750315,张短号,");
        WebSession admin = WebSession.signedIn(port, "admin");
        WebSession.Page page = admin.upload("/registry/crosschecks?kind=PUBLIC_PAYROLL", file, "财政供养人员.csv");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"problems\"").contains(wrongCheck.substring(0, 6) + "********" + wrongCheck.substring(14))
                .doesNotContain(wrongCheck).doesNotContain(VEHICLE_OWNER);

        long listId = jdbc.sql("select max(id) from crosscheck_list where file_name = '财政供养人员.csv'").query(Long.class).single();
        assertThat(jdbc.sql("select rows_read || '/' || rows_refused || '/' || entry_count from crosscheck_list where id = :id")
                .param("id", listId).query(String.class).single()).isEqualTo("3/2/1");

        CrossChecks.ListImport direct = crossChecks.importList(file, "payroll.csv", CrossCheckKind.PUBLIC_PAYROLL, null);
        assertThat(direct.problems()).hasSize(2);
        assertThat(direct.problems().get(0)).satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.column()).isEqualTo("证件号码");
            assertThat(p.messageKey()).isEqualTo("residentId.check");
            assertThat(p.shownValue()).isEqualTo(wrongCheck.substring(0, 6) + "********" + wrongCheck.substring(14));
        });
        assertThat(direct.problems().get(1)).satisfies(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.messageKey()).isEqualTo("residentId.length");
            assertThat(p.shownValue()).doesNotContain("0315");
        });
        assertThat(direct.flagsRaised()).isEqualTo(1);
    }

    @Test
    void anOtherListNeedsAName() throws IOException {
        Path file = list("other.csv", VEHICLE_OWNER + ",王有车,");
        assertThatThrownBy(() -> crossChecks.importList(file, "other.csv", CrossCheckKind.OTHER, " "))
                .isInstanceOf(org.counterpart.shared.InvalidInputException.class)
                .hasMessageContaining("crosscheck.otherName.required");
    }

    @Test
    void aReviewWithAStaleVersionIsRefusedAndNothingIsOverwritten() throws IOException {
        registered();
        Path file = list("property.csv", VEHICLE_OWNER + ",王有车,城区商品房 120㎡");
        CrossChecks.ListImport result = crossChecks.importList(file, "城镇房产.csv", CrossCheckKind.URBAN_PROPERTY, null);
        CrossChecks.Flag flag = flagsOf(result.listId()).get(0);
        assertThat(flag.version()).isZero();

        crossChecks.review(flag.id(), CrossChecks.Outcome.CONFIRMED, "房产属本人，经入户核实", 0);
        assertThatThrownBy(() -> crossChecks.review(flag.id(), CrossChecks.Outcome.DISMISSED, "误报", 0))
                .isInstanceOf(ConcurrentEditException.class);

        CrossChecks.Flag now = crossChecks.flag(flag.id());
        assertThat(now.status()).isEqualTo("CONFIRMED");
        assertThat(now.note()).isEqualTo("房产属本人，经入户核实");
        assertThat(now.version()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_entry where entity_kind = 'registry.crosscheck-flag' and entity_id = :id")
                .param("id", String.valueOf(flag.id())).query(Long.class).single()).isEqualTo(1);

        // the web form carries the version too: a stale one shows the conflict and changes nothing
        WebSession admin = WebSession.signedIn(port, "admin");
        admin.get("/registry/crosschecks?list=" + result.listId());
        WebSession.Page stale = admin.post("/registry/crosschecks/flags/" + flag.id() + "/review",
                Map.of("outcome", "DISMISSED", "note", "误报", "version", "0"));
        assertThat(stale.status()).isEqualTo(302);
        assertThat(crossChecks.flag(flag.id()).status()).isEqualTo("CONFIRMED");
        WebSession.Page fresh = admin.post("/registry/crosschecks/flags/" + flag.id() + "/review",
                Map.of("outcome", "DISMISSED", "note", "房产已于2017年过户", "version", "1"));
        assertThat(fresh.status()).isEqualTo(302);
        assertThat(crossChecks.flag(flag.id())).satisfies(f -> {
            assertThat(f.status()).isEqualTo("DISMISSED");
            assertThat(f.reviewedBy()).isEqualTo("admin");
            assertThat(f.version()).isEqualTo(2);
        });
    }

    @Test
    void aReporterOfAnotherCountyDoesNotSeeTheFlagAndCannotReviewOrImport() throws IOException {
        registered();
        Path file = list("business.csv", VEHICLE_OWNER + ",王有车,个体工商户 道真县某商店");
        CrossChecks.ListImport result = crossChecks.importList(file, "工商登记.csv", CrossCheckKind.BUSINESS, null);
        long flagId = flagsOf(result.listId()).get(0).id();

        WebSession admin = WebSession.signedIn(port, "admin");
        assertThat(admin.get("/registry/crosschecks?list=" + result.listId()).body()).contains("XC-001").contains("flag-" + flagId);

        WebSession reporter = WebSession.signedIn(port, "zhongshan.reporter");
        WebSession.Page page = reporter.get("/registry/crosschecks?list=" + result.listId());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("XC-001").doesNotContain("flag-" + flagId);
        assertThat(reporter.get("/registry/crosschecks?region=520325").body()).doesNotContain("XC-001");
        assertThat(reporter.post("/registry/crosschecks/flags/" + flagId + "/review",
                Map.of("outcome", "DISMISSED", "note", "x", "version", "0")).status()).isEqualTo(403);
        assertThat(reporter.upload("/registry/crosschecks?kind=VEHICLE", file, "x.csv").status()).isEqualTo(403);

        WebSession reviewer = WebSession.signedIn(port, "panzhou.reviewer"); // reviews, but in 盘州市 only
        reviewer.get("/registry/crosschecks");
        assertThat(reviewer.post("/registry/crosschecks/flags/" + flagId + "/review",
                Map.of("outcome", "DISMISSED", "note", "x", "version", "0")).status()).isEqualTo(403);
        assertThat(crossChecks.flag(flagId).status()).isEqualTo("OPEN");
    }
}
