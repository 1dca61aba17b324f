package org.counterpart.insight;

import org.counterpart.cooperation.Ledger;
import org.counterpart.cooperation.Ledgers;
import org.counterpart.geography.Regions;
import org.counterpart.identity.Role;
import org.counterpart.identity.UserAdministration;
import org.counterpart.identity.UserForm;
import org.counterpart.registry.RegistryGenerator;
import org.counterpart.registry.RegistryImport;
import org.counterpart.support.Chromium;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The household file (一户一档) through real HTTP and a real browser: every measure that reached the
 * household or one of its members, by year, with links to the records; nothing of measures that reached
 * other households; masked ID numbers only; refused outside the caller's scope; and printed (print media
 * in Chromium) as one A4 page without the navigation. Its own registry of Dandong (2106) for 2019.
 */
@IntegrationTest
@Claims("2106")
class HouseholdFileTest {

    static final int YEAR = 2019;
    static final String CITY = "2106";

    /** ID number → household number, as the file gave them. */
    static final Map<String, String> people = new LinkedHashMap<>();
    /** ID number → relation to the head. */
    static final Map<String, String> relations = new LinkedHashMap<>();
    static long wholeFund;
    static long namedFund;
    static long otherFund;
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
        Path file = Files.createTempFile("household-file-registry", ".csv");
        try {
            generator.write(new RegistryGenerator.Spec(6, List.of(YEAR), regions.code(CITY), 2106, 0), file);
            RegistryImport.Result result = imports.run(file, "household-file-registry.csv", new RegistryImport.Options(false, OptionalInt.empty()), r -> { });
            assertThat(result.rowsRefused()).isZero();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", -1);
                people.put(cells[3], cells[0]);
                relations.put(cells[3], cells[4]);
            }
        } finally {
            Files.deleteIfExists(file);
        }
        users.createDemoAccount(new UserForm("dandong.office", "丹东市扶贫办", Role.COORDINATOR, CITY, null, "zh-CN", true,
                "counterpart2018", 0, false));
        List<String> numbers = numbers();
        wholeFund = fund("丹东整户分红", List.of(numbers.get(0)));
        namedFund = fund("丹东点名培训补贴", List.of(idsIn(numbers.get(0)).get(0), idsIn(numbers.get(1)).get(0)));
        otherFund = fund("丹东他户资金", List.of(numbers.get(2)));
        // the household whose member is removed: reached whole, and one member named besides, so that they count once
        String changing = numbers.get(4);
        fund("丹东调整户资金", List.of(changing));
        fund("丹东调整户点名", List.of(leaving(changing)));
        loaded = true;
    }

    long fund(String title, List<String> beneficiaries) {
        return ledgers.create(Ledger.FUND, new Ledgers.Entry(Map.of("title", title, "reg_year", String.valueOf(YEAR), "place_code", CITY,
                "owner", CITY, "source", "CITY", "sector", "AGRICULTURE", "benefit_kind", "DIVIDEND", "allocated", "30000.00",
                "disbursed", "30000.00"), beneficiaries, 0));
    }

    static List<String> numbers() {
        return people.values().stream().distinct().sorted().toList();
    }

    static List<String> idsIn(String householdNo) {
        return people.entrySet().stream().filter(e -> e.getValue().equals(householdNo)).map(Map.Entry::getKey).toList();
    }

    /** The first member of a household who is not its head. */
    static String leaving(String householdNo) {
        return idsIn(householdNo).stream().filter(i -> !relations.get(i).equals("户主")).findFirst().orElseThrow();
    }

    static String head(String householdNo) {
        return idsIn(householdNo).stream().filter(i -> relations.get(i).equals("户主")).findFirst().orElseThrow();
    }

    /** People of Dandong reached in the year, counted plainly: registered links whose person is a member of the linked household that year. */
    long reachedByBruteForce() {
        return jdbc.sql("""
                        select count(distinct l.person_id) from beneficiary_link l
                        join membership m on m.person_id = l.person_id and m.household_id = l.household_id and m.reg_year = l.reg_year
                        where l.reg_year = :y and l.county_code like '2106%' and l.standing = 'REGISTERED'""")
                .param("y", YEAR).query(Long.class).single();
    }

    long householdId(String no) {
        return jdbc.sql("select id from household where household_no = :no").param("no", no).query(Long.class).single();
    }

    /** The records a page links to, as ledger slug and id. */
    static List<String> recordLinks(String body) {
        Matcher m = Pattern.compile("href=\"/ledgers/funds/([0-9]+)\"").matcher(body);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void theFileShowsEveryMeasureThatReachedTheHouseholdOrAMemberAndNoOther() {
        WebSession office = WebSession.signedIn(port, "dandong.office");
        String first = numbers().get(0);
        long id = householdId(first);

        WebSession.Page household = office.get("/registry/households/" + id);
        assertThat(household.status()).isEqualTo(200);
        assertThat(household.body()).contains("href=\"/reach/households/" + id + "\"");

        WebSession.Page page = office.get("/reach/households/" + id);
        assertThat(page.status()).isEqualTo(200);
        String body = page.body();
        assertThat(recordLinks(body)).containsExactlyInAnyOrder(String.valueOf(wholeFund), String.valueOf(namedFund));
        assertThat(body).contains("丹东整户分红", "丹东点名培训补贴", "2019 年：成员 " + idsIn(first).size() + " 人，帮扶措施 2 项")
                .doesNotContain("丹东他户资金");
        // every member is listed, masked: the masked form of each ID number, never the number itself
        for (String idNumber : idsIn(first)) {
            assertThat(body).contains(idNumber.substring(0, 6)).doesNotContain(idNumber);
        }
        assertThat(ReachTest.FULL_ID.matcher(body).find()).as("no full ID number on the page").isFalse();

        // the second household was reached by the named measure through one member only
        String second = numbers().get(1);
        String body2 = office.get("/reach/households/" + householdId(second)).body();
        assertThat(recordLinks(body2)).containsExactly(String.valueOf(namedFund));
        assertThat(body2).contains("帮扶措施 1 项");

        // a household reached by nothing says so
        String untouched = numbers().get(3);
        assertThat(office.get("/reach/households/" + householdId(untouched)).body()).contains("2019 年尚无帮扶措施惠及本户");
    }

    @Test
    void theFileIsRefusedOutsideTheCallersScopeAsTheHouseholdPageIs() {
        long id = householdId(numbers().get(0));
        WebSession liupanshui = WebSession.signedIn(port, "lps.office");
        assertThat(liupanshui.get("/registry/households/" + id).status()).isEqualTo(403);
        WebSession.Page refused = liupanshui.get("/reach/households/" + id);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain("丹东整户分红");
        assertThat(new WebSession(port).get("/reach/households/" + id).status()).isEqualTo(302);
    }

    @Test
    void theFilePrintsAsOneA4CardWithoutTheNavigation() {
        long id = householdId(numbers().get(0));
        try (Chromium browser = Chromium.open(port)) {
            browser.signIn("dandong.office", "counterpart2018");
            browser.get("/reach/households/" + id);
            assertThat(browser.bodyText()).contains("丹东整户分红");
            assertThat(browser.consoleProblems()).isEmpty();
            assertThat(browser.sidewaysOverflow()).isZero();
            browser.screenshot("household-file");
            ChromeDriver chrome = (ChromeDriver) browser.driver();
            JavascriptExecutor js = chrome;
            assertThat(js.executeScript("return getComputedStyle(document.querySelector('.sidenav')).display")).isNotEqualTo("none");

            chrome.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
            assertThat(js.executeScript("return getComputedStyle(document.querySelector('.sidenav')).display")).isEqualTo("none");
            assertThat(js.executeScript("return getComputedStyle(document.querySelector('.topbar')).display")).isEqualTo("none");
            assertThat(chrome.findElement(By.cssSelector("[data-print]")).isDisplayed()).as("the print button is not printed").isFalse();
            assertThat(chrome.findElement(By.cssSelector(".household-card .print-only")).isDisplayed()).isTrue();
            assertThat(browser.bodyText()).contains("丹东整户分红", "丹东点名培训补贴");
            browser.screenshot("household-file-print");
            chrome.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));

            // printed as the browser prints it: A4 portrait (the page's own @page size), one page
            Map<String, Object> pdf = chrome.executeCdpCommand("Page.printToPDF", Map.of("preferCSSPageSize", true, "printBackground", false));
            String text = new String(Base64.getDecoder().decode((String) pdf.get("data")), StandardCharsets.ISO_8859_1);
            Matcher pages = Pattern.compile("/Type\\s*/Page[^s]").matcher(text);
            int count = 0;
            while (pages.find()) {
                count++;
            }
            assertThat(count).as("pages of the printed card").isEqualTo(1);
            assertThat(text).containsPattern("/MediaBox\\s*\\[\\s*0 0 59[0-9](\\.[0-9]+)? 84[0-9](\\.[0-9]+)?\\s*\\]");
        }
    }

    @Test
    void aMemberRemovedWithAReasonLeavesTheHouseholdAndEveryFigure() {
        WebSession office = WebSession.signedIn(port, "dandong.office");
        String no = numbers().get(4);
        long id = householdId(no);
        String leavingId = leaving(no);
        long leavingPerson = jdbc.sql("select m.person_id from membership m join person p on p.id = m.person_id where m.household_id = :h"
                        + " and m.reg_year = :y and p.id_masked = :mask").param("h", id).param("y", YEAR)
                .param("mask", leavingId.substring(0, 6) + "********" + leavingId.substring(14)).query(Long.class).single();
        long headPerson = jdbc.sql("select person_id from membership where household_id = :h and reg_year = :y and relation = '户主'")
                .param("h", id).param("y", YEAR).query(Long.class).single();
        int members = idsIn(no).size();
        int version = jdbc.sql("select version from household_year where household_id = :h and reg_year = :y").param("h", id).param("y", YEAR)
                .query(Integer.class).single();
        var before = ReachTest.json(office.get("/api/reach?year=2019&place=2106"));
        assertThat(before.get("reachedPeople").asLong()).isEqualTo(reachedByBruteForce());

        String form = office.get("/registry/households/" + id + "/2019/edit").body();
        String action = "/registry/households/" + id + "/2019/members/" + leavingPerson + "/remove";
        assertThat(form).contains("action=\"" + action + "\"").doesNotContain("/members/" + headPerson + "/remove");

        // refused: no reason, the head, a stale version; nothing changes
        assertThat(office.post(action, Map.of("version", String.valueOf(version), "reason", " ")).body()).contains("此项为必填");
        assertThat(office.post("/registry/households/" + id + "/2019/members/" + headPerson + "/remove",
                Map.of("version", String.valueOf(version), "reason", "户主迁出")).body()).contains("户主不能移出");
        assertThat(office.post(action, Map.of("version", String.valueOf(version - 1), "reason", "迁出")).body())
                .contains(conflictText());
        assertThat(memberCount(id)).isEqualTo(members);

        // another county's officer may not, whatever the form says
        assertThat(WebSession.signedIn(port, "lps.office").post(action, Map.of("version", String.valueOf(version), "reason", "迁出")).status())
                .isEqualTo(403);

        WebSession.Page removed = office.post(action, Map.of("version", String.valueOf(version), "reason", "嫁入外县，户籍迁出"));
        assertThat(removed.status()).as(removed.body()).isEqualTo(302);
        assertThat(memberCount(id)).isEqualTo(members - 1);
        assertThat(jdbc.sql("select count(*) from membership where household_id = :h and reg_year = :y").param("h", id).param("y", YEAR)
                .query(Long.class).single()).isEqualTo(members - 1);
        assertThat(office.get("/registry/households/" + id + "?year=2019").body()).doesNotContain(leavingId.substring(0, 6) + "********" + leavingId.substring(14));

        // every figure again: the person no longer counts in reach, nor in the registered people; the household still counts
        var after = ReachTest.json(office.get("/api/reach?year=2019&place=2106"));
        assertThat(after.get("reachedPeople").asLong()).isEqualTo(before.get("reachedPeople").asLong() - 1).isEqualTo(reachedByBruteForce());
        assertThat(after.get("registeredPeople").asLong()).isEqualTo(before.get("registeredPeople").asLong() - 1);
        assertThat(after.get("reachedHouseholds").asLong()).isEqualTo(before.get("reachedHouseholds").asLong());
        assertThat(jdbc.sql("select count(*) from reach_person where reg_year = :y and person_id = :p").param("y", YEAR).param("p", leavingPerson)
                .query(Long.class).single()).as("the removed person's reach row").isZero();

        // the file shows them on both measures as no longer counted
        String file = office.get("/reach/households/" + id).body();
        assertThat(file).contains("已不再计入");

        // audited with the reason, the ID number masked
        String audit = jdbc.sql("select after_state from audit_entry where entity_kind in ('household', 'registry.household') and entity_id = :id order by seq desc fetch first 1 rows only")
                .param("id", String.valueOf(id)).query(String.class).single();
        assertThat(audit).contains("嫁入外县，户籍迁出", "memberRemoved").doesNotContain(leavingId);
    }

    int memberCount(long householdId) {
        return jdbc.sql("select member_count from household_year where household_id = :h and reg_year = :y").param("h", householdId)
                .param("y", YEAR).query(Integer.class).single();
    }

    String conflictText() {
        return "其他人";
    }
}
