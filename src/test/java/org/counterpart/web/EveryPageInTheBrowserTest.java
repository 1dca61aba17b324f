package org.counterpart.web;

import org.counterpart.support.Chromium;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page of the navigation, as each demo user and in both languages, in a real browser under the
 * content-security policy the server sends: no console error or policy refusal, no error page, no inline
 * handler (which the policy would silently disable), no missing message ("??key??"), no select whose form cannot be sent, no page wider
 * than a 1366 px laptop screen. Then the controls that once did nothing: a milestone's status, a delete
 * that asks first (cancelled, then confirmed) and the ledgers' year selector.
 */
@IntegrationTest
@Claims(scenario = "opens every page of the navigation as each demo user (their language is put back); adds a "
        + "milestone of its own to a demo agreement and a fund of its own in 钟山区, and deletes both again")
class EveryPageInTheBrowserTest {

    private static final String PASSWORD = "counterpart2018";

    /** Attributes of inline handlers: the policy runs none of them, so a control relying on one is dead. */
    private static final String INLINE_HANDLERS = """
            return Array.from(document.querySelectorAll('*')).flatMap(e => Array.from(e.attributes)
                .filter(a => a.name.startsWith('on') || (a.name === 'href' && a.value.trim().toLowerCase().startsWith('javascript:')))
                .map(a => e.tagName.toLowerCase() + '[' + a.name + ']'));""";

    /** Selects in a form that has no way to be sent without a script that is not there. */
    private static final String UNSENDABLE_SELECTS = """
            return Array.from(document.querySelectorAll('form select')).filter(s => {
                const f = s.form;
                const button = f.querySelector('button:not([type=button]):not([type=reset]), input[type=submit]');
                return !button && !s.hasAttribute('data-autosubmit');
            }).map(s => s.name || s.id);""";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"admin", "dalian.office", "lps.office", "zhongshan.reporter", "panzhou.reviewer",
            "ganjingzi.reporter", "leader", "assessor", "qixing.reporter"})
    void everyPageOfTheNavigationOpensCleanlyInBothLanguages(String user) {
        String locale = jdbc.sql("select locale from user_account where username = :u").param("u", user).query(String.class).single();
        try (Chromium browser = Chromium.open(port)) {
            browser.signIn(user, PASSWORD);
            List<String> problems = new ArrayList<>();
            int pages = 0;
            for (String language : List.of("zh-CN", "en")) {
                browser.get("/language?to=" + language + "&back=/");
                pages += visitTheNavigation(browser, user + " (" + language + ")", problems);
                browser.screenshot("nav-" + user + "-" + language);
            }
            assertThat(problems).as("what %s met on %d pages", user, pages).isEmpty();
            assertThat(pages).as("pages of the navigation seen by %s", user).isGreaterThanOrEqualTo(2 * 6);
        } finally {
            jdbc.sql("update user_account set locale = :l where username = :u").param("l", locale).param("u", user).update();
        }
    }

    /** Opens the links of the side navigation, and those that appear on the way (a ledger's sub-pages). */
    private int visitTheNavigation(Chromium browser, String who, List<String> problems) {
        browser.consoleProblems(); // what the language switch said is not a page's
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> next = new ArrayDeque<>(navigationLinks(browser));
        while (!next.isEmpty()) {
            String path = next.poll();
            if (!seen.add(path)) {
                continue;
            }
            browser.get(path);
            String where = who + " " + path + ": ";
            List<WebElement> status = browser.driver().findElements(By.cssSelector("h1.page .tag"));
            if (!status.isEmpty() && status.get(0).getText().matches("\\d{3}")) {
                problems.add(where + "answered " + status.get(0).getText() + " — " + browser.bodyText());
                continue;
            }
            browser.consoleProblems().forEach(p -> problems.add(where + "console: " + p));
            java.util.regex.Matcher missing = java.util.regex.Pattern.compile("\\?\\?[\\w.-]+\\?\\?").matcher(browser.bodyText());
            while (missing.find()) {
                problems.add(where + "a missing message " + missing.group());
            }
            script(browser, INLINE_HANDLERS).forEach(h -> problems.add(where + "inline handler " + h));
            script(browser, UNSENDABLE_SELECTS).forEach(s -> problems.add(where + "select " + s + " has no button to send it"));
            long overflow = browser.sidewaysOverflow();
            if (overflow > 0) {
                problems.add(where + "scrolls sideways by " + overflow + " px at 1366 x 768");
            }
            navigationLinks(browser).stream().filter(l -> !seen.contains(l)).forEach(next::add);
            // and the first record a list leads to (a household, a ledger record, an institution...), once
            if (!path.startsWith("/ledgers/") || path.chars().filter(c -> c == '/').count() == 2) {
                firstRecordLink(browser).filter(l -> !seen.contains(l)).ifPresent(next::addFirst);
            }
        }
        return seen.size();
    }

    private static List<String> navigationLinks(Chromium browser) {
        return browser.driver().findElements(By.cssSelector("nav.sidenav a[href]")).stream()
                .map(a -> a.getDomAttribute("href"))
                .filter(h -> h.startsWith("/"))
                .distinct()
                .toList();
    }

    private static java.util.Optional<String> firstRecordLink(Chromium browser) {
        return browser.driver().findElements(By.cssSelector("main table tbody a[href]")).stream()
                .map(a -> a.getDomAttribute("href"))
                .filter(h -> h.startsWith("/") && !h.contains("?") && !h.endsWith(".xlsx") && !h.endsWith(".csv"))
                .findFirst();
    }

    @SuppressWarnings("unchecked")
    private static List<String> script(Chromium browser, String script) {
        return (List<String>) ((JavascriptExecutor) browser.driver()).executeScript(script);
    }

    @Test
    void theCorrectionFormLeadsToTheMemberFormAndRemovingAHouseholdAsksFirst() {
        long household = jdbc.sql("select min(household_id) from household_year where county_code = '520201' and reg_year = 2018")
                .query(Long.class).single();
        int version = jdbc.sql("select version from household_year where household_id = :h and reg_year = 2018").param("h", household)
                .query(Integer.class).single();
        try (Chromium browser = Chromium.open(port)) {
            browser.signIn("zhongshan.reporter", PASSWORD);
            for (String language : List.of("zh-CN", "en")) {
                browser.get("/language?to=" + language + "&back=/");
                browser.consoleProblems();
                browser.get("/registry/households/" + household + "/2018/edit");
                assertThat(browser.driver().findElement(By.id("remove-household")).isDisplayed()).isTrue();
                assertThat(browser.sidewaysOverflow()).isZero();
                assertThat(browser.bodyText()).doesNotContainPattern("\\?\\?[\\w.-]+\\?\\?");
                browser.screenshot("household-correction-" + language);

                // removing the household asks first; cancelled, nothing is sent
                new Select(browser.driver().findElement(By.id("removal-reason"))).selectByValue("MOVED_OUT");
                browser.press(browser.driver().findElement(By.id("remove-household")));
                Alert question = browser.waiting().until(ExpectedConditions.alertIsPresent());
                assertThat(question.getText()).isNotBlank();
                question.dismiss();
                assertThat(jdbc.sql("select count(*) from household_removal where household_id = :h").param("h", household)
                        .query(Long.class).single()).isZero();

                // the member form: its fields in words, and an empty save refused beside the name, nothing saved
                browser.press(browser.driver().findElement(By.id("add-member")));
                browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("save-member")));
                assertThat(new Select(browser.driver().findElement(By.id("relation"))).getOptions()).hasSizeGreaterThan(5);
                assertThat(browser.sidewaysOverflow()).isZero();
                browser.screenshot("member-form-" + language);
                browser.press(browser.driver().findElement(By.id("save-member")));
                browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#name.is-invalid")));
                assertThat(browser.bodyText()).doesNotContainPattern("\\?\\?[\\w.-]+\\?\\?");
                browser.screenshot("member-form-refused-" + language);
                assertThat(browser.consoleProblems()).isEmpty();
            }
            assertThat(jdbc.sql("select version from household_year where household_id = :h and reg_year = 2018").param("h", household)
                    .query(Integer.class).single()).as("nothing saved").isEqualTo(version);
        } finally {
            jdbc.sql("update user_account set locale = 'zh-CN' where username = 'zhongshan.reporter'").update();
        }
    }

    @Test
    void aMilestoneIsAddedMovedAndDeletedOnlyAfterTheQuestionIsConfirmed() {
        long agreement = jdbc.sql("""
                select a.id from ledger_agreement a where a.place_code like '5202%' and a.reg_year = 2018
                 and exists (select 1 from agreement_milestone m where m.agreement_id = a.id) order by a.id fetch first 1 rows only""")
                .query(Long.class).single();
        String title = "浏览器测试里程碑";
        try (Chromium browser = Chromium.open(port)) {
            browser.signIn("lps.office", PASSWORD);
            browser.get("/ledgers/agreements/" + agreement);
            WebElement add = browser.driver().findElement(By.cssSelector("#milestones input[name=title]"));
            add.sendKeys(title);
            WebElement due = browser.driver().findElement(By.cssSelector("#milestones input[name=due]"));
            ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].value = '2019-06-30';", due);
            browser.press(add.findElement(By.xpath("ancestor::form//button[@type='submit']")));
            browser.waiting().until(d -> milestoneRow(browser, title) != null);
            assertThat(milestoneStatus(agreement, title)).isEqualTo("PLANNED");

            // the status select has no script of its own: choose, then save
            WebElement row = milestoneRow(browser, title);
            new Select(row.findElement(By.cssSelector("select[name=status]"))).selectByValue("IN_PROGRESS");
            browser.press(milestoneRow(browser, title).findElement(By.cssSelector("select[name=status]"))
                    .findElement(By.xpath("ancestor::form//button[@type='submit']")));
            browser.waiting().until(d -> "IN_PROGRESS".equals(milestoneStatus(agreement, title)));
            assertThat(new Select(milestoneRow(browser, title).findElement(By.cssSelector("select[name=status]")))
                    .getFirstSelectedOption().getDomAttribute("value")).isEqualTo("IN_PROGRESS");

            // delete asks first: cancelled, nothing happens; confirmed, the milestone is gone
            browser.press(deleteButtonOf(milestoneRow(browser, title)));
            Alert question = browser.waiting().until(ExpectedConditions.alertIsPresent());
            assertThat(question.getText()).isNotBlank();
            question.dismiss();
            assertThat(milestoneStatus(agreement, title)).isEqualTo("IN_PROGRESS");
            browser.press(deleteButtonOf(milestoneRow(browser, title)));
            browser.waiting().until(ExpectedConditions.alertIsPresent()).accept();
            browser.waiting().until(d -> milestoneStatus(agreement, title) == null);
            assertThat(browser.consoleProblems()).isEmpty();
        } finally {
            jdbc.sql("delete from agreement_milestone where agreement_id = :a and title = :t").param("a", agreement).param("t", title).update();
        }
    }

    @Test
    void aRecordIsDeletedOnlyAfterTheQuestionIsConfirmedAndTheYearSelectorChangesTheYear() {
        String title = "钟山区删除确认测试项目";
        try (Chromium browser = Chromium.open(port)) {
            browser.signIn("zhongshan.reporter", PASSWORD);

            // the year selector sends itself (controls.js); its button is hidden because the script runs
            browser.get("/ledgers");
            WebElement year = browser.driver().findElement(By.id("year"));
            assertThat(browser.driver().findElement(By.cssSelector("[data-autosubmit-button]")).isDisplayed()).isFalse();
            String other = new Select(year).getOptions().stream().map(o -> o.getDomAttribute("value"))
                    .filter(v -> !v.equals(new Select(year).getFirstSelectedOption().getDomAttribute("value")))
                    .findFirst().orElseThrow();
            new Select(year).selectByValue(other);
            browser.waiting().until(ExpectedConditions.urlContains("year=" + other));
            assertThat(new Select(browser.driver().findElement(By.id("year"))).getFirstSelectedOption().getDomAttribute("value"))
                    .isEqualTo(other);

            browser.get("/ledgers/funds/new");
            browser.driver().findElement(By.id("title")).sendKeys(title);
            WebElement regYear = browser.driver().findElement(By.id("reg_year"));
            regYear.clear();
            regYear.sendKeys("2018");
            browser.driver().findElement(By.id("place_code")).sendKeys("520201");
            new Select(browser.driver().findElement(By.id("source"))).selectByValue("DISTRICT");
            new Select(browser.driver().findElement(By.id("sector"))).selectByValue("AGRICULTURE");
            new Select(browser.driver().findElement(By.id("benefit_kind"))).selectByValue("WAGE");
            browser.driver().findElement(By.id("allocated")).sendKeys("1000");
            browser.press(browser.driver().findElement(By.id("save")));
            browser.waiting().until(ExpectedConditions.textToBe(By.cssSelector("h1"), title));
            String recordPath = browser.path();

            WebElement delete = browser.driver().findElement(By.cssSelector("button[data-confirm].btn-outline-danger"));
            browser.press(delete);
            browser.waiting().until(ExpectedConditions.alertIsPresent()).dismiss();
            assertThat(browser.path()).isEqualTo(recordPath);
            assertThat(funds(title)).isEqualTo(1);

            browser.press(browser.driver().findElement(By.cssSelector("button[data-confirm].btn-outline-danger")));
            browser.waiting().until(ExpectedConditions.alertIsPresent()).accept();
            browser.waiting().until(d -> !browser.path().equals(recordPath));
            assertThat(funds(title)).isZero();
            assertThat(browser.consoleProblems()).isEmpty();
        } finally {
            jdbc.sql("delete from ledger_fund where title = :t").param("t", title).update();
        }
    }

    private static WebElement milestoneRow(Chromium browser, String title) {
        return browser.driver().findElements(By.cssSelector("#milestones tbody tr")).stream()
                .filter(r -> r.findElement(By.cssSelector("td")).getText().equals(title))
                .findFirst().orElse(null);
    }

    private static WebElement deleteButtonOf(WebElement row) {
        return row.findElement(By.cssSelector("form[action$='/delete'] button"));
    }

    private String milestoneStatus(long agreement, String title) {
        return jdbc.sql("select status from agreement_milestone where agreement_id = :a and title = :t")
                .param("a", agreement).param("t", title).query(String.class).optional().orElse(null);
    }

    private long funds(String title) {
        return jdbc.sql("select count(*) from ledger_fund where title = :t").param("t", title).query(Long.class).single();
    }
}
