package dev.qualify.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qualify.api.report.RunReport;
import dev.qualify.api.report.TestResult;
import dev.qualify.report.SampleRuns;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportWriterTest {

    @TempDir
    Path runDir;

    private final HtmlReportWriter writer = new HtmlReportWriter();

    @Test
    void showsEveryTestWithARelativeLinkToItsLog() throws Exception {
        var report = SampleRuns.twoDevices();

        String html = render(report);

        for (var group : report.groups()) {
            for (TestResult test : group.tests()) {
                assertThat(html).contains(">" + test.name() + "<")
                        .contains("<a href=\"" + test.logPath() + "\"");
            }
        }
        assertThat(html).contains("signature mismatch", "dev.2", "dev-1");
    }

    @Test
    void escapesMarkupFromDevicesSoNoScriptRuns() throws Exception {
        String html = render(SampleRuns.hostile());

        assertThat(html).doesNotContain("<script>alert", "<tag>", "\u001b", "\u0000")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "Full&lt;MQTT&gt;&amp;&quot;");
        assertThat(html.split("<script", -1)).as("only the page's own script").hasSize(2);
    }

    @Test
    void percentEncodesLogLinksWithSpacesAndHashes() throws Exception {
        String html = render(SampleRuns.hostile());

        assertThat(html).contains("href=\"logs/dev-1/g/T%201%20%231.log\"");
    }

    @Test
    void isSelfContainedWithOneInlineScriptAndNoExternalAssets() throws Exception {
        String html = render(SampleRuns.mixed());

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>", "<script>")
                .doesNotContain("<script src", "<link", "src=", "http://", "https://", "@import", "url(");
        assertThat(html.split("<script", -1)).hasSize(2);
        Matcher hrefs = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
        while (hrefs.find()) {
            assertThat(hrefs.group(1)).doesNotContain(":").doesNotStartWith("/");
        }
    }

    @Test
    void showsRunHeaderVerdictCountsAndOutcomeOfEachGroup() throws Exception {
        String html = render(SampleRuns.mixed());

        assertThat(html).contains("run-mixed", "freertos-qualification 2.5.0", "devkits", "2025-03-04 05:06:07 UTC",
                "2025-03-04 05:11:10 UTC", "5m03s", ">FAILED<", "exit code 1: a test failed",
                "<span class=\"n\">4</span>tests", "<span class=\"n\">1</span>errors",
                "expected PUBACK within 5s", "flash-failed", "<details><summary>Detail</summary>",
                "feature not supported", "42.0s", "2.5s");
    }

    @Test
    void marksRequiredGroups() throws Exception {
        String html = render(SampleRuns.allPassed());

        int required = html.split("class=\"required\"", -1).length - 1;
        assertThat(required).as("FullPKCS11_Core is required, in the table and its heading").isEqualTo(2);
    }

    @Test
    void explainsAnInterruptedRunWithNoGroups() throws Exception {
        String html = render(SampleRuns.emptyInterrupted());

        assertThat(html).contains("This run was interrupted", "interrupted by SIGINT", "groups not run: FullMQTT",
                ">INTERRUPTED<", "No groups ran on this device.", "No tests ran.");
    }

    @Test
    void reportsItsFileName() {
        assertThat(writer.fileName()).isEqualTo("report.html");
    }

    private String render(RunReport report) throws Exception {
        writer.write(report, runDir);
        return Files.readString(runDir.resolve("report.html"));
    }
}
