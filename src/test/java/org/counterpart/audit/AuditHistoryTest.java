package org.counterpart.audit;

import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.ByteArrayInputStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit page as an assessor reads it: filters by user, record and days, labels and code values in
 * both languages, records by their names, entries of a kind's former name read as that kind, the
 * export holding what the page shows, and user administration left to administrators.
 */
@IntegrationTest
@Claims("2108")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditHistoryTest {

    private static final Pattern SEQ = Pattern.compile("<td class=\"num\">(\\d+)</td>");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AuditKey key;
    @Autowired
    AuditLog audit;

    long institution;
    String filter;

    @BeforeAll
    void anInstitutionOfYingkouCreatedChangedAndOnceRecordedUnderTheOldKind() {
        WebSession admin = WebSession.signedIn(port, "admin");
        admin.get("/admin/users/new");
        assertThat(admin.post("/admin/users/new", user("yingkou.admin", "ADMINISTRATOR", "en")).status()).isEqualTo(302);
        admin.get("/admin/users/new");
        assertThat(admin.post("/admin/users/new", user("yingkou.assessor", "ASSESSOR", "zh-CN")).status()).isEqualTo(302);

        WebSession yingkou = as("yingkou.admin");
        yingkou.get("/institutions/new");
        Map<String, String> form = institution("ENTERPRISE", "");
        assertThat(yingkou.post("/institutions/new", form).status()).isEqualTo(302);
        institution = jdbc.sql("select id from institution where name_zh = '营口市审计测试有限公司'").query(Long.class).single();
        yingkou.get("/institutions/" + institution + "/edit");
        assertThat(yingkou.post("/institutions/" + institution + "/edit", institution("SCHOOL", "改为学校")).status()).isEqualTo(302);

        // an entry as the audit log wrote it before the vocabulary: kind "institution", sealed and linked as any other
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String before = "{\"kind\":\"SCHOOL\"}";
        String after = "{\"kind\":\"HOSPITAL\"}";
        jdbc.sql("""
                        insert into audit_pending (recorded_at, actor, entity_kind, entity_id, action, before_state, after_state, mac)
                        values (:at, 'yingkou.admin', 'institution', :id, 'updated', :b, :a, :mac)""")
                .param("at", Timestamp.from(at)).param("id", String.valueOf(institution)).param("b", before).param("a", after)
                .param("mac", key.seal(at, "yingkou.admin", "institution", String.valueOf(institution), "updated", before, after)).update();
        audit.checkpoint();
        filter = "kind=cooperation.institution&id=" + institution;
    }

    private WebSession as(String username) {
        WebSession s = new WebSession(port);
        WebSession.Page signedIn = s.login(username, "yingkou-2018");
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.location()).doesNotContain("error");
        return s;
    }

    private static Map<String, String> user(String name, String role, String locale) {
        Map<String, String> f = new HashMap<>();
        f.put("username", name);
        f.put("displayName", "营口市 审计测试");
        f.put("role", role);
        f.put("scopeRegion", "2108");
        f.put("locale", locale);
        f.put("enabled", "true");
        f.put("password", "yingkou-2018");
        f.put("version", "0");
        return f;
    }

    private Map<String, String> institution(String kind, String note) {
        Map<String, String> f = new HashMap<>();
        f.put("nameZh", "营口市审计测试有限公司");
        f.put("nameEn", "");
        f.put("kind", kind);
        f.put("region", "2108");
        f.put("creditCode", "");
        f.put("note", note);
        f.put("version", String.valueOf(note.isEmpty() ? 0 : jdbcVersion()));
        return f;
    }

    private int jdbcVersion() {
        return jdbc.sql("select version from institution where id = :id").param("id", institution).query(Integer.class).single();
    }

    private static List<Long> seqs(String body) {
        List<Long> found = new ArrayList<>();
        Matcher m = SEQ.matcher(body);
        while (m.find()) {
            found.add(Long.parseLong(m.group(1)));
        }
        return found;
    }

    @Test
    void aRecordsHistoryReadsInChineseWithItsNameAndCodeValuesAndTheOldKindAmongIt() {
        WebSession assessor = as("yingkou.assessor");
        WebSession.Page page = assessor.get("/audit?" + filter);
        assertThat(page.status()).isEqualTo(200);
        assertThat(seqs(page.body())).hasSize(3);
        String text = page.text();
        assertThat(text).contains("营口市审计测试有限公司").contains("参与单位")
                .contains("类型").contains("企业").contains("中小学校").contains("医院")
                .contains("备注").contains("改为学校").contains("新建").contains("修改")
                .doesNotContain(">ENTERPRISE<").doesNotContain(">institution<");
    }

    @Test
    void andInEnglish() {
        WebSession yingkou = as("yingkou.admin");
        String text = yingkou.get("/audit?" + filter).text();
        assertThat(text).contains("营口市审计测试有限公司").contains("Institution").contains("Enterprise").contains("School")
                .contains("Hospital").contains("Note").contains("created").contains("updated").doesNotContain("参与单位");
    }

    @Test
    void filtersByUserAndDays() {
        WebSession assessor = as("yingkou.assessor");
        LocalDate today = LocalDate.now(org.counterpart.shared.Formats.CHINA);
        assertThat(seqs(assessor.get("/audit?actor=yingkou.admin&" + filter).body())).hasSize(3);
        assertThat(seqs(assessor.get("/audit?actor=admin&" + filter).body())).isEmpty();
        assertThat(seqs(assessor.get("/audit?from=" + today + "&to=" + today + "&" + filter).body())).hasSize(3);
        assertThat(seqs(assessor.get("/audit?from=" + today.plusDays(1) + "&" + filter).body())).isEmpty();
        assertThat(seqs(assessor.get("/audit?to=" + today.minusDays(1) + "&" + filter).body())).isEmpty();
        // every entry the user made, whatever the record: the two accounts are the administrator's, not theirs
        List<Long> byYingkou = seqs(assessor.get("/audit?actor=yingkou.admin").body());
        assertThat(byYingkou).hasSize(3);

        WebSession.Page bad = assessor.get("/audit?from=2018-13-01&" + filter);
        assertThat(bad.status()).isEqualTo(200);
        assertThat(bad.text()).contains("无法识别筛选条件“起始日期”");
        assertThat(seqs(bad.body())).hasSize(3);
    }

    @Test
    void theExportHoldsExactlyTheEntriesThePageShowsAndSaysWhichFilters() throws Exception {
        WebSession assessor = as("yingkou.assessor");
        String query = "actor=yingkou.admin&" + filter;
        List<Long> shown = seqs(assessor.get("/audit?" + query).body());
        assertThat(assessor.get("/audit?" + query).body()).contains("/audit/export?actor=yingkou.admin&amp;kind=cooperation.institution&amp;id=" + institution);
        byte[] xlsx = assessor.get("/audit/export?" + query).bytes();
        List<Long> exported = new ArrayList<>();
        List<String> records = new ArrayList<>();
        String filters = null;
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            List<Row> rows = wb.getFirstSheet().read();
            assertThat(rows.stream().filter(r -> r.getCellCount() > 3 && "记录类别".equals(r.getCellText(3))).count()).isEqualTo(1);
            for (Row r : rows.subList(1, rows.size())) {
                if (r.getCellCount() == 0 || r.getCellText(0).isEmpty()) {
                    continue;
                }
                if (r.getCellText(0).matches("\\d+")) {
                    exported.add(Long.parseLong(r.getCellText(0)));
                    records.add(r.getCellText(3) + " " + r.getCellText(5) + " " + r.getCellText(7));
                } else if (r.getCellText(0).equals("筛选条件")) {
                    filters = r.getCellText(1);
                }
            }
        }
        assertThat(exported).isEqualTo(shown);
        assertThat(records).allSatisfy(r -> assertThat(r).startsWith("参与单位 营口市审计测试有限公司"));
        assertThat(String.join("\n", records)).contains("中小学校 → 医院");
        assertThat(filters).contains("yingkou.admin").contains("参与单位").contains(String.valueOf(institution));
    }

    @Test
    void userAdministrationIsForAdministratorsOnly() {
        WebSession assessor = as("yingkou.assessor");
        WebSession admin = as("yingkou.admin");
        String byAdmin = "/audit?actor=admin&kind=identity.user";
        assertThat(admin.get(byAdmin).text()).contains("yingkou.assessor").contains("User account");
        WebSession.Page refused = assessor.get(byAdmin);
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.text()).doesNotContain("yingkou.assessor").contains("无法识别筛选条件“记录类别”")
                .doesNotContain("value=\"identity.user\"");
        assertThat(assessor.get("/audit?actor=admin").text()).doesNotContain("yingkou.assessor");
        assertThat(assessor.get("/audit?kind=user").text()).doesNotContain("yingkou.assessor");
    }

    @Test
    void theLogIsPagedAndThePagesCarryTheFilters() {
        // an administrator reads every entry, so there are pages to turn (an assessor reads its scope's accounts' entries only)
        WebSession assessor = as("yingkou.admin");
        String first = assessor.get("/audit?to=" + LocalDate.now(org.counterpart.shared.Formats.CHINA)).body();
        assertThat(seqs(first)).hasSize(50);
        assertThat(first).contains("page=1");
        Matcher next = Pattern.compile("href=\"(/audit\\?[^\"]*page=1)\"").matcher(first);
        assertThat(next.find()).isTrue();
        assertThat(next.group(1)).contains("to=");
        List<Long> second = seqs(assessor.get(next.group(1).replace("&amp;", "&")).body());
        assertThat(second).isNotEmpty().allSatisfy(s -> assertThat(s).isLessThan(seqs(first).get(49)));
    }

    @Test
    void inTheBrowserTheHistoryOpensCleanlyAndItsFilterFormSubmitsInBothLanguages() {
        for (String user : List.of("yingkou.assessor", "yingkou.admin")) {
            try (org.counterpart.support.Chromium browser = org.counterpart.support.Chromium.open(port)) {
                browser.signIn(user, "yingkou-2018");
                browser.get("/audit");
                browser.driver().findElement(org.openqa.selenium.By.id("actor")).sendKeys("yingkou.admin");
                new org.openqa.selenium.support.ui.Select(browser.driver().findElement(org.openqa.selenium.By.id("kind")))
                        .selectByValue("cooperation.institution");
                browser.press(browser.driver().findElement(org.openqa.selenium.By.cssSelector("form.filters button[type=submit]")));
                browser.waiting().until(d -> d.getCurrentUrl().contains("actor=yingkou.admin"));
                assertThat(browser.bodyText()).contains("营口市审计测试有限公司").contains(user.endsWith("admin") ? "Hospital" : "医院");
                assertThat(browser.consoleProblems()).isEmpty();
                assertThat(browser.sidewaysOverflow()).isZero();
                browser.screenshot("audit-history-" + (user.endsWith("admin") ? "en" : "zh"));
            }
        }
    }
}
