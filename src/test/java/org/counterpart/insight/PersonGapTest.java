package org.counterpart.insight;

import org.counterpart.cooperation.Ledger;
import org.counterpart.cooperation.Ledgers;
import org.counterpart.geography.Regions;
import org.counterpart.identity.Role;
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
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The people reached by nothing who live in reached households, through real HTTP: the page, its
 * export and the API, against a count by brute force. Its own registry of Tongren (5206) for 2018,
 * which no other test touches: measures that name single people (so that their households count as
 * reached while the rest of the family is not) and one household named as a whole (none of whose
 * members may appear).
 */
@IntegrationTest
@Claims("5206")
class PersonGapTest {

    static final int YEAR = 2018;
    static final String CITY = "5206";

    /** ID number → household number, as the file gave them. */
    static final Map<String, String> households = new LinkedHashMap<>();
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
    Ledgers ledgers;
    @Autowired
    UserAdministration users;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void registryAndMeasures() throws IOException {
        if (loaded) {
            return;
        }
        Path file = Files.createTempFile("person-gap-registry", ".csv");
        try {
            generator.write(new RegistryGenerator.Spec(24, List.of(YEAR), regions.code(CITY), 5206, 0), file);
            RegistryImport.Result result = imports.run(file, "person-gap-registry.csv", new RegistryImport.Options(false, OptionalInt.empty()), r -> { });
            assertThat(result.rowsRefused()).isZero();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", -1);
                households.put(cells[3], cells[0]);
            }
        } finally {
            Files.deleteIfExists(file);
        }
        users.createDemoAccount(new UserForm("tongren.office", "铜仁市扶贫办", Role.COORDINATOR, CITY, null, "zh-CN", true,
                "counterpart2018", 0, false));
        List<String> numbers = households.values().stream().distinct().sorted().toList();
        // one member each of several households (their households are reached, the rest of the family is not) and a whole household
        List<String> named = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            named.add(idsIn(numbers.get(i)).get(0));
        }
        named.add(numbers.get(8));
        ledgers.create(Ledger.FUND, new Ledgers.Entry(Map.of("title", "铜仁产业分红", "reg_year", String.valueOf(YEAR), "place_code", CITY,
                "owner", CITY, "source", "CITY", "sector", "AGRICULTURE", "benefit_kind", "DIVIDEND", "allocated", "90000.00",
                "disbursed", "90000.00"), named, 0));
        loaded = true;
    }

    List<String> idsIn(String householdNo) {
        return households.entrySet().stream().filter(e -> e.getValue().equals(householdNo)).map(Map.Entry::getKey).toList();
    }

    /** The people of the gap counted plainly: members of households any member of which was linked, not linked themselves. */
    Set<Long> brute() {
        record Member(long household, long person) {
        }
        List<Member> members = jdbc.sql("select household_id, person_id from membership where reg_year = :y and county_code like '5206%'")
                .param("y", YEAR).query((rs, i) -> new Member(rs.getLong(1), rs.getLong(2))).list();
        Set<Long> linked = new HashSet<>(jdbc.sql("select person_id from beneficiary_link where reg_year = :y and county_code like '5206%'")
                .param("y", YEAR).query(Long.class).list());
        Set<Long> reachedHouseholds = new HashSet<>();
        members.stream().filter(m -> linked.contains(m.person())).forEach(m -> reachedHouseholds.add(m.household()));
        Set<Long> out = new HashSet<>();
        members.stream().filter(m -> reachedHouseholds.contains(m.household()) && !linked.contains(m.person())).forEach(m -> out.add(m.person()));
        return out;
    }

    @Test
    void theApiPagesThroughExactlyThePeopleReachedByNothingInReachedHouseholds() {
        Set<Long> expected = brute();
        assertThat(expected).as("the families of people named alone").isNotEmpty();
        Set<Long> wholeHousehold = new HashSet<>(jdbc.sql("""
                        select m.person_id from membership m join household h on h.id = m.household_id
                        where m.reg_year = :y and h.household_no = :no""")
                .param("y", YEAR).param("no", households.values().stream().distinct().sorted().toList().get(8)).query(Long.class).list());
        WebSession office = WebSession.signedIn(port, "tongren.office");
        List<Long> seen = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode json = ReachTest.json(office.get("/api/reach/gap/people?year=2018&place=5206&size=4&page=" + page));
            assertThat(json.get("total").asLong()).isEqualTo(expected.size());
            for (JsonNode row : json.get("items")) {
                seen.add(row.get("personId").asLong());
                assertThat(row.get("name").isNull()).as("names within the caller's own region").isFalse();
                assertThat(row.get("idNumberMasked").asString()).contains("*");
                assertThat(row.get("villageCode").asString()).startsWith("5206");
            }
            if (json.get("items").size() < 4) {
                break;
            }
        }
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(expected).doesNotContainAnyElementsOf(wholeHousehold);
        assertThat(ReachTest.FULL_ID.matcher(office.get("/api/reach/gap/people?year=2018&place=5206&size=500").body()).find()).isFalse();
        ReachTest.assertApiError(office.get("/api/reach/gap/people?year=2018&place=5206&size=0"), 400);
    }

    @Test
    void thePageListsThePeopleAndTheExportHoldsExactlyTheListMasked() throws IOException {
        WebSession office = WebSession.signedIn(port, "tongren.office");
        JsonNode all = ReachTest.json(office.get("/api/reach/gap/people?year=2018&place=5206&size=500"));
        WebSession.Page page = office.get("/reach/gap/people?year=2018&place=5206");
        assertThat(page.status()).isEqualTo(200);
        for (JsonNode row : all.get("items")) {
            assertThat(page.body()).contains("/reach/people/" + row.get("personId").asLong());
            assertThat(page.text()).contains(row.get("name").asString());
        }
        assertThat(page.body()).contains("/reach/gap/people.xlsx?year=2018&amp;place=5206");
        assertThat(ReachTest.FULL_ID.matcher(page.body()).find()).isFalse();
        assertThat(office.get("/reach?year=2018&place=5206").body()).contains("/reach/gap/people?year=2018&amp;place=5206");
        assertThat(office.get("/reach/gap?year=2018&place=5206").body()).contains("/reach/gap/people?year=2018&amp;place=5206");

        WebSession.Page xlsx = office.get("/reach/gap/people.xlsx?year=2018&place=5206");
        assertThat(xlsx.status()).isEqualTo(200);
        assertThat(xlsx.headers().get("content-type").get(0)).startsWith("application/vnd.openxmlformats");
        List<String> names = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        org.counterpart.support.XlsxRecords.of(xlsx.bytes(), "证件号码", true).forEach(r -> {
            ids.add(r.getCellText(0));
            names.add(r.getCellText(1));
        });
        List<String> expected = new ArrayList<>();
        all.get("items").forEach(row -> expected.add(row.get("name").asString()));
        assertThat(names).containsExactlyElementsOf(expected);
        assertThat(ids).allMatch(id -> id.contains("*"));
        assertThat(new String(xlsx.bytes(), StandardCharsets.ISO_8859_1)).doesNotContainPattern(ReachTest.FULL_ID);
    }

    @Test
    void callersOutsideThePlaceAreRefusedAndThePairedCitySeesNoNames() throws IOException {
        WebSession outsider = WebSession.signedIn(port, "zhongshan.reporter");
        assertThat(outsider.get("/reach/gap/people?year=2018&place=5206").status()).isEqualTo(403);
        assertThat(outsider.get("/reach/gap/people.xlsx?year=2018&place=5206").status()).isEqualTo(403);
        ReachTest.assertApiError(outsider.get("/api/reach/gap/people?year=2018&place=5206"), 403);

        // the demo's Liupanshui, seen from Dalian across the pairing: whoever is listed, without a name (the demo's small
        // registry may hold nobody of this gap; the rule is the household gap's, which ReachTest checks with rows)
        WebSession dalian = WebSession.signedIn(port, "dalian.office");
        JsonNode json = ReachTest.json(dalian.get("/api/reach/gap/people?year=2018&place=5202&size=500"));
        for (JsonNode row : json.get("items")) {
            assertThat(row.get("name").isNull()).isTrue();
        }
        WebSession.Page xlsx = dalian.get("/reach/gap/people.xlsx?year=2018&place=5202");
        assertThat(xlsx.status()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        org.counterpart.support.XlsxRecords.of(xlsx.bytes(), "证件号码", true).forEach(r -> names.add(r.getCellText(1)));
        assertThat(names).hasSize(json.get("items").size()).allMatch(String::isEmpty);
        assertThat(WebSession.signedIn(port, "lps.office").get("/reach/gap/people?year=2018&place=5202").status()).isEqualTo(200);
    }
}
