package org.counterpart.cooperation;

import org.counterpart.geography.RegionCode;
import org.counterpart.geography.Regions;
import org.counterpart.identity.CurrentUser;
import org.counterpart.identity.Role;
import org.counterpart.identity.Scope;
import org.counterpart.identity.UserAdministration;
import org.counterpart.identity.UserForm;
import org.counterpart.registry.RegistryGenerator;
import org.counterpart.registry.RegistryImport;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Measures keep counting the right people while the registry is adjusted: re-imports that drop a
 * reached person, change a reached household's members or move a person to another household, and a
 * correction through the household form. Reach is read over real HTTP after every change. Also: a
 * measure placed at a town accepts the people living there, and adding or removing people is checked
 * by the service itself. The registry of these tests lies in Bijie (5205), in 七星关区 (520502), each
 * test in towns of its own.
 */
@IntegrationTest
@Claims("5205")
class LinksFollowTheRegistryTest {

    static final String COUNTY = "520502";
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** Column numbers of the registry export: household number, ID number, relation, year. */
    static final int NO = 0;
    static final int ID = 3;
    static final int RELATION = 4;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RegistryGenerator generator;
    @Autowired
    RegistryImport imports;
    @Autowired
    Regions regions;
    @Autowired
    UserAdministration users;
    @Autowired
    BeneficiaryLinks links;

    @BeforeEach
    void users() {
        synchronized (LinksFollowTheRegistryTest.class) {
            if (jdbc.sql("select count(*) from user_account where username = 'bijie.office'").query(Long.class).single() == 0) {
                users.createDemoAccount(new UserForm("bijie.office", "毕节市 协作办", Role.COORDINATOR, "5205", null, "zh-CN", true,
                        "counterpart2018", 0, false));
                users.createDemoAccount(new UserForm("bijie.viewer", "毕节市 查看", Role.VIEWER, "5205", null, "zh-CN", true,
                        "counterpart2018", 0, false));
                users.createDemoAccount(new UserForm("dafang.office", "大方县 协作办", Role.COORDINATOR, "520521", null, "zh-CN", true,
                        "counterpart2018", 0, false));
            }
        }
    }

    /** A registry export of one town's households in 2018, as lines (header first). */
    List<String> registry(String town, int households, long seed) throws IOException {
        Path file = Files.createTempFile("bijie-" + town, ".csv");
        try {
            generator.write(new RegistryGenerator.Spec(households, List.of(2018), regions.code(town), seed, 0), file);
            return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    RegistryImport.Result load(List<String> lines) throws IOException {
        Path file = Files.createTempFile("bijie", ".csv");
        try {
            Files.write(file, lines, StandardCharsets.UTF_8);
            RegistryImport.Result result = imports.run(file, "bijie.csv", new RegistryImport.Options(false, OptionalInt.empty()), r -> { });
            assertThat(result.rowsRefused()).as(result.toString()).isZero();
            assertThat(result.householdsRefused()).as(result.toString()).isZero();
            return result;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static List<String[]> rows(List<String> lines) {
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
    }

    static List<String> householdNumbers(List<String> lines) {
        return rows(lines).stream().map(r -> r[NO]).distinct().toList();
    }

    static List<String> idsOf(List<String> lines, String householdNo) {
        return rows(lines).stream().filter(r -> r[NO].equals(householdNo)).map(r -> r[ID].replace("\uFEFF", "")).toList();
    }

    /** A household with at least two members besides its head. */
    static String householdOfThree(List<String> lines) {
        return householdNumbers(lines).stream().filter(h -> idsOf(lines, h).size() >= 3).findFirst().orElseThrow();
    }

    static Map<String, String> fund(String title, String place, String beneficiaries) {
        Map<String, String> f = new HashMap<>();
        f.put("title", title);
        f.put("reg_year", "2018");
        f.put("place_code", place);
        f.put("owner", "5205");
        f.put("source", "CITY");
        f.put("sector", "AGRICULTURE");
        f.put("benefit_kind", "DIVIDEND");
        f.put("allocated", "10000");
        f.put("disbursed", "0");
        f.put("beneficiaries", beneficiaries);
        f.put("version", "0");
        return f;
    }

    long createFund(WebSession office, String title, String place, String beneficiaries) {
        office.get("/ledgers/funds/new");
        WebSession.Page saved = office.post("/ledgers/funds/new", fund(title, place, beneficiaries));
        assertThat(saved.status()).as(saved.text()).isEqualTo(302);
        return jdbc.sql("select id from ledger_fund where title = :t").param("t", title).query(Long.class).single();
    }

    /** People and households reached in the county, as the API answers them. */
    long[] reached(WebSession session) {
        WebSession.Page page = session.get("/api/reach?year=2018&place=" + COUNTY);
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        JsonNode json = JSON.readTree(page.text());
        return new long[]{json.get("reachedPeople").asLong(), json.get("reachedHouseholds").asLong()};
    }

    /** The people a measure counts (its record page's figure) and the rows it lists, registered or not. */
    String recordPage(WebSession session, long id) {
        WebSession.Page page = session.get("/ledgers/funds/" + id);
        assertThat(page.status()).isEqualTo(200);
        return page.text();
    }

    /** Rows of the registry export with one household's member taken out. */
    static List<String> without(List<String> lines, String id) {
        List<String> out = new ArrayList<>(lines);
        out.removeIf(l -> l.split(",", -1)[ID].equals(id));
        return out;
    }

    /** A new person (from another file's row) joins a household, with the household's own fields. */
    static List<String> joining(List<String> lines, String householdNo, String[] donor) {
        List<String> out = new ArrayList<>(lines);
        String[] head = rows(lines).stream().filter(r -> r[NO].equals(householdNo)).findFirst().orElseThrow().clone();
        for (int c = 2; c <= 16; c++) {
            head[c] = donor[c];
        }
        head[RELATION] = "其他";
        out.add(String.join(",", head));
        return out;
    }

    @Test
    void aMeasurePlacedAtATownAcceptsThePeopleLivingThereAndRefusesOthersWithTheReason() throws IOException {
        List<String> town = registry("520502002", 3, 51);
        List<String> other = registry("520502003", 2, 52);
        load(town);
        load(other);
        WebSession office = WebSession.signedIn(port, "bijie.office");
        String inside = householdNumbers(town).get(0);
        String outside = householdNumbers(other).get(0);
        String person = idsOf(town, householdNumbers(town).get(1)).get(0);

        office.get("/ledgers/funds/new");
        WebSession.Page refused = office.post("/ledgers/funds/new", fund("市东街道产业扶持", "520502002", inside + "，" + person + "，" + outside));
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.text()).contains(outside).contains("不在本举措的实施地区").doesNotContain(inside + " 属于");

        long id = createFund(office, "市东街道产业扶持", "520502002", inside + "，" + person);
        assertThat(recordPage(office, id)).contains("惠及 2 户 " + (idsOf(town, inside).size() + 1) + " 人");
    }

    @Test
    void aReImportThatRemovesAReachedPersonStopsCountingThemAndTheRecordSaysSoUntilTheyReturn() throws IOException {
        List<String> town = registry("520502005", 4, 61);
        load(town);
        WebSession office = WebSession.signedIn(port, "bijie.office");
        String household = householdOfThree(town);
        List<String> ids = idsOf(town, household);
        String named = householdNumbers(town).stream().filter(h -> !h.equals(household) && idsOf(town, h).size() >= 2).findFirst().orElseThrow();
        String byId = idsOf(town, named).get(1); // not the head: a household without one is refused
        long[] before = reached(office);
        long id = createFund(office, "大新桥街道分红", COUNTY, household + "，" + byId);
        assertThat(reached(office)).containsExactly(before[0] + ids.size() + 1, before[1] + 2);

        // the household's last member and the person named by ID leave the registry of 2018
        String leaving = ids.get(ids.size() - 1);
        load(without(without(town, leaving), byId));
        assertThat(reached(office)).containsExactly(before[0] + ids.size() - 1, before[1] + 1);
        String page = recordPage(office, id);
        assertThat(page).contains("惠及 1 户 " + (ids.size() - 1) + " 人");
        assertThat(page.split("2018年已不在册", -1)).hasSize(3); // both still listed, marked
        assertThat(jdbc.sql("select count(*) from beneficiary_link where ledger = 'FUND' and record_id = :r").param("r", id)
                .query(Long.class).single()).isEqualTo(ids.size() + 1);

        // registered again: counted again
        load(town);
        assertThat(reached(office)).containsExactly(before[0] + ids.size() + 1, before[1] + 2);
        page = recordPage(office, id);
        assertThat(page).contains("惠及 2 户 " + (ids.size() + 1) + " 人").doesNotContain("2018年已不在册");
    }

    @Test
    void aReImportThatChangesAReachedHouseholdsMembersCountsItsMembersOfThatYear() throws IOException {
        List<String> town = registry("520502006", 3, 71);
        List<String> donors = registry("520502006", 1, 72);
        load(town);
        WebSession office = WebSession.signedIn(port, "bijie.office");
        String household = householdOfThree(town);
        List<String> ids = idsOf(town, household);
        long[] before = reached(office);
        long id = createFund(office, "双龙街道合作社", COUNTY, household);
        assertThat(reached(office)).containsExactly(before[0] + ids.size(), before[1] + 1);

        // a new member joins, another leaves
        String[] donor = rows(donors).get(0);
        String newcomer = donor[ID];
        List<String> changed = joining(without(town, ids.get(1)), household, donor);
        load(changed);
        assertThat(reached(office)).containsExactly(before[0] + ids.size(), before[1] + 1);
        String page = recordPage(office, id);
        assertThat(page).contains("惠及 1 户 " + ids.size() + " 人").contains("2018年已不在册")
                .contains(newcomer.substring(0, 6) + "********");
        assertThat(jdbc.sql("""
                        select count(*) from beneficiary_link l where l.ledger = 'FUND' and l.record_id = :r and l.via_household = true""")
                .param("r", id).query(Long.class).single()).isEqualTo(ids.size() + 1);

        // the same file again changes nothing
        load(changed);
        assertThat(reached(office)).containsExactly(before[0] + ids.size(), before[1] + 1);

        // a member moves to another household of the year (the registry takes that as two files: out, then in):
        // the household's measure no longer counts them, while a measure that named them by ID follows them
        String otherHousehold = householdNumbers(town).stream().filter(h -> !h.equals(household)).findFirst().orElseThrow();
        String[] movingRow = rows(town).stream().filter(r -> r[ID].equals(ids.get(2))).findFirst().orElseThrow();
        long byId = createFund(office, "双龙街道务工补贴", COUNTY, ids.get(2));
        List<String> out = without(changed, ids.get(2));
        load(out);
        assertThat(recordPage(office, byId)).contains("惠及 0 户 0 人").contains("2018年已不在册");
        load(joining(out, otherHousehold, movingRow));
        assertThat(recordPage(office, byId)).contains("惠及 1 户 1 人").doesNotContain("2018年已不在");
        assertThat(jdbc.sql("""
                        select h.household_no from beneficiary_link l join household h on h.id = l.household_id
                        where l.ledger = 'FUND' and l.record_id = :r""").param("r", byId).query(String.class).single())
                .isEqualTo(otherHousehold);
        assertThat(recordPage(office, id)).contains("惠及 1 户 " + (ids.size() - 1) + " 人").contains("2018年已不在本户");
    }

    @Test
    void aCorrectionThroughTheHouseholdFormLeavesTheMeasuresCountingTheSamePeople() throws IOException {
        List<String> town = registry("520502007", 2, 81);
        load(town);
        WebSession office = WebSession.signedIn(port, "bijie.office");
        String household = householdNumbers(town).get(0);
        long[] before = reached(office);
        long id = createFund(office, "碧阳街道光伏", COUNTY, household);
        long[] after = reached(office);
        long householdId = jdbc.sql("select id from household where household_no = :n").param("n", household).query(Long.class).single();
        var row = jdbc.sql("select poverty_status, version from household_year where household_id = :id and reg_year = 2018")
                .param("id", householdId).query((rs, i) -> new String[]{rs.getString(1), rs.getString(2)}).single();
        office.get("/registry/households/" + householdId + "/2018/edit");
        Map<String, String> form = new HashMap<>(Map.of("status", row[0], "wage", "8800", "dangerousHousing", "false",
                "safeWater", "true", "version", row[1]));
        assertThat(office.post("/registry/households/" + householdId + "/2018/edit", form).status()).isEqualTo(302);
        assertThat(reached(office)).containsExactly(after[0], after[1]);
        assertThat(after[1]).isEqualTo(before[1] + 1);
        assertThat(recordPage(office, id)).contains("惠及 1 户 " + idsOf(town, household).size() + " 人").doesNotContain("2018年已不在");
    }

    @Test
    void addingAndRemovingPeopleIsRefusedByTheServiceToACallerOutsideTheMeasure() throws IOException {
        List<String> town = registry("520502008", 2, 91);
        load(town);
        WebSession office = WebSession.signedIn(port, "bijie.office");
        String household = householdNumbers(town).get(0);
        long id = createFund(office, "海子街街道种植", COUNTY, household);
        long person = jdbc.sql("select min(person_id) from beneficiary_link where ledger = 'FUND' and record_id = :r").param("r", id)
                .query(Long.class).single();
        String other = householdNumbers(town).get(1);
        for (String outsider : List.of("dafang.office", "bijie.viewer")) {
            as(outsider, () -> {
                assertThatThrownBy(() -> links.add(Ledger.FUND, id, 2018,
                        List.of(new BeneficiaryLinks.Target(person, 0, COUNTY, false)))).isInstanceOf(AccessDeniedException.class);
                assertThatThrownBy(() -> links.remove(Ledger.FUND, id, person)).isInstanceOf(AccessDeniedException.class);
            });
        }
        assertThat(jdbc.sql("select count(*) from beneficiary_link where ledger = 'FUND' and record_id = :r").param("r", id)
                .query(Long.class).single()).isEqualTo(idsOf(town, household).size());
        // the one allowed adds through the page
        office.get("/ledgers/funds/" + id);
        assertThat(office.post("/ledgers/funds/" + id + "/beneficiaries", Map.of("beneficiaries", other)).status()).isEqualTo(302);
        assertThat(jdbc.sql("select count(distinct household_id) from beneficiary_link where ledger = 'FUND' and record_id = :r").param("r", id)
                .query(Long.class).single()).isEqualTo(2);
    }

    void as(String username, Runnable action) {
        CurrentUser user = jdbc.sql("select id, role, scope_region from user_account where username = :u").param("u", username)
                .query((rs, i) -> new CurrentUser(rs.getLong(1), username, username, "", Role.valueOf(rs.getString(2)),
                        Scope.of(new RegionCode(rs.getString(3))), true, false)).single();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new UsernamePasswordAuthenticationToken(user, null, user.getAuthorities()));
        SecurityContextHolder.setContext(context);
        try {
            action.run();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
