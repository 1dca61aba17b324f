package org.counterpart;

import org.counterpart.identity.Role;
import org.counterpart.cooperation.InstitutionForm;
import org.counterpart.cooperation.InstitutionKind;
import org.counterpart.cooperation.Institutions;
import org.counterpart.cooperation.Ledger;
import org.counterpart.cooperation.Ledgers;
import org.counterpart.cooperation.PairingForm;
import org.counterpart.cooperation.PairingKind;
import org.counterpart.cooperation.Pairings;
import org.counterpart.registry.RegistryImport;
import org.counterpart.identity.UserAdministration;
import org.counterpart.identity.UserForm;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11 in the registry: a county reporter's import may change only people within its scope. A
 * person registered in 赤水市 (520381) named by an import of 仁怀市 (520382) is refused for that row
 * without naming where they are registered, never rewritten, and the attempt is listed for 赤水市; a
 * person the import does change has an audit entry of its own, masked.
 */
@IntegrationTest
@Claims({"520381", "520382"})
class ScopeTest {

    static final String CHISHUI = "520381";
    static final String RENHUAI = "520382";
    static final String[] HEADERS = {"户编号", "行政村代码", "姓名", "证件号码", "与户主关系", "性别", "出生日期", "民族", "文化程度",
            "在校生状况", "健康状况", "劳动技能", "务工状况", "务工时间", "是否参加城乡居民基本医疗保险", "是否参加城乡居民基本养老保险",
            "联系电话", "贫困户属性", "主要致贫原因", "其他致贫原因", "识别标准", "脱贫属性", "工资性收入", "生产经营性收入",
            "转移性收入", "财产性收入", "生产经营性支出", "是否危房", "饮水是否安全", "帮扶责任人", "帮扶责任人单位", "年度"};

    static final String ROW = "%s,%s,%s,%s,户主,,,,,,,,,,是,是,%s,一般贫困户,因病,,国家,未脱贫,3000,0,0,0,0,否,是,,,%s";

    static final String CHISHUI_PERSON = validId(CHISHUI, "19700101", 11);
    static final String RENHUAI_PERSON = validId(RENHUAI, "19750202", 12);

    static String validId(String area, String birth, int seq) {
        String first17 = area + birth + String.format("%03d", seq);
        return first17 + org.counterpart.shared.ResidentId.checkCharacter(first17);
    }

    /** Follows an import job's page until the run's page. */
    static WebSession.Page finished(WebSession s, WebSession.Page started) throws InterruptedException {
        assertThat(started.status()).as(started.body()).isEqualTo(302);
        String jobPage = started.location().replaceFirst("^https?://[^/]+", "");
        for (int i = 0; i < 240; i++) {
            WebSession.Page page = s.get(jobPage);
            if (page.status() == 302) {
                return s.get(page.location().replaceFirst("^https?://[^/]+", ""));
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the import job did not finish within a minute");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RegistryImport imports;
    @Autowired
    UserAdministration users;
    @Autowired
    Ledgers ledgers;
    @Autowired
    Institutions institutions;
    @Autowired
    Pairings pairings;
    @TempDir
    Path dir;

    static final String CHISHUI_OTHER = validId(CHISHUI, "19800303", 13);

    /** A household of 赤水市 in 2018 that the write tests name (imported once, as the system). */
    void chishuiHousehold() throws IOException {
        synchronized (ScopeTest.class) {
            if (jdbc.sql("select count(*) from household where household_no = 'CS-SCOPE-2'").query(Long.class).single() == 0) {
                Path f = file("chishui-2.csv", List.of(ROW.formatted("CS-SCOPE-2", village(CHISHUI), "孙赤水", CHISHUI_OTHER, "13800000002", 2018)));
                RegistryImport.Result r = imports.run(f, "chishui-2.csv", new RegistryImport.Options(false, OptionalInt.empty()), n -> { });
                assertThat(r.rowsRefused()).as(String.valueOf(r.problems())).isZero();
            }
        }
    }

    static Map<String, String> fund(String title, String place, String owner, String beneficiaries) {
        Map<String, String> f = new HashMap<>();
        f.put("title", title);
        f.put("reg_year", "2018");
        f.put("place_code", place);
        f.put("owner", owner);
        f.put("source", "CITY");
        f.put("sector", "AGRICULTURE");
        f.put("benefit_kind", "DIVIDEND");
        f.put("allocated", "9000000");
        f.put("disbursed", "9000000");
        f.put("beneficiaries", beneficiaries);
        f.put("version", "0");
        return f;
    }

    long count(String table, String title) {
        return jdbc.sql("select count(*) from " + table + " where title = :t").param("t", title).query(Long.class).single();
    }

    @Test
    void aReporterWritesNoFundOrAgreementIntoAnotherCounty() throws Exception {
        WebSession renhuai = WebSession.signedIn(port, "renhuai.reporter");
        renhuai.get("/ledgers/funds/new");
        WebSession.Page refused = renhuai.post("/ledgers/funds/new", fund("仁怀填赤水项目", CHISHUI, RENHUAI, ""));
        assertThat(refused.status()).isNotEqualTo(302);
        assertThat(count("ledger_fund", "仁怀填赤水项目")).isZero();
        // the same fund in its own county is taken, so the refusal above is about the place
        assertThat(renhuai.post("/ledgers/funds/new", fund("仁怀本县项目", RENHUAI, RENHUAI, "")).status()).isEqualTo(302);
        assertThat(count("ledger_fund", "仁怀本县项目")).isEqualTo(1);

        renhuai.get("/ledgers/agreements/new");
        WebSession.Page agreement = renhuai.post("/ledgers/agreements/new", new HashMap<>(Map.of("title", "仁怀与赤水协议", "kind", "STRATEGIC",
                "signed_on", "2018-09-12", "amount", "30000000", "owner", RENHUAI, "partner", CHISHUI, "version", "0")));
        assertThat(agreement.status()).isNotEqualTo(302);
        assertThat(count("ledger_agreement", "仁怀与赤水协议")).isZero();

    }

    @Test
    void aRefusedBeneficiaryOfAnotherCountyIsNotToldWhereTheyLive() throws Exception {
        chishuiHousehold();
        String chishuiVillage = village(CHISHUI);
        WebSession renhuai = WebSession.signedIn(port, "renhuai.reporter");
        renhuai.get("/ledgers/funds/new");
        WebSession.Page byId = renhuai.post("/ledgers/funds/new", fund("仁怀受益人探测", RENHUAI, RENHUAI, CHISHUI_OTHER));
        assertThat(byId.text()).contains("不在您可查看的范围内").doesNotContain(chishuiVillage).doesNotContain("赤水");
        WebSession.Page byHousehold = renhuai.post("/ledgers/funds/new", fund("仁怀受益户探测", RENHUAI, RENHUAI, "CS-SCOPE-2"));
        assertThat(byHousehold.text()).contains("不在您可查看的范围内").doesNotContain(chishuiVillage).doesNotContain("赤水");
        assertThat(count("ledger_fund", "仁怀受益人探测") + count("ledger_fund", "仁怀受益户探测")).isZero();
    }

    @Test
    void aPairingWithACityLevelBodyOpensNotThatCityToACounty() throws Exception {
        chishuiHousehold();
        synchronized (ScopeTest.class) {
            if (jdbc.sql("select count(*) from institution where name_zh = '遵义市测试医院'").query(Long.class).single() == 0) {
                long city = institutions.create(new InstitutionForm("遵义市测试医院", "Zunyi test hospital", InstitutionKind.HOSPITAL, "5203", "", "", 0));
                long county = institutions.create(new InstitutionForm("仁怀市测试医院", "Renhuai test hospital", InstitutionKind.HOSPITAL, RENHUAI, "", "", 0));
                pairings.create(new PairingForm(PairingKind.HOSPITAL_HOSPITAL, "", city, "", county, 2018, "", 0));
                ledgers.create(Ledger.FUND, new Ledgers.Entry(fund("赤水市本地项目", CHISHUI, CHISHUI, ""), List.of(), 0));
            }
        }
        long fundId = jdbc.sql("select id from ledger_fund where title = '赤水市本地项目'").query(Long.class).single();
        WebSession renhuai = WebSession.signedIn(port, "renhuai.reporter");
        assertThat(renhuai.get("/ledgers/funds").text()).doesNotContain("赤水市本地项目");
        assertThat(renhuai.get("/ledgers/funds/" + fundId).status()).isEqualTo(403);
        assertThat(renhuai.get("/api/reach/gap?year=2018&place=" + CHISHUI).status()).isEqualTo(403);
        // 赤水市 itself still reads its own
        assertThat(WebSession.signedIn(port, "chishui.reporter").get("/ledgers/funds/" + fundId).status()).isEqualTo(200);
    }

    @BeforeEach
    void accounts() {
        synchronized (ScopeTest.class) {
            if (jdbc.sql("select count(*) from user_account where username = 'chishui.reporter'").query(Long.class).single() == 0) {
                users.createDemoAccount(new UserForm("chishui.reporter", "赤水市 填报员", Role.REPORTER, CHISHUI, null, "zh-CN", true,
                        "counterpart2018", 0, false));
                users.createDemoAccount(new UserForm("renhuai.reporter", "仁怀市 填报员", Role.REPORTER, RENHUAI, null, "zh-CN", true,
                        "counterpart2018", 0, false));
                users.createDemoAccount(new UserForm("renhuai.office", "仁怀市 协作办", Role.COORDINATOR, RENHUAI, null, "zh-CN", true,
                        "counterpart2018", 0, false));
            }
        }
    }

    String village(String county) {
        return jdbc.sql("select min(code) from region where code like :c and length(code) = 12")
                .param("c", county + "%").query(String.class).single();
    }

    Path file(String name, List<String> rows) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", HEADERS));
        lines.addAll(rows);
        Path file = dir.resolve(name);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /** Uploads as the reporter, then applies the checked run; the page of the applied run. */
    WebSession.Page uploadAndApply(WebSession reporter, Path file) throws Exception {
        WebSession.Page checked = finished(reporter, reporter.upload("/registry/imports", file, file.getFileName().toString()));
        assertThat(checked.status()).isEqualTo(200);
        String runId = checked.body().replaceAll("(?s).*?/registry/imports/(\\d+)/apply.*", "$1");
        return finished(reporter, reporter.post("/registry/imports/" + runId + "/apply", Map.of()));
    }

    String nameOf(String householdNo) {
        return jdbc.sql("""
                        select p.name from person p join membership m on m.person_id = p.id join household h on h.id = m.household_id
                        where h.household_no = :no""").param("no", householdNo).query(String.class).single();
    }

    @Test
    void anImportOfAnotherCountysPersonIsRefusedUnnamedNeverRewritesThemAndIsListedForThatCounty() throws Exception {
        String chishuiVillage = village(CHISHUI);
        String renhuaiVillage = village(RENHUAI);
        Path registered = file("chishui.csv", List.of(ROW.formatted("CS-SCOPE-1", chishuiVillage, "赵赤水", CHISHUI_PERSON, "13800000001", 2018)));
        RegistryImport.Result r = imports.run(registered, "chishui.csv", new RegistryImport.Options(false, OptionalInt.empty()), n -> { });
        assertThat(r.rowsRefused()).as(String.valueOf(r.problems())).isZero();

        // 仁怀's reporter names 赤水's person (in 2017, another year, and in 2018, the same year) in households of its own village
        WebSession renhuai = WebSession.signedIn(port, "renhuai.reporter");
        Path attack = file("renhuai.csv", List.of(
                ROW.formatted("RH-SCOPE-1", renhuaiVillage, "冒名者", CHISHUI_PERSON, "13900000009", 2017),
                ROW.formatted("RH-SCOPE-2", renhuaiVillage, "钱仁怀", RENHUAI_PERSON, "13900000002", 2018)));
        WebSession.Page checked = finished(renhuai, renhuai.upload("/registry/imports", attack, "renhuai.csv"));
        assertThat(checked.text()).contains("此人已在您可修改的范围之外登记")
                .doesNotContain("CS-SCOPE-1").doesNotContain(chishuiVillage).doesNotContain("赤水");
        String runId = checked.body().replaceAll("(?s).*?/registry/imports/(\\d+)/apply.*", "$1");
        WebSession.Page applied = finished(renhuai, renhuai.post("/registry/imports/" + runId + "/apply", Map.of()));
        assertThat(applied.text()).contains("此人已在您可修改的范围之外登记").doesNotContain("CS-SCOPE-1");

        assertThat(nameOf("CS-SCOPE-1")).isEqualTo("赵赤水");
        assertThat(jdbc.sql("select count(*) from household where household_no = 'RH-SCOPE-1'").query(Long.class).single()).isZero();
        assertThat(nameOf("RH-SCOPE-2")).isEqualTo("钱仁怀");

        // the registered side sees the attempt, without the importing place; the importing side sees its own household
        String masked = CHISHUI_PERSON.substring(0, 6) + "********" + CHISHUI_PERSON.substring(14);
        String forChishui = WebSession.signedIn(port, "chishui.reporter").get("/registry/conflicts").text();
        assertThat(forChishui).contains(masked).contains("CS-SCOPE-1").contains("来自您范围外的导入").doesNotContain("RH-SCOPE-1");
        String forRenhuai = renhuai.get("/registry/conflicts").text();
        assertThat(forRenhuai).contains("RH-SCOPE-1").doesNotContain("CS-SCOPE-1");
        // a third county sees neither
        assertThat(WebSession.signedIn(port, "zhongshan.reporter").get("/registry/conflicts").text()).doesNotContain(masked);

        // a person the import may change is changed, and the change is in the audit, one entry for the person, masked
        long before = jdbc.sql("select count(*) from audit_entry where entity_kind = 'person'").query(Long.class).single();
        uploadAndApply(renhuai, file("renhuai-again.csv", List.of(
                ROW.formatted("RH-SCOPE-2", renhuaiVillage, "钱仁怀改", RENHUAI_PERSON, "13900000003", 2018))));
        assertThat(nameOf("RH-SCOPE-2")).isEqualTo("钱仁怀改");
        long personId = jdbc.sql("select p.id from person p join membership m on m.person_id = p.id join household h on h.id = m.household_id"
                + " where h.household_no = 'RH-SCOPE-2'").query(Long.class).single();
        List<String[]> entries = jdbc.sql("select actor, before_state, after_state from audit_entry where entity_kind = 'person' and entity_id = :id")
                .param("id", String.valueOf(personId)).query((rs, i) -> new String[]{rs.getString(1), rs.getString(2), rs.getString(3)}).list();
        assertThat(jdbc.sql("select count(*) from audit_entry where entity_kind = 'person'").query(Long.class).single()).isEqualTo(before + 1);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0)[0]).isEqualTo("renhuai.reporter");
        assertThat(entries.get(0)[1]).contains("139****0002").doesNotContain("13900000002").doesNotContain("钱仁怀").doesNotContain(RENHUAI_PERSON);
        assertThat(entries.get(0)[2]).contains("139****0003").contains("\"nameChanged\"").doesNotContain("钱仁怀改");
    }
}
