package org.counterpart.web;

import org.counterpart.support.Chromium;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A person in a real browser: headless Chromium signs in through the login form, switches the language,
 * reads the ledgers of its own county and is refused another's. Uses Debian's chromium and chromedriver
 * and never downloads a browser or a driver. Where they are missing the tests are skipped, except on CI
 * (CI=true), where a missing browser is a broken build machine and fails the run.
 */
@IntegrationTest
@Claims(scenario = "reads the ledgers of a Liupanshui county; puts the demo user's language back")
class BrowserTest {

    private static final String PASSWORD = "counterpart2018";
    private static final String REPORTER = "zhongshan.reporter";
    private static final String WRONG_PASSWORD_USER = "leader";
    private static final String UNKNOWN_USER = "nobody.here";
    private static final int WIDTH = Chromium.WIDTH;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private Chromium chromium;
    private WebDriver driver;
    private WebDriverWait wait;

    @BeforeEach
    void startBrowser() {
        chromium = Chromium.open(port);
        driver = chromium.driver();
        wait = chromium.waiting();
    }

    @AfterEach
    void quitBrowserAndRestoreTheDemoUsers() {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            chromium = null;
            driver = null;
            // even when a test failed half-way: the demo users speak Chinese again, and the wrong
            // password leaves no count towards a lock behind for other tests
            jdbc.sql("update user_account set locale = 'zh-CN' where username = :u").param("u", REPORTER).update();
            jdbc.sql("delete from login_throttle where username in (:u)")
                    .param("u", List.of(WRONG_PASSWORD_USER, UNKNOWN_USER)).update();
        }
    }

    @Test
    void aCountyReporterSignsInSwitchesToEnglishSeesOnlyItsCountyAndIsRefusedAnotherCountyInItsOwnLanguage() {
        // signs in through the real form and lands on the overview, in Chinese
        signIn(REPORTER, PASSWORD);
        assertThat(path()).isEqualTo("/");
        assertThat(pageTitle()).isEqualTo("总览");
        assertThat(driver.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("zh-CN");
        assertThat(driver.findElement(By.cssSelector("header.topbar .scope-chip")).getText()).contains("钟山区");

        // switches to English with the link in the top bar, and stays on the overview
        topBar().findElement(By.linkText("English")).click();
        waitForTitle("Overview");
        assertThat(path()).isEqualTo("/");
        assertThat(driver.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");

        // reads the institutions of its own county, not those of another county
        open("/institutions");
        assertThat(pageTitle()).isEqualTo("Institutions");
        String list = driver.findElement(By.cssSelector("main")).getText();
        assertThat(list).contains("钟山区人民政府").doesNotContain("盘州市人民政府");

        // goes straight to the address of the Panzhou government and is refused, in English, without a trace
        open("/institutions/" + institutionId("盘州市人民政府"));
        String refused = driver.findElement(By.cssSelector("body")).getText();
        assertThat(refused).contains("403").contains("outside your scope").doesNotContain("盘州市人民政府");
        assertThat(driver.getPageSource()).doesNotContain("Exception").doesNotContain("at org.");

        // back to the overview, signs out, and signs in again: the pages still speak English
        driver.findElement(By.linkText("Back to the overview")).click();
        waitForTitle("Overview");
        signOut();
        screenshot("11-signed-out");
        signIn(REPORTER, PASSWORD);
        assertThat(pageTitle()).isEqualTo("Overview");
        open("/institutions");
        assertThat(pageTitle()).isEqualTo("Institutions");

        // and back to Chinese, which is remembered too
        topBar().findElement(By.linkText("中文")).click();
        waitForTitle("参与单位");
        assertThat(path()).isEqualTo("/institutions");
        assertThat(jdbc.sql("select locale from user_account where username = :u").param("u", REPORTER)
                .query(String.class).single()).isEqualTo("zh-CN");
    }

    @Test
    void aWrongPasswordShowsTheGenericErrorAndStaysOnTheLoginPage() {
        open("/login");
        fillLoginForm(WRONG_PASSWORD_USER, "not-" + PASSWORD);
        wait.until(ExpectedConditions.urlContains("error"));
        assertThat(path()).isEqualTo("/login");
        String alert = driver.findElement(By.cssSelector("[role=alert]")).getText();
        assertThat(alert).isEqualTo("用户名或密码错误。");
        assertThat(driver.findElement(By.id("password")).getDomProperty("value")).isEmpty();
        assertThat(driver.findElements(By.cssSelector("header.topbar .scope-chip"))).isEmpty();
    }

    @Test
    void anUnknownUserNameGetsExactlyTheSameMessageAsAWrongPassword() {
        open("/login");
        fillLoginForm(UNKNOWN_USER, "whatever-" + PASSWORD);
        wait.until(ExpectedConditions.urlContains("error"));
        assertThat(path()).isEqualTo("/login");
        assertThat(driver.findElement(By.cssSelector("[role=alert]")).getText()).isEqualTo("用户名或密码错误。");
    }

    @Test
    void theMainPagesAreCapturedAt1366By768InBothLanguagesAndNoneScrollsSideways() {
        open("/login");
        screenshot("01-login-zh");
        open("/login?lang=en");
        waitForH1("Sign in");
        screenshot("02-login-en");

        open("/login?lang=zh-CN");
        signIn(REPORTER, PASSWORD);
        assertThat(pageTitle()).isEqualTo("总览");
        screenshot("03-home-zh");
        assertNoHorizontalScrollbar("home (zh)");
        open("/institutions");
        assertThat(pageTitle()).isEqualTo("参与单位");
        screenshot("04-institutions-zh");
        assertNoHorizontalScrollbar("institutions (zh)");
        open("/regions");
        assertThat(pageTitle()).isEqualTo("行政区划");
        screenshot("05-regions-zh");
        open("/institutions/" + institutionId("盘州市人民政府"));
        screenshot("06-refused-zh");
        assertThat(driver.findElement(By.cssSelector("body")).getText()).contains("超出了您的数据范围");

        open("/");
        topBar().findElement(By.linkText("English")).click();
        waitForTitle("Overview");
        screenshot("07-home-en");
        assertNoHorizontalScrollbar("home (en)");
        open("/institutions");
        assertThat(pageTitle()).isEqualTo("Institutions");
        screenshot("08-institutions-en");
        assertNoHorizontalScrollbar("institutions (en)");
        open("/regions");
        assertThat(pageTitle()).isEqualTo("Places");
        screenshot("09-regions-en");
        open("/institutions/" + institutionId("盘州市人民政府"));
        screenshot("10-refused-en");
        assertThat(driver.findElement(By.cssSelector("body")).getText()).contains("outside your scope");

        open("/");
        topBar().findElement(By.linkText("中文")).click();
        waitForTitle("总览");
    }

    @Test
    void aCountyReporterRecordsAFundWithItsHouseholdsAndIsToldWhatToFixFirst() {
        String household = jdbc.sql("select household_no from household where county_code = '520201' order by household_no fetch first 1 rows only")
                .query(String.class).single();
        signIn(REPORTER, PASSWORD);
        open("/ledgers");
        assertThat(pageTitle()).isEqualTo("工作台账");
        screenshot("12-ledgers-zh");
        assertNoHorizontalScrollbar("ledgers (zh)");
        driver.findElement(By.id("card-funds")).click();
        waitForTitle("资金项目台账");
        assertNoHorizontalScrollbar("funds (zh)");
        driver.findElement(By.id("new")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("title")));
        driver.findElement(By.id("title")).sendKeys("钟山区浏览器测试项目");
        driver.findElement(By.id("reg_year")).clear();
        driver.findElement(By.id("reg_year")).sendKeys("2018");
        driver.findElement(By.id("place_code")).sendKeys("520201");
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("source"))).selectByValue("DISTRICT");
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("sector"))).selectByValue("AGRICULTURE");
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("benefit_kind"))).selectByValue("WAGE");
        driver.findElement(By.id("allocated")).sendKeys("1000");
        driver.findElement(By.id("disbursed")).sendKeys("2000");
        driver.findElement(By.id("beneficiaries")).sendKeys(household);
        press("save");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("form-errors")));
        assertThat(bodyText()).contains("拨付金额超过安排的 1000.00 元，请填写超拨原因");
        assertThat(driver.findElement(By.id("disbursed")).getAttribute("class")).contains("is-invalid");
        screenshot("13-ledger-form-refused-zh");
        driver.findElement(By.id("over_reason")).sendKeys("追加配套资金");
        press("save");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("beneficiaries")));
        waitForH1("钟山区浏览器测试项目");
        assertThat(bodyText()).contains("已保存").containsPattern("惠及 1 户 \\d+ 人");
        screenshot("14-ledger-record-zh");
    }

    @Test
    void anOfficerIsToldAtOnceThatAFileIsTooLargeThenChecksAFileAndSeesWhatItWouldChange() throws IOException {
        Path work = Files.createTempDirectory("browser-import");
        try {
            // over the tests' upload limit of 8 MB: refused in the page, nothing sent
            Path big = work.resolve("六盘水全市.csv");
            try (var out = Files.newOutputStream(big)) {
                byte[] block = new byte[1 << 20];
                java.util.Arrays.fill(block, (byte) 'x');
                for (int i = 0; i < 9; i++) {
                    out.write(block);
                }
            }
            String village = jdbc.sql("select code from region where code like '520201%' and char_length(code) = 12 order by code fetch first 1 rows only")
                    .query(String.class).single();
            String first17 = "520201" + "19660606" + "041";
            String id = first17 + org.counterpart.shared.ResidentId.checkCharacter(first17);
            Path small = work.resolve("钟山区补录.csv");
            Files.write(small, List.of("户编号,行政村代码,姓名,证件号码,与户主关系,性别,出生日期,民族,文化程度,在校生状况,健康状况,劳动技能,务工状况,务工时间,是否参加城乡居民基本医疗保险,是否参加城乡居民基本养老保险,联系电话,贫困户属性,主要致贫原因,其他致贫原因,识别标准,脱贫属性,工资性收入,生产经营性收入,转移性收入,财产性收入,生产经营性支出,是否危房,饮水是否安全,帮扶责任人,帮扶责任人单位,年度",
                    "BROWSER-1," + village + ",陈浏览," + id + ",户主,男,,,,,,,,,是,是,,一般贫困户,因病,,国家,未脱贫,3000,0,0,0,0,否,是,,,2018"),
                    java.nio.charset.StandardCharsets.UTF_8);

            signIn("lps.office", PASSWORD);
            open("/registry/imports");
            driver.findElement(By.id("file")).sendKeys(big.toAbsolutePath().toString());
            press("check");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".upload-refusal")));
            assertThat(path()).isEqualTo("/registry/imports");
            assertThat(driver.findElement(By.cssSelector(".upload-refusal")).getText())
                    .contains("六盘水全市.csv").contains("8 MB").contains("./counterpart import households");
            screenshot("15-import-too-large-zh");
            assertNoHorizontalScrollbar("imports (zh)");

            driver.findElement(By.id("file")).sendKeys(small.toAbsolutePath().toString());
            press("check");
            wait.until(d -> path().matches("/registry/imports/\\d+"));
            assertThat(bodyText()).contains("钟山区补录.csv").contains("试导入").contains("确认导入");
            screenshot("16-import-checked-zh");
        } finally {
            deleteQuietly(work);
        }
    }

    // --- what a person does --------------------------------------------------------------------------

    private void signIn(String username, String password) {
        chromium.signIn(username, password);
    }

    private void fillLoginForm(String username, String password) {
        chromium.fillLoginForm(username, password);
    }

    private void signOut() {
        topBar().findElement(By.cssSelector("form button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("/login?logout"));
    }

    /** Clicks a button below the fold as a person would: scrolled to first. */
    private void press(String id) {
        WebElement button = driver.findElement(By.id(id));
        // the emulated 1366 x 768 page is smaller than the window Selenium computes click points for
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", button);
    }

    private void open(String path) {
        chromium.get(path);
    }

    private WebElement topBar() {
        return driver.findElement(By.cssSelector("header.topbar"));
    }

    private String path() {
        return chromium.path();
    }

    /** The heading of an ordinary page; when there is none, fails with what the page says instead. */
    private String pageTitle() {
        List<WebElement> h1 = driver.findElements(By.cssSelector("h1.page"));
        if (h1.isEmpty()) {
            fail("No page heading on " + driver.getCurrentUrl() + "; the page says: " + bodyText());
        }
        return h1.get(0).getText();
    }

    private void waitForTitle(String text) {
        try {
            wait.until(ExpectedConditions.textToBe(By.cssSelector("h1.page"), text));
        } catch (org.openqa.selenium.TimeoutException e) {
            fail("Expected the page heading '" + text + "' on " + driver.getCurrentUrl() + "; the page says: " + bodyText(), e);
        }
    }

    private String bodyText() {
        return chromium.bodyText();
    }

    private void waitForH1(String text) {
        wait.until(ExpectedConditions.textToBe(By.cssSelector("h1"), text));
    }

    private long institutionId(String nameZh) {
        return jdbc.sql("select id from institution where name_zh = :n").param("n", nameZh).query(Long.class).single();
    }

    // --- what the reviewer looks at --------------------------------------------------------------------

    private void screenshot(String name) {
        chromium.screenshot(name);
    }

    private void assertNoHorizontalScrollbar(String page) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        @SuppressWarnings("unchecked")
        List<Number> widths = (List<Number>) js.executeScript(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth, window.innerWidth];");
        long scrollWidth = widths.get(0).longValue();
        long clientWidth = widths.get(1).longValue();
        assertThat(scrollWidth)
                .as("%s is %d px wide in a %d px window (viewport %d px): it scrolls sideways", page, scrollWidth, WIDTH, clientWidth)
                .isLessThanOrEqualTo(WIDTH)
                .isLessThanOrEqualTo(clientWidth);
    }

    private static void deleteQuietly(Path dir) {
        Chromium.deleteQuietly(dir);
    }
}
