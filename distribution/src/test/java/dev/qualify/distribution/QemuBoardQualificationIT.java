package dev.qualify.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emulated Cortex-M3 board qualified through bin/qualify: firmware compiled with arm-none-eabi-gcc by its
 * Makefile, flashed, booted paused in qemu-system-arm, attached over its UART pty by the serial driver, started
 * with the handshake, its Unity output parsed. Needs the packages ci/test installs.
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
    }
}
