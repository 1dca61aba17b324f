package org.counterpart;

import org.counterpart.identity.Role;
import org.counterpart.cooperation.BeneficiaryLinks;
import org.counterpart.cooperation.InstitutionForm;
import org.counterpart.cooperation.Milestones;
import org.counterpart.geography.RegionCode;
import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Scope;
import org.counterpart.insight.Reach;
import org.counterpart.registry.CodeMappings;
import org.counterpart.registry.CrossChecks;
import org.counterpart.registry.Duplicates;
import org.counterpart.registry.HouseholdEditing;
import org.counterpart.registry.HouseholdYearForm;
import org.counterpart.registry.Households;
import org.counterpart.registry.Monitoring;
import org.counterpart.registry.ScopeConflicts;
import org.counterpart.shared.Page;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.counterpart.cooperation.InstitutionKind;
import org.counterpart.cooperation.Institutions;
import org.counterpart.cooperation.Ledger;
import org.counterpart.cooperation.Ledgers;
import org.counterpart.cooperation.PairingForm;
import org.counterpart.cooperation.PairingKind;
import org.counterpart.cooperation.Pairings;
import org.counterpart.registry.RegistryImport;
import org.counterpart.registry.CodeTables;
import org.counterpart.registry.ImportJobs;
import org.counterpart.registry.PovertyLines;
import org.counterpart.cooperation.LedgerImport;
import org.counterpart.cooperation.LedgerImportJobs;
import org.counterpart.cooperation.Pairing;
import org.counterpart.cooperation.Institution;
import org.counterpart.shared.JobProgress;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.TreeSet;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
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
        long before = jdbc.sql("select count(*) from audit_entry where entity_kind = 'registry.person'").query(Long.class).single();
        uploadAndApply(renhuai, file("renhuai-again.csv", List.of(
                ROW.formatted("RH-SCOPE-2", renhuaiVillage, "钱仁怀改", RENHUAI_PERSON, "13900000003", 2018))));
        assertThat(nameOf("RH-SCOPE-2")).isEqualTo("钱仁怀改");
        long personId = jdbc.sql("select p.id from person p join membership m on m.person_id = p.id join household h on h.id = m.household_id"
                + " where h.household_no = 'RH-SCOPE-2'").query(Long.class).single();
        List<String[]> entries = jdbc.sql("select actor, before_state, after_state from audit_entry where entity_kind = 'registry.person' and entity_id = :id")
                .param("id", String.valueOf(personId)).query((rs, i) -> new String[]{rs.getString(1), rs.getString(2), rs.getString(3)}).list();
        assertThat(jdbc.sql("select count(*) from audit_entry where entity_kind = 'registry.person'").query(Long.class).single()).isEqualTo(before + 1);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0)[0]).isEqualTo("renhuai.reporter");
        assertThat(entries.get(0)[1]).contains("139****0002").doesNotContain("13900000002").doesNotContain("钱仁怀").doesNotContain(RENHUAI_PERSON);
        assertThat(entries.get(0)[2]).contains("139****0003").contains("\"nameChanged\"").doesNotContain("钱仁怀改");
    }

    // ---- issue 9: every public method of the services that read or write, called by 仁怀市's reporter on 赤水市's data ----

    @Autowired
    BeneficiaryLinks links;
    @Autowired
    Milestones milestones;
    @Autowired
    Households households;
    @Autowired
    HouseholdEditing editing;
    @Autowired
    Duplicates duplicates;
    @Autowired
    CrossChecks crossChecks;
    @Autowired
    Monitoring monitoring;
    @Autowired
    Reach reach;
    @Autowired
    ScopeConflicts conflicts;
    @Autowired
    CodeMappings codeMappings;
    @Autowired
    org.counterpart.insight.HouseholdFiles householdFiles;

    /** The services whose every public method is called below; a method missing from the calls fails the test. */
    static final List<Class<?>> SERVICES = List.of(Ledgers.class, BeneficiaryLinks.class, Milestones.class, Households.class,
            HouseholdEditing.class, Duplicates.class, CrossChecks.class, Monitoring.class, Reach.class, ScopeConflicts.class,
            RegistryImport.class, CodeMappings.class, Institutions.class, Pairings.class, LedgerImport.class, LedgerImportJobs.class,
            ImportJobs.class, PovertyLines.class, CodeTables.class, org.counterpart.insight.HouseholdFiles.class,
            org.counterpart.registry.RegistryTemplate.class);

    @Autowired
    LedgerImport ledgerImport;
    @Autowired
    LedgerImportJobs ledgerJobs;
    @Autowired
    ImportJobs registryJobs;
    @Autowired
    PovertyLines povertyLines;
    @Autowired
    CodeTables codeTables;
    @Autowired
    org.counterpart.registry.RegistryTemplate registryTemplate;

    interface Call {
        Object run() throws Exception;
    }

    /** What a call of an out-of-scope user must come to. */
    record Expect(Call call, String neutral) {
        static Expect refused(Call call) {
            return new Expect(call, null);
        }

        /** A method that reads nothing of anyone's places (a role question, the code of the rules): called, any answer. */
        static Expect neutral(String why, Call call) {
            return new Expect(call, why);
        }
    }

    static String key(Method m) {
        StringBuilder k = new StringBuilder(m.getDeclaringClass().getSimpleName()).append('.').append(m.getName()).append('(');
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            k.append(i == 0 ? "" : ",").append(types[i].getSimpleName());
        }
        return k.append(')').toString();
    }

    /** 赤水市's data the calls aim at: a fund with a household, an agreement with a milestone and a problem raised from it. */
    record Target(long fund, long agreement, long milestone, long problem, long household, long person, long run, long flag,
                  long institution, long pairing, long ledgerRun, String job) {
    }

    Target chishuiData() throws Exception {
        chishuiHousehold();
        synchronized (ScopeTest.class) {
            if (count("ledger_fund", "赤水市受益项目") == 0) {
                ledgers.create(Ledger.FUND, new Ledgers.Entry(fund("赤水市受益项目", CHISHUI, CHISHUI, ""), List.of("CS-SCOPE-2"), 0));
                long a = ledgers.create(Ledger.AGREEMENT, new Ledgers.Entry(Map.of("title", "赤水市协议", "kind", "STRATEGIC",
                        "signed_on", "2018-09-12", "amount", "1000", "owner", CHISHUI, "partner", CHISHUI), List.of(), 0));
                milestones.add(a, "赤水市里程碑", "2018-12-31", null);
                crossChecks.importList(crossCheckList("chishui-vehicles.csv"), "chishui-vehicles.csv",
                        org.counterpart.registry.CrossCheckKind.VEHICLE, null);
                milestones.attach(Ledger.AGREEMENT, a, "赤水市协议.pdf", new java.io.ByteArrayInputStream("%PDF-1.4 赤水".getBytes(StandardCharsets.UTF_8)));
                ledgers.raiseProblem(Ledger.AGREEMENT, a, new Ledgers.Entry(Map.of("title", "赤水市问题", "raised_on", "2018-10-01", "responsible", "赤水市扶贫办",
                        "owner", CHISHUI, "place_code", CHISHUI), List.of(), 0));
                long enterprise = institutions.create(new InstitutionForm("赤水市测试企业", "Chishui test enterprise", InstitutionKind.ENTERPRISE,
                        CHISHUI, "", "", 0));
                pairings.create(new PairingForm(PairingKind.ENTERPRISE_VILLAGE, "", enterprise, village(CHISHUI), null, 2018, "", 0));
            }
        }
        // 赤水市's reporter checks a fund file of its own county: the same file 仁怀市's reporter is refused below
        long ledgerRun = as("chishui.reporter", CHISHUI, () -> {
            LedgerImport.Upload upload = ledgerImport.keep("chishui-funds.csv", Files.newInputStream(fundFile("chishui-funds.csv", "赤水市导入项目")));
            LedgerImport.Result checked = ledgerImport.run(Ledger.FUND, upload, true, NO_PROGRESS);
            assertThat(checked.refused()).as(String.valueOf(checked.problems())).isZero();
            assertThat(checked.created()).isEqualTo(1);
            return checked.id();
        });
        String job = as("chishui.reporter", CHISHUI, () -> ledgerJobs.start(Ledger.FUND, "chishui-funds.csv",
                Files.newInputStream(fundFile("chishui-funds-job.csv", "赤水市导入项目")), true));
        long fund = jdbc.sql("select id from ledger_fund where title = '赤水市受益项目'").query(Long.class).single();
        long agreement = jdbc.sql("select id from ledger_agreement where title = '赤水市协议'").query(Long.class).single();
        long milestone = jdbc.sql("select id from agreement_milestone where agreement_id = :a").param("a", agreement).query(Long.class).single();
        long problem = jdbc.sql("select id from ledger_problem where title = '赤水市问题'").query(Long.class).single();
        long household = jdbc.sql("select id from household where household_no = 'CS-SCOPE-2'").query(Long.class).single();
        long person = jdbc.sql("select person_id from membership m join household h on h.id = m.household_id where h.household_no = 'CS-SCOPE-2'")
                .query(Long.class).single();
        long run = jdbc.sql("select max(id) from import_run where file_name = 'chishui-2.csv'").query(Long.class).single();
        long flag = crossChecks.flagsOf(household).get(0).id();
        long institution = jdbc.sql("select id from institution where name_zh = '赤水市测试企业'").query(Long.class).single();
        long pairing = jdbc.sql("select id from pairing where helper_institution_id = :i").param("i", institution).query(Long.class).single();
        return new Target(fund, agreement, milestone, problem, household, person, run, flag, institution, pairing, ledgerRun, job);
    }

    static final JobProgress NO_PROGRESS = new JobProgress() {
        @Override
        public void total(long rows) {
        }

        @Override
        public void done(long rows) {
        }
    };

    /** A call as one of this class's accounts, signed in for the call only. */
    <T> T as(String username, String county, Callable<T> call) throws Exception {
        long userId = jdbc.sql("select id from user_account where username = :u").param("u", username).query(Long.class).single();
        CurrentUser user = new CurrentUser(userId, username, username, "", Role.REPORTER, Scope.of(new RegionCode(county)), true, true);
        var before = SecurityContextHolder.getContext().getAuthentication();
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(user, null, user.getAuthorities()));
        try {
            return call.call();
        } finally {
            SecurityContextHolder.getContext().setAuthentication(before);
        }
    }

    interface Callable<T> {
        T call() throws Exception;
    }

    /** A fund file in the import's own columns: one fund of 赤水市 with its household. */
    Path fundFile(String name, String title) throws IOException {
        Map<String, String> values = fund(title, CHISHUI, CHISHUI, "CS-SCOPE-2");
        List<String> headers = new ArrayList<>();
        List<String> row = new ArrayList<>();
        for (var column : ledgerImport.columns(Ledger.FUND)) {
            headers.add(column.chineseHeader());
            row.add(values.getOrDefault(column.key(), ""));
        }
        Path file = dir.resolve(name);
        Files.write(file, List.of(String.join(",", headers), String.join(",", row)), StandardCharsets.UTF_8);
        return file;
    }

    /** What a ledger import job of the caller's came to: the rows it wrote and the refusals not about the scope. */
    int ledgerJobOutcome(String job) throws InterruptedException {
        for (int i = 0; i < 240 && !ledgerJobs.view(job).finished(); i++) {
            Thread.sleep(250);
        }
        var view = ledgerJobs.view(job);
        return view.outcomeId().map(id -> written(ledgerImport.result(id))).orElse(0);
    }

    static int written(LedgerImport.Result r) {
        return r.created() + r.updated() + (int) r.problems().stream().filter(p -> !SCOPE_REFUSALS.contains(p.messageKey())).count();
    }

    /** What a registry import job of the caller's came to: the households it wrote or would write. */
    int registryJobOutcome(String job) throws InterruptedException {
        for (int i = 0; i < 240 && !registryJobs.view(job).finished(); i++) {
            Thread.sleep(250);
        }
        return registryJobs.view(job).outcomeId().map(id -> {
            RegistryImport.Result r = imports.result(id);
            return r.householdsNew() + r.householdsUpdated();
        }).orElse(0);
    }

    /** A department's list naming 赤水市's person: a vehicle owner. */
    Path crossCheckList(String name) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, List.of("证件号码,姓名,明细", CHISHUI_OTHER + ",孙赤水,贵C12345 小型轿车"), StandardCharsets.UTF_8);
        return file;
    }

    Map<String, Expect> calls(Target t) throws IOException {
        RegionCode chishui = new RegionCode(CHISHUI);
        Ledgers.Filter there = new Ledgers.Filter(Optional.of(2018), Optional.of(chishui), Optional.empty(), Map.of());
        Ledgers.Entry entry = new Ledgers.Entry(fund("仁怀改赤水", CHISHUI, CHISHUI, ""), List.of(), 0);
        Households.Filter households2018 = new Households.Filter(2018, Optional.of(chishui), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        Monitoring.Filter monitored = new Monitoring.Filter(2018, Optional.of(chishui), Optional.empty(), Optional.empty());
        HouseholdYearForm form = new HouseholdYearForm("未脱贫", "一般贫困户", "因病", "", "国家", "1", "0", "0", "0", "0", false, true,
                "", "", 0, null);
        List<Object> seen = new ArrayList<>();
        Map<String, Expect> c = new LinkedHashMap<>();
        c.put("Ledgers.search(Ledger,Filter,int,int)", Expect.refused(() -> ledgers.search(Ledger.FUND, there, 0, 50)));
        c.put("Ledgers.matching(Ledger,Filter)", Expect.refused(() -> ledgers.matching(Ledger.FUND, there)));
        c.put("Ledgers.totals(Ledger,Filter)", Expect.refused(() -> ledgers.totals(Ledger.FUND, there).records()));
        c.put("Ledgers.get(Ledger,long)", Expect.refused(() -> ledgers.get(Ledger.FUND, t.fund())));
        c.put("Ledgers.seesPlace(RegionCode)", Expect.refused(() -> ledgers.seesPlace(chishui)));
        c.put("Ledgers.projectsOf(long)", Expect.refused(() -> ledgers.projectsOf(t.agreement())));
        c.put("Ledgers.sourceOf(long)", Expect.refused(() -> ledgers.sourceOf(t.problem())));
        c.put("Ledgers.problemsOf(Ledger,long)", Expect.refused(() -> ledgers.problemsOf(Ledger.AGREEMENT, t.agreement())));
        c.put("Ledgers.readable(Ledger,long)", Expect.refused(() -> ledgers.readable(Ledger.FUND, t.fund())));
        c.put("Ledgers.canCreate()", Expect.neutral("whether the role records at all; where is checked by check and create",
                () -> ledgers.canCreate()));
        c.put("Ledgers.canEdit(LedgerRecord)", Expect.refused(() -> {
            var record = CurrentUser.asSystem(() -> ledgers.get(Ledger.FUND, t.fund()));
            return ledgers.canEdit(record);
        }));
        c.put("Ledgers.ownSide()", Expect.neutral("the caller's own side", () -> ledgers.ownSide()));
        c.put("Ledgers.check(Ledger,long,Entry)", Expect.refused(() -> ledgers.check(Ledger.FUND, 0, entry)));
        c.put("Ledgers.create(Ledger,Entry)", Expect.refused(() -> ledgers.create(Ledger.FUND, entry)));
        c.put("Ledgers.update(Ledger,long,Entry)", Expect.refused(() -> {
            ledgers.update(Ledger.FUND, t.fund(), entry);
            return null;
        }));
        c.put("Ledgers.delete(Ledger,long,int)", Expect.refused(() -> {
            ledgers.delete(Ledger.FUND, t.fund(), 0);
            return null;
        }));
        c.put("Ledgers.raiseProblem(Ledger,long,Entry)", Expect.refused(() -> ledgers.raiseProblem(Ledger.AGREEMENT, t.agreement(),
                new Ledgers.Entry(Map.of("title", "仁怀问题", "raised_on", "2018-10-01", "responsible", "仁怀", "owner", RENHUAI, "place_code", RENHUAI), List.of(), 0))));

        c.put("BeneficiaryLinks.resolve(int,Optional,String,List)", Expect.refused(() ->
                links.resolve(2018, Optional.empty(), "beneficiaries", List.of("CS-SCOPE-2", CHISHUI_OTHER)).targets()));
        c.put("BeneficiaryLinks.add(Ledger,long,int,List)", Expect.refused(() -> {
            links.add(Ledger.FUND, t.fund(), 2018, List.of(new BeneficiaryLinks.Target(t.person(), t.household(), CHISHUI, false)));
            return null;
        }));
        c.put("BeneficiaryLinks.remove(Ledger,long,long)", Expect.refused(() -> links.remove(Ledger.FUND, t.fund(), t.person())));
        c.put("BeneficiaryLinks.links(Ledger,long)", Expect.refused(() -> links.links(Ledger.FUND, t.fund())));
        c.put("BeneficiaryLinks.beneficiaries(Ledger,long,String,int,int)", Expect.refused(() -> links.beneficiaries(Ledger.FUND, t.fund(), "", 0, 50)));
        c.put("BeneficiaryLinks.beneficiaries(Ledger,long,String)", Expect.refused(() -> links.beneficiaries(Ledger.FUND, t.fund(), "")));
        c.put("BeneficiaryLinks.measuresOf(long)", Expect.refused(() -> links.measuresOf(t.person())));
        c.put("BeneficiaryLinks.measuresOfHousehold(long)", Expect.refused(() -> links.measuresOfHousehold(t.household())));
        c.put("HouseholdFiles.file(long)", Expect.refused(() -> householdFiles.file(t.household())));

        c.put("Milestones.of(long)", Expect.refused(() -> milestones.of(t.agreement())));
        c.put("Milestones.progress(long,LocalDate)", Expect.refused(() -> {
            var p = milestones.progress(t.agreement(), java.time.LocalDate.of(2019, 1, 1));
            return p.total();
        }));
        c.put("Milestones.progress(List,LocalDate)", Expect.refused(() -> milestones.progress(List.of(t.agreement()), java.time.LocalDate.of(2019, 1, 1))));
        c.put("Milestones.add(long,String,String,String)", Expect.refused(() -> milestones.add(t.agreement(), "仁怀里程碑", "2018-12-31", null)));
        c.put("Milestones.add(long,String,String,String,LocalDate)", Expect.refused(() -> milestones.add(t.agreement(), "仁怀里程碑", "2018-12-31",
                "DONE", java.time.LocalDate.of(2018, 12, 1))));
        c.put("Milestones.setStatus(long,long,Status,int)", Expect.refused(() -> {
            milestones.setStatus(t.agreement(), t.milestone(), Milestones.Status.DONE, 0);
            return null;
        }));
        c.put("Milestones.remove(long,long,int)", Expect.refused(() -> {
            milestones.remove(t.agreement(), t.milestone(), 0);
            return null;
        }));
        c.put("Milestones.documents(Ledger,long)", Expect.refused(() -> milestones.documents(Ledger.AGREEMENT, t.agreement())));
        c.put("Milestones.attach(Ledger,long,String,InputStream)", Expect.refused(() -> milestones.attach(Ledger.AGREEMENT, t.agreement(),
                "x.pdf", new java.io.ByteArrayInputStream("%PDF-1.4".getBytes(StandardCharsets.US_ASCII)))));
        c.put("Milestones.open(Ledger,long,long)", Expect.refused(() -> milestones.open(Ledger.AGREEMENT, t.agreement(), 1)));

        c.put("Households.monitoringFilter(Optional)", Expect.neutral("checks a filter's words", () -> households.monitoringFilter(Optional.empty())));
        c.put("Households.years()", Expect.neutral("the registry's years, no place", () -> households.years()));
        c.put("Households.search(Filter,int,int)", Expect.refused(() -> households.search(households2018, 0, 50)));
        c.put("Households.forEach(Filter,Consumer)", Expect.refused(() -> {
            households.forEach(households2018, seen::add);
            return seen;
        }));
        c.put("Households.get(long,Optional)", Expect.refused(() -> households.get(t.household(), Optional.of(2018))));
        c.put("Households.reveal(long,int,long)", Expect.refused(() -> households.reveal(t.household(), 2018, t.person())));
        c.put("Households.defaultYear()", Expect.neutral("the latest year of the caller's own places, no household",
                () -> households.defaultYear()));
        c.put("Households.removal(long,int)", Expect.refused(() -> households.removal(t.household(), 2018)));
        c.put("Households.counts(int)", Expect.neutral("counts within the caller's own scope", () -> households.counts(2018)));
        c.put("Households.line(Filter)", Expect.neutral("the poverty line of the filter's province", () -> households.line(households2018)));

        c.put("HouseholdEditing.canEdit()", Expect.neutral("whether the role corrects at all", () -> editing.canEdit()));
        c.put("HouseholdEditing.removeMember(long,int,long,int,String)", Expect.refused(() -> {
            editing.removeMember(t.household(), 2018, t.person(), 0, "仁怀试图移出");
            return null;
        }));
        c.put("HouseholdEditing.saveMember(long,int,MemberForm)", Expect.refused(() -> editing.saveMember(t.household(), 2018,
                new org.counterpart.registry.MemberForm(null, "仁怀试图加入", "", "子", "", "", "", "", "", "", "", "", "", "", "", 0))));
        c.put("HouseholdEditing.canRestore()", Expect.neutral("whether the role undoes a removal at all", () -> editing.canRestore()));
        c.put("HouseholdEditing.markRemoved(long,int,String,String,int)", Expect.refused(() -> {
            editing.markRemoved(t.household(), 2018, "MOVED_OUT", "仁怀试图移出", 0);
            return null;
        }));
        c.put("HouseholdEditing.restore(long,int,int)", Expect.refused(() -> {
            editing.restore(t.household(), 2018, 0);
            return null;
        }));
        c.put("HouseholdEditing.update(long,int,HouseholdYearForm)", Expect.refused(() -> {
            editing.update(t.household(), 2018, form);
            return null;
        }));

        c.put("Duplicates.canDecide()", Expect.neutral("whether the role decides at all", () -> duplicates.canDecide()));
        c.put("Duplicates.pairs(Optional,Optional,int,int)", Expect.refused(() -> duplicates.pairs(Optional.empty(), Optional.of(chishui), 0, 50)));
        c.put("Duplicates.decide(long,long,Decision,String,Optional)", Expect.refused(() -> {
            duplicates.decide(t.person(), t.person() + 1, Duplicates.Decision.DISMISSED, "仁怀", Optional.empty());
            return null;
        }));

        c.put("CrossChecks.canImport()", Expect.neutral("whether the role imports lists at all", () -> crossChecks.canImport()));
        c.put("CrossChecks.canReview()", Expect.neutral("whether the role reviews at all", () -> crossChecks.canReview()));
        Path renhuaiList = crossCheckList("renhuai-vehicles.csv");
        c.put("CrossChecks.importList(Path,String,CrossCheckKind,String)", Expect.refused(() -> crossChecks.importList(renhuaiList,
                "renhuai-vehicles.csv", org.counterpart.registry.CrossCheckKind.VEHICLE, null).flagsRaised()));
        c.put("CrossChecks.lists(int)", Expect.neutral("the caller's own lists", () -> crossChecks.lists(10)));
        c.put("CrossChecks.flags(FlagFilter,int,int)", Expect.refused(() -> crossChecks.flags(new CrossChecks.FlagFilter(Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(chishui), Optional.empty()), 0, 50)));
        c.put("CrossChecks.flagsOf(long)", Expect.refused(() -> crossChecks.flagsOf(t.household())));
        c.put("CrossChecks.flag(long)", Expect.refused(() -> crossChecks.flag(t.flag())));
        c.put("CrossChecks.review(long,Outcome,String,int)", Expect.refused(() -> {
            crossChecks.review(t.flag(), CrossChecks.Outcome.DISMISSED, "仁怀", 0);
            return null;
        }));

        c.put("Monitoring.recompute(int)", Expect.refused(() -> monitoring.recompute(2018)));
        c.put("Monitoring.ensureComputed(int)", Expect.neutral("computes the whole year's flags for everyone, shows nothing", () -> null));
        c.put("Monitoring.run(int)", Expect.neutral("when the year was last computed, no place", () -> monitoring.run(2018)));
        c.put("Monitoring.flags(Filter,int,int)", Expect.refused(() -> monitoring.flags(monitored, 0, 50)));
        c.put("Monitoring.summary(Filter)", Expect.refused(() -> monitoring.summary(monitored).households()));
        c.put("Monitoring.aggregatePlaces()", Expect.refused(() -> monitoring.aggregatePlaces().stream().filter(chishui::covers).toList()));
        c.put("Monitoring.ruleCodes()", Expect.neutral("the rules' codes", () -> monitoring.ruleCodes()));
        c.put("Monitoring.rules()", Expect.neutral("the rules, the installation's own", () -> monitoring.rules()));
        c.put("Monitoring.updateRule(String,boolean,Optional)", Expect.refused(() -> monitoring.updateRule(monitoring.ruleCodes().get(0), true,
                Optional.empty())));

        c.put("Reach.years()", Expect.neutral("the years with reach, no place", () -> reach.years()));
        c.put("Reach.defaultYear()", Expect.neutral("the latest year of the caller's own places, no figure", () -> reach.defaultYear()));
        c.put("Reach.sees(RegionCode)", Expect.refused(() -> reach.sees(chishui)));
        c.put("Reach.figures(RegionCode,int)", Expect.refused(() -> reach.figures(chishui, 2018)));
        c.put("Reach.gap(RegionCode,int,int,int)", Expect.refused(() -> reach.gap(chishui, 2018, 0, 50)));
        c.put("Reach.forEachGap(RegionCode,int,Consumer)", Expect.refused(() -> {
            reach.forEachGap(chishui, 2018, seen::add);
            return seen;
        }));
        c.put("Reach.personGap(RegionCode,int,int,int)", Expect.refused(() -> reach.personGap(chishui, 2018, 0, 50)));
        c.put("Reach.forEachPersonGap(RegionCode,int,Consumer)", Expect.refused(() -> {
            reach.forEachPersonGap(chishui, 2018, seen::add);
            return seen;
        }));
        c.put("Reach.person(long)", Expect.refused(() -> reach.person(t.person())));
        c.put("Reach.namesVisible(RegionCode)", Expect.refused(() -> reach.namesVisible(new RegionCode(village(CHISHUI)))));
        c.put("Reach.rebuild(int)", Expect.refused(() -> {
            reach.rebuild(2018);
            return null;
        }));
        c.put("Reach.places(int)", Expect.refused(() -> reach.places(2018).stream().filter(chishui::covers).toList()));
        c.put("Reach.defaultPlace(int)", Expect.neutral("the caller's own place", () -> reach.defaultPlace(2018)));

        c.put("ScopeConflicts.forCaller()", Expect.refused(() -> conflicts.forCaller().stream()
                .filter(x -> x.registeredHouseholdNo().map(n -> n.startsWith("CS-")).orElse(false)).toList()));

        Path chishuiFile = dir.resolve("chishui-by-renhuai.csv");
        Files.write(chishuiFile, List.of(String.join(",", HEADERS),
                ROW.formatted("CS-SCOPE-2", village(CHISHUI), "孙改名", CHISHUI_OTHER, "13800000009", 2018)), StandardCharsets.UTF_8);
        RegistryImport.Options write = new RegistryImport.Options(false, OptionalInt.empty());
        c.put("RegistryImport.run(Path,String,Options,LongConsumer)", Expect.refused(() -> {
            RegistryImport.Result r = imports.run(chishuiFile, "chishui-by-renhuai.csv", write, (java.util.function.LongConsumer) n -> { });
            return r.householdsNew() + r.householdsUpdated();
        }));
        c.put("RegistryImport.run(Path,String,Options,ImportProgress)", Expect.refused(() -> {
            RegistryImport.Result r = imports.run(chishuiFile, "chishui-by-renhuai.csv", write,
                    org.counterpart.registry.ImportProgress.of(n -> { }));
            return r.householdsNew() + r.householdsUpdated();
        }));
        c.put("RegistryImport.recentRuns(int)", Expect.refused(() -> imports.recentRuns(100).stream()
                .filter(r -> !r.actor().equals("renhuai.reporter")).toList()));
        c.put("RegistryImport.runOf(long)", Expect.refused(() -> imports.runOf(t.run())));
        c.put("RegistryImport.runAgain(long,ImportProgress)", Expect.refused(() -> imports.runAgain(t.run(), org.counterpart.registry.ImportProgress.of(n -> { }))));
        c.put("RegistryImport.temporaryUpload()", Expect.neutral("an empty file of this process, reading nothing of any place", () -> {
            java.nio.file.Files.deleteIfExists(imports.temporaryUpload());
            return null;
        }));
        c.put("RegistryImport.applyChecked(long,LongConsumer)", Expect.refused(() -> imports.applyChecked(t.run(), (java.util.function.LongConsumer) n -> { })));
        c.put("RegistryImport.applyChecked(long,ImportProgress)", Expect.refused(() -> imports.applyChecked(t.run(),
                org.counterpart.registry.ImportProgress.of(n -> { }))));
        c.put("RegistryImport.recheck(long,ImportProgress)", Expect.refused(() -> imports.recheck(t.run(), org.counterpart.registry.ImportProgress.of(n -> { }))));
        c.put("RegistryImport.runAgain(long,ImportProgress)", Expect.refused(() -> imports.runAgain(t.run(), org.counterpart.registry.ImportProgress.of(n -> { }))));
        c.put("RegistryImport.temporaryUpload()", Expect.neutral("an empty file for an upload on its way to a job; reads nothing of any place", () -> {
            java.nio.file.Files.deleteIfExists(imports.temporaryUpload());
            return null;
        }));
        c.put("RegistryImport.result(long)", Expect.refused(() -> imports.result(t.run())));
        c.put("RegistryImport.problems(long)", Expect.refused(() -> imports.problems(t.run())));
        c.put("RegistryImport.changes(long,Optional,int,int)", Expect.refused(() -> imports.changes(t.run(), Optional.empty(), 0, 50)));
        c.put("RegistryImport.runAgain(long,ImportProgress)", Expect.refused(() -> imports.runAgain(t.run(),
                org.counterpart.registry.ImportProgress.of(n -> { }))));
        c.put("RegistryImport.temporaryUpload()", Expect.neutral("an empty file for an upload on its way, no place and no data",
                () -> { java.nio.file.Files.deleteIfExists(imports.temporaryUpload()); return null; }));

        c.put("CodeMappings.run(long)", Expect.refused(() -> codeMappings.run(t.run())));
        c.put("CodeMappings.mayMap()", Expect.neutral("whether the role maps code values at all", () -> codeMappings.mayMap()));
        c.put("CodeMappings.unknownValues(long)", Expect.refused(() -> codeMappings.unknownValues(t.run())));
        c.put("CodeMappings.map(long,String,String,String)", Expect.refused(() -> {
            codeMappings.map(t.run(), "ethnicity", "x", "汉族");
            return null;
        }));
        c.put("CodeMappings.add(long,String,String,String)", Expect.refused(() -> {
            codeMappings.add(t.run(), "ethnicity", "x", "x");
            return null;
        }));

        Institution enterprise = CurrentUser.asSystem(() -> institutions.get(t.institution()));
        InstitutionForm renamed = new InstitutionForm("仁怀改赤水企业", "", InstitutionKind.ENTERPRISE, CHISHUI, "", "", enterprise.version());
        Institutions.Filter inChishui = new Institutions.Filter(Optional.empty(), Optional.of(chishui), Optional.of("赤水市测试企业"));
        c.put("Institutions.search(Filter,int,int)", Expect.refused(() -> institutions.search(inChishui, 0, 50)));
        c.put("Institutions.matching(Filter)", Expect.refused(() -> institutions.matching(inChishui)));
        c.put("Institutions.countByKind()", Expect.neutral("counts what the caller's own scope sees", () -> institutions.countByKind()));
        c.put("Institutions.get(long)", Expect.refused(() -> institutions.get(t.institution())));
        c.put("Institutions.canEdit(Institution)", Expect.refused(() -> institutions.canEdit(enterprise)));
        c.put("Institutions.canCreate()", Expect.neutral("whether the role records institutions at all; where is checked by create",
                () -> institutions.canCreate()));
        c.put("Institutions.create(InstitutionForm)", Expect.refused(() -> institutions.create(
                new InstitutionForm("仁怀建赤水企业", "", InstitutionKind.ENTERPRISE, CHISHUI, "", "", 0))));
        c.put("Institutions.update(long,InstitutionForm)", Expect.refused(() -> {
            institutions.update(t.institution(), renamed);
            return null;
        }));
        c.put("Institutions.delete(long,int)", Expect.refused(() -> {
            institutions.delete(t.institution(), enterprise.version());
            return null;
        }));
        c.put("Institutions.nameOf(long)", Expect.neutral("the names of public bodies and enterprises are not secret", () -> institutions.nameOf(t.institution())));
        c.put("Institutions.regionOf(long)", Expect.neutral("where a public body sits is as open as its name (a plan asks which side it is on)",
                () -> institutions.regionOf(t.institution())));

        Pairing paired = CurrentUser.asSystem(() -> pairings.get(t.pairing()));
        c.put("Pairings.list(Optional,Optional,Optional)", Expect.refused(() -> pairings.list(Optional.empty(), Optional.of(chishui), Optional.empty())));
        c.put("Pairings.countByKind()", Expect.neutral("counts what the caller's own scope sees", () -> pairings.countByKind()));
        c.put("Pairings.get(long)", Expect.refused(() -> pairings.get(t.pairing())));
        c.put("Pairings.editable(List)", Expect.refused(() -> pairings.editable(List.of(paired))));
        c.put("Pairings.canEdit(Pairing)", Expect.refused(() -> pairings.canEdit(paired)));
        c.put("Pairings.create(PairingForm)", Expect.refused(() -> pairings.create(new PairingForm(PairingKind.ENTERPRISE_VILLAGE, "", t.institution(),
                village(CHISHUI), null, 2019, "", 0))));
        c.put("Pairings.update(long,PairingForm)", Expect.refused(() -> {
            pairings.update(t.pairing(), new PairingForm(PairingKind.ENTERPRISE_VILLAGE, "", t.institution(), village(CHISHUI), null, 2017, "仁怀",
                    paired.version()));
            return null;
        }));
        c.put("Pairings.delete(long,int)", Expect.refused(() -> {
            pairings.delete(t.pairing(), paired.version());
            return null;
        }));

        c.put("LedgerImport.columns(Ledger)", Expect.neutral("a ledger's columns", () -> ledgerImport.columns(Ledger.FUND)));
        c.put("LedgerImport.label(Ledger,String,Locale)", Expect.neutral("a column's heading", () -> ledgerImport.label(Ledger.FUND, "title",
                java.util.Locale.ENGLISH)));
        c.put("LedgerImport.keep(String,InputStream)", Expect.neutral("keeps the caller's own upload, reads no place; its rows are checked by run",
                () -> ledgerImport.keep("x.csv", new java.io.ByteArrayInputStream(new byte[0]))));
        c.put("LedgerImport.run(Ledger,Upload,boolean,JobProgress)", Expect.refused(() -> written(ledgerImport.run(Ledger.FUND,
                ledgerImport.keep("renhuai-funds.csv", Files.newInputStream(fundFile("renhuai-funds.csv", "仁怀导入赤水项目"))), false, NO_PROGRESS))));
        c.put("LedgerImport.apply(long,JobProgress)", Expect.refused(() -> written(ledgerImport.apply(t.ledgerRun(), NO_PROGRESS))));
        c.put("LedgerImport.applicable(long)", Expect.refused(() -> ledgerImport.applicable(t.ledgerRun())));
        c.put("LedgerImport.runAgain(long,JobProgress)", Expect.refused(() -> written(ledgerImport.runAgain(t.ledgerRun(), NO_PROGRESS))));
        c.put("LedgerImport.runAgainable(long)", Expect.refused(() -> ledgerImport.runAgainable(t.ledgerRun())));
        c.put("LedgerImport.result(long)", Expect.refused(() -> ledgerImport.result(t.ledgerRun())));
        c.put("LedgerImport.recent(Ledger,int)", Expect.refused(() -> ledgerImport.recent(Ledger.FUND, 100).stream()
                .filter(r -> r.id() == t.ledgerRun()).toList()));

        c.put("LedgerImportJobs.start(Ledger,String,InputStream,boolean)", Expect.refused(() -> ledgerJobOutcome(ledgerJobs.start(Ledger.FUND,
                "renhuai-funds-job.csv", Files.newInputStream(fundFile("renhuai-funds-job.csv", "仁怀导入赤水项目")), false))));
        c.put("LedgerImportJobs.startApply(long)", Expect.refused(() -> ledgerJobOutcome(ledgerJobs.startApply(t.ledgerRun()))));
        c.put("LedgerImportJobs.startRunAgain(long)", Expect.refused(() -> ledgerJobOutcome(ledgerJobs.startRunAgain(t.ledgerRun()))));
        c.put("LedgerImportJobs.view(String)", Expect.refused(() -> ledgerJobs.view(t.job())));

        c.put("ImportJobs.start(Path,String,Options)", Expect.refused(() -> {
            Path copy = Files.copy(chishuiFile, dir.resolve("chishui-by-renhuai-job.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return registryJobOutcome(registryJobs.start(copy, "chishui-by-renhuai-job.csv", write));
        }));
        c.put("ImportJobs.startApply(long)", Expect.refused(() -> registryJobOutcome(registryJobs.startApply(t.run()))));
        c.put("ImportJobs.startRecheck(long)", Expect.refused(() -> registryJobOutcome(registryJobs.startRecheck(t.run()))));
        c.put("ImportJobs.startRunAgain(long)", Expect.refused(() -> registryJobOutcome(registryJobs.startRunAgain(t.run()))));
        c.put("ImportJobs.view(String)", Expect.refused(() -> registryJobs.view(t.job())));

        c.put("PovertyLines.all()", Expect.neutral("the published lines of the provinces, no one's people", () -> povertyLines.all()));
        c.put("PovertyLines.forYear(int,String)", Expect.neutral("a province's published line", () -> povertyLines.forYear(2018, "52")));
        c.put("PovertyLines.save(int,String,String,boolean,String)", Expect.refused(() -> {
            povertyLines.save(2026, "46", "5000", false, "仁怀");
            return null;
        }));

        c.put("RegistryTemplate.write(OutputStream,Locale)", Expect.refused(() -> {
            // the template holds no record; its example row lies in the caller's own county, never in 赤水市
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            registryTemplate.write(out, java.util.Locale.SIMPLIFIED_CHINESE);
            try (var workbook = new org.dhatim.fastexcel.reader.ReadableWorkbook(new java.io.ByteArrayInputStream(out.toByteArray()))) {
                return workbook.getSheets().toList().get(1).read().stream()
                        .filter(r -> r.getCellCount() > 3 && "行政村代码".equals(r.getCellText(0)))
                        .anyMatch(r -> r.getCellText(3).startsWith(CHISHUI) || !r.getCellText(3).startsWith(RENHUAI));
            }
        }));
        c.put("CodeTables.items(String)", Expect.neutral("the code tables, the installation's own", () -> codeTables.items(CodeTables.CAUSE)));
        c.put("CodeTables.isTable(String)", Expect.neutral("the code tables, the installation's own", () -> codeTables.isTable(CodeTables.CAUSE)));
        c.put("CodeTables.resolve(String,String)", Expect.neutral("the code tables, the installation's own", () -> codeTables.resolve(CodeTables.CAUSE, "因病")));
        c.put("CodeTables.contains(String,String)", Expect.neutral("the code tables, the installation's own", () -> codeTables.contains(CodeTables.CAUSE, "x")));
        c.put("CodeTables.find(String,String)", Expect.neutral("the code tables, the installation's own", () -> codeTables.find(CodeTables.CAUSE, "x")));
        c.put("CodeTables.label(String,String,Locale)", Expect.neutral("the code tables, the installation's own", () -> codeTables.label(CodeTables.CAUSE, "x",
                java.util.Locale.ENGLISH)));
        return c;
    }

    /** Empty, false, zero or nothing found: an answer that tells nothing. */
    static boolean empty(Object answer) {
        if (answer == null) {
            return false; // a void method that did not refuse has done its work
        }
        if (answer instanceof Boolean b) {
            return !b;
        }
        if (answer instanceof Number n) {
            return n.longValue() == 0;
        }
        if (answer instanceof Optional<?> o) {
            return o.isEmpty();
        }
        if (answer instanceof Collection<?> c) {
            return c.isEmpty();
        }
        if (answer instanceof Map<?, ?> m) {
            return m.isEmpty() || m.values().stream().allMatch(ScopeTest::emptyProgress);
        }
        if (answer instanceof Page<?> p) {
            return p.total() == 0 && p.items().isEmpty();
        }
        if (answer instanceof Ledgers.Checked c) {
            return !c.ok();
        }
        return false;
    }

    private static boolean emptyProgress(Object value) {
        return value instanceof Milestones.Progress p && p.total() == 0;
    }

    /** The refusals of a form that are a refusal of the caller's scope. */
    static final java.util.Set<String> SCOPE_REFUSALS = java.util.Set.of("ledger.owner.notYours", "ledger.link.outsideScope");

    @Test
    void everyPublicServiceMethodRefusesAnOutOfScopeCaller() throws Exception {
        Target t = chishuiData();
        Map<String, Expect> calls = calls(t);
        TreeSet<String> methods = new TreeSet<>();
        for (Class<?> service : SERVICES) {
            for (Method m : service.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                    methods.add(key(m));
                }
            }
        }
        assertThat(new TreeSet<>(calls.keySet())).as("every public method of the services has its call here, and only those")
                .isEqualTo(methods);

        long userId = jdbc.sql("select id from user_account where username = 'renhuai.reporter'").query(Long.class).single();
        CurrentUser renhuai = new CurrentUser(userId, "renhuai.reporter", "仁怀市 填报员", "", Role.REPORTER,
                Scope.of(new RegionCode(RENHUAI)), true, true);
        List<String> answered = new ArrayList<>();
        var before = SecurityContextHolder.getContext().getAuthentication();
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(renhuai, null, renhuai.getAuthorities()));
        try {
            for (var e : calls.entrySet()) {
                Object answer;
                try {
                    answer = e.getValue().call().run();
                } catch (AccessDeniedException refused) {
                    continue;
                } catch (org.counterpart.shared.InvalidInputException refused) {
                    // a form's refusal counts when it is the refusal of the place or the people, not any other
                    if (e.getValue().neutral() == null && !SCOPE_REFUSALS.contains(refused.messageKey())) {
                        answered.add(e.getKey() + " refused with " + refused.messageKey() + ", not for the scope");
                    }
                    continue;
                } catch (Exception other) {
                    if (e.getValue().neutral() == null) {
                        answered.add(e.getKey() + " threw " + other.getClass().getSimpleName() + " instead of refusing");
                    }
                    continue;
                }
                if (e.getValue().neutral() == null && !empty(answer)) {
                    answered.add(e.getKey() + " answered " + answer);
                }
            }
        } finally {
            SecurityContextHolder.getContext().setAuthentication(before);
        }
        assertThat(answered).as("calls of 仁怀市's reporter on 赤水市's data that were not refused").isEmpty();
        // and nothing was changed on the way
        assertThat(count("ledger_fund", "赤水市受益项目")).isEqualTo(1);
        assertThat(jdbc.sql("select status from agreement_milestone where id = :id").param("id", t.milestone()).query(String.class).single())
                .isNotEqualTo("DONE");
    }
}
