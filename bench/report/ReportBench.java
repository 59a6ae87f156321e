import dev.qualify.api.report.RunReport;
import dev.qualify.report.SyntheticRun;
import dev.qualify.report.html.HtmlReportWriter;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * report.html of a 10,000-test run: how long HtmlReportWriter takes to render it (this JVM's first render: a
 * report is written once per run, so the cold number is the one a user waits for; wall and CPU time of the
 * rendering thread), and, with "browser", how long headless Chromium takes until the page is usable (the
 * script's 'qualify-ready' mark: parsed, laid out, filters wired) and until DOMContentLoaded / load.
 *
 *   java -cp CP ReportBench.java render TESTS DIR      renders once, prints one line
 *   java -cp CP ReportBench.java browser DIR LOADS     loads DIR/report.html LOADS times in one browser
 */
public class ReportBench {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("render")) render(Integer.parseInt(args[1]), Path.of(args[2]));
        else browser(Path.of(args[1]), Integer.parseInt(args[2]));
    }

    static void render(int tests, Path dir) throws Exception {
        Files.createDirectories(dir);
        RunReport run = SyntheticRun.write(dir, tests, 4, 25);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        new HtmlReportWriter().write(run, dir);
        long wall = (System.nanoTime() - t0) / 1_000_000;
        long cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1_000_000;
        System.out.printf("render tests=%d wall_ms=%d cpu_ms=%d bytes=%d%n", tests, wall, cpu,
                Files.size(dir.resolve(HtmlReportWriter.FILE_NAME)));
    }

    static void browser(Path dir, int loads) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            String url = dir.resolve(HtmlReportWriter.FILE_NAME).toUri().toString();
            for (int i = 0; i < loads; i++) {
                driver.get("about:blank");
                driver.get(url);
                new WebDriverWait(driver, Duration.ofSeconds(120))
                        .until(d -> "true".equals(d.findElement(By.tagName("html")).getAttribute("data-ready")));
                @SuppressWarnings("unchecked")
                Map<String, Object> t = (Map<String, Object>) ((JavascriptExecutor) driver).executeScript(
                        "var n = performance.getEntriesByType('navigation')[0];"
                                + "return {ready: performance.getEntriesByName('qualify-ready')[0].startTime,"
                                + " script: performance.getEntriesByName('qualify-script')[0].startTime,"
                                + " interactive: n.domInteractive, response: n.responseEnd,"
                                + " dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd,"
                                + " rows: document.querySelectorAll('tr.test').length};");
                System.out.printf("browser load=%d ready_ms=%.0f (file read %.0f, script starts %.0f) domcontentloaded_ms=%.0f"
                                + " load_ms=%.0f rows=%s%n", i + 1, num(t.get("ready")), num(t.get("response")),
                        num(t.get("script")), num(t.get("dcl")), num(t.get("load")), t.get("rows"));
            }
        } finally {
            driver.quit();
        }
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }
}
