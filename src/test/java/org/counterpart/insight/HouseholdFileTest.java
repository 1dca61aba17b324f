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
}
