package dev.qualify.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of the {@code qualify} JVM (bin/qualify execs java, so the launcher's pid is the JVM's) at three points
 * of a run on a pool of virtual boards: no process Qualify started outlives it for more than a few seconds, and a
 * second run on the same ports passes.
 */
class KillNineIT {
    private static final Duration ORPHANS_GONE = Duration.ofSeconds(6);

    @TempDir
    Path dir;

    @Test
    void killedDuringTheFirstGroupsBuildLeavesNoBuildToolAndTheNextRunPasses() throws Exception {
        Path config = new VirtualPool().board().board().write(dir);
        // the first run builds with a tool that marks its start and then never ends
        Path slowBuild = dir.resolve("slow-build");
        Files.writeString(slowBuild, "#!/bin/sh\ntouch \"" + dir.resolve("build-started") + "\"\nwhile :; do sleep 0.2; done\n");
        Files.setPosixFilePermissions(slowBuild, PosixFilePermissions.fromString("rwxr-xr-x"));
        String yaml = Files.readString(config);
        String vb = Qualify.HOME.resolve("bin/virtual-board").toString();
        String slowYaml = yaml.replace("build: {command: [\"" + vb + "\"", "build: {command: [\"" + slowBuild + "\"");
        assertThat(slowYaml).isNotEqualTo(yaml);
        Path slowConfig = Files.writeString(dir.resolve("slow.yaml"), slowYaml);

        Process p = start(slowConfig, "FullPKCS11_Core");
        Qualify.awaitWhileRunning(p, dir, Duration.ofMinutes(2), () -> Files.exists(dir.resolve("build-started")));
        assertThat(children()).as("the build tool runs").isNotEmpty();
        killNine(p);
        assertNoChildLeft();
        assertSecondRunPasses(config);
    }

    @Test
    void killedDuringAGroupsTestsLeavesNoBoardAndTheNextRunOnTheSamePortsPasses() throws Exception {
        Path config = new VirtualPool().board("--line-delay-ms", "300").board("--line-delay-ms", "300").write(dir);
        Process p = start(config, "FullPKCS11_Core,FullTransportInterfacePlainText");
        Qualify.awaitWhileRunning(p, dir, Duration.ofMinutes(2), () -> journalContains("\"outcome\":\"PASSED\"") && boardProcesses() > 0);
        killNine(p);
        assertNoChildLeft();
        assertSecondRunPasses(withoutLineDelay(config));
    }

    @Test
    void killedBetweenGroupsLeavesNoBoardAndTheNextRunOnTheSamePortsPasses() throws Exception {
        Path config = new VirtualPool().board().board("--line-delay-ms", "300").write(dir);
        Process p = start(config, "FullPKCS11_Core,FullTransportInterfacePlainText,FullTransportInterfaceTLS");
        // a device group has just ended (its board powered down); the next one is being prepared, the other board runs
        Qualify.awaitWhileRunning(p, dir, Duration.ofMinutes(3), () -> journalContains("\"event\":\"group-finished\""));
        killNine(p);
        assertNoChildLeft();
        assertSecondRunPasses(withoutLineDelay(config));
    }

    private Process start(Path config, String groups) throws Exception {
        Process p = Qualify.start(dir, "run", "--config", config.toString(), "--group", groups,
                "--output", dir.resolve("results").toString());
        // bin/qualify execs the JVM: the pid we hold is the JVM's
        await().atMost(10, TimeUnit.SECONDS).until(() -> p.info().command().map(c -> c.endsWith("/java")).orElse(false));
        return p;
    }


    private static void killNine(Process p) throws Exception {
        assertThat(new ProcessBuilder("kill", "-9", String.valueOf(p.pid())).start().waitFor()).isZero();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(128 + 9);
    }

    private void assertNoChildLeft() {
        await().atMost(ORPHANS_GONE).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(children()).as("processes Qualify started, still alive after its kill -9").isEmpty());
    }

    private void assertSecondRunPasses(Path config) throws Exception {
        Path out = dir.resolve("second");
        Files.createDirectories(out);
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--group", "FullPKCS11_Core",
                "--output", out.toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        Map<String, String> all = JUnitXml.outcomes(r.runDir().resolve("junit.xml"), "board-1");
        all.putAll(JUnitXml.outcomes(r.runDir().resolve("junit.xml"), "board-2"));
        assertThat(all).isNotEmpty();
        assertThat(all.values()).containsOnly("passed");
        assertThat(children()).isEmpty();
    }

    private Path withoutLineDelay(Path config) throws Exception {
        String yaml = Files.readString(config).replace(", \"--line-delay-ms\", \"300\"", "");
        return Files.writeString(dir.resolve("fast.yaml"), yaml);
    }

    /** Live processes whose command line names this test's directory: board processes, build and flash tools. */
    private List<String> children() {
        String marker = dir.toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(h -> h.pid() != ProcessHandle.current().pid())
                .map(h -> h.info().commandLine().orElse(""))
                .filter(c -> c.contains(marker))
                .toList();
    }

    private long boardProcesses() {
        return children().stream().filter(c -> c.contains("VirtualBoardMain") && c.contains(" run ")).count();
    }

    private boolean journalContains(String s) throws Exception {
        Path results = dir.resolve("results");
        if (!Files.isDirectory(results)) return false;
        try (var runs = Files.list(results)) {
            for (Path run : runs.toList()) {
                Path j = run.resolve("journal.jsonl");
                if (Files.exists(j) && Files.readString(j, StandardCharsets.UTF_8).contains(s)) return true;
            }
        }
        return false;
    }
}
