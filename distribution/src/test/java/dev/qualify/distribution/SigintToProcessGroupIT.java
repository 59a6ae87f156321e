package dev.qualify.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Ctrl-C: SIGINT to the whole process group of a one-board run through the real {@code bin/qualify}, so the
 * board process gets it too and dies with its UART. The run exits 130, writes its reports, reports the cases it
 * cut off as ERROR {@code interrupted} (not {@code port-gone}), and leaves no board behind.
 *
 * <p>The run is started with {@code setsid} (its own session and process group, whose id is the JVM's pid since
 * bin/qualify execs java) and {@code env --default-signal=INT}: a process started in the background of a
 * non-interactive shell has SIGINT ignored, and an ignored disposition survives exec.
 */
class SigintToProcessGroupIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void sigintToTheProcessGroupReportsTheCutOffCasesAsInterrupted() throws Exception {
        Path config = new VirtualPool().board("--line-delay-ms", "300").write(dir);
        Path results = dir.resolve("results");
        List<String> argv = new ArrayList<>(List.of("setsid", "env", "--default-signal=INT",
                Qualify.HOME.resolve("bin/qualify").toString(), "run", "--config", config.toString(),
                "--group", "FullPKCS11_Core", "--output", results.toString()));
        Process p = new ProcessBuilder(argv).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        // setsid and env exec, and so does bin/qualify: the pid we hold becomes the JVM's, leader of its own group
        await().atMost(20, TimeUnit.SECONDS).until(() -> p.info().command().map(c -> c.endsWith("/java")).orElse(false));
        long pgid = processGroup(p.pid());
        assertThat(pgid).as("qualify leads its own process group").isEqualTo(p.pid());

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!p.isAlive()) throw new AssertionError("qualify ended before the signal:\n" + output());
            return Qualify.journalContains(results, "\"outcome\":\"PASSED\"") && !boards().isEmpty();
        });
        for (ProcessHandle board : boards()) {
            assertThat(processGroup(board.pid())).as("the board is in qualify's process group").isEqualTo(pgid);
        }

        // procps kill needs "--" before a negative pid: without it, it exits 0 and signals nothing
        assertThat(new ProcessBuilder("kill", "-INT", "--", "-" + pgid).start().waitFor()).isZero();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("qualify ends after SIGINT").isTrue();
        String out = output();
        assertThat(p.exitValue()).as(out).isEqualTo(130);
        assertThat(out).contains("SIGINT received");

        Path runDir = onlyRun(results);
        for (String f : List.of("results.json", "junit.xml", "report.html", "summary.txt")) {
            assertThat(runDir.resolve(f)).as(f + " is written").exists();
        }
        assertThat(Files.readString(runDir.resolve("junit.xml"), StandardCharsets.UTF_8))
                .contains("type=\"interrupted\"").doesNotContain("type=\"port-gone\"");
        List<String> outcomes = new ArrayList<>();
        List<String> errorTypes = new ArrayList<>();
        for (JsonNode g : JSON.readTree(runDir.resolve("results.json").toFile()).path("groups")) {
            for (JsonNode t : g.path("tests")) {
                outcomes.add(t.path("outcome").asText());
                if (!t.path("outcome").asText().equals("ERROR")) continue;
                errorTypes.add(t.path("errorType").asText());
                assertThat(t.path("message").asText()).startsWith("the run was interrupted (SIGINT)");
            }
        }
        assertThat(outcomes).as("what finished before the signal").contains("PASSED");
        assertThat(errorTypes).as("the cases the signal cut off").isNotEmpty().containsOnly("interrupted");
        assertThat(outcomes).doesNotContain("FAILED");

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(boards()).as("board processes left after the run").isEmpty());
    }

    /** The process group of {@code pid}: field 5 of /proc/PID/stat (after the parenthesised command). */
    private static long processGroup(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[2]);
    }

    /** Live virtual-board processes of this test (their flash file is under its directory). */
    private List<ProcessHandle> boards() {
        String marker = dir.toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains(marker) && c.contains("VirtualBoardMain")).orElse(false))
                .toList();
    }

    private static Path onlyRun(Path results) throws Exception {
        try (var runs = Files.list(results)) {
            List<Path> dirs = runs.filter(Files::isDirectory).filter(d -> !Files.isSymbolicLink(d)).toList();
            assertThat(dirs).hasSize(1);
            return dirs.get(0);
        }
    }

    private String output() throws Exception {
        return Files.readString(dir.resolve("stdout.txt")) + Files.readString(dir.resolve("stderr.txt"));
    }
}
