package dev.qualify.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pool of one board, the commonest lab: every group runs on it one after another, each from a known state
 * (the previous board process ended and its UART port released before the next power-on), through the real
 * {@code bin/qualify}.
 */
class OneBoardPoolIT {
    /**
     * Every device group one virtual board can have: host checks 1 + 5, PKCS #11 core 10, import EC 9 / RSA 7,
     * onboard EC 9 / RSA 6 (these five share one image and one boot), transport plain text 14 and TLS 14, OTA PAL 15.
     */
    private static final int CASES = 6 + 10 + 9 + 7 + 9 + 6 + 14 + 14 + 15;

    @TempDir
    Path dir;

    @Test
    void everyGroupRunsInSequenceOnTheOnlyBoardAndTheRunPasses() throws Exception {
        Path config = new VirtualPool().features("PKCS11: Both, KeyProvisioning: Both, OTA: \"Yes\"").board().write(dir);
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--output", dir.resolve("results").toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        Path runDir = r.runDir();
        JUnitXml.validate(runDir.resolve("junit.xml"));
        Map<String, String> outcomes = JUnitXml.outcomes(runDir.resolve("junit.xml"), "board-1");
        assertThat(JUnitXml.cases(runDir.resolve("junit.xml"), "board-1")).isEqualTo(CASES);
        assertThat(outcomes.values()).containsOnly("passed");
        List<String> journal = Files.readAllLines(runDir.resolve("journal.jsonl"), StandardCharsets.UTF_8);
        assertThat(journal.stream().filter(l -> l.contains("\"event\":\"device-prepared\"") && l.contains("\"device\":\"board-1\"")
                && l.contains(", flashed\""))).as("four images flashed: PKCS #11 (shared by five groups), plain text, TLS, OTA").hasSize(4);
        assertThat(journal.stream().filter(l -> l.contains("\"event\":\"device-prepared\"") && l.contains("same boot as the previous group")))
                .as("four PKCS #11 groups ran in the boot of the first").hasSize(4);
        String pkcs11Log = Files.readString(runDir.resolve("logs/board-1/FullPKCS11_Core/_group.log"), StandardCharsets.UTF_8);
        String transportLog = Files.readString(runDir.resolve("logs/board-1/FullTransportInterfacePlainText/_group.log"), StandardCharsets.UTF_8);
        assertThat(pkcs11Log).as("the board stays up for the next PKCS #11 group").contains("stays up for the next group");
        String lastPkcs11Log = Files.readString(runDir.resolve("logs/board-1/FullPKCS11_Onboard_RSA/_group.log"), StandardCharsets.UTF_8);
        assertThat(lastPkcs11Log).as("the board is powered off after the last group of its boot").contains("power off: killing pid");
        assertThat(transportLog).doesNotContain("Address already in use").contains("device prepared");
        assertThat(boardProcesses(config)).as("no board process is left").isZero();
    }

    private static long boardProcesses(Path config) {
        String marker = config.getParent().toString();
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().map(c -> c.contains("VirtualBoardMain") && c.contains(" run ") && c.contains(marker)).orElse(false))
                .count();
    }
}
