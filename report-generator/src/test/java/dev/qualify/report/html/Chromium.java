package dev.qualify.report.html;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;

/**
 * Debian's Chromium and its driver ({@code apt-get install chromium chromium-driver}), headless, for browser tests.
 * Both binaries are given by path, so Selenium Manager never looks for (or downloads) a driver. A missing browser
 * fails the test when {@code CI=true} and skips it otherwise.
 */
final class Chromium {
    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private Chromium() {
    }

    /** A new headless browser that records the page's console; the caller quits it. */
    static ChromeDriver start() {
        for (Path p : new Path[]{BROWSER, DRIVER}) {
            if (!Files.isExecutable(p)) {
                String msg = p + " is not installed: apt-get install -y --no-install-recommends chromium chromium-driver";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail(msg + " (CI=true: missing tools fail the build)");
                Assumptions.abort(msg);
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        // root in a container has no user namespace sandbox; the pages are our own files
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--no-first-run", "--disable-extensions");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
