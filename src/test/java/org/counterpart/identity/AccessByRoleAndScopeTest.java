package org.counterpart.identity;

import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page and export this foundation adds, tried by people who may and may not see it: the check
 * is on the server, so a link or a guessed id gets nobody further than their scope.
 */
@IntegrationTest
@Claims(scenario = "tries pages and changes that are refused; creates nothing")
class AccessByRoleAndScopeTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    long institution(String name) {
        return jdbc.sql("select id from institution where name_zh = :n").param("n", name).query(Long.class).single();
    }

    long pairingBetween(String helperRegion, String helpedRegion) {
        return jdbc.sql("select id from pairing where helper_region = :a and helped_region = :b")
                .param("a", helperRegion).param("b", helpedRegion).query(Long.class).single();
    }

    @Test
    void anonymousVisitorsAreSentToTheLoginPageFromEveryPage() {
        WebSession anonymous = new WebSession(port);
        for (String path : List.of("/", "/regions", "/regions/5202", "/institutions", "/institutions.xlsx",
                "/institutions/1", "/pairings", "/pairings.xlsx", "/pairings/1/edit", "/admin/users", "/audit", "/language?to=en")) {
            WebSession.Page page = anonymous.get(path);
            assertThat(page.status()).as(path).isEqualTo(302);
            assertThat(page.location()).as(path).endsWith("/login");
        }
    }

    @Test
    void actuatorShowsHealthToEveryoneAndTheRestOnlyToAdministrators() {
        assertThat(new WebSession(port).get("/actuator/health").status()).isEqualTo(200);
        assertThat(new WebSession(port).get("/actuator/health").body()).doesNotContain("components");
        assertThat(new WebSession(port).get("/actuator/metrics").status()).isIn(302, 401);
        assertThat(WebSession.signedIn(port, "dalian.office").get("/actuator/metrics").status()).isEqualTo(403);
        assertThat(WebSession.signedIn(port, "admin").get("/actuator/metrics").status()).isEqualTo(200);
    }

    @Test
    void theDatabaseConsoleIsNotExposed() {
        assertThat(WebSession.signedIn(port, "admin").get("/h2-console").status()).isEqualTo(404);
    }

    @Test
    void aZhongshanReporterSeesZhongshanButNeverPanzhou() {
        WebSession reporter = WebSession.signedIn(port, "zhongshan.reporter");

        String list = reporter.get("/institutions").body();
        assertThat(list).contains("钟山区人民政府", "钟山经济开发区").doesNotContain("盘州市人民政府", "红果经济开发区");

        long panzhou = institution("盘州市人民政府");
        assertThat(reporter.get("/institutions/" + panzhou).status()).isEqualTo(403);
        assertThat(reporter.get("/institutions/" + panzhou + "/edit").status()).isEqualTo(403);
        assertThat(reporter.get("/institutions?region=520281").body()).doesNotContain("盘州市人民政府");

        String export = new String(reporter.get("/institutions.xlsx").bytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(export).startsWith("PK");

        byte[] pairingsXlsx = reporter.get("/pairings.xlsx").bytes();
        try (var wb = new org.dhatim.fastexcel.reader.ReadableWorkbook(new java.io.ByteArrayInputStream(pairingsXlsx))) {
            var cells = wb.getFirstSheet().read().stream().flatMap(r -> r.stream()).filter(java.util.Objects::nonNull)
                    .map(org.dhatim.fastexcel.reader.Cell::getText).toList();
            assertThat(cells).anyMatch(t -> t.contains("钟山区")).noneMatch(t -> t.endsWith("盘州市"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        String pairings = reporter.get("/pairings").body();
        assertThat(pairings).contains("钟山区").doesNotContain("盘州市</a>");
        assertThat(reporter.get("/pairings/" + pairingBetween("210204", "520281") + "/edit").status()).isEqualTo(403);
    }

    @Test
    void aReporterReadsItsCountysRecordsButCannotChangeThem() {
        WebSession reporter = WebSession.signedIn(port, "zhongshan.reporter");
        long zhongshan = institution("钟山区人民政府");
        assertThat(reporter.get("/institutions/" + zhongshan).status()).isEqualTo(200);
        assertThat(reporter.get("/institutions/" + zhongshan + "/edit").status()).isEqualTo(403);
        WebSession.Page post = reporter.post("/institutions/" + zhongshan + "/edit", Map.of(
                "nameZh", "改名", "kind", "GOVERNMENT", "region", "520201", "version", "0"));
        assertThat(post.status()).isEqualTo(403);
        assertThat(reporter.get("/institutions/new").status()).isEqualTo(403);
        assertThat(reporter.post("/pairings/new", Map.of("kind", "CITY_CITY", "helperRegion", "2102",
                "helpedRegion", "5101", "sinceYear", "2018", "version", "0")).status()).isEqualTo(403);
        assertThat(jdbc.sql("select name_zh from institution where id = :id").param("id", zhongshan).query(String.class).single())
                .isEqualTo("钟山区人民政府");
    }

    @Test
    void aDalianCoordinatorChangesDalianRecordsButNotLiupanshuiOnes() {
        WebSession coordinator = WebSession.signedIn(port, "dalian.office");
        long liupanshui = institution("六盘水市人民政府");
        long dalian = institution("大连市人民政府");
        // the helped city's government is visible to the helping city through their pairing, but read-only
        assertThat(coordinator.get("/institutions/" + liupanshui).status()).isEqualTo(200);
        assertThat(coordinator.get("/institutions/" + liupanshui + "/edit").status()).isEqualTo(403);
        assertThat(coordinator.get("/institutions/" + dalian + "/edit").status()).isEqualTo(200);
        assertThat(coordinator.post("/institutions/new", Map.of("nameZh", "越权单位", "kind", "ENTERPRISE",
                "region", "520201", "version", "0")).status()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from institution where name_zh = '越权单位'").query(Long.class).single()).isZero();
    }

    @Test
    void anEnterpriseReporterSeesItselfAndWhatItIsPairedWith() {
        WebSession reporter = WebSession.signedIn(port, "qixing.reporter");
        String list = reporter.get("/institutions").body();
        assertThat(list).contains("大连七星餐饮管理有限公司").doesNotContain("大连市人民政府", "大连商品交易所");
        assertThat(reporter.get("/institutions/" + institution("大连商品交易所")).status()).isEqualTo(403);
        assertThat(reporter.get("/pairings").body()).contains("米箩镇").doesNotContain("钟山区</a>");
    }

    @Test
    void onlyAdministratorsManageUsers() {
        for (String user : List.of("dalian.office", "zhongshan.reporter", "assessor", "leader")) {
            WebSession s = WebSession.signedIn(port, user);
            assertThat(s.get("/admin/users").status()).as(user).isEqualTo(403);
            assertThat(s.get("/admin/users/1").status()).as(user).isEqualTo(403);
            assertThat(s.post("/admin/users/new", Map.of("username", "intruder." + user.replace('.', '-'),
                    "displayName", "x", "role", "ADMINISTRATOR", "scopeRegion", "0", "password", "longenough123",
                    "enabled", "true", "version", "0")).status()).as(user).isEqualTo(403);
        }
        assertThat(jdbc.sql("select count(*) from user_account where username like 'intruder%'").query(Long.class).single()).isZero();
        assertThat(WebSession.signedIn(port, "admin").get("/admin/users").status()).isEqualTo(200);
    }

    @Test
    void theAuditLogIsForAdministratorsAndAssessorsOnly() {
        assertThat(WebSession.signedIn(port, "assessor").get("/audit").status()).isEqualTo(200);
        assertThat(WebSession.signedIn(port, "admin").get("/audit").status()).isEqualTo(200);
        assertThat(WebSession.signedIn(port, "dalian.office").get("/audit").status()).isEqualTo(403);
        assertThat(WebSession.signedIn(port, "zhongshan.reporter").get("/audit").status()).isEqualTo(403);
    }

    @Test
    void refusalsAndMissingPagesNeverShowAStackTrace() {
        WebSession reporter = WebSession.signedIn(port, "zhongshan.reporter");
        for (String path : List.of("/institutions/" + institution("盘州市人民政府"), "/institutions/999999",
                "/institutions/not-a-number", "/regions/999999", "/no/such/page")) {
            WebSession.Page page = reporter.get(path);
            assertThat(page.status()).as(path).isIn(400, 403, 404);
            assertThat(page.body()).as(path).doesNotContain("Exception", "at org.", "Whitelabel");
        }
        // an unknown place in a filter is refused beside its field since places are taken by name, not by a full-page 400
        WebSession.Page unknownPlace = reporter.get("/institutions?region=12x");
        assertThat(unknownPlace.status()).isIn(200, 400);
        assertThat(unknownPlace.body()).contains("12x").doesNotContain("Exception", "at org.", "Whitelabel");
        WebSession admin = WebSession.signedIn(port, "admin");
        admin.get("/pairings/new");
        WebSession.Page malformed = admin.post("/pairings/new", java.util.Map.of("kind", "NO_SUCH_KIND", "version", "x"));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body()).doesNotContain("Exception", "at org.");
    }
}
