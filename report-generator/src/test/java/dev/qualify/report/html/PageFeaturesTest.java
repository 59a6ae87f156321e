package dev.qualify.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qualify.api.report.GroupResult;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.PhaseSpan;
import dev.qualify.api.report.RunReport;
import dev.qualify.api.report.TestResult;
import dev.qualify.report.SampleRuns;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of report.html beyond the tables: the timeline, inline logs, the filters and the page's script policy. */
class PageFeaturesTest {

    @TempDir
    Path runDir;

    private final HtmlReportWriter writer = new HtmlReportWriter();

    @Test
    void drawsEachDevicesStepsAndIdleGapsOnTheRunsTimeScale() throws Exception {
        Instant t0 = SampleRuns.START.plusSeconds(10);
        TestResult pass = SampleRuns.passed("dev-1", "G", "T1");
        GroupResult g = new GroupResult("G", "G", true, "dev-1", t0, Duration.ofSeconds(60), List.of(pass), List.of(
                new PhaseSpan(PhaseSpan.BUILD, null, t0, Duration.ofSeconds(20), Outcome.PASSED),
                new PhaseSpan(PhaseSpan.FLASH, null, t0.plusSeconds(20), Duration.ofSeconds(10), Outcome.ERROR),
                new PhaseSpan(PhaseSpan.TEST, "T1", t0.plusSeconds(30), Duration.ofSeconds(5), Outcome.PASSED)));
        RunReport run = SampleRuns.run("r", false, 0, List.of(SampleRuns.device("dev-1")), List.of(g), List.of());

        String html = render(run);

        // the run lasts 303 s: the build starts at 10 s (x = 33.00) and lasts 20 s (width 66.01)
        assertThat(html).contains("<svg class=\"timeline\"",
                "<rect x=\"33.00\" y=\"18\" width=\"66.01\" height=\"22\" class=\"tl-phase tl-build\"><title>G · build · 20.0s</title>",
                "class=\"tl-phase tl-flash tl-failed\"><title>G · flash (failed) · 10.0s</title>",
                "<a href=\"#t0\"><rect x=\"132.01\"", "class=\"tl-test passed\"><title>G · test T1 · PASSED · 5.0s</title>",
                "class=\"tl-idle\"><title>idle · 10.0s</title>",
                "class=\"tl-idle tl-wait\"><title>G · waiting for the device&#39;s next result · 25.0s</title>",
                "<tr id=\"t0\" class=\"test\" data-outcome=\"passed\">", ">+5m03s</text>");
    }

    @Test
    void showsEachTestsLogInlineWithTheFailingLineHighlighted() throws Exception {
        log("logs/dev-1/FullMQTT/MQTT_Publish.log", """
                [05:06:17.000] --- test FullMQTT.MQTT_Publish on device dev-1
                [05:06:17.100] < publishing </script><b>to</b> & back
                [05:06:17.200] < TEST(Full_MQTT, MQTT_Publish) FAIL mqtt_test.c:88 expected PUBACK within 5s
                [05:06:17.300] < after the failure
                """);
        log("logs/dev-1/FullMQTT/MQTT_Connect.log", "[05:06:16.000] < TEST(Full_MQTT, MQTT_Connect) PASS\n");

        String html = render(SampleRuns.mixed());

        assertThat(html).contains("<details class=\"log\"><summary>Log · 4 lines · line 3 highlighted</summary>",
                "[05:06:17.100] &lt; publishing &lt;/script&gt;&lt;b&gt;to&lt;/b&gt; &amp; back\n<mark",
                ">[05:06:17.200] &lt; TEST(Full_MQTT, MQTT_Publish) FAIL mqtt_test.c:88 expected PUBACK within 5s</mark>\n"
                        + "[05:06:17.300] &lt; after the failure\n</pre>",
                "<summary>Log · 1 lines</summary>")
                .doesNotContain("</script><b>");
        assertThat(html).as("MQTT_Subscribe's log file is missing")
                .contains("Log not shown inline: the file is missing.");
    }

    @Test
    void leavesQualifysStackTracesOutOfTheInlineLogAndSaysWhere() throws Exception {
        log("logs/dev-1/FullMQTT/MQTT_Publish.log", """
                [05:06:17.000] --- test FullMQTT.MQTT_Publish on device dev-1
                [05:06:17.100] < TEST(Full_MQTT, MQTT_Publish) FAIL mqtt_test.c:88 expected PUBACK within 5s
                [05:06:17.200] --- stack trace (for Qualify's developers; the report has the message):
                [05:06:17.200] ---   dev.qualify.api.device.InfrastructureException: port gone
                [05:06:17.200] ---   \tat dev.qualify.connectors.tcp.TcpSerialConsole.read(TcpSerialConsole.java:75)
                [05:06:17.200] ---   \tat java.base/java.lang.Thread.run(Thread.java:840)
                [05:06:17.300] --- the group ends
                """);

        String html = render(SampleRuns.mixed());

        assertThat(html).contains("[05:06:17.200] --- [a Java stack trace of 3 lines for Qualify&#39;s developers: in the log"
                        + " file, not shown here]\n[05:06:17.300] --- the group ends",
                "Cut: 3 lines of Java stack traces.")
                .doesNotContain("at dev.qualify.connectors", "InfrastructureException: port gone");
        assertThat(Files.readString(runDir.resolve("logs/dev-1/FullMQTT/MQTT_Publish.log")))
                .as("the file keeps it").contains("at dev.qualify.connectors");
    }

    @Test
    void capsALongLogAroundTheFailingLineAndSaysWhatWasCut() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 1000; i++) {
            text.append(i == 700 ? "line 700: TEST(G, MQTT_Publish) FAIL here" : "line " + i + " " + "x".repeat(i == 710 ? 5000 : 10))
                    .append('\n');
        }
        log("logs/dev-1/FullMQTT/MQTT_Publish.log", text.toString());

        String html = render(SampleRuns.mixed());

        int first = 700 - LogExcerpt.MAX_LINES / 3;
        assertThat(html).contains("<summary>Log · lines " + first + "-" + (first + LogExcerpt.MAX_LINES - 1)
                        + " of 1000 · line 700 highlighted</summary>",
                "Cut: lines 1-" + (first - 1) + "; lines " + (first + LogExcerpt.MAX_LINES) + "-1000; the ends of 1 long line."
                        + " <a href=\"logs/dev-1/FullMQTT/MQTT_Publish.log\">The whole log</a>.",
                "[4009 more characters]")
                .doesNotContain("line " + (first - 1) + " x", "line " + (first + LogExcerpt.MAX_LINES) + " x");
    }

    @Test
    void aLogPathOutsideTheRunDirectoryIsNotRead() throws Exception {
        Files.writeString(runDir.resolveSibling("secret.txt"), "do not show me");
        TestResult t = new TestResult("T", "T", "G.T", Outcome.FAILED, "m", "failure", null, Duration.ZERO, 1,
                "../secret.txt", Map.of());
        RunReport run = SampleRuns.run("r", false, 1, List.of(SampleRuns.device("dev-1")),
                List.of(SampleRuns.group("G", "dev-1", false, List.of(t))), List.of());

        assertThat(render(run)).doesNotContain("do not show me").contains("the log path leads out of the run directory");
    }

    @Test
    void offersFiltersForEveryOutcomeGroupAndDeviceAndASearchBox() throws Exception {
        String html = render(SampleRuns.twoDevices());

        assertThat(html).contains("<input type=\"checkbox\" name=\"outcome\" value=\"failed\" checked>",
                "<input type=\"checkbox\" name=\"outcome\" value=\"skipped\" checked>",
                "<option value=\"FullPKCS11_Core\">FullPKCS11_Core</option>",
                "<option value=\"dev-1\">dev-1</option>", "<option value=\"dev.2\">dev.2</option>",
                "<input type=\"search\" name=\"q\"",
                "<section class=\"group-tests\" data-group=\"FullPKCS11_Core\" data-device=\"dev.2\"");
    }

    @Test
    void thePagePolicyAllowsExactlyItsOwnScript() throws Exception {
        String html = render(SampleRuns.mixed());

        Matcher script = Pattern.compile("<script>(.*)</script>", Pattern.DOTALL).matcher(html);
        assertThat(script.find()).isTrue();
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(script.group(1).getBytes(StandardCharsets.UTF_8)));
        assertThat(html).contains("content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-" + hash + "'\"");
    }

    @Test
    void keepsTheLogsOfFailuresWhenThePageBudgetRunsOut() throws Exception {
        List<TestResult> tests = new ArrayList<>();
        String big = "y".repeat(900) + "\n";
        long perLog = (long) big.length() * LogExcerpt.MAX_LINES;
        int passing = (int) (InlineLogs.PAGE_BUDGET / perLog) + 2;
        for (int i = 0; i < passing; i++) {
            tests.add(SampleRuns.passed("dev-1", "G", "P" + i));
            log("logs/dev-1/G/P" + i + ".log", big.repeat(LogExcerpt.MAX_LINES));
        }
        tests.add(SampleRuns.failed("dev-1", "G", "F", "boom"));
        log("logs/dev-1/G/F.log", "TEST(G, F) FAIL boom\n");
        RunReport run = SampleRuns.run("r", false, 1, List.of(SampleRuns.device("dev-1")),
                List.of(SampleRuns.group("G", "dev-1", false, tests)), List.of());

        String html = render(run);

        assertThat(html).contains("<mark title=\"line 1: why the test did not pass\">TEST(G, F) FAIL boom</mark>",
                "Log not shown inline: this page already holds 24 MiB of logs.");
    }

    private void log(String relative, String text) throws Exception {
        Path file = runDir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private String render(RunReport report) throws Exception {
        writer.write(report, runDir);
        return Files.readString(runDir.resolve("report.html"));
    }
}
