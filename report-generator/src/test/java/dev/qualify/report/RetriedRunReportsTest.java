package dev.qualify.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.qualify.report.html.HtmlReportWriter;
import dev.qualify.report.json.JsonReportWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** results.json and report.html of a run with retried tests show each attempt and which tests were flaky. */
class RetriedRunReportsTest {
    @TempDir
    Path runDir;

    @Test
    void resultsJsonListsEveryAttemptAndMarksTheFlakyTest() throws Exception {
        new JsonReportWriter().write(RetriedRuns.run(), runDir);
        JsonNode tests = JsonMapper.builder().build().readTree(runDir.resolve("results.json").toFile())
                .path("groups").get(0).path("tests");
        JsonNode flaky = tests.get(0);
        assertThat(flaky.path("flaky").asBoolean()).isTrue();
        assertThat(flaky.path("attempts").asInt()).isEqualTo(2);
        assertThat(flaky.path("attemptList")).hasSize(2);
        JsonNode first = flaky.path("attemptList").get(0);
        assertThat(first.path("attempt").asInt()).isEqualTo(1);
        assertThat(first.path("outcome").asText()).isEqualTo("ERROR");
        assertThat(first.path("errorType").asText()).isEqualTo("port-gone");
        assertThat(first.path("deviceId").asText()).isEqualTo("dev-1");
        assertThat(first.path("durationMs").asLong()).isEqualTo(100);
        assertThat(first.path("logPath").asText()).isEqualTo("logs/dev-1/FullTransportInterfacePlainText/Transport_Send.log");
        assertThat(flaky.path("attemptList").get(1).path("deviceId").asText()).isEqualTo("dev-2");
        assertThat(tests.get(1).path("flaky").asBoolean()).as("an error that stayed an error").isFalse();
        JsonNode untouched = JsonMapper.builder().build().readTree(runDir.resolve("results.json").toFile())
                .path("groups").get(1).path("tests").get(0);
        assertThat(untouched.path("flaky").asBoolean()).isFalse();
        assertThat(untouched.path("attemptList")).isEmpty();
    }

    @Test
    void theSummaryListsTheFlakyTestsAndTheNotes() {
        String summary = new ConsoleSummary().render(RetriedRuns.run(), runDir);
        assertThat(summary).contains("Flaky Tests (ERROR, then passed when run again):\n"
                + "    FullTransportInterfacePlainText@dev-2: Transport_Send (2 attempts)\n");
        assertThat(summary).doesNotContain("Transport_Connect (").contains("Test Name: Transport_Recv [ERROR port-gone]")
                .contains("device dev-1 taken out of the pool");
    }

    @Test
    void reportHtmlShowsAFlakyBadgeAndTheAttemptsInTheTestsRow() throws Exception {
        new HtmlReportWriter().write(RetriedRuns.run(), runDir);
        String html = Files.readString(runDir.resolve("report.html"), StandardCharsets.UTF_8);
        assertThat(html).containsOnlyOnce("class=\"badge flaky\"");
        assertThat(html).contains("attempt 1: <span class=\"badge error\">ERROR</span> on <span class=\"mono\">dev-1</span>")
                .contains("attempt 2: <span class=\"badge passed\">PASSED</span> on <span class=\"mono\">dev-2</span>")
                .contains("href=\"logs/dev-2/FullTransportInterfacePlainText/attempt-2/Transport_Send.log\"")
                .contains("port &lt;gone&gt; &amp; &quot;lost&quot;")
                .doesNotContain("port <gone>")
                .contains("device dev-1 taken out of the pool");
        assertThat(html).as("a single run elsewhere than the group's device is listed")
                .contains("attempt 1: <span class=\"badge passed\">PASSED</span> on <span class=\"mono\">dev-1</span>")
                .as("a single run on the group's device is not")
                .doesNotContain("attempt 1: <span class=\"badge passed\">PASSED</span> on <span class=\"mono\">dev-2</span>");
    }
}
