package org.counterpart.cooperation;

import org.counterpart.audit.AuditLog;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Creating and changing institutions through the pages, as a coordinator would. */
@IntegrationTest
@Claims(scenario = "creates Dalian-side institutions with names of its own; refuses the rest")
class InstitutionEditingTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditLog audit;

    static Map<String, String> form(String name, String region, String creditCode) {
        Map<String, String> f = new HashMap<>();
        f.put("nameZh", name);
        f.put("nameEn", "");
        f.put("kind", "ENTERPRISE");
        f.put("region", region);
        f.put("creditCode", creditCode);
        f.put("note", "");
        f.put("version", "0");
        return f;
    }

    long idOf(String name) {
        return jdbc.sql("select id from institution where name_zh = :n").param("n", name).query(Long.class).single();
    }

    @Test
    void aBadCreditCodeIsRefusedNextToTheFieldWithTheReason() {
        WebSession s = WebSession.signedIn(port, "dalian.office");
        s.get("/institutions/new");
        // 91110000600037341L is valid; changing its last character breaks the check
        WebSession.Page page = s.post("/institutions/new", form("校验码错误公司", "2102", "91110000600037341M"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("校验码为\"M\"，应为\"L\"").contains("is-invalid");
        assertThat(page.body()).contains("value=\"校验码错误公司\"");

        page = s.post("/institutions/new", form("字符错误公司", "2102", "91110000600037341I"));
        assertThat(page.text()).contains("第 18 位的字符\"I\"");

        assertThat(jdbc.sql("select count(*) from institution where name_zh in ('校验码错误公司', '字符错误公司')")
                .query(Long.class).single()).isZero();
    }

    @Test
    void anUnknownRegionCodeIsRefusedWithTheCode() {
        WebSession s = WebSession.signedIn(port, "dalian.office");
        s.get("/institutions/new");
        WebSession.Page page = s.post("/institutions/new", form("无此地区公司", "210299", ""));
        assertThat(page.body()).contains("不存在代码为 210299 的区划");
        page = s.post("/institutions/new", form("无此地区公司", "21x2", ""));
        assertThat(page.body()).contains("只能包含数字");
    }

    @Test
    void aValidInstitutionIsSavedNormalisedAndAudited() {
        WebSession s = WebSession.signedIn(port, "dalian.office");
        s.get("/institutions/new");
        WebSession.Page page = s.post("/institutions/new", form("大连测试科技有限公司", "２１０２０２", "9111 0000 6000 3734 1l"));
        assertThat(page.status()).isEqualTo(302);
        long id = idOf("大连测试科技有限公司");
        assertThat(page.location()).endsWith("/institutions/" + id);
        assertThat(jdbc.sql("select region_code || ' ' || credit_code from institution where id = :id").param("id", id)
                .query(String.class).single()).isEqualTo("210202 91110000600037341L");

        var entries = jdbc.sql("select actor, action, after_state from audit_entry where entity_kind = 'cooperation.institution' and entity_id = :id")
                .param("id", String.valueOf(id)).query((rs, i) -> rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3)).list();
        assertThat(entries).singleElement().asString().startsWith("dalian.office|created|").contains("大连测试科技有限公司");
    }

    @Test
    void twoEditorsNeverOverwriteEachOtherSilently() {
        WebSession first = WebSession.signedIn(port, "dalian.office");
        WebSession second = WebSession.signedIn(port, "admin");
        first.get("/institutions/new");
        first.post("/institutions/new", form("并发编辑公司", "2102", ""));
        long id = idOf("并发编辑公司");

        first.get("/institutions/" + id + "/edit");
        second.get("/institutions/" + id + "/edit");
        Map<String, String> a = form("并发编辑公司", "2102", "");
        a.put("note", "first editor's note");
        assertThat(first.post("/institutions/" + id + "/edit", a).status()).isEqualTo(302);

        Map<String, String> b = form("并发编辑公司", "2102", "");
        b.put("note", "second editor's note");
        WebSession.Page conflict = second.post("/institutions/" + id + "/edit", b);
        assertThat(conflict.status()).isEqualTo(200);
        assertThat(conflict.text()).contains("已有其他人保存了这条记录").contains("first editor's note");
        assertThat(jdbc.sql("select note from institution where id = :id").param("id", id).query(String.class).single())
                .isEqualTo("first editor's note");

        var audited = jdbc.sql("select before_state || ' => ' || after_state from audit_entry where entity_kind = 'cooperation.institution' and entity_id = :id and action = 'updated'")
                .param("id", String.valueOf(id)).query(String.class).list();
        assertThat(audited).singleElement().asString().contains("\"note\":\"\"").contains("\"note\":\"first editor's note\"");
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void theExportHoldsExactlyTheFilteredRowsAndNeverAFormula() throws Exception {
        WebSession s = WebSession.signedIn(port, "dalian.office");
        s.get("/institutions/new");
        s.post("/institutions/new", form("=HYPERLINK(\"http://x\",\"点我\")", "210203", ""));
        byte[] xlsx = s.get("/institutions.xlsx?region=210203").bytes();
        List<String> names;
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            List<Row> rows = wb.getFirstSheet().read();
            assertThat(rows.get(0).getCellText(0)).isEqualTo("参与单位");
            names = org.counterpart.support.XlsxRecords.of(xlsx, "中文名称", true).stream().map(r -> r.getCellText(0)).toList();
            Row formulaRow = rows.stream().filter(r -> r.getCellText(0).startsWith("=")).findFirst().orElseThrow();
            assertThat(formulaRow.getCell(0).getType()).isEqualTo(org.dhatim.fastexcel.reader.CellType.STRING);
            assertThat(formulaRow.getCell(0).getFormula()).isNull();
        }
        assertThat(names).containsExactlyInAnyOrder("大连医科大学附属第一医院", "=HYPERLINK(\"http://x\",\"点我\")");
    }

    @Test
    void anInstitutionInUseCannotBeDeleted() {
        WebSession admin = WebSession.signedIn(port, "admin");
        long dmu = idOf("大连医科大学");
        admin.get("/institutions/" + dmu);
        WebSession.Page page = admin.post("/institutions/" + dmu + "/delete", Map.of("version", "0"));
        assertThat(page.status()).isEqualTo(302);
        assertThat(admin.get(page.location().replaceFirst("^https?://[^/]+", "")).body()).contains("仍被");
        assertThat(jdbc.sql("select count(*) from institution where id = :id").param("id", dmu).query(Long.class).single()).isOne();
    }
}
