package org.counterpart.support;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's headless Chromium, driven by its chromedriver, with a page of exactly 1366 x 768 as on a
 * common laptop screen. Never downloads a browser or a driver. Where they are missing the tests are
 * skipped, except on CI (CI=true), where a missing browser is a broken build machine and fails the run.
 * The browser's console is kept, so a test can fail on any error or content-security-policy refusal.
 */
public final class Chromium implements AutoCloseable {

    public static final int WIDTH = 1366;
    public static final int HEIGHT = 768;
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    // found on the PATH (Debian installs them in the usual bin directory); CHROMIUM_BIN / CHROMEDRIVER_BIN override
    private static final Path BINARY = onPath("CHROMIUM_BIN", "chromium");
    private static final Path DRIVER = onPath("CHROMEDRIVER_BIN", "chromedriver");

    private final ChromeDriver driver;
    private final WebDriverWait wait;
    private final Path profile;
    private final int port;

    private Chromium(int port) throws IOException {
        this.port = port;
        this.profile = Files.createTempDirectory("counterpart-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=" + WIDTH + "," + HEIGHT, "--lang=zh-CN", "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString()))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        // --window-size is the outer window; the page itself gets exactly 1366 x 768
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", WIDTH, "height", HEIGHT, "deviceScaleFactor", 1, "mobile", false));
        // longer than the server's wait for a database connection (30 s), so that a server in trouble
        // answers with its error page rather than leaving the browser waiting
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        wait = new WebDriverWait(driver, Duration.ofSeconds(10));
    }

    /** Skips (or on CI fails) when the browser is not installed; call it before {@link #open(int)}. */
    public static void requireInstalled() {
        boolean present = Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
        String missing = "Browser tests need Debian's chromium and chromedriver at " + BINARY + " and " + DRIVER
                + " (apt-get install chromium chromium-driver); found chromium=" + Files.isExecutable(BINARY)
                + ", chromedriver=" + Files.isExecutable(DRIVER);
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true but the browser is missing. " + missing);
        }
        // skipped one by one, so that the build's summary counts what did not run and says why
        assumeTrue(present, () -> missing + ". Skipped; on CI (CI=true) this fails instead.");
        // never let Selenium Manager look for, or download, a browser or a driver
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
    }

    /** A new browser with an empty profile, talking to the application on this port. */
    public static Chromium open(int port) {
        requireInstalled();
        try {
            return new Chromium(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    public WebDriverWait waiting() {
        return wait;
    }

    public void get(String path) {
        driver.get("http://localhost:" + port + path);
    }

    public String path() {
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    public String bodyText() {
        List<WebElement> body = driver.findElements(By.tagName("body"));
        return body.isEmpty() ? "(nothing)" : body.get(0).getText().replaceAll("\\s+", " ");
    }

    /** Signs in through the real login form and waits until the browser has left it. */
    public void signIn(String username, String password) {
        if (!path().equals("/login")) {
            get("/login");
        }
        fillLoginForm(username, password);
        wait.until(d -> !path().equals("/login"));
    }

    public void fillLoginForm(String username, String password) {
        WebElement name = driver.findElement(By.id("username"));
        name.clear();
        name.sendKeys(username);
        WebElement secret = driver.findElement(By.id("password"));
        secret.clear();
        secret.sendKeys(password);
        driver.findElement(By.id("sign-in")).click();
    }

    /**
     * Clicks an element as a person would, scrolled into view first. The click is the page's own (Selenium
     * computes click points for the window, which is larger than the emulated page), and comes after the
     * script returns, so that a question the click asks ({@code confirm}) waits for the test to answer it.
     */
    public void press(WebElement element) {
        ((JavascriptExecutor) driver).executeScript(
                "const e = arguments[0]; e.scrollIntoView({block: 'center'}); setTimeout(() => e.click(), 0);", element);
    }

    /** What the console said since the last call, at warning level and above (CSP refusals are errors). */
    public List<String> consoleProblems() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    /** How much wider than the window the page is, in pixels; 0 when it does not scroll sideways. */
    public long sidewaysOverflow() {
        @SuppressWarnings("unchecked")
        List<Number> widths = (List<Number>) ((JavascriptExecutor) driver).executeScript(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];");
        long scrollWidth = widths.get(0).longValue();
        long clientWidth = Math.min(widths.get(1).longValue(), WIDTH);
        return Math.max(0, scrollWidth - clientWidth);
    }

    public void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static Path onPath(String variable, String name) {
        String given = System.getenv(variable);
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return Path.of(name);
    }

    public static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary profile left behind is no reason to fail a test
        }
    }
}
