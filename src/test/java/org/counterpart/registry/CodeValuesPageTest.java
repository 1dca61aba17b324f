package org.counterpart.registry;

import org.counterpart.identity.Role;
import org.counterpart.identity.UserAdministration;
import org.counterpart.identity.UserForm;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.counterpart.support.WebSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.counterpart.registry.CodeValuesTest.row;
import static org.counterpart.registry.RegistryImportTest.finished;
import static org.counterpart.registry.RegistryImportTest.validId;

/**
 * The page where a coordinator decides unknown code values, in a real headless Chromium at 1366 × 768 in
 * both languages: it fits the screen, and its screenshots (target/screenshots) are there to be looked at.
 * Skipped where Debian's chromium and chromedriver are missing. Data in 普安县 (522323) of Qianxinan, next to CodeValuesTest's 兴义市.
 */
@IntegrationTest
@Claims("522323")
class CodeValuesPageTest {

    @LocalServerPort
    int port;

    @Autowired
    UserAdministration users;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path dir;

    private static Path onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(d, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return Path.of(name);
    }

    @Test
    void theMappingPageFitsALaptopScreenInBothLanguages() throws Exception {
        Path chromium = onPath("chromium");
        Path chromedriver = onPath("chromedriver");
        assumeTrue(Files.isExecutable(chromium) && Files.isExecutable(chromedriver), "needs chromium and chromedriver");
        if (jdbc.sql("select count(*) from user_account where username = 'qxn.office'").query(Long.class).single() == 0) {
            users.createDemoAccount(new UserForm("qxn.office", "黔西南州扶贫办（页面）", Role.COORDINATOR, "5223", null, "zh-CN", true,
                    "counterpart2018", 0, false));
        }
        List<String> lines = new ArrayList<>(List.of(String.join(",", RegistryGenerator.HEADERS)));
        String[][] odd = {{"半劳动力", "健康", "一般贫困户", "因病"}, {"普通劳动力", "患慢性病", "一般贫困户", "因病"},
                {"普通劳动力", "健康", "五保供养户", "因病"}, {"普通劳动力", "健康", "一般贫困户", "因病残"},
                {"半劳动力", "患慢性病", "一般贫困户", "缺技术"}};
        for (int i = 0; i < 12; i++) {
            String[] v = odd[i % odd.length];
            lines.add(row("QXN-P" + i, "页" + i, validId("522323", "1970010" + (1 + i % 9), 41 + 2 * i), "户主", v[1], v[0], v[2], v[3], "未脱贫")
                    .replace(CodeValuesTest.VILLAGE, "522323001001"));
        }
        Path file = dir.resolve("qxn-page.csv");
        Files.write(file, lines, StandardCharsets.UTF_8);
        WebSession office = WebSession.signedIn(port, "qxn.office");
        WebSession.Page checked = finished(office, office.upload("/registry/imports", file, "黔西南州2018年建档立卡导出.csv"));
        String runId = checked.body().replaceAll("(?s).*?/registry/imports/(\\d+)/codes.*", "$1");

        Path profile = Files.createTempDirectory("counterpart-chromium-");
        System.setProperty("SE_OFFLINE", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--window-size=1366,768", "--lang=zh-CN", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriver driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build(), options);
        try {
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", 1366, "height", 768, "deviceScaleFactor", 1, "mobile", false));
            driver.get("http://localhost:" + port + "/login");
            driver.findElement(By.id("username")).sendKeys("qxn.office");
            driver.findElement(By.id("password")).sendKeys("counterpart2018");
            driver.findElement(By.cssSelector("form button[type=submit]")).click();
            new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(10))
                    .until(d -> !d.getCurrentUrl().contains("/login"));
            for (String lang : List.of("zh-CN", "en")) {
                driver.get("http://localhost:" + port + "/registry/imports/" + runId + "/codes?lang=" + lang);
                assertThat(driver.findElements(By.cssSelector("table.codes tbody tr"))).hasSize(4);
                Object wide = ((JavascriptExecutor) driver).executeScript(
                        "return document.documentElement.scrollWidth > document.documentElement.clientWidth");
                assertThat(wide).as("the page needs no horizontal scrolling at 1366 px in " + lang).isEqualTo(false);
                Path shots = Path.of("target", "screenshots");
                Files.createDirectories(shots);
                Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(),
                        shots.resolve("import-codes-" + lang + ".png"), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            driver.quit();
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
            jdbc.sql("update user_account set locale = 'zh-CN' where username = 'qxn.office'").update();
        }
    }
}
