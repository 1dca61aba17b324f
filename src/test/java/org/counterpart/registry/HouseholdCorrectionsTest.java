package org.counterpart.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.counterpart.cooperation.Ledger;
import org.counterpart.cooperation.Ledgers;
import org.counterpart.geography.Regions;
import org.counterpart.shared.PersonalDataProtector;
import org.counterpart.identity.Role;
import org.counterpart.identity.UserAdministration;
import org.counterpart.identity.UserForm;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The household's correction form and the registry's default year, through real HTTP on the build's database:
 * which year a list opens on for whom when a newer year is imported somewhere. Its own registry of Tieling
 * (2112): 2019 in 调兵山市 (211281); a year 2020 imported in 铁岭县 (211221) for the default year and removed again.
 */
@IntegrationTest
@Claims("2112")
class HouseholdCorrectionsTest {

    static final int YEAR = 2019;
    static final String CITY = "2112";
    static final String COUNTY = "211281";
    static final String OTHER_COUNTY = "211221";

    /** ID number → household number, as the file gave them. */
    static final Map<String, String> people = new LinkedHashMap<>();
    /** ID number → relation to the head. */
    static final Map<String, String> relations = new LinkedHashMap<>();
    static boolean loaded;

    @LocalServerPort
    int port;

    @Autowired
    RegistryGenerator generator;
    @Autowired
    RegistryImport imports;
    @Autowired
    Regions regions;
    @Autowired
    UserAdministration users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Ledgers ledgers;
    @Autowired
    PersonalDataProtector protector;

    static String reachedHousehold;

    @BeforeEach
    void registry() throws IOException {
        if (loaded) {
            return;
        }
        importYear(COUNTY, YEAR, 8, 2112, people, relations);
        users.createDemoAccount(new UserForm("tieling.office", "铁岭市扶贫办", Role.COORDINATOR, CITY, null, "zh-CN", true,
                "counterpart2018", 0, false));
        users.createDemoAccount(new UserForm("diaobingshan.reporter", "调兵山市扶贫办", Role.REPORTER, COUNTY, null, "zh-CN", true,
                "counterpart2018", 0, false));
        reachedHousehold = numbers().get(1);
        ledgers.create(Ledger.FUND, new Ledgers.Entry(Map.of("title", "调兵山整户分红", "reg_year", String.valueOf(YEAR), "place_code", COUNTY,
                "owner", COUNTY, "source", "CITY", "sector", "AGRICULTURE", "benefit_kind", "DIVIDEND", "allocated", "30000.00",
                "disbursed", "30000.00"), List.of(reachedHousehold, numbers().get(4)), 0));
        loaded = true;
    }

    static List<String> numbers() {
        return people.values().stream().distinct().sorted().toList();
    }

    static List<String> idsIn(String householdNo) {
        return people.entrySet().stream().filter(e -> e.getValue().equals(householdNo)).map(Map.Entry::getKey).toList();
    }

    long householdId(String no) {
        return jdbc.sql("select id from household where county_code = :c and household_no = :no").param("c", COUNTY).param("no", no)
                .query(Long.class).single();
    }

    int version(long householdId) {
        return jdbc.sql("select version from household_year where household_id = :h and reg_year = :y").param("h", householdId).param("y", YEAR)
                .query(Integer.class).single();
    }

    int memberCount(long householdId) {
        return jdbc.sql("select member_count from household_year where household_id = :h and reg_year = :y").param("h", householdId)
                .param("y", YEAR).query(Integer.class).single();
    }

    long personOf(String idNumber) {
        return jdbc.sql("select id from person where id_hash = :h").param("h", protector.lookupHash(idNumber)).query(Long.class).single();
    }

    /** People of the county reached in the year, counted plainly: registered links whose person is a member of the linked household. */
    long reachedByBruteForce() {
        return jdbc.sql("""
                        select count(distinct l.person_id) from beneficiary_link l
                        join membership m on m.person_id = l.person_id and m.household_id = l.household_id and m.reg_year = l.reg_year
                        where l.reg_year = :y and l.county_code = :c and l.standing = 'REGISTERED'""")
                .param("y", YEAR).param("c", COUNTY).query(Long.class).single();
    }

    JsonNode reach(WebSession s) throws IOException {
        WebSession.Page page = s.get("/api/reach?year=" + YEAR + "&place=" + COUNTY);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return new ObjectMapper().readTree(page.body());
    }

    /** A valid ID number (GB 11643) of the county, born on the day given, with a sequence of its own. */
    static String idNumber(String birth, int sequence) {
        String body = COUNTY + birth + String.format("%03d", sequence);
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * weights[i];
        }
        return body + "10X98765432".charAt(sum % 11);
    }

    static String masked(String id) {
        return id.substring(0, 6) + "********" + id.substring(14);
    }

    Map<String, String> member(String name, String id, String relation, int version) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("idNumber", id);
        form.put("relation", relation);
        form.put("education", "初中");
        form.put("medicalInsurance", "是");
        form.put("pensionInsurance", "否");
        form.put("phone", "13900001111");
        form.put("version", String.valueOf(version));
        return form;
    }

    void importYear(String county, int year, int households, long seed, Map<String, String> numbers, Map<String, String> relationsOf)
            throws IOException {
        Path file = Files.createTempFile("household-corrections", ".csv");
        try {
            generator.write(new RegistryGenerator.Spec(households, List.of(year), regions.code(county), seed, 0), file);
            RegistryImport.Result result = imports.run(file, "household-corrections-" + year + ".csv",
                    new RegistryImport.Options(false, OptionalInt.empty()), r -> { });
            assertThat(result.rowsRefused()).as("%s", result.problems()).isZero();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", -1);
                numbers.put(cells[3], cells[0]);
                relationsOf.put(cells[3], cells[4]);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    // ---- the default year ----

    static final Pattern LIST_YEAR = Pattern.compile("/registry/households\\.xlsx\\?year=([0-9]{4})");
    static final Pattern HOME_YEAR = Pattern.compile("/registry/households\\?year=([0-9]{4})");
    static final Pattern MONITORING_YEAR = Pattern.compile("/registry/monitoring\\?year=([0-9]{4})");

    static int found(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        assertThat(m.find()).as("a year on the page").isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** The year each of the lists opens on for this user when no year is asked for. */
    Map<String, Integer> defaults(String user) throws IOException {
        WebSession s = WebSession.signedIn(port, user);
        Map<String, Integer> out = new LinkedHashMap<>();
        out.put("households", found(LIST_YEAR, s.get("/registry/households").body()));
        out.put("monitoring", found(MONITORING_YEAR, s.get("/registry/monitoring").body()));
        Matcher home = HOME_YEAR.matcher(s.get("/").body());
        if (home.find()) { // the helping side's home shows no registry figures of its own
            out.put("home", Integer.parseInt(home.group(1)));
        }
        WebSession.Page reach = s.get("/api/reach");
        assertThat(reach.status()).as(reach.body()).isEqualTo(200);
        JsonNode json = new ObjectMapper().readTree(reach.body());
        out.put("reach", json.get("year").asInt());
        return out;
    }

    @Test
    void anImportOfANewerYearElsewhereMovesNobodyElsesDefaultYear() throws IOException {
        Map<String, Integer> liupanshui = defaults("lps.office");
        Map<String, Integer> dalian = defaults("dalian.office");
        assertThat(liupanshui.values()).containsOnly(2018);
        assertThat(dalian.values()).as("the helping side opens on its paired places' year").containsOnly(2018);
        assertThat(defaults("tieling.office").values()).containsOnly(YEAR);
        try {
            importYear(OTHER_COUNTY, 2020, 3, 2020, new LinkedHashMap<>(), new LinkedHashMap<>());
            assertThat(defaults("lps.office")).isEqualTo(liupanshui);
            assertThat(defaults("dalian.office")).isEqualTo(dalian);
            assertThat(defaults("tieling.office").values()).as("a user of the place imported").containsOnly(2020);
            assertThat(defaults("diaobingshan.reporter").values()).as("a county of the city without 2020").containsOnly(YEAR);
        } finally {
            // the year 2020 is this test's alone: no other class expects it in the registry's years
            jdbc.sql("delete from monitoring_flag where reg_year = 2020").update();
            jdbc.sql("delete from monitoring_run where reg_year = 2020").update();
            jdbc.sql("delete from membership where reg_year = 2020 and county_code = :c").param("c", OTHER_COUNTY).update();
            jdbc.sql("delete from household_year where reg_year = 2020 and county_code = :c").param("c", OTHER_COUNTY).update();
        }
        assertThat(jdbc.sql("select count(*) from household_year where reg_year = 2020").query(Long.class).single()).isZero();
    }

    // ---- members added and corrected ----

    @Test
    void aMemberAddedToAReachedHouseholdCountsInEveryFigureWithTheImportsChecks() throws IOException {
        WebSession office = WebSession.signedIn(port, "diaobingshan.reporter");
        long id = householdId(reachedHousehold);
        String save = "/registry/households/" + id + "/" + YEAR + "/members/save";
        int members = memberCount(id);
        JsonNode before = reach(office);
        assertThat(before.get("reachedPeople").asLong()).isEqualTo(reachedByBruteForce());

        String edit = office.get("/registry/households/" + id + "/" + YEAR + "/edit").body();
        assertThat(edit).contains("/registry/households/" + id + "/" + YEAR + "/members/new");
        assertThat(office.get("/registry/households/" + id + "/" + YEAR + "/members/new").body()).contains("action=\"" + save + "\"");

        // refused as the import refuses a row, beside the field; nothing changes
        String child = idNumber("20120305", 901);
        String wrongCheck = child.substring(0, 17) + (child.charAt(17) == '1' ? "2" : "1");
        assertThat(office.post(save, member("灯新一", wrongCheck, "之子", version(id))).body()).contains("校验码");
        assertThat(office.post(save, member("灯新一", child, "表亲", version(id))).body()).contains("不在代码表中");
        assertThat(office.post(save, member("", child, "之子", version(id))).body()).contains("必填");
        Map<String, String> badMonths = member("灯新一", child, "之子", version(id));
        badMonths.put("migrantMonths", "13");
        assertThat(office.post(save, badMonths).body()).contains("应在 0 至 12 之间");
        String someoneHere = idsIn(reachedHousehold).get(0);
        assertThat(office.post(save, member("灯重复", someoneHere, "之子", version(id))).body()).contains("此人已是本户本年度的成员");
        String otherHousehold = idsIn(numbers().get(2)).get(0);
        assertThat(office.post(save, member("灯他户", otherHousehold, "之子", version(id))).body()).contains(numbers().get(2));
        // a person registered in Liupanshui: refused without naming where, and the attempt kept for that side
        String lpsId = protector.decrypt(jdbc.sql("""
                        select p.id_cipher from person p join membership m on m.person_id = p.id
                        where m.county_code like '5202%' and m.reg_year = 2018 order by p.id fetch first 1 rows only""")
                .query(String.class).single());
        String lpsHousehold = jdbc.sql("""
                        select h.household_no from household h join membership m on m.household_id = h.id
                        where m.person_id = :p order by m.reg_year desc fetch first 1 rows only""")
                .param("p", personOf(lpsId)).query(String.class).single();
        WebSession.Page outside = office.post(save, member("灯外县", lpsId, "之子", version(id)));
        // the form shows back the number typed, and nothing else of where the person is
        assertThat(outside.body()).contains("未加入本户");
        assertThat(outside.body().replace(lpsId, "")).doesNotContain(lpsHousehold).doesNotContain("5202").doesNotContain("六盘水");
        assertThat(jdbc.sql("select count(*) from registry_conflict where person_id = :p and household_no = :no")
                .param("p", personOf(lpsId)).param("no", reachedHousehold).query(Long.class).single()).isEqualTo(1);
        assertThat(memberCount(id)).isEqualTo(members);
        // a stale version
        assertThat(office.post(save, member("灯新一", child, "之子", version(id) - 1)).body()).contains("其他人");
        // another county's officer may not
        assertThat(WebSession.signedIn(port, "lps.office").post(save, member("灯新一", child, "之子", version(id))).status()).isEqualTo(403);

        WebSession.Page added = office.post(save, member("灯新一", child, "之子", version(id)));
        assertThat(added.status()).as(added.body()).isEqualTo(302);
        assertThat(memberCount(id)).isEqualTo(members + 1);
        long childPerson = personOf(child);
        assertThat(jdbc.sql("select sex || birth_date from person where id = :p").param("p", childPerson).query(String.class).single())
                .as("sex and birth from the ID number").isEqualTo("M2012-03-05");
        JsonNode after = reach(office);
        assertThat(after.get("registeredPeople").asLong()).isEqualTo(before.get("registeredPeople").asLong() + 1);
        assertThat(after.get("reachedPeople").asLong()).isEqualTo(before.get("reachedPeople").asLong() + 1).isEqualTo(reachedByBruteForce());
        String audit = jdbc.sql("""
                        select after_state from audit_entry where entity_kind = 'registry.household' and entity_id = :id
                        order by seq desc fetch first 1 rows only""").param("id", String.valueOf(id)).query(String.class).single();
        assertThat(audit).contains("memberAdded", masked(child)).doesNotContain(child);

        // corrected: the child's education and name, then made head, the former head becoming the spouse
        String editChild = office.get("/registry/households/" + id + "/" + YEAR + "/members/" + childPerson + "/edit").body();
        assertThat(editChild).contains("name=\"personId\"").contains(masked(child)).doesNotContain(child);
        Map<String, String> correction = member("灯新二", "", "之子", version(id));
        correction.put("personId", String.valueOf(childPerson));
        correction.put("education", "小学");
        WebSession.Page corrected = office.post(save, correction);
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(302);
        assertThat(jdbc.sql("select name from person where id = :p").param("p", childPerson).query(String.class).single()).isEqualTo("灯新二");
        assertThat(jdbc.sql("select education from membership where person_id = :p and reg_year = :y").param("p", childPerson).param("y", YEAR)
                .query(String.class).single()).isEqualTo("小学");
        assertThat(memberCount(id)).isEqualTo(members + 1);

        long formerHead = jdbc.sql("select person_id from membership where household_id = :h and reg_year = :y and relation = '户主'")
                .param("h", id).param("y", YEAR).query(Long.class).single();
        Map<String, String> head = member("灯新二", "", "户主", version(id));
        head.put("personId", String.valueOf(childPerson));
        assertThat(office.post(save, head).body()).as("the former head's new relation is asked").contains("必填");
        head.put("version", String.valueOf(version(id)));
        head.put("formerHeadRelation", "配偶");
        assertThat(office.post(save, head).status()).isEqualTo(302);
        assertThat(jdbc.sql("select person_id from membership where household_id = :h and reg_year = :y and relation = '户主'")
                .param("h", id).param("y", YEAR).query(Long.class).list()).containsExactly(childPerson);
        assertThat(jdbc.sql("select relation from membership where household_id = :h and reg_year = :y and person_id = :p")
                .param("h", id).param("y", YEAR).param("p", formerHead).query(String.class).single()).isEqualTo("配偶");

        // a member's ID number corrected to another person: the first no longer counts, the second does
        long leaving = jdbc.sql("select min(person_id) from membership where household_id = :h and reg_year = :y and relation <> '户主' and person_id <> :f")
                .param("h", id).param("y", YEAR).param("f", formerHead).query(Long.class).single();
        String replacement = idNumber("19800101", 902);
        Map<String, String> renumbered = member("灯新三", replacement, "其他", version(id));
        renumbered.put("personId", String.valueOf(leaving));
        assertThat(office.post(save, renumbered).status()).isEqualTo(302);
        assertThat(jdbc.sql("select count(*) from membership where household_id = :h and reg_year = :y and person_id = :p")
                .param("h", id).param("y", YEAR).param("p", leaving).query(Long.class).single()).isZero();
        JsonNode last = reach(office);
        assertThat(last.get("registeredPeople").asLong()).isEqualTo(after.get("registeredPeople").asLong());
        assertThat(last.get("reachedPeople").asLong()).isEqualTo(after.get("reachedPeople").asLong()).isEqualTo(reachedByBruteForce());
        assertThat(jdbc.sql("select count(*) from reach_person where reg_year = :y and person_id = :p").param("y", YEAR).param("p", leaving)
                .query(Long.class).single()).as("the renumbered person's reach row").isZero();
        assertThat(jdbc.sql("select count(*) from reach_person where reg_year = :y and person_id = :p").param("y", YEAR)
                .param("p", personOf(replacement)).query(Long.class).single()).isEqualTo(1);
    }

    // ---- removed from the registry ----

    long listed(WebSession s) throws IOException {
        WebSession.Page page = s.get("/api/registry/households?year=" + YEAR + "&region=" + COUNTY + "&size=1");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return new ObjectMapper().readTree(page.body()).get("total").asLong();
    }

    @Test
    void aHouseholdRemovedFromTheRegistryStopsCountingUntilACoordinatorUndoesIt() throws IOException {
        WebSession reporter = WebSession.signedIn(port, "diaobingshan.reporter");
        WebSession coordinator = WebSession.signedIn(port, "tieling.office");
        String no = numbers().get(4);
        long id = householdId(no);
        int members = memberCount(id);
        String remove = "/registry/households/" + id + "/" + YEAR + "/remove";
        String restore = "/registry/households/" + id + "/" + YEAR + "/restore";
        JsonNode before = reach(reporter);
        long listedBefore = listed(reporter);
        assertThat(before.get("reachedPeople").asLong()).isEqualTo(reachedByBruteForce());
        assertThat(reporter.get("/registry/households/" + id + "/" + YEAR + "/edit").body()).contains("action=\"" + remove + "\"");

        // refused: no reason, "other" without a note, a reason not on the list, a stale version, another county
        assertThat(reporter.post(remove, Map.of("version", String.valueOf(version(id)), "reason", "")).body()).contains("此项为必填");
        assertThat(reporter.post(remove, Map.of("version", String.valueOf(version(id)), "reason", "OTHER", "note", " ")).body()).contains("此项为必填");
        assertThat(reporter.post(remove, Map.of("version", String.valueOf(version(id)), "reason", "LOST")).body()).contains("请从列表中选择原因");
        assertThat(reporter.post(remove, Map.of("version", String.valueOf(version(id) - 1), "reason", "MOVED_OUT")).body()).contains("其他人");
        assertThat(WebSession.signedIn(port, "lps.office").post(remove, Map.of("version", String.valueOf(version(id)), "reason", "MOVED_OUT"))
                .status()).isEqualTo(403);
        assertThat(listed(reporter)).isEqualTo(listedBefore);

        WebSession.Page removed = reporter.post(remove, Map.of("version", String.valueOf(version(id)), "reason", "MERGED", "note", "并入本村另一户"));
        assertThat(removed.status()).as(removed.body()).isEqualTo(302);
        assertThat(reporter.get("/registry/households/" + id + "?year=" + YEAR).body()).contains("本户已从 2019 年建档立卡中移出：并户", "并入本村另一户");
        JsonNode after = reach(reporter);
        assertThat(listed(reporter)).isEqualTo(listedBefore - 1);
        assertThat(after.get("registeredHouseholds").asLong()).isEqualTo(before.get("registeredHouseholds").asLong() - 1);
        assertThat(after.get("registeredPeople").asLong()).isEqualTo(before.get("registeredPeople").asLong() - members);
        assertThat(after.get("reachedPeople").asLong()).isEqualTo(before.get("reachedPeople").asLong() - members);
        String audit = jdbc.sql("""
                        select after_state from audit_entry where entity_kind = 'registry.household' and entity_id = :id
                        order by seq desc fetch first 1 rows only""").param("id", String.valueOf(id)).query(String.class).single();
        assertThat(audit).contains("MERGED", "并入本村另一户");

        // a reporter may not undo it; a coordinator may
        String edit = reporter.get("/registry/households/" + id + "/" + YEAR + "/edit").body();
        assertThat(edit).doesNotContain("action=\"" + restore + "\"");
        assertThat(reporter.post(restore, Map.of("version", String.valueOf(version(id)))).status()).isEqualTo(403);
        assertThat(coordinator.get("/registry/households/" + id + "/" + YEAR + "/edit").body()).contains("action=\"" + restore + "\"");
        WebSession.Page undone = coordinator.post(restore, Map.of("version", String.valueOf(version(id))));
        assertThat(undone.status()).as(undone.body()).isEqualTo(302);
        JsonNode back = reach(reporter);
        assertThat(listed(reporter)).isEqualTo(listedBefore);
        assertThat(back.get("registeredHouseholds").asLong()).isEqualTo(before.get("registeredHouseholds").asLong());
        assertThat(back.get("registeredPeople").asLong()).isEqualTo(before.get("registeredPeople").asLong());
        assertThat(back.get("reachedPeople").asLong()).isEqualTo(before.get("reachedPeople").asLong()).isEqualTo(reachedByBruteForce());
        assertThat(reporter.get("/registry/households/" + id + "?year=" + YEAR).body()).doesNotContain("建档立卡中移出：");
    }

    // ---- a re-import's dry run, household by household ----

    @Test
    void aReImportsDryRunListsPerHouseholdWhatWillChangeBeforeAnythingIsApplied() throws IOException {
        Path file = Files.createTempFile("household-corrections-again", ".csv");
        try {
            // the same file again (the generator is seeded), then three households changed in it
            generator.write(new RegistryGenerator.Spec(8, List.of(YEAR), regions.code(COUNTY), 2112, 0), file);
            List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
            List<String> spare = numbers().stream().filter(n -> !n.equals(reachedHousehold) && !n.equals(numbers().get(2))
                    && !n.equals(numbers().get(4)) && idsIn(n).size() >= 2).toList();
            assertThat(spare).hasSizeGreaterThanOrEqualTo(3);
            String factsAndHead = spare.get(0);
            String leaves = spare.get(1);
            String joins = spare.get(2);
            String leaving = idsIn(leaves).stream().filter(i -> !relations.get(i).equals("户主")).findFirst().orElseThrow();
            String formerHead = idsIn(factsAndHead).stream().filter(i -> relations.get(i).equals("户主")).findFirst().orElseThrow();
            String newHead = idsIn(factsAndHead).stream().filter(i -> !relations.get(i).equals("户主")).findFirst().orElseThrow();
            String joining = idNumber("20150909", 903);
            List<String> changed = new java.util.ArrayList<>();
            String joinRow = null;
            for (String line : lines) {
                String[] c = line.split(",", -1);
                if (c[0].equals(factsAndHead)) {
                    c[22] = "12345.00";
                    c[4] = c[3].equals(formerHead) ? "配偶" : c[3].equals(newHead) ? "户主" : c[4];
                }
                if (c[0].equals(leaves) && c[3].equals(leaving)) {
                    continue;
                }
                if (c[0].equals(joins) && joinRow == null) {
                    String[] j = c.clone();
                    j[2] = "调新四";
                    j[3] = joining;
                    j[4] = "之孙子";
                    j[5] = "";
                    j[6] = "";
                    j[16] = "";
                    joinRow = String.join(",", j);
                }
                changed.add(String.join(",", c));
            }
            changed.add(joinRow);
            Files.write(file, changed, StandardCharsets.UTF_8);
            long versionBefore = version(householdId(factsAndHead));

            RegistryImport.Result dry = imports.run(file, "household-corrections-again.csv", new RegistryImport.Options(true, OptionalInt.empty()), r -> { });
            assertThat(dry.rowsRefused()).as("%s", dry.problems()).isZero();
            assertThat(version(householdId(factsAndHead))).as("nothing applied").isEqualTo(versionBefore);

            var facts = imports.changes(dry.runId(), java.util.Optional.of(factsAndHead), 0, 50).items();
            assertThat(facts).anySatisfy(c -> {
                assertThat(c.kind()).isEqualTo(HouseholdChange.Kind.FACT);
                assertThat(c.field()).isEqualTo("incomeWage");
                assertThat(c.after()).isEqualTo("12345.00");
            });
            assertThat(facts).anySatisfy(c -> {
                assertThat(c.kind()).isEqualTo(HouseholdChange.Kind.NEW_HEAD);
                assertThat(c.before()).isEqualTo(masked(formerHead));
                assertThat(c.after()).isEqualTo(masked(newHead));
            });
            assertThat(imports.changes(dry.runId(), java.util.Optional.of(leaves), 0, 50).items()).anySatisfy(c -> {
                assertThat(c.kind()).isEqualTo(HouseholdChange.Kind.MEMBER_OUT);
                assertThat(c.before()).startsWith(masked(leaving));
            });
            assertThat(imports.changes(dry.runId(), java.util.Optional.of(joins), 0, 50).items()).anySatisfy(c -> {
                assertThat(c.kind()).isEqualTo(HouseholdChange.Kind.MEMBER_IN);
                assertThat(c.after()).isEqualTo(masked(joining) + " 之孙子");
            });

            // on the dry run's page, searchable by household number, and in its own XLSX; never a full ID number
            WebSession admin = WebSession.signedIn(port, "admin");
            String page = admin.get("/registry/imports/" + dry.runId() + "?no=" + leaves).body();
            assertThat(page).contains("id=\"changes\"", leaves, masked(leaving), "成员迁出").doesNotContain(leaving).doesNotContain(factsAndHead);
            WebSession.Page all = admin.get("/registry/imports/" + dry.runId());
            assertThat(all.body()).contains("/registry/imports/" + dry.runId() + "/changes.xlsx");
            WebSession.Page xlsx = admin.get("/registry/imports/" + dry.runId() + "/changes.xlsx");
            assertThat(xlsx.status()).isEqualTo(200);
            StringBuilder cells = new StringBuilder();
            try (org.dhatim.fastexcel.reader.ReadableWorkbook wb = new org.dhatim.fastexcel.reader.ReadableWorkbook(
                    new java.io.ByteArrayInputStream(xlsx.bytes()))) {
                wb.getFirstSheet().read().forEach(r -> r.forEach(c -> cells.append(c == null ? "" : c.getRawValue()).append('|')));
            }
            assertThat(cells.toString()).contains(leaves, masked(leaving), joins, masked(joining), "12345.00", "工资性收入（元）", "户主变更")
                    .doesNotContain(leaving).doesNotContain(joining);
            // in a browser: the search form sends the household number, the page fits, nothing on the console
            try (org.counterpart.support.Chromium browser = org.counterpart.support.Chromium.open(port)) {
                browser.signIn("admin", "counterpart2018");
                browser.get("/registry/imports/" + dry.runId());
                var no = browser.driver().findElement(org.openqa.selenium.By.id("change-no"));
                no.sendKeys(joins);
                browser.press(no.findElement(org.openqa.selenium.By.xpath("ancestor::form//button[@type='submit']")));
                browser.waiting().until(org.openqa.selenium.support.ui.ExpectedConditions.urlContains("no=" + joins));
                assertThat(browser.bodyText()).contains(masked(joining)).doesNotContain(masked(leaving));
                assertThat(browser.sidewaysOverflow()).isZero();
                assertThat(browser.consoleProblems()).isEmpty();
                browser.screenshot("import-changes");
            }
            // another user's run is not theirs to read
            assertThat(WebSession.signedIn(port, "diaobingshan.reporter").get("/registry/imports/" + dry.runId()).status()).isEqualTo(403);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
