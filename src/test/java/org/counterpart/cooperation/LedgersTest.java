package org.counterpart.cooperation;

import org.counterpart.audit.AuditLog;
import org.counterpart.geography.Regions;
import org.counterpart.identity.Role;
import org.counterpart.identity.UserAdministration;
import org.counterpart.identity.UserForm;
import org.counterpart.registry.RegistryGenerator;
import org.counterpart.registry.RegistryImport;
import org.counterpart.shared.PersonalDataProtector;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledgers end to end on the real database and over real HTTP: every ledger's pages, checks with
 * their reasons next to the field, beneficiaries found in the registry (and refused when not there),
 * reach counted once per person, optimistic locking, scope, audit, and the import's dry run, apply and
 * re-import. The registry of these tests lies in Qiandongnan (5226), away from the demo's Liupanshui and the reach tests' Anshun.
 */
@IntegrationTest
@Claims("5226")
class LedgersTest {

    static final String COUNTY = "522601";
    static final String OTHER_COUNTY = "522622";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Ledgers ledgers;

    @Autowired
    LedgerCatalog catalog;

    @Autowired
    RegistryGenerator generator;

    @Autowired
    RegistryImport registryImport;

    @Autowired
    Regions regions;

    @Autowired
    PersonalDataProtector protector;

    @Autowired
    UserAdministration users;

    @Autowired
    AuditLog audit;

    @TempDir
    Path dir;

    @org.springframework.beans.factory.annotation.Value("${counterpart.home}")
    String home;

    @BeforeEach
    void registryAndUsers() {
        synchronized (LedgersTest.class) {
            if (jdbc.sql("select count(*) from household where county_code = :c").param("c", COUNTY).query(Long.class).single() == 0) {
                for (String county : List.of(COUNTY, OTHER_COUNTY)) {
                    Path file = dir.resolve("qdn-" + county + ".csv");
                    generator.write(new RegistryGenerator.Spec(12, List.of(2018), regions.code(county), 4 + county.hashCode(), 0), file);
                    registryImport.run(file, file.getFileName().toString(), new RegistryImport.Options(false, OptionalInt.empty()), rows -> { });
                }
            }
            if (users.count() > 0 && jdbc.sql("select count(*) from user_account where username = 'kaili.reporter'").query(Long.class).single() == 0) {
                users.createDemoAccount(new UserForm("kaili.reporter", "凯里市 填报员", Role.REPORTER, COUNTY, null, "zh-CN", true, "counterpart2018", 0, false));
                users.createDemoAccount(new UserForm("qdn.office", "黔东南州 协作办", Role.COORDINATOR, "5226", null, "zh-CN", true, "counterpart2018", 0, false));
                users.createDemoAccount(new UserForm("huangping.reporter", "黄平县 填报员", Role.REPORTER, OTHER_COUNTY, null, "zh-CN", true, "counterpart2018", 0, false));
            }
        }
    }

    List<String> households(String county) {
        return jdbc.sql("select household_no from household where county_code = :c order by household_no").param("c", county).query(String.class).list();
    }

    /** Plain ID numbers of a household's 2018 members, read back as an officer would type them. */
    List<String> idNumbers(String householdNo) {
        return jdbc.sql("""
                        select p.id_cipher from person p join membership m on m.person_id = p.id join household h on h.id = m.household_id
                        where h.household_no = :no and m.reg_year = 2018 order by p.id""")
                .param("no", householdNo).query(String.class).list().stream().map(protector::decrypt).toList();
    }

    static Map<String, String> fund(String title, String allocated, String disbursed, String beneficiaries) {
        Map<String, String> f = new HashMap<>();
        f.put("title", title);
        f.put("reg_year", "2018");
        f.put("place_code", COUNTY);
        f.put("owner", COUNTY);
        f.put("source", "CITY");
        f.put("sector", "AGRICULTURE");
        f.put("benefit_kind", "DIVIDEND");
        f.put("allocated", allocated);
        f.put("disbursed", disbursed);
        f.put("beneficiaries", beneficiaries);
        f.put("version", "0");
        return f;
    }

    static String path(String location) {
        return java.net.URI.create(location).getPath();
    }

    long idOf(String table, String title) {
        return jdbc.sql("select id from " + table + " where title = :t").param("t", title).query(Long.class).single();
    }

    @Test
    void everyLedgerListsItsRecordsAndOffersItsFormTemplateAndExport() throws Exception {
        WebSession admin = WebSession.signedIn(port, "admin");
        assertThat(admin.get("/ledgers").status()).isEqualTo(200);
        for (Ledger l : Ledger.values()) {
            assertThat(admin.get("/ledgers/" + l.slug()).status()).as(l.slug()).isEqualTo(200);
            assertThat(admin.get("/ledgers/" + l.slug() + "/new").status()).as(l.slug()).isEqualTo(200);
            assertThat(admin.get("/ledgers/" + l.slug() + "/import").status()).as(l.slug()).isEqualTo(200);
            WebSession.Page template = admin.get("/ledgers/" + l.slug() + "/template.xlsx");
            assertThat(template.status()).isEqualTo(200);
            try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(template.bytes()))) {
                var header = wb.getFirstSheet().read().get(0);
                assertThat(header.getCellText(0)).isNotBlank();
                assertThat(wb.getSheets().count()).as("the columns, what each takes, the lists the drop-downs offer").isEqualTo(3);
            }
            assertThat(admin.get("/ledgers/" + l.slug() + "/export.xlsx").status()).isEqualTo(200);
        }
        assertThat(admin.get("/ledgers/nonsense").status()).isEqualTo(404);
    }

    @Test
    void aFundNamesItsHouseholdsAndPeopleAndEachPersonIsCountedOnce() {
        WebSession reporter = WebSession.signedIn(port, "kaili.reporter");
        List<String> hh = households(COUNTY);
        String second = idNumbers(hh.get(1)).get(0);
        reporter.get("/ledgers/funds/new");
        WebSession.Page saved = reporter.post("/ledgers/funds/new", fund("西秀区食用菌基地", "500,000", "300000.50", hh.get(0) + "\n" + second));
        assertThat(saved.status()).as(saved.text()).isEqualTo(302);
        long id = idOf("ledger_fund", "西秀区食用菌基地");
        int members = idNumbers(hh.get(0)).size();
        WebSession.Page page = reporter.get("/ledgers/funds/" + id);
        assertThat(page.text()).contains("惠及 2 户 " + (members + 1) + " 人").contains("300,000.50");
        assertThat(page.body()).doesNotContain(second);

        // a second fund reaching the same household: people reached stay the same, measures count twice
        reporter.get("/ledgers/funds/new");
        reporter.post("/ledgers/funds/new", fund("西秀区光伏电站", "100000", "100000", hh.get(0)));
        long reached = jdbc.sql("select count(*) from reach_person where reg_year = 2018 and county_code = :c").param("c", COUNTY).query(Long.class).single();
        long links = jdbc.sql("select count(*) from beneficiary_link where reg_year = 2018 and county_code = :c").param("c", COUNTY).query(Long.class).single();
        long distinct = jdbc.sql("select count(distinct person_id) from beneficiary_link where reg_year = 2018 and county_code = :c").param("c", COUNTY).query(Long.class).single();
        assertThat(reached).isEqualTo(distinct).isEqualTo(members + 1);
        assertThat(links).isEqualTo(2L * members + 1);
        assertThat(jdbc.sql("select max(measures) from reach_person where county_code = :c").param("c", COUNTY).query(Integer.class).single()).isEqualTo(2);

        // linking is a change of the measure, audited with the registry's person numbers only
        assertThat(jdbc.sql("select count(*) from audit_entry where entity_kind = 'cooperation.fund' and entity_id = :id and action = 'linked'")
                .param("id", String.valueOf(id)).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select after_state from audit_entry where entity_kind = 'cooperation.fund' and action = 'linked'")
                .query(String.class).list()).noneMatch(s -> s.contains(second));

        // removing the household from the first fund keeps those reached by the second
        long personInHousehold = jdbc.sql("select person_id from beneficiary_link where ledger = 'FUND' and record_id = :r and via_household = true fetch first 1 rows only")
                .param("r", id).query(Long.class).single();
        reporter.get("/ledgers/funds/" + id);
        reporter.post("/ledgers/funds/" + id + "/beneficiaries/" + personInHousehold + "/remove", Map.of());
        assertThat(jdbc.sql("select count(*) from beneficiary_link where ledger = 'FUND' and record_id = :r").param("r", id).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from reach_person where reg_year = 2018 and county_code = :c").param("c", COUNTY).query(Long.class).single())
                .isEqualTo(members + 1);
        assertThat(jdbc.sql("select sum(measures) from reach_person where county_code = :c").param("c", COUNTY).query(Long.class).single())
                .isEqualTo(members + 1L);
        // households kept in step with their people: the same as grouping the people afresh
        String kept = "select household_id, people, by_fund, by_social from reach_household where reg_year = 2018 and county_code = :c order by household_id";
        String fresh = "select household_id, count(*), max(by_fund), max(by_social) from reach_person where reg_year = 2018 and county_code = :c"
                + " group by household_id order by household_id";
        var rows = (org.springframework.jdbc.core.RowMapper<List<Long>>) (rs, i) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
        assertThat(jdbc.sql(kept).param("c", COUNTY).query(rows).list()).hasSize(2)
                .isEqualTo(jdbc.sql(fresh).param("c", COUNTY).query(rows).list());
    }

    @Test
    void wrongFieldsAndUnknownPeopleAreRefusedWithReasonsAndNothingIsSaved() {
        WebSession reporter = WebSession.signedIn(port, "kaili.reporter");
        reporter.get("/ledgers/funds/new");
        WebSession.Page page = reporter.post("/ledgers/funds/new", fund("超拨项目", "1000", "1500", ""));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("拨付金额超过安排的 1000.00 元，请填写超拨原因").contains("is-invalid");
        page = reporter.post("/ledgers/funds/new", fund("坏金额项目", "12.345", "", ""));
        assertThat(page.text()).contains("坏金额项目");

        String stranger = "52260119800101001X".substring(0, 17);
        String unknownId = stranger + org.counterpart.shared.ResidentId.checkCharacter(stranger);
        String otherCounty = households(OTHER_COUNTY).get(0);
        page = reporter.post("/ledgers/funds/new", fund("错误受益人项目", "1000", "0", unknownId + "，" + otherCounty + "；nosuchhousehold"));
        assertThat(page.text()).contains("522601********" + unknownId.substring(14) + " 不是建档立卡人员").doesNotContain(unknownId + " 不是");
        assertThat(jdbc.sql("select count(*) from ledger_fund where title in ('超拨项目', '坏金额项目', '错误受益人项目')").query(Long.class).single()).isZero();

        Map<String, String> withReason = fund("超拨项目", "1000", "1500", "");
        withReason.put("over_reason", "追加配套资金");
        assertThat(reporter.post("/ledgers/funds/new", withReason).status()).isEqualTo(302);
    }

    @Test
    void aMeasureCannotMoveToAYearWhereItsPeopleAreNotRegisteredSoNobodyIsDroppedSilently() {
        WebSession reporter = WebSession.signedIn(port, "kaili.reporter");
        String household = households(COUNTY).get(2);
        int members = idNumbers(household).size();
        reporter.get("/ledgers/funds/new");
        assertThat(reporter.post("/ledgers/funds/new", fund("西秀区年度调整项目", "1000", "0", household)).status()).isEqualTo(302);
        long id = idOf("ledger_fund", "西秀区年度调整项目");

        // the county's registry holds 2018 only: in 2017 none of the household's members are registered
        reporter.get("/ledgers/funds/" + id + "/edit");
        Map<String, String> moved = fund("西秀区年度调整项目", "1000", "0", "");
        moved.put("reg_year", "2017");
        WebSession.Page refused = reporter.post("/ledgers/funds/" + id + "/edit", moved);
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.text()).contains("本措施惠及的人员中有 " + members + " 人在 2017 年度未在原户登记").contains("is-invalid");
        assertThat(jdbc.sql("select reg_year from ledger_fund where id = :id").param("id", id).query(Integer.class).single()).isEqualTo(2018);
        assertThat(jdbc.sql("select count(*) from beneficiary_link where ledger = 'FUND' and record_id = :id and reg_year = 2018")
                .param("id", id).query(Long.class).single()).isEqualTo(members);

        // the same edit without the year change is saved, the people kept
        Map<String, String> renamed = fund("西秀区年度调整项目（二期）", "1000", "0", "");
        assertThat(reporter.post("/ledgers/funds/" + id + "/edit", renamed).status()).isEqualTo(302);
        assertThat(jdbc.sql("select count(*) from beneficiary_link where ledger = 'FUND' and record_id = :id").param("id", id)
                .query(Long.class).single()).isEqualTo(members);
    }

    @Test
    void theApiListsAndShowsRecordsAsThePagesDoWithMaskedPeopleAndScope() {
        WebSession reporter = WebSession.signedIn(port, "kaili.reporter");
        String household = households(COUNTY).get(3);
        List<String> ids = idNumbers(household);
        reporter.get("/ledgers/funds/new");
        assertThat(reporter.post("/ledgers/funds/new", fund("凯里市接口测试项目", "1,234.5", "1000", household)).status()).isEqualTo(302);
        long id = idOf("ledger_fund", "凯里市接口测试项目");
        var json = tools.jackson.databind.json.JsonMapper.builder().build();

        var ledgersList = json.readTree(reporter.get("/api/ledgers").body());
        // every ledger served, the ten and any contributed (the tests contribute one)
        assertThat(ledgersList.size()).isEqualTo(catalog.all().size());
        assertThat(ledgersList.get(1).get("name").asString()).isEqualTo("资金项目台账");

        WebSession.Page listed = reporter.get("/api/ledgers/funds?year=2018&q=接口测试&size=10");
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        var page = json.readTree(listed.body());
        assertThat(page.get("total").asLong()).isEqualTo(1);
        var row = page.get("items").get(0);
        assertThat(row.get("id").asLong()).isEqualTo(id);
        assertThat(row.get("placeCode").asString()).isEqualTo(COUNTY);
        assertThat(row.get("fields").get("allocated").asString()).isEqualTo("1234.50");
        assertThat(row.get("peopleReached").asInt()).isEqualTo(ids.size());

        WebSession.Page shown = reporter.get("/api/ledgers/funds/" + id);
        var people = json.readTree(shown.body()).get("people");
        assertThat(people.size()).isEqualTo(ids.size());
        assertThat(people.get(0).get("idNumberMasked").asString()).contains("********");
        ids.forEach(full -> assertThat(shown.body()).doesNotContain(full));

        // another county's reporter neither lists nor reads it; bad requests answer as JSON
        WebSession other = WebSession.signedIn(port, "huangping.reporter");
        assertThat(json.readTree(other.get("/api/ledgers/funds?q=接口测试").body()).get("total").asLong()).isZero();
        WebSession.Page refused = other.get("/api/ledgers/funds/" + id);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(json.readTree(refused.body()).get("status").asInt()).isEqualTo(403);
        assertThat(reporter.get("/api/ledgers/no-such-ledger").status()).isEqualTo(404);
        assertThat(reporter.get("/api/ledgers/funds?size=0").status()).isEqualTo(400);
        assertThat(reporter.get("/api/ledgers/funds?place=12x").status()).isEqualTo(400);
        assertThat(reporter.get("/api/ledgers/funds?year=abc").body()).doesNotContain("Exception");
    }

    @Test
    void twoOfficersEditingTheSameRecordNeverOverwriteEachOtherSilently() {
        long id = ledgers.create(Ledger.MEETING, new Ledgers.Entry(Map.of("title", "西秀区调度会", "place_code", COUNTY, "owner", COUNTY,
                "kind", "DISPATCH", "held_on", "2018-10-10", "leader_level", "COUNTY"), List.of(), 0));
        WebSession a = WebSession.signedIn(port, "kaili.reporter");
        WebSession b = WebSession.signedIn(port, "qdn.office");
        a.get("/ledgers/meetings/" + id + "/edit");
        b.get("/ledgers/meetings/" + id + "/edit");
        Map<String, String> form = new HashMap<>(Map.of("title", "西秀区调度会", "place_code", COUNTY, "owner", COUNTY, "kind", "DISPATCH",
                "held_on", "2018-10-10", "leader_level", "COUNTY", "venue", "区政府三楼", "version", "0"));
        assertThat(a.post("/ledgers/meetings/" + id + "/edit", form).status()).isEqualTo(302);
        form.put("venue", "区扶贫办");
        WebSession.Page conflict = b.post("/ledgers/meetings/" + id + "/edit", form);
        assertThat(conflict.status()).isEqualTo(200);
        assertThat(conflict.text()).contains("已有其他人保存了这条记录");
        assertThat(jdbc.sql("select venue from ledger_meeting where id = :id").param("id", id).query(String.class).single()).isEqualTo("区政府三楼");
        assertThat(jdbc.sql("select count(*) from audit_entry where entity_kind = 'cooperation.meeting' and entity_id = :id").param("id", String.valueOf(id)).query(Long.class).single()).isEqualTo(2);

        // an edit that does not say which version it saw is a conflict, never a silent overwrite
        form.remove("version");
        assertThat(a.post("/ledgers/meetings/" + id + "/edit", form).text()).contains("已有其他人保存了这条记录");
        assertThat(jdbc.sql("select venue from ledger_meeting where id = :id").param("id", id).query(String.class).single()).isEqualTo("区政府三楼");
    }

    @Test
    void aReporterRecordsForItsOwnSideAndCannotSeeOrChangeAnotherCountysRecords() {
        long own = ledgers.create(Ledger.SOCIAL, new Ledgers.Entry(Map.of("title", "普定县助学金", "reg_year", "2018", "place_code", OTHER_COUNTY,
                "owner", OTHER_COUNTY, "donor", "某基金会", "form", "CASH", "amount", "20000"), List.of(), 0));
        WebSession outsider = WebSession.signedIn(port, "kaili.reporter");
        assertThat(outsider.get("/ledgers/social").text()).doesNotContain("普定县助学金");
        assertThat(outsider.get("/ledgers/social/" + own).status()).isEqualTo(403);
        assertThat(outsider.get("/ledgers/social/" + own + "/edit").status()).isEqualTo(403);
        outsider.get("/ledgers/social/new");
        Map<String, String> form = new HashMap<>(Map.of("title", "冒名记录", "reg_year", "2018", "place_code", OTHER_COUNTY, "owner", OTHER_COUNTY,
                "donor", "某企业", "form", "CASH", "amount", "1", "version", "0"));
        assertThat(outsider.post("/ledgers/social/new", form).text()).contains("只能填报本单位的举措");
        WebSession owner = WebSession.signedIn(port, "huangping.reporter");
        assertThat(owner.get("/ledgers/social").text()).contains("普定县助学金");
        WebSession leader = WebSession.signedIn(port, "leader");
        assertThat(leader.get("/ledgers/social/new").status()).isEqualTo(403);
    }

    @Test
    void aPersonsStaysMayNotOverlapAndTheIdNumberIsNeverShownInFull() {
        String id = "21020219800101" + "002";
        id = id + org.counterpart.shared.ResidentId.checkCharacter(id);
        Map<String, String> stay = new HashMap<>(Map.of("title", "王老师", "id_number", id, "role", "TEACHER", "direction", "EAST_TO_WEST",
                "started_on", "2018-03-01", "ended_on", "2018-12-31", "place_code", COUNTY, "owner", COUNTY));
        long first = ledgers.create(Ledger.PERSONNEL, new Ledgers.Entry(stay, List.of(), 0));
        stay.put("started_on", "2018-09-01");
        stay.put("ended_on", "2019-06-30");
        var refused = ledgers.check(Ledger.PERSONNEL, 0, new Ledgers.Entry(stay, List.of(), 0));
        assertThat(refused.errors()).extracting(e -> e.messageKey()).containsExactly("ledger.personnel.overlap");
        WebSession admin = WebSession.signedIn(port, "admin");
        String page = admin.get("/ledgers/personnel/" + first).body();
        assertThat(page).contains("210202********").doesNotContain(id);
        assertThat(jdbc.sql("select id_cipher from ledger_personnel where id = :id").param("id", first).query(String.class).single()).doesNotContain(id);
    }

    @Test
    void aPlacementNamesOneRegisteredWorkerAndTakesTheCountyFromTheRegistry() {
        String worker = idNumbers(households(OTHER_COUNTY).get(2)).get(0);
        long id = ledgers.create(Ledger.LABOR, new Ledgers.Entry(Map.of("title", "大连某服装厂", "owner", "2102", "destination", "EAST",
                "started_on", "2018-04-01", "monthly_wage", "3800", "worker", worker), List.of(), 0));
        LedgerRecord placed = ledgers.get(Ledger.LABOR, id);
        assertThat(placed.place().value()).isEqualTo(OTHER_COUNTY);
        assertThat(placed.peopleReached()).isEqualTo(1);
        var notRegistered = ledgers.check(Ledger.LABOR, 0, new Ledgers.Entry(Map.of("title", "大连某服装厂", "owner", "2102", "destination", "EAST",
                "started_on", "2017-04-01", "monthly_wage", "3800", "worker", worker), List.of(), 0));
        assertThat(notRegistered.errors()).extracting(e -> e.messageKey()).containsExactly("ledger.link.notInYear");
    }

    @Test
    void anAgreementFollowsItsMilestonesProjectsAndProblems() throws Exception {
        WebSession office = WebSession.signedIn(port, "qdn.office");
        office.get("/ledgers/agreements/new");
        WebSession.Page saved = office.post("/ledgers/agreements/new", new HashMap<>(Map.of("title", "黔东南州战略合作协议", "kind", "STRATEGIC",
                "signed_on", "2018-09-12", "amount", "30000000", "owner", "5226", "partner", COUNTY, "version", "0")));
        assertThat(saved.status()).as(saved.text()).isEqualTo(302);
        long id = idOf("ledger_agreement", "黔东南州战略合作协议");
        office.get("/ledgers/agreements/" + id);
        office.post("/ledgers/agreements/" + id + "/milestones", Map.of("title", "完成项目选址", "due", "2018-10-31"));
        office.post("/ledgers/agreements/" + id + "/milestones", Map.of("title", "项目开工", "due", "2099-03-31"));
        WebSession.Page page = office.get("/ledgers/agreements/" + id);
        assertThat(page.text()).contains("完成项目选址").contains("逾期").contains("已完成 0/2");
        office.get("/ledgers/problems/new?source=AGREEMENT&sourceId=" + id);
        WebSession.Page raised = office.post("/ledgers/problems/new", new HashMap<>(Map.of("title", "项目选址未落实", "raised_on", "2018-11-05",
                "responsible", "西秀区发改局", "due_on", "2018-11-30", "place_code", COUNTY, "owner", "5226", "source", "AGREEMENT",
                "sourceId", String.valueOf(id), "version", "0")));
        assertThat(raised.status()).as(raised.text()).isEqualTo(302);
        assertThat(office.get("/ledgers/agreements/" + id).text()).contains("项目选址未落实");

        Path signed = dir.resolve("signed.pdf");
        Files.writeString(signed, "%PDF-1.4 signed agreement");
        assertThat(office.upload("/ledgers/agreements/" + id + "/documents", signed, "协议文本.pdf").status()).isEqualTo(302);
        WebSession.Page withDocument = office.get("/ledgers/agreements/" + id);
        assertThat(withDocument.text()).contains("协议文本.pdf");
        long document = jdbc.sql("select id from ledger_document where record_id = :r and ledger = 'AGREEMENT'").param("r", id).query(Long.class).single();
        assertThat(new String(office.get("/ledgers/agreements/" + id + "/documents/" + document).bytes(), StandardCharsets.UTF_8))
                .isEqualTo("%PDF-1.4 signed agreement");
        assertThat(WebSession.signedIn(port, "huangping.reporter").get("/ledgers/agreements/" + id + "/documents/" + document).status()).isEqualTo(403);

        // deleting a record takes its documents' files with it
        String storedAs = jdbc.sql("select stored_as from ledger_document where id = :d").param("d", document).query(String.class).single();
        Path kept = Path.of(home, "documents", storedAs);
        assertThat(kept).exists();
        long version = jdbc.sql("select version from ledger_agreement where id = :id").param("id", id).query(Integer.class).single();
        office.get("/ledgers/agreements/" + id);
        office.post("/ledgers/agreements/" + id + "/delete", Map.of("version", String.valueOf(version)));
        assertThat(jdbc.sql("select count(*) from ledger_agreement where id = :id").param("id", id).query(Long.class).single()).isZero();
        assertThat(kept).doesNotExist();
        assertThat(office.get("/ledgers/problems").text()).contains("项目选址未落实");
    }

    @Test
    void anImportChecksFirstThenWritesValidRowsAndAgainChangesNothing() throws Exception {
        List<String> hh = households(COUNTY);
        Path file = dir.resolve("consumption.csv");
        String badId = idNumbers(hh.get(3)).get(0).substring(0, 17) + "0";
        Files.writeString(file, String.join("\n",
                "消费扶贫台账",
                "产品,年度,受帮扶地区代码,填报单位,采购方,销售方,渠道,金额,受益对象（身份证号或户编号）",
                "西秀山药,2018," + COUNTY + "," + COUNTY + ",大连某食堂,西秀合作社,CANTEEN,\"12,000\"," + hh.get(2),
                "西秀辣椒,2018," + COUNTY + "," + COUNTY + ",大连某超市,西秀合作社,扶贫专柜,8000.5," + hh.get(3),
                "坏行,2018," + COUNTY + "," + COUNTY + ",大连某超市,西秀合作社,飞机,-1," + badId), StandardCharsets.UTF_8);
        WebSession reporter = WebSession.signedIn(port, "kaili.reporter");
        WebSession.Page checked = reporter.upload("/ledgers/consumption/import", file, "consumption.csv");
        assertThat(checked.status()).isEqualTo(302);
        WebSession.Page page = reporter.afterJob(checked);
        assertThat(page.text()).contains("试运行").contains("“飞机”不是允许的取值").contains("金额不能为负数".substring(0, 2));
        assertThat(page.body()).doesNotContain(badId);
        assertThat(jdbc.sql("select count(*) from ledger_consumption where title like '西秀%'").query(Long.class).single()).isZero();
        String runId = LedgerImportTest.runId(page);
        WebSession.Page applied = reporter.post("/ledgers/imports/" + runId + "/apply", Map.of());
        assertThat(reporter.afterJob(applied).text()).contains("已在一个事务中写入");
        assertThat(jdbc.sql("select count(*) from ledger_consumption where title like '西秀%'").query(Long.class).single()).isEqualTo(2);
        WebSession.Page problems = reporter.get("/ledgers/imports/" + runId + "/problems.xlsx");
        assertThat(problems.status()).isEqualTo(200);

        WebSession.Page again = reporter.afterJob(reporter.upload("/ledgers/consumption/import", file, "consumption.csv"));
        assertThat(again.text()).contains("未变记录");
        assertThat(again.body()).containsPattern("id=\"counts\"[\\s\\S]*?新增记录");
        assertThat(jdbc.sql("select rows_new, rows_unchanged from ledger_import where id = (select max(id) from ledger_import)")
                .query((rs, i) -> new int[]{rs.getInt(1), rs.getInt(2)}).single()).containsExactly(0, 2);
    }
}
