package org.tandem.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Real headless Chromium sessions for browser tests (Debian's {@code chromium} and {@code chromium-driver}), each with
 * its own throw-away profile, so several signed-in people can work side by side; screenshots go to
 * {@code target/screenshots}. Close it after each test.
 */
public final class Chromium implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path SCREENSHOTS = Path.of("target/screenshots");

    private final List<WebDriver> browsers = new ArrayList<>();
    private final List<Path> profiles = new ArrayList<>();

    /** Skips the test where Chromium is not installed, except on CI (CI=true), where the test must run. */
    public static void assumeInstalled() {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        Assumptions.assumeTrue(ci || Files.isExecutable(BINARY), "Chromium is not installed; the browser test runs on CI");
    }

    /** A new browser with a 1280 x 900 window. */
    public WebDriver open() {
        return open(1280, 900);
    }

    /** A new browser with its own profile and the given window size, in US English. */
    public WebDriver open(int width, int height) {
        try {
            System.setProperty("webdriver.chrome.driver", DRIVER.toString());
            Path profile = Files.createTempDirectory("tandem-chromium");
            profiles.add(profile);
            ChromeOptions options = new ChromeOptions();
            options.setBinary(BINARY.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--lang=en-US", "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                    .usingAnyFreePort().build();
            WebDriver browser = new ChromeDriver(service, options);
            browsers.add(browser);
            Files.createDirectories(SCREENSHOTS);
            return browser;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves what the browser shows as {@code target/screenshots/<name>}. */
    public static void screenshot(WebDriver browser, String name) {
        try {
            Path file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(file, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Scrolls the element with this id into view (for a screenshot of it). */
    public static void scrollTo(WebDriver browser, String id) {
        ((JavascriptExecutor) browser).executeScript("document.getElementById(arguments[0]).scrollIntoView()", id);
    }

    /** Quits every browser and deletes their profiles. */
    @Override
    public void close() {
        browsers.forEach(WebDriver::quit);
        browsers.clear();
        for (Path profile : profiles) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a profile left in the temporary directory is harmless
            }
        }
        profiles.clear();
    }
}
