package dev.qualify.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qualify.api.report.RunReport;
import dev.qualify.report.SyntheticRun;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * report.html in a real headless Chromium: the page runs without console errors (its script passes the page's
 * Content-Security-Policy), the timeline is drawn, the filters and the search box change what is shown, an inline
 * log opens with its failing line highlighted, and a report of ten thousand tests loads.
 */
class HtmlReportInBrowserIT {
    private static ChromeDriver browser;

    @TempDir
    Path runDir;

    @BeforeAll
    static void startBrowser() {
        browser = Chromium.start();
    }

    @AfterAll
    static void quitBrowser() {
        if (browser != null) browser.quit();
    }

    @Test
    void filtersSearchTimelineAndInlineLogsWorkWithoutConsoleErrors() throws Exception {
        RunReport run = SyntheticRun.write(runDir, 120, 2, 3);
        open(run);

        assertThat(errors()).isEmpty();
        List<WebElement> rows = browser.findElements(By.cssSelector("tr.test"));
        assertThat(rows).hasSize(120);
        assertThat(browser.findElement(By.id("shown")).getText()).isEqualTo("120 of 120 tests shown");

        // the timeline: one drawing per device, every step a rectangle of nonzero size
        List<WebElement> svgs = browser.findElements(By.cssSelector("svg.timeline"));
        assertThat(svgs).hasSize(2);
        for (WebElement svg : svgs) {
            assertThat(svg.getSize().getWidth()).isGreaterThan(500);
            List<WebElement> steps = svg.findElements(By.cssSelector("rect.tl-test, rect.tl-phase"));
            assertThat(steps).hasSizeGreaterThan(60);
            for (WebElement step : List.of(steps.get(0), steps.get(steps.size() / 2), steps.get(steps.size() - 1))) {
                assertThat(step.getSize().getWidth()).isGreaterThan(0);
                assertThat(step.getSize().getHeight()).isGreaterThan(0);
            }
            assertThat(svg.findElements(By.cssSelector("rect.tl-build"))).hasSize(3);
            // the steps the issue names: build, flash, boot, each test, idle; each drawn where a person sees it
            for (String step : List.of("tl-build", "tl-flash", "tl-boot", "tl-test", "tl-idle")) {
                List<WebElement> drawn = svg.findElements(By.cssSelector("rect." + step));
                assertThat(drawn).as(step).isNotEmpty().allSatisfy(r -> {
                    assertThat(r.isDisplayed()).as(step + " shown").isTrue();
                    assertThat(r.getSize().getWidth()).as(step + " width").isGreaterThan(0);
                });
            }
        }

        // outcome filter: without "passed", only the other outcomes remain
        browser.findElement(By.cssSelector("input[name=outcome][value=passed]")).click();
        assertThat(shown()).isNotEmpty().allMatch(r -> !"passed".equals(r.getAttribute("data-outcome")));
        assertThat(browser.findElement(By.id("shown")).getText()).isEqualTo(shown().size() + " of 120 tests shown");
        browser.findElement(By.cssSelector("input[name=outcome][value=passed]")).click();
        assertThat(shown()).hasSize(120);

        // group and device filters
        new Select(browser.findElement(By.cssSelector("select[name=group]"))).selectByValue("Group4");
        assertThat(shown()).hasSize(20).allMatch(r -> r.findElement(By.xpath("ancestor::section[1]"))
                .getAttribute("data-group").equals("Group4"));
        new Select(browser.findElement(By.cssSelector("select[name=group]"))).selectByValue("");
        new Select(browser.findElement(By.cssSelector("select[name=device]"))).selectByValue("board-1");
        assertThat(shown()).hasSize(60).allMatch(r -> r.findElement(By.xpath("ancestor::section[1]"))
                .getAttribute("data-device").equals("board-1"));
        assertThat(browser.findElements(By.cssSelector("section.group-tests[data-device=board-2]")))
                .allMatch(s -> !s.isDisplayed());
        new Select(browser.findElement(By.cssSelector("select[name=device]"))).selectByValue("");

        // the search box: every term must match the test's name, class, message or group
        WebElement search = browser.findElement(By.cssSelector("input[name=q]"));
        search.sendKeys("case_42");
        waitFor(() -> shown().size() == 1);
        assertThat(shown().get(0).getAttribute("id")).isEqualTo("t42");
        search.clear();
        search.sendKeys("expected CKR_OK");
        waitFor(() -> shown().size() < 120);
        assertThat(shown()).isNotEmpty().allMatch(r -> "failed".equals(r.getAttribute("data-outcome")));
        search.clear();
        search.sendKeys("no such test anywhere");
        waitFor(() -> shown().isEmpty());
        assertThat(browser.findElement(By.id("none-shown")).isDisplayed()).isTrue();
        browser.findElement(By.cssSelector("button[type=reset]")).click();
        waitFor(() -> shown().size() == 120);

        // an inline log: closed at first, opens on a click, its failing line highlighted and escaped text intact
        WebElement failed = browser.findElement(By.id("t5"));
        assertThat(failed.getAttribute("data-outcome")).isEqualTo("failed");
        WebElement log = failed.findElement(By.cssSelector("details.log"));
        assertThat(log.getAttribute("open")).isNull();
        WebElement mark = log.findElement(By.tagName("mark"));
        assertThat(mark.isDisplayed()).isFalse();
        log.findElement(By.tagName("summary")).click();
        assertThat(log.getAttribute("open")).isNotNull();
        assertThat(mark.isDisplayed()).isTrue();
        assertThat(mark.getText()).contains("TEST(Suite, Case_5) FAIL test_pkcs11.c:120");
        assertThat(log.findElement(By.tagName("pre")).getText()).contains("</script><b>not markup</b> & more");

        // a test's bar on the timeline leads to its row and opens its log
        WebElement bar = browser.findElement(By.cssSelector("svg.timeline a[href='#t42'] rect"));
        bar.click();
        waitFor(() -> browser.findElement(By.id("t42")).findElement(By.cssSelector("details.log")).getAttribute("open") != null);
        assertThat(browser.getCurrentUrl()).endsWith("#t42");

        assertThat(errors()).isEmpty();
    }

    @Test
    void aReportOfTenThousandTestsLoadsAndFilters() throws Exception {
        RunReport run = SyntheticRun.write(runDir, 10_000, 4, 25);
        long t0 = System.nanoTime();
        new HtmlReportWriter().write(run, runDir);
        long renderMs = (System.nanoTime() - t0) / 1_000_000;

        browser.get(runDir.resolve(HtmlReportWriter.FILE_NAME).toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(120))
                .until(d -> "true".equals(d.findElement(By.tagName("html")).getAttribute("data-ready")));
        Object readyMs = ((JavascriptExecutor) browser).executeScript(
                "return performance.getEntriesByName('qualify-ready')[0].startTime");

        assertThat(errors()).isEmpty();
        assertThat(browser.findElement(By.id("shown")).getText()).isEqualTo("10000 of 10000 tests shown");
        assertThat(browser.findElements(By.cssSelector("svg.timeline"))).hasSize(4);
        new Select(browser.findElement(By.cssSelector("select[name=group]"))).selectByValue("Group7");
        assertThat(browser.findElement(By.id("shown")).getText()).isEqualTo("100 of 10000 tests shown");
        // timings are printed for people (bench/ measures them properly); tests do not assert on time
        System.out.println("HtmlReportInBrowserIT: 10000 tests rendered in " + renderMs + " ms, page ready after "
                + readyMs + " ms");
    }

    private void open(RunReport run) throws Exception {
        new HtmlReportWriter().write(run, runDir);
        browser.get(runDir.resolve(HtmlReportWriter.FILE_NAME).toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(d -> "true".equals(d.findElement(By.tagName("html")).getAttribute("data-ready")));
    }

    private static List<WebElement> shown() {
        return browser.findElements(By.cssSelector("tr.test")).stream().filter(WebElement::isDisplayed).toList();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> condition.getAsBoolean());
    }

    /** The page's console messages of level SEVERE (errors, CSP violations, failed loads) since the last call. */
    private static List<String> errors() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::toString).toList();
    }
}
