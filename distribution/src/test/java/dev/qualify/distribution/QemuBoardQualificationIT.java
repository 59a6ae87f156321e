package dev.qualify.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emulated Cortex-M3 board qualified through bin/qualify: firmware compiled with arm-none-eabi-gcc by its
 * Makefile, flashed, booted paused in qemu-system-arm, attached over its UART pty by the serial driver, started
 * with the handshake, its Unity output parsed, and the image identity it prints checked against the one its build
 * recorded. Needs the packages ci/test installs.
 */
class QemuBoardQualificationIT {
    @TempDir
    Path dir;

    @Test
    void theQemuBoardPassesItsSelfTestGroupAndTheMissingFpuIsSkippedNotFailed() throws Exception {
        Path config = Qualify.HOME.resolve("samples/qemu-board/qualify-qemu.yaml");
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--group", "BoardSelfTest",
                "--output", dir.resolve("results").toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        Path xml = r.runDir().resolve("junit.xml");
        JUnitXml.validate(xml);
        Map<String, String> outcomes = JUnitXml.outcomes(xml, "qemu-1");
        assertThat(outcomes).containsEntry("Sha256_MillionA", "passed").containsEntry("SysTick_InterruptsArrive", "passed")
                .containsEntry("Fpu_SinglePrecision", "skipped");
        assertThat(outcomes.values()).doesNotContain("failure", "error");
        // the identity the Makefile baked into the firmware and recorded next to the image is what the board printed
        String identity;
        try (Stream<Path> s = Files.walk(r.runDir().resolve("work/images"))) {
            Path recorded = s.filter(p -> p.getFileName().toString().equals("qemu-board.elf.identity")).findFirst().orElseThrow();
            identity = Files.readString(recorded, StandardCharsets.UTF_8).strip();
        }
        assertThat(identity).matches("[0-9a-f]{12}");
        String groupLog = Files.readString(r.runDir().resolve("logs/qemu-1/BoardSelfTest/_group.log"), StandardCharsets.UTF_8);
        assertThat(groupLog).contains("qemu-board image " + identity)
                .contains("image identity: the board runs '" + identity + "': the image flashed, qemu-board.elf (recorded identity " + identity);
    }
}
