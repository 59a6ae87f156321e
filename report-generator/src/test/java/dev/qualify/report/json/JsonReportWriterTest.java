package dev.qualify.report.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qualify.api.report.RunReport;
import dev.qualify.report.SampleRuns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportWriterTest {

    @TempDir
    Path runDir;

    private final JsonReportWriter writer = new JsonReportWriter();

    @Test
    void roundTripsIntoATreeWithTheDocumentedFields() throws Exception {
        JsonNode root = write(SampleRuns.mixed());

        assertThat(names(root)).containsExactly("formatVersion", "runId", "suiteId", "suiteVersion", "poolId",
                "qualifyVersion", "startedAt", "endedAt", "durationMs", "interrupted", "exitCode", "totals",
                "devices", "groups", "notes");
        assertThat(names(root.get("totals"))).containsExactly("tests", "passed", "failed", "errors", "skipped");
        assertThat(names(root.get("devices").get(0))).containsExactly("id", "poolId", "connection", "features");
        JsonNode group = root.get("groups").get(0);
        assertThat(names(group)).containsExactly("groupId", "title", "required", "deviceId", "startedAt",
                "durationMs", "outcome", "totals", "tests");
        assertThat(names(group.get("tests").get(0))).containsExactly("testId", "name", "className", "outcome",
                "message", "errorType", "detail", "durationMs", "attempts", "logPath", "properties", "flaky",
                "attemptList");
    }

    @Test
    void writesInstantsAsIsoStringsAndDurationsAsMilliseconds() throws Exception {
        JsonNode root = write(SampleRuns.mixed());

        assertThat(root.get("startedAt").asText()).isEqualTo("2025-03-04T05:06:07.891Z");
        assertThat(Instant.parse(root.get("endedAt").asText())).isEqualTo(SampleRuns.START.plusSeconds(303));
        assertThat(root.get("durationMs").isIntegralNumber()).isTrue();
        assertThat(root.get("durationMs").asLong()).isEqualTo(303_000);
        JsonNode group = root.get("groups").get(0);
        assertThat(group.get("durationMs").asLong()).isEqualTo(42_000);
        assertThat(group.get("tests").findValues("durationMs")).extracting(JsonNode::asLong)
                .containsExactly(1234L, 2500L, 30_000L, 0L);
    }

    @Test
    void carriesOutcomesCountsAndTestDetails() throws Exception {
        JsonNode root = write(SampleRuns.mixed());

        assertThat(root.get("formatVersion").asInt()).isEqualTo(1);
        assertThat(root.get("exitCode").asInt()).isEqualTo(1);
        assertThat(root.get("totals").get("tests").asInt()).isEqualTo(4);
        assertThat(root.get("totals").get("errors").asInt()).isEqualTo(1);
        JsonNode group = root.get("groups").get(0);
        assertThat(group.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(group.get("required").asBoolean()).isTrue();
        JsonNode error = group.get("tests").get(2);
        assertThat(error.get("outcome").asText()).isEqualTo("ERROR");
        assertThat(error.get("errorType").asText()).isEqualTo("flash-failed");
        assertThat(error.get("attempts").asInt()).isEqualTo(3);
        assertThat(error.get("logPath").asText()).isEqualTo("logs/dev-1/FullMQTT/MQTT_Subscribe.log");
        assertThat(root.get("devices").get(0).get("features").get("PKCS11").asText()).isEqualTo("ECC");
    }

    @Test
    void writesAbsentValuesAsNullInsteadOfOmittingThem() throws Exception {
        JsonNode passed = write(SampleRuns.mixed()).get("groups").get(0).get("tests").get(0);

        assertThat(passed.get("message").isNull()).isTrue();
        assertThat(passed.get("errorType").isNull()).isTrue();
        assertThat(passed.get("detail").isNull()).isTrue();
    }

    @Test
    void keepsDeviceTextButReplacesLoneSurrogates() throws Exception {
        JsonNode root = write(SampleRuns.hostile());

        String message = root.get("groups").get(0).get("tests").get(0).get("message").asText();
        assertThat(message).contains("\u0001", "<script>", "\uFFFD", "\uD83D\uDE00").doesNotContain("\uD800");
    }

    @Test
    void writesAnEmptyInterruptedRun() throws Exception {
        JsonNode root = write(SampleRuns.emptyInterrupted());

        assertThat(root.get("interrupted").asBoolean()).isTrue();
        assertThat(root.get("exitCode").asInt()).isEqualTo(130);
        assertThat(root.get("groups").isEmpty()).isTrue();
        assertThat(root.get("notes")).extracting(JsonNode::asText)
                .containsExactly("interrupted by SIGINT", "groups not run: FullMQTT");
    }

    @Test
    void reportsItsFileName() {
        assertThat(writer.fileName()).isEqualTo("results.json");
    }

    private JsonNode write(RunReport report) throws Exception {
        writer.write(report, runDir);
        return JsonMapper.builder().build().readTree(runDir.resolve("results.json").toFile());
    }

    private static List<String> names(JsonNode node) {
        return node.properties().stream().map(Map.Entry::getKey).toList();
    }
}
