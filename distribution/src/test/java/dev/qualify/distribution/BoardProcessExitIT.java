package dev.qualify.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A board process that dies is seen at once, through the real {@code bin/qualify}: one that exits on power on
 * (a bad argument) makes every expected case ERROR {@code board-exited} with its exit status and the last lines of
 * its stderr, not a timeout or a vanished port; one that crashes during the tests leaves a line saying so, with its
 * status and stderr, in the group's transcript.
 */
class BoardProcessExitIT {
    /** FullPKCS11_Core's cases. */
    private static final int CASES = 10;

    @TempDir
    Path dir;

    @Test
    void aBoardProcessThatExitsOnPowerOnIsReportedWithItsStatusAndStderrNotATimeout() throws Exception {
        Path config = new VirtualPool().board("--no-such-option").write(dir);
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--group", "FullPKCS11_Core",
                "--output", dir.resolve("results").toString());

        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(3);
        List<JsonNode> tests = tests(r.runDir().resolve("results.json"));
        assertThat(tests).as("the group keeps its shape").hasSize(CASES);
        for (JsonNode t : tests) {
            assertThat(t.path("outcome").asText()).isEqualTo("ERROR");
            assertThat(t.path("errorType").asText()).as(t.toString()).isEqualTo("board-exited");
            assertThat(t.path("message").asText())
                    .contains("board process (pid ").contains("exited with status 2")
                    .contains("last lines of its stderr")
                    .doesNotContain("within").doesNotContain("timeout");
            // the message is one line; the stderr it names is the detail
            assertThat(t.path("detail").asText()).as(t.toString()).contains("Unknown option: '--no-such-option'");
        }
        String groupLog = Files.readString(r.runDir().resolve("logs/board-1/FullPKCS11_Core/_group.log"), StandardCharsets.UTF_8);
        assertThat(groupLog).contains("[qualify] board process (pid ").contains("exited with status 2")
                .doesNotContain("connected to tcp-serial");
    }

    @Test
    void aBoardProcessThatCrashesDuringTheTestsLeavesItsExitInTheTranscript() throws Exception {
        Path config = new VirtualPool().board("--crash-after", "3").write(dir);
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--group", "FullPKCS11_Core",
                "--output", dir.resolve("results").toString());

        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(3);
        List<JsonNode> tests = tests(r.runDir().resolve("results.json"));
        assertThat(tests.stream().filter(t -> t.path("outcome").asText().equals("PASSED")).count())
                .as("no result after the crash").isLessThanOrEqualTo(3);
        assertThat(tests.stream().filter(t -> t.path("outcome").asText().equals("ERROR"))).isNotEmpty();
        // the line is in the log of whatever ran when the process ended: a test's, or the group's
        StringBuilder transcript = new StringBuilder();
        try (Stream<Path> logs = Files.list(r.runDir().resolve("logs/board-1/FullPKCS11_Core"))) {
            for (Path log : logs.sorted().toList()) transcript.append(Files.readString(log, StandardCharsets.UTF_8));
        }
        assertThat(transcript).contains("[qualify] board process (pid ").contains("exited with status 3")
                .contains("virtual-board run: crashed after 3 result lines");
    }

    private static List<JsonNode> tests(Path resultsJson) throws Exception {
        JsonNode root = new ObjectMapper().readTree(resultsJson.toFile());
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode g : root.path("groups")) g.path("tests").forEach(out::add);
        return out;
    }
}
