package dev.qualify.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code qualify run --resume} through the real {@code bin/qualify}: a one-board run killed with kill -9 during its
 * second group (and its journal's last line torn, as a power loss can leave it), or stopped there with SIGTERM, is
 * resumed; the reports equal those of an uninterrupted run of the same selection apart from timings, and no board
 * process is left alive. A directory
 * that is no run, or a run of another config, is refused with exit 2.
 */
class ResumeIT {
    private static final String GROUPS = "FullPKCS11_Core,FullTransportInterfacePlainText,FullTransportInterfaceTLS";
    private static final String SECOND = "FullTransportInterfacePlainText";

    @TempDir
    Path dir;

    /**
     * @param signal {@code KILL}: the host died, the journal just stops (and its last line is torn here);
     *               {@code TERM}: the run was stopped, cut the group short and wrote its reports (exit 130)
     */
    @ParameterizedTest
    @ValueSource(strings = {"KILL", "TERM"})
    void stoppedDuringTheSecondGroupThenResumedGivesTheReportsOfAnUninterruptedRun(String signal) throws Exception {
        // the board prints slowly, so the kill lands while the second group's tests run
        Path config = new VirtualPool().board("--line-delay-ms", "100").write(dir);
        Path results = dir.resolve("results");
        Process p = Qualify.start(dir, "run", "--config", config.toString(), "--group", GROUPS, "--output", results.toString());
        await().atMost(10, TimeUnit.SECONDS).until(() -> p.info().command().map(c -> c.endsWith("/java")).orElse(false));
        Qualify.awaitWhileRunning(p, dir, Duration.ofMinutes(3), () -> journal(results).contains("\"group\":\"" + SECOND + "\",\"testId\""));
        assertThat(new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).start().waitFor()).isZero();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(signal.equals("KILL") ? 128 + 9 : 130);
        assertNoBoardLeft();
        Path runDir = RunFiles.runs(results).get(0);
        List<String> before = List.of(journal(results).split("\n"));
        if (signal.equals("KILL")) {
            assertThat(before.stream().filter(l -> l.contains("\"event\":\"group-finished\"")))
                    .as("killed in the second group: only the first had finished").hasSize(1)
                    .allMatch(l -> l.contains("\"group\":\"FullPKCS11_Core\""));
            assertThat(before).noneMatch(l -> l.contains("run-finished"));
            Files.writeString(runDir.resolve("journal.jsonl"), "{\"event\":\"test-finished\",\"at\":\"2026-", StandardOpenOption.APPEND);
        } else {
            assertThat(before).as("stopped in the second group: it was cut short")
                    .anyMatch(l -> l.contains("\"group\":\"" + SECOND + "\"") && l.contains("\"errorType\":\"interrupted\""));
            assertThat(before.get(before.size() - 1)).contains("\"event\":\"run-finished\"").contains("\"interrupted\":true");
        }

        Qualify.Result resumed = Qualify.run(dir, "run", "--config", config.toString(), "--resume", runDir.toString());
        assertThat(resumed.exitCode()).as(resumed.stdout() + resumed.stderr()).isZero();
        assertThat(resumed.stdout()).contains("Resuming run " + runDir.getFileName() + ": 1 group(s) finished and kept, cut off and run again: "
                + SECOND + "; to run: " + SECOND + ", FullTransportInterfaceTLS");
        assertThat(resumed.runDir()).isEqualTo(runDir);
        assertNoBoardLeft();

        Path straightConfig = Files.writeString(dir.resolve("straight.yaml"),
                Files.readString(config).replace(", \"--line-delay-ms\", \"100\"", ""));
        Qualify.Result straight = Qualify.run(dir, "run", "--config", straightConfig.toString(), "--group", GROUPS,
                "--output", dir.resolve("straight").toString());
        assertThat(straight.exitCode()).as(straight.stdout() + straight.stderr()).isZero();

        assertThat(RunFiles.resultsWithoutTimings(runDir)).isEqualTo(RunFiles.resultsWithoutTimings(straight.runDir()));
        assertThat(RunFiles.junitWithoutTimings(runDir)).isEqualTo(RunFiles.junitWithoutTimings(straight.runDir()));
        assertThat(RunFiles.summaryWithoutTimings(runDir)).contains("Tests Completed:    38")
                .isEqualTo(RunFiles.summaryWithoutTimings(straight.runDir()));
        assertThat(RunFiles.outcomes(runDir)).hasSize(10 + 14 + 14);
        JUnitXml.validate(runDir.resolve("junit.xml"));
        assertThat(runDir.resolve("logs/board-1/" + SECOND + ".cut-off")).as("the cut-off attempt's logs, set aside").isDirectory();
        List<String> lines = Files.readAllLines(runDir.resolve("journal.jsonl"), StandardCharsets.UTF_8);
        assertThat(lines.stream().filter(l -> l.startsWith("{\"event\":\"run-resumed\""))).hasSize(1);
        assertThat(lines.get(lines.size() - 1)).startsWith("{\"event\":\"run-finished\"");

        Qualify.Result again = Qualify.run(dir, "run", "--config", config.toString(), "--resume", runDir.toString());
        assertThat(again.exitCode()).as("a finished run ends with its exit code").isZero();
        assertThat(again.stdout()).contains("already finished (exit 0): nothing to resume");
    }

    @Test
    void resumingADirectoryThatIsNoRunOrARunOfAnotherConfigIsAUsageError() throws Exception {
        Path config = new VirtualPool().board().write(dir);
        Qualify.Result notARun = Qualify.run(dir, "run", "--config", config.toString(), "--resume", dir.toString());
        assertThat(notARun.exitCode()).isEqualTo(2);
        assertThat(notARun.stderr()).contains("qualify: cannot resume " + dir + ": " + dir + " is not a run directory: it has no journal.jsonl");

        Path results = dir.resolve("results");
        Qualify.Result hostOnly = Qualify.run(dir, "run", "--config", config.toString(), "--group", "FreeRTOSVersion",
                "--output", results.toString());
        assertThat(hostOnly.exitCode()).as(hostOnly.stdout() + hostOnly.stderr()).isZero();
        Path otherConfig = Files.writeString(dir.resolve("other.yaml"),
                Files.readString(config).replace("features: {PKCS11: ECC", "features: {PKCS11: RSA"));
        assertThat(otherConfig).content().isNotEqualTo(Files.readString(config));
        Qualify.Result other = Qualify.run(dir, "run", "--config", otherConfig.toString(), "--resume", hostOnly.runDir().toString());
        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.stderr()).contains("qualify: cannot resume " + hostOnly.runDir() + ": it ran with another config");
        Qualify.Result withGroup = Qualify.run(dir, "run", "--config", config.toString(), "--resume", hostOnly.runDir().toString(),
                "--group", "OTACore");
        assertThat(withGroup.exitCode()).isEqualTo(2);
        assertThat(withGroup.stderr()).contains("leave out --group");
    }

    private static String journal(Path results) throws Exception {
        if (!Files.isDirectory(results)) return "";
        for (Path run : RunFiles.runs(results)) {
            Path j = run.resolve("journal.jsonl");
            if (Files.exists(j)) return Files.readString(j, StandardCharsets.UTF_8);
        }
        return "";
    }

    /** No process whose command line names this test's directory (board processes, build and flash tools) lives on. */
    private void assertNoBoardLeft() {
        String marker = dir.toString();
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                        .filter(h -> h.pid() != ProcessHandle.current().pid())
                        .map(h -> h.info().commandLine().orElse("")).filter(c -> c.contains(marker)).toList())
                        .as("processes Qualify started, still alive").isEmpty());
    }
}
