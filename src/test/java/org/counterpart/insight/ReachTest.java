package org.counterpart.insight;

import org.counterpart.cooperation.BeneficiaryLinks;
import org.counterpart.cooperation.Ledger;
import org.counterpart.cooperation.LedgerRecord;
import org.counterpart.cooperation.Ledgers;
import org.counterpart.geography.RegionCode;
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
import org.springframework.security.access.AccessDeniedException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reach and coverage against a count done by brute force in the test itself, on a registry of Anshun
 * (5204) households of 2018 and 2019 that no other test touches, with measures of every kind that
 * reach people named one by one and households named as wholes, several of them the same person.
 */
@IntegrationTest
@Claims("5204")
class ReachTest {

    static final int YEAR = 2019;
    static final RegionCode CITY = new RegionCode("5204");
    static final Pattern FULL_ID = Pattern.compile("(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])");
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** The registry as the file gave it: ID number → household number, per year. */
    static final Map<Integer, Map<String, String>> idsByYear = new HashMap<>();
    static final Map<Ledger, List<Long>> records = new LinkedHashMap<>();
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
    JdbcClient jdbc;
    @Autowired
    Ledgers ledgers;
    @Autowired
    BeneficiaryLinks links;
    @Autowired
    Reach reach;
    @Autowired
    UserAdministration users;

    @BeforeEach
    void registryAndMeasures() throws IOException {
        if (loaded) {
            return;
        }
        Path file = Files.createTempFile("reach-registry", ".csv");
        try {
            generator.write(new RegistryGenerator.Spec(40, List.of(2018, YEAR), regions.code("5204"), 4, 0), file);
            RegistryImport.Result result = imports.run(file, "reach-registry.csv", new RegistryImport.Options(false, OptionalInt.empty()), r -> { });
            assertThat(result.rowsRefused()).isZero();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8).subList(1, Files.readAllLines(file, StandardCharsets.UTF_8).size())) {
                String[] cells = line.split(",", -1);
                idsByYear.computeIfAbsent(Integer.parseInt(cells[31]), y -> new LinkedHashMap<>()).put(cells[3], cells[0]);
            }
        } finally {
            Files.deleteIfExists(file);
        }
        users.createDemoAccount(new UserForm("anshun.office", "安顺市扶贫办", Role.COORDINATOR, "5204", null, "zh-CN", true,
                "counterpart2018", 0, false));
        List<String> counties = counties();
        users.createDemoAccount(new UserForm("anshun.county", "安顺某县", Role.VIEWER, counties.get(0), null, "zh-CN", true,
                "counterpart2018", 0, false));

        // the same person (P) reached by a household link, by name, by training and by a donation
        List<String> households = householdNumbers(YEAR);
        String p = idsIn(households.get(0), YEAR).get(0);
        String worker = idsIn(households.get(3), YEAR).get(0);
        add(Ledger.FUND, fund("养殖分红", YEAR, "5204", "1200000.00"), List.of(households.get(0), households.get(1), idsIn(households.get(2), YEAR).get(0)));
        add(Ledger.FUND, fund("危房改造补助", YEAR, countyOf(households.get(0)), "300000.00"), List.of(p));
        add(Ledger.SOCIAL, Map.of("title", "助学捐赠", "reg_year", String.valueOf(YEAR), "place_code", "5204", "owner", "5204",
                "donor", "爱心企业", "form", "CASH", "amount", "50000.00"), List.of(p, idsIn(households.get(4), YEAR).get(0)));
        add(Ledger.TRAINING, Map.of("title", "厨师培训", "place_code", "5204", "owner", "5204", "started_on", YEAR + "-05-01",
                "cost", "80000.00"), List.of(p, households.get(5)));
        add(Ledger.CONSUMPTION, Map.of("title", "猕猴桃采购", "reg_year", String.valueOf(YEAR), "place_code", "5204", "owner", "5204",
                "buyer", "大连国一", "seller", "合作社", "channel", "WHOLESALE", "amount", "250000.00"), List.of(households.get(6), households.get(1)));
        add(Ledger.INDUSTRY, Map.of("title", "蛋鸡养殖", "reg_year", String.valueOf(YEAR), "place_code", "5204", "owner", "5204",
                "invested", "5000000.00", "jobs", "12"), List.of(idsIn(households.get(7), YEAR).get(0), p));
        Map<String, String> labor = new HashMap<>(Map.of("title", "大连某电子厂", "owner", "5204", "destination", "EAST",
                "started_on", YEAR + "-03-01", "monthly_wage", "4200.00", "worker", worker));
        records.computeIfAbsent(Ledger.LABOR, l -> new ArrayList<>()).add(ledgers.create(Ledger.LABOR, new Ledgers.Entry(labor, List.of(), 0)));
        // a measure of the year before reaches P too: it shows on the person page, never in this year's figures
        String p2018 = idsByYear.get(2018).containsKey(p) ? p : idsByYear.get(2018).keySet().iterator().next();
        add(Ledger.FUND, fund("上年产业补助", 2018, "5204", "90000.00"), List.of(p2018));
        loaded = true;
    }

    // --- the measures ---

    static Map<String, String> fund(String title, int year, String place, String money) {
        return Map.of("title", title, "reg_year", String.valueOf(year), "place_code", place, "owner", "5204", "source", "CITY",
                "sector", "AGRICULTURE", "benefit_kind", "DIVIDEND", "allocated", money, "disbursed", money);
    }

    long add(Ledger ledger, Map<String, String> fields, List<String> beneficiaries) {
        long id = ledgers.create(ledger, new Ledgers.Entry(fields, beneficiaries, 0));
        records.computeIfAbsent(ledger, l -> new ArrayList<>()).add(id);
        return id;
    }

    List<String> householdNumbers(int year) {
        return idsByYear.get(year).values().stream().distinct().sorted().toList();
    }

    List<String> idsIn(String householdNo, int year) {
        return idsByYear.get(year).entrySet().stream().filter(e -> e.getValue().equals(householdNo)).map(Map.Entry::getKey).toList();
    }

    String countyOf(String householdNo) {
        return householdNo.substring(0, 6);
    }

    List<String> counties() {
        return jdbc.sql("select distinct county_code from household_year where county_code like '5204%' and reg_year = :y order by county_code")
                .param("y", YEAR).query(String.class).list();
    }

    long personId(String householdNo, int index) {
        return jdbc.sql("""
                        select m.person_id from membership m join household h on h.id = m.household_id
                        where h.household_no = :no and m.reg_year = :y order by m.person_id""")
                .param("no", householdNo).param("y", YEAR).query(Long.class).list().get(index);
    }

    // --- the count by brute force: rows read plainly, counted in Java ---

    record Brute(long registeredPeople, long registeredHouseholds, Set<Long> reached, Set<Long> reachedHouseholds,
                 Map<String, Set<Long>> peopleByKind, Map<String, Set<Long>> householdsByKind, Map<Long, Integer> measures,
                 Set<Long> gap, Set<Long> personGap, Map<String, long[]> byCounty, long links) {
    }

    Brute brute(String prefix, int year) {
        record Member(long household, long person, String county) {
        }
        List<Member> members = jdbc.sql("""
                        select m.household_id, m.person_id, hy.county_code from membership m
                        join household_year hy on hy.household_id = m.household_id and hy.reg_year = m.reg_year
                        where m.reg_year = :y""")
                .param("y", year).query((rs, i) -> new Member(rs.getLong(1), rs.getLong(2), rs.getString(3))).list()
                .stream().filter(m -> m.county().startsWith(prefix)).toList();
        Set<Long> registeredHouseholds = jdbc.sql("select household_id, county_code from household_year where reg_year = :y").param("y", year)
                .query((rs, i) -> rs.getString(2).startsWith(prefix) ? rs.getLong(1) : -1L).list().stream()
                .filter(id -> id >= 0).collect(Collectors.toSet());
        record Link(String ledger, long record, long person, long household, String county) {
        }
        List<Link> all = jdbc.sql("select ledger, record_id, person_id, household_id, county_code from beneficiary_link where reg_year = :y")
                .param("y", year).query((rs, i) -> new Link(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5)))
                .list().stream().filter(l -> l.county().startsWith(prefix)).toList();
        Set<Long> reached = new HashSet<>();
        Set<Long> reachedHouseholds = new HashSet<>();
        Map<String, Set<Long>> peopleByKind = new TreeMap<>();
        Map<String, Set<Long>> householdsByKind = new TreeMap<>();
        Map<Long, Integer> measures = new HashMap<>();
        for (Link l : all) {
            reached.add(l.person());
            reachedHouseholds.add(l.household());
            peopleByKind.computeIfAbsent(l.ledger(), k -> new HashSet<>()).add(l.person());
            householdsByKind.computeIfAbsent(l.ledger(), k -> new HashSet<>()).add(l.household());
            measures.merge(l.person(), 1, Integer::sum);
        }
        Set<Long> gap = new HashSet<>(registeredHouseholds);
        gap.removeAll(reachedHouseholds);
        Set<Long> personGap = members.stream().filter(m -> reachedHouseholds.contains(m.household()) && !reached.contains(m.person()))
                .map(Member::person).collect(Collectors.toSet());
        Map<String, long[]> byCounty = new TreeMap<>();
        for (Member m : members) {
            long[] c = byCounty.computeIfAbsent(m.county(), k -> new long[2]);
            c[0]++;
            if (reached.contains(m.person())) {
                c[1]++;
            }
        }
        return new Brute(members.size(), registeredHouseholds.size(), reached, reachedHouseholds, peopleByKind, householdsByKind,
                measures, gap, personGap, byCounty, all.size());
    }

    /** Money of the measures placed in the place, summed from the records as the ledgers list them. */
    BigDecimal money(Ledger ledger, String prefix, int year) {
        return ledgers.matching(ledger, new Ledgers.Filter(Optional.of(year), Optional.of(new RegionCode(prefix)), Optional.empty(), Map.of()))
                .stream().map(r -> r.money().orElse(BigDecimal.ZERO)).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(2);
    }

    void assertAgrees(ReachFigures f, String prefix, int year) {
        Brute b = brute(prefix, year);
        assertThat(f.registeredPeople()).isEqualTo(b.registeredPeople());
        assertThat(f.registeredHouseholds()).isEqualTo(b.registeredHouseholds());
        assertThat(f.reachedPeople()).isEqualTo(b.reached().size());
        assertThat(f.reachedHouseholds()).isEqualTo(b.reachedHouseholds().size());
        assertThat(f.coverage()).isEqualByComparingTo(ReachFigures.ratio(b.reached().size(), b.registeredPeople()));
        BigDecimal allMoney = BigDecimal.ZERO.setScale(2);
        for (ReachFigures.Kind k : f.kinds()) {
            String code = k.ledger().code();
            assertThat(k.people()).as(code).isEqualTo(b.peopleByKind().getOrDefault(code, Set.of()).size());
            assertThat(k.households()).as(code).isEqualTo(b.householdsByKind().getOrDefault(code, Set.of()).size());
            if (k.ledger() == Ledger.LABOR) {
                assertThat(k.money()).isEmpty();
            } else {
                BigDecimal expected = money(k.ledger(), prefix, year);
                assertThat(k.money()).as(code).contains(expected);
                allMoney = allMoney.add(expected);
            }
        }
        assertThat(f.money()).isEqualByComparingTo(allMoney);
        assertThat(f.perPerson()).isEqualByComparingTo(b.reached().isEmpty() ? BigDecimal.ZERO
                : allMoney.divide(BigDecimal.valueOf(b.reached().size()), 2, java.math.RoundingMode.HALF_UP));
        var d = f.distribution();
        assertThat(d.none()).isEqualTo(b.registeredPeople() - b.reached().size());
        assertThat(d.one()).isEqualTo(b.measures().values().stream().filter(n -> n == 1).count());
        assertThat(d.two()).isEqualTo(b.measures().values().stream().filter(n -> n == 2).count());
        assertThat(d.threeOrMore()).isEqualTo(b.measures().values().stream().filter(n -> n >= 3).count());
        assertThat(d.total()).isEqualTo(b.registeredPeople());
        Map<String, long[]> counties = new TreeMap<>();
        f.counties().forEach(c -> counties.put(c.county().value(), new long[]{c.registeredPeople(), c.reachedPeople()}));
        assertThat(counties.keySet()).containsExactlyElementsOf(b.byCounty().keySet());
        b.byCounty().forEach((county, n) -> assertThat(counties.get(county)).as(county).containsExactly(n[0], n[1]));
        assertThat(f.counties().stream().mapToLong(ReachFigures.County::registeredPeople).sum()).isEqualTo(f.registeredPeople());
        for (ReachFigures.County c : f.counties()) {
            Brute inCounty = brute(c.county().value(), year);
            for (int i = 0; i < Reach.KINDS.size(); i++) {
                assertThat(c.peopleByKind().get(i)).as(c.county() + " " + Reach.KINDS.get(i))
                        .isEqualTo(inCounty.peopleByKind().getOrDefault(Reach.KINDS.get(i).code(), Set.of()).size());
            }
        }
        Set<Long> gap = new HashSet<>();
        reach.forEachGap(new RegionCode(prefix), year, g -> gap.add(g.householdId()));
        assertThat(gap).isEqualTo(b.gap());
        assertThat(reach.gap(new RegionCode(prefix), year, 0, 5).total()).isEqualTo(b.gap().size());

        // the people reached by nothing in reached households: the stream, the total, and the pages laid end to end
        List<Long> people = new ArrayList<>();
        reach.forEachPersonGap(new RegionCode(prefix), year, g -> people.add(g.personId()));
        assertThat(new HashSet<>(people)).isEqualTo(b.personGap());
        assertThat(people).doesNotHaveDuplicates();
        List<Long> paged = new ArrayList<>();
        for (int page = 0; ; page++) {
            var found = reach.personGap(new RegionCode(prefix), year, page, 3);
            assertThat(found.total()).isEqualTo(b.personGap().size());
            found.items().forEach(g -> paged.add(g.personId()));
            if (!found.hasNext()) {
                break;
            }
        }
        assertThat(paged).containsExactlyElementsOf(people);
        List<Long> households = new ArrayList<>();
        for (int page = 0; ; page++) {
            var found = reach.gap(new RegionCode(prefix), year, page, 4);
            found.items().forEach(g -> households.add(g.householdId()));
            if (!found.hasNext()) {
                break;
            }
        }
        List<Long> streamed = new ArrayList<>();
        reach.forEachGap(new RegionCode(prefix), year, g -> streamed.add(g.householdId()));
        assertThat(households).containsExactlyElementsOf(streamed);
    }

    @Test
    void reachCountsEveryPersonOnceAndAgreesWithABruteForceCount() {
        Brute b = brute("5204", YEAR);
        assertThat(b.links()).as("several measures reach the same people").isGreaterThan(b.reached().size());
        assertThat(b.measures().values()).as("one person is reached by at least three measures").anyMatch(n -> n >= 3);
        assertThat(b.reached()).isNotEmpty();
        assertThat(b.gap()).as("some households are reached by nothing").isNotEmpty();
        assertThat(b.personGap()).as("some people of reached households are reached by nothing").isNotEmpty();
        assertAgrees(reach.figures(CITY, YEAR), "5204", YEAR);
        for (String county : counties()) {
            assertAgrees(reach.figures(new RegionCode(county), YEAR), county, YEAR);
        }
        assertAgrees(reach.figures(CITY, 2018), "5204", 2018);
    }

    @Test
    void aHouseholdNamedAsAWholeCountsEveryMemberOfThatYear() {
        String household = householdNumbers(YEAR).get(1);
        long members = jdbc.sql("select member_count from household_year hy join household h on h.id = hy.household_id where h.household_no = :no and hy.reg_year = :y")
                .param("no", household).param("y", YEAR).query(Long.class).single();
        long firstFund = records.get(Ledger.FUND).get(0);
        long linked = jdbc.sql("""
                        select count(*) from beneficiary_link l join household h on h.id = l.household_id
                        where l.ledger = 'FUND' and l.record_id = :r and h.household_no = :no and l.via_household = true""")
                .param("r", firstFund).param("no", household).query(Long.class).single();
        assertThat(linked).isEqualTo(members).isGreaterThan(0);
    }

    @Test
    void removingLinksAndMeasuresUpdatesReachAndTheGap() {
        // a measure of its own, so that removing its links does not disturb the other tests' figures
        String household = householdNumbers(YEAR).get(8);
        String named = idsIn(householdNumbers(YEAR).get(9), YEAR).get(0);
        long id = add(Ledger.SOCIAL, Map.of("title", "临时救助", "reg_year", String.valueOf(YEAR), "place_code", "5204", "owner", "5204",
                "donor", "红十字会", "form", "IN_KIND", "amount", "1000.00"), List.of(household, named));
        long householdId = jdbc.sql("select id from household where household_no = :no").param("no", household).query(Long.class).single();
        assertAgrees(reach.figures(CITY, YEAR), "5204", YEAR);
        boolean otherwiseReached = jdbc.sql("select count(*) from beneficiary_link where household_id = :h and reg_year = :y and not (ledger = 'SOCIAL' and record_id = :r)")
                .param("h", householdId).param("y", YEAR).param("r", id).query(Long.class).single() > 0;

        int removed = links.remove(Ledger.SOCIAL, id, personId(household, 0));
        assertThat(removed).as("a person named through the household takes the whole household with them").isGreaterThan(0);
        ReachFigures after = reach.figures(CITY, YEAR);
        assertAgrees(after, "5204", YEAR);
        Set<Long> gap = new HashSet<>();
        reach.forEachGap(CITY, YEAR, g -> gap.add(g.householdId()));
        assertThat(gap.contains(householdId)).isEqualTo(!otherwiseReached);

        LedgerRecord record = ledgers.get(Ledger.SOCIAL, id);
        ledgers.delete(Ledger.SOCIAL, id, record.version());
        assertAgrees(reach.figures(CITY, YEAR), "5204", YEAR);
        records.get(Ledger.SOCIAL).remove(Long.valueOf(id));
    }

    @Test
    void rebuildingReachFromTheLinksGivesTheRowsKeptInStep() {
        String rows = "select reg_year, person_id, county_code, household_id, by_fund, by_industry, by_labor, by_training, by_consumption,"
                + " by_social, measures from reach_person where reg_year = :y order by person_id";
        for (int year : List.of(2018, YEAR)) {
            List<Map<String, Object>> kept = jdbc.sql(rows).param("y", year).query().listOfRows();
            assertThat(kept).isNotEmpty();
            reach.rebuild(year);
            assertThat(jdbc.sql(rows).param("y", year).query().listOfRows()).isEqualTo(kept);
        }
    }

    @Test
    void thePersonPageListsEveryMeasureAcrossYearsAndNamesOnlyWithinTheRegion() {
        String p = idsIn(householdNumbers(YEAR).get(0), YEAR).get(0);
        long personId = jdbc.sql("""
                        select distinct l.person_id from beneficiary_link l where l.reg_year = :y and l.ledger = 'TRAINING'
                        and l.via_household = false and l.county_code like '5204%'""").param("y", YEAR).query(Long.class).single();
        String name = jdbc.sql("select name from person where id = :id").param("id", personId).query(String.class).single();
        String masked = jdbc.sql("select id_masked from person where id = :id").param("id", personId).query(String.class).single();
        List<BeneficiaryLinks.PersonMeasure> measures = links.measuresOf(personId);
        assertThat(measures).hasSizeGreaterThanOrEqualTo(4);

        WebSession office = WebSession.signedIn(port, "anshun.office");
        WebSession.Page page = office.get("/reach/people/" + personId);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains(masked, name).doesNotContain(p);
        assertThat(FULL_ID.matcher(page.body()).find()).isFalse();
        for (BeneficiaryLinks.PersonMeasure m : measures) {
            assertThat(page.body()).contains("/ledgers/" + m.ledger().slug() + "/" + m.recordId());
            assertThat(page.text()).contains(ledgers.get(m.ledger(), m.recordId()).title());
        }
        assertThat(page.text()).contains(String.valueOf(YEAR));
        if (measures.stream().anyMatch(m -> m.year() == 2018)) {
            assertThat(page.text()).contains("上年产业补助");
        }

        assertThat(WebSession.signedIn(port, "zhongshan.reporter").get("/reach/people/" + personId).status()).isEqualTo(403);
        assertThat(office.get("/reach/people/999999999").status()).isEqualTo(404);
    }

    @Test
    void callersOutsideThePlaceAreRefusedAndSeeNoFigures() {
        WebSession outsider = WebSession.signedIn(port, "zhongshan.reporter");
        assertThat(outsider.get("/reach?year=2019&place=5204").status()).isEqualTo(403);
        assertThat(outsider.get("/reach/gap?year=2019&place=5204").status()).isEqualTo(403);
        assertThat(outsider.get("/reach/gap.xlsx?year=2019&place=5204").status()).isEqualTo(403);
        assertApiError(outsider.get("/api/reach?year=2019&place=5204"), 403);
        assertApiError(outsider.get("/api/reach/gap?year=2019&place=5204"), 403);
        // its own county, and not its city: a county scope does not cover the city
        assertThat(outsider.get("/reach?year=2018").status()).isEqualTo(200);
        assertThat(outsider.get("/reach?year=2018&place=5202").status()).isEqualTo(403);
        assertThat(outsider.get("/reach?year=2018").body()).doesNotContain("安顺");

        WebSession county = WebSession.signedIn(port, "anshun.county");
        assertThat(county.get("/reach?year=2019&place=5204").status()).isEqualTo(403);
        assertThat(county.get("/reach?year=2019&place=" + counties().get(0)).status()).isEqualTo(200);

        // an institution scope reads figures only of its partners' places, and never the registry's names
        WebSession qixing = WebSession.signedIn(port, "qixing.reporter");
        assertThat(qixing.get("/reach?year=2019&place=5204").status()).isEqualTo(403);

        assertThatThrownBy(() -> reach.figures(new RegionCode("520402001001"), YEAR)).isInstanceOf(org.counterpart.shared.InvalidInputException.class);
    }

    @Test
    void thePairedCitySeesFiguresAndTheGapWithoutNamesWhileTheHelpedCitySeesNames() {
        List<String> heads = jdbc.sql("""
                        select p.name from household_year hy join membership m on m.household_id = hy.household_id and m.reg_year = hy.reg_year
                        join person p on p.id = m.person_id
                        where hy.reg_year = 2018 and hy.county_code like '5202%' and m.relation = '户主'""").query(String.class).list();
        WebSession dalian = WebSession.signedIn(port, "dalian.office");
        assertThat(dalian.get("/reach?year=2018&place=5202").status()).isEqualTo(200);
        WebSession.Page gap = dalian.get("/reach/gap?year=2018&place=5202");
        assertThat(gap.status()).isEqualTo(200);
        assertThat(gap.body()).contains("520201");
        heads.forEach(n -> assertThat(gap.body()).doesNotContain(">" + n + "<")); // a name as a cell, not as part of a word
        JsonNode api = json(dalian.get("/api/reach/gap?year=2018&place=5202&size=500"));
        assertThat(api.get("total").asLong()).isPositive();
        for (JsonNode row : api.get("items")) {
            assertThat(row.get("headName").isNull()).isTrue();
            assertThat(row.get("headIdNumberMasked").asString()).contains("*");
        }

        WebSession helped = WebSession.signedIn(port, "lps.office");
        WebSession.Page own = helped.get("/reach/gap?year=2018&place=5202");
        assertThat(own.status()).isEqualTo(200);
        assertThat(heads.stream().filter(n -> own.body().contains(">" + n + "<")).count()).isPositive();
        assertThat(FULL_ID.matcher(own.body()).find()).isFalse();
    }

    @Test
    void theApiGivesTheSameFiguresAsTheServiceAndFailsAsJson() {
        ReachFigures f = reach.figures(CITY, YEAR);
        WebSession office = WebSession.signedIn(port, "anshun.office");
        JsonNode json = json(office.get("/api/reach?year=2019&place=5204"));
        assertThat(json.get("place").asString()).isEqualTo("5204");
        assertThat(json.get("year").asInt()).isEqualTo(YEAR);
        assertThat(json.get("registeredPeople").asLong()).isEqualTo(f.registeredPeople());
        assertThat(json.get("reachedPeople").asLong()).isEqualTo(f.reachedPeople());
        assertThat(json.get("reachedHouseholds").asLong()).isEqualTo(f.reachedHouseholds());
        assertThat(json.get("unreachedHouseholds").asLong()).isEqualTo(f.unreachedHouseholds());
        assertThat(json.get("coverage").decimalValue()).isEqualByComparingTo(f.coverage());
        assertThat(json.get("money").asString()).isEqualTo(f.money().toPlainString());
        assertThat(json.get("kinds")).hasSize(Reach.KINDS.size());
        for (int i = 0; i < Reach.KINDS.size(); i++) {
            assertThat(json.get("kinds").get(i).get("people").asLong()).isEqualTo(f.kinds().get(i).people());
        }
        assertThat(json.get("counties")).hasSize(f.counties().size());
        assertThat(json.get("counties").get(0).get("peopleByKind").get("FUND").asLong()).isEqualTo(f.counties().get(0).peopleByKind().get(0));
        assertThat(json.get("distribution").get("threeOrMore").asLong()).isEqualTo(f.distribution().threeOrMore());

        JsonNode gap = json(office.get("/api/reach/gap?year=2019&place=5204&size=2&page=1"));
        assertThat(gap.get("total").asLong()).isEqualTo(reach.gap(CITY, YEAR, 0, 1).total());
        assertThat(gap.get("items")).hasSizeLessThanOrEqualTo(2);
        assertThat(gap.get("items").get(0).get("headName").isNull()).isFalse();
        assertThat(FULL_ID.matcher(office.get("/api/reach/gap?year=2019&place=5204&size=500").body()).find()).isFalse();

        assertApiError(office.get("/api/reach?year=2019&place=99"), 400);
        assertApiError(office.get("/api/reach?year=2019&place=520402001001"), 400);
        assertApiError(office.get("/api/reach?year=abc&place=5204"), 400);
        assertApiError(office.get("/api/reach/gap?year=2019&place=5204&size=0"), 400);
        assertThat(new WebSession(port).get("/api/reach?year=2019&place=5204").status()).isEqualTo(401);
    }

    @Test
    void thePagesShowTheFiguresAndTheGapExportsExactlyTheList() throws IOException {
        ReachFigures f = reach.figures(CITY, YEAR);
        WebSession office = WebSession.signedIn(port, "anshun.office");
        WebSession.Page page = office.get("/reach?year=2019&place=5204");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains(String.format(java.util.Locale.ROOT, "%,d", f.registeredPeople()),
                String.format(java.util.Locale.ROOT, "%,d", f.reachedPeople())).contains("/reach/gap?year=2019&place=5204");
        for (ReachFigures.County c : f.counties()) {
            assertThat(page.text()).contains(regions.name(c.county()));
        }
        assertThat(office.get("/reach").status()).isEqualTo(200);

        WebSession.Page gap = office.get("/reach/gap?year=2019&place=5204");
        assertThat(gap.status()).isEqualTo(200);
        var first = reach.gap(CITY, YEAR, 0, 50);
        first.items().forEach(g -> assertThat(gap.text()).contains(g.householdNo()));

        WebSession.Page xlsx = office.get("/reach/gap.xlsx?year=2019&place=5204");
        assertThat(xlsx.status()).isEqualTo(200);
        assertThat(xlsx.headers().get("content-type").get(0)).startsWith("application/vnd.openxmlformats");
        List<String> numbers = new ArrayList<>();
        org.counterpart.support.XlsxRecords.of(xlsx.bytes(), "户编号", true).forEach(r -> numbers.add(r.getCellText(0)));
        List<String> expected = new ArrayList<>();
        reach.forEachGap(CITY, YEAR, g -> expected.add(g.householdNo()));
        assertThat(numbers).containsExactlyElementsOf(expected);
        assertThat(new String(xlsx.bytes(), StandardCharsets.ISO_8859_1)).doesNotContainPattern(FULL_ID);
    }

    @Test
    void onlyAdministratorsRebuildReach() {
        WebSession office = WebSession.signedIn(port, "anshun.office");
        office.get("/reach?year=2019&place=5204");
        assertThat(office.post("/reach/rebuild", Map.of("year", "2019")).status()).isEqualTo(403);
        WebSession admin = WebSession.signedIn(port, "admin");
        admin.get("/reach?year=2019&place=5204");
        WebSession.Page done = admin.post("/reach/rebuild", Map.of("year", "2019", "place", "5204"));
        assertThat(done.status()).isEqualTo(302);
        assertThat(done.location()).contains("/reach?year=2019&place=5204");
        assertAgrees(reach.figures(CITY, YEAR), "5204", YEAR);
    }

    static JsonNode json(WebSession.Page page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.headers().getOrDefault("content-type", List.of(""))).anyMatch(t -> t.startsWith("application/json"));
        return JSON.readTree(page.body());
    }

    static void assertApiError(WebSession.Page page, int status) {
        assertThat(page.status()).as(page.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(page.body());
        assertThat(error.get("status").asInt()).isEqualTo(status);
        assertThat(page.body()).doesNotContain("Exception", "<html");
    }
}
