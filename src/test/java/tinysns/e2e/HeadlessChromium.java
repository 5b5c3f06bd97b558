package tinysns.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium}, headless, driven through Debian's {@code chromedriver}: both paths are given to
 * Selenium, so it never looks for (or downloads) a browser or a driver of its own. A missing package fails the
 * test that asked for a browser, saying what to install; a browser test must never pass by not running.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /** Selenium warns that it has no DevTools bindings for this Chromium; WebDriver (all this uses) does not need them. */
    private static final Logger CDP_WARNINGS = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private HeadlessChromium(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /** Starts a browser with a fresh profile in {@code profileDir}, its window {@code width} x {@code height}. */
    static HeadlessChromium start(Path profileDir, int width, int height) {
        for (Path needed : new Path[] {BROWSER, DRIVER}) {
            if (!Files.isExecutable(needed)) {
                throw new AssertionError(needed + " is missing: the dashboard's browser test needs Debian's chromium and"
                        + " chromium-driver packages (apt-get install chromium chromium-driver; .ci/run installs them)");
            }
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(profileDir.resolveSibling("chromedriver.log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(BROWSER.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + profileDir.toAbsolutePath(),
                        "--window-size=" + width + "," + height);
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
            return new HeadlessChromium(service, driver);
        } catch (RuntimeException e) {
            service.stop();
            throw new AssertionError("cannot start headless " + BROWSER + " through " + DRIVER + ": " + e.getMessage(), e);
        }
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Saves what the window shows as a PNG. */
    void screenshot(Path png) {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        try {
            Files.createDirectories(png.getParent());
            Files.copy(shot.toPath(), png, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the screenshot to " + png, e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
