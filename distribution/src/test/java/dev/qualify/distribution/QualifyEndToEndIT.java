package dev.qualify.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole product through the real {@code bin/qualify}: virtual board processes, tcp-serial consoles, build and
 * flash commands, the scheduler on the JUnit Platform, the journal and every report.
 */
class QualifyEndToEndIT {
    private static final int PKCS11_CASES = 10;
    /**
     * The demo's groups: host checks 1 + 5, PKCS #11 core 10, import EC 9 / RSA 7, onboard EC 9 / RSA 6, transport
     * plain text 14 and TLS 14, OTA PAL 15, OTA end to end over MQTT 14 (of which {@code OTAE2EPresignedUrlExpired},
     * about HTTP delivery only, is skipped), and FullCloudIoT's 24 Device Advisor cases.
     */
    private static final int DEMO_CASES = 6 + 10 + 9 + 7 + 9 + 6 + 14 + 14 + 15 + 14 + 24;

    @TempDir
    Path dir;

    @Test
    void demoPassesOnTwoBoardsWithExitZeroAndValidJUnitXml() throws Exception {
        Qualify.Result r = Qualify.run(dir, "demo", "--output", dir.resolve("results").toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        Path runDir = r.runDir();
        Path xml = runDir.resolve("junit.xml");
        JUnitXml.validate(xml);
        Map<String, String> vb1 = JUnitXml.outcomes(xml, "vb-1");
        Map<String, String> vb2 = JUnitXml.outcomes(xml, "vb-2");
        assertThat(JUnitXml.cases(xml, "vb-1") + JUnitXml.cases(xml, "vb-2")).isEqualTo(DEMO_CASES);
        assertThat(vb1).isNotEmpty();
        assertThat(vb2).isNotEmpty();
        Map<String, String> both = new java.util.HashMap<>(vb1);
        both.putAll(vb2);
        assertThat(both).as("the OTA group ran").containsEntry("OTAE2EGreaterVersion", "passed")
                .containsEntry("OTAE2EPresignedUrlExpired", "skipped");
        for (Map<String, String> board : List.of(vb1, vb2)) {
            assertThat(board).allSatisfy((name, outcome) -> assertThat(outcome).as(name)
                    .isEqualTo(name.equals("OTAE2EPresignedUrlExpired") ? "skipped" : "passed"));
        }
        assertThat(r.stdout()).contains("========== Test Summary ==========").contains("Report: " + runDir.resolve("report.html"));
        assertThat(runDir.resolve("report.html")).content().contains("PKCS11_Digest").contains("Transport_SendRecvCompare");
        assertThat(runDir.resolve("results.json")).isNotEmptyFile();
        assertThat(runDir.getParent().resolve("latest")).isSymbolicLink();
        try (var logs = Files.walk(runDir.resolve("logs"))) {
            assertThat(logs.filter(p -> p.getFileName().toString().equals("PKCS11_Digest.log"))).hasSize(1);
        }
    }

    @Test
    void aBoardFailingOneCaseGivesExitOneWithThatCaseAsFailureAndTheOthersPassed() throws Exception {
        Path config = new VirtualPool().board("--fail-case", "PKCS11_Digest").write(dir);
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--group", "FullPKCS11_Core",
                "--output", dir.resolve("results").toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(1);
        Path xml = r.runDir().resolve("junit.xml");
        JUnitXml.validate(xml);
        Map<String, String> outcomes = JUnitXml.outcomes(xml, "board-1");
        assertThat(outcomes).hasSize(PKCS11_CASES).containsEntry("PKCS11_Digest", "failure");
        outcomes.remove("PKCS11_Digest");
        assertThat(outcomes.values()).containsOnly("passed");
        assertThat(r.stdout()).contains("PKCS11_Digest").contains("Tests Failed:       1");
    }

    @Test
    void aHangingBoardIsAnErrorAfterItsTimeoutWithExitThreeAndTheOtherBoardsResultsIntact() throws Exception {
        Path config = new VirtualPool().board("--hang-after-lines", "4").board().testTimeout("8s").write(dir);
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--output", dir.resolve("results").toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(3);
        Path xml = r.runDir().resolve("junit.xml");
        JUnitXml.validate(xml);
        Map<String, String> hung = JUnitXml.outcomes(xml, "board-1");
        Map<String, String> healthy = JUnitXml.outcomes(xml, "board-2");
        assertThat(hung).containsValue("error").doesNotContainValue("failure");
        assertThat(JUnitXml.message(xml, "DeviceOutput")).contains("within 8000 ms").contains("last seen");
        assertThat(healthy).isNotEmpty();
        assertThat(healthy.values()).containsOnly("passed");
    }

    @Test
    void sigintStopsTheRunWithExit130AReportOfWhatFinishedAndNoBoardLeftAlive() throws Exception {
        Path config = new VirtualPool().board("--line-delay-ms", "400").board("--line-delay-ms", "400").write(dir);
        Path results = dir.resolve("results");
        Process p = Qualify.start(dir, "run", "--config", config.toString(), "--output", results.toString());
        // the host checks pass at once: wait until a board runs and some test has passed
        await().atMost(2, TimeUnit.MINUTES).until(() -> journalHasAPassedTest(results) && boardProcesses(config) > 0);
        long boardsBefore = boardProcesses(config);
        assertThat(boardsBefore).isPositive();
        new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Qualify.Result r = Qualify.finished(p, dir);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(130);
        Path runDir = r.runDir();
        JUnitXml.validate(runDir.resolve("junit.xml"));
        Map<String, String> all = JUnitXml.outcomes(runDir.resolve("junit.xml"), "board-1");
        all.putAll(JUnitXml.outcomes(runDir.resolve("junit.xml"), "board-2"));
        assertThat(all).containsValue("passed");
        assertThat(Files.readString(runDir.resolve("summary.txt"))).contains("interrupted");
        List<String> journal = Files.readAllLines(runDir.resolve("journal.jsonl"));
        assertThat(journal.get(journal.size() - 1)).as("the journal survives the interrupt to its last event")
                .contains("\"event\":\"run-finished\"").contains("\"exitCode\":130");
        assertThat(boardProcesses(config)).isZero();
    }

    private static boolean journalHasAPassedTest(Path results) throws Exception {
        if (!Files.isDirectory(results)) return false;
        try (var runs = Files.list(results)) {
            for (Path run : runs.toList()) {
                Path j = run.resolve("journal.jsonl");
                if (Files.exists(j) && Files.readString(j, StandardCharsets.UTF_8).contains("\"outcome\":\"PASSED\"")) return true;
            }
        }
        return false;
    }

    /** Board processes started for this config (their command line names its per-run flash file under dir). */
    private long boardProcesses(Path config) {
        String marker = config.getParent().toString();
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().map(c -> c.contains("VirtualBoardMain") && c.contains(" run ") && c.contains(marker)).orElse(false))
                .count();
    }
}
