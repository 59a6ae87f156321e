package dev.qualify.connectors.qemu;

import dev.qualify.testkit.TestDriverContexts;
import dev.qualify.connectors.serial.RecordingTranscript;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.device.PowerControl;
import dev.qualify.api.device.InfrastructureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The qemu drivers' failure paths, which need no QEMU. */
class QemuBoardTest {
    @TempDir
    Path dir;
    private final RecordingTranscript transcript = new RecordingTranscript();

    private DriverContext ctx() {
        return TestDriverContexts.forDevice("q-1", dir, transcript);
    }

    @Test
    void flashingAMissingImageIsAFlashFailureNamingIt() {
        var flasher = new QemuFlasherFactory().create(Map.of(), ctx());
        assertThatThrownBy(() -> flasher.flash(dir.resolve("nope.elf")))
                .isInstanceOfSatisfying(InfrastructureException.class, e -> {
                    assertThat(e.type()).isEqualTo("flash-failed");
                    assertThat(e.getMessage()).contains("nope.elf");
                });
    }

    @Test
    void flashingCopiesTheImageIntoTheDeviceWorkDirectory() throws Exception {
        Path image = Files.writeString(dir.resolve("fw.elf"), "image bytes");
        new QemuFlasherFactory().create(Map.of(), ctx()).flash(image);
        assertThat(dir.resolve("qemu/flash-fw.elf")).hasContent("image bytes");
        assertThat(transcript.notes()).anyMatch(n -> n.startsWith("flashed " + image));
    }

    @Test
    void powerOnWithNothingFlashedIsAPowerFailureSayingWhatToDo() {
        PowerControl power = new QemuPowerFactory().create(Map.of("machine", "lm3s6965evb"), ctx());
        assertThatThrownBy(power::on).isInstanceOfSatisfying(InfrastructureException.class, e -> {
            assertThat(e.type()).isEqualTo("power-failed");
            assertThat(e.getMessage()).contains("no image to boot");
        });
    }

    @Test
    void powerOnWithAMissingEmulatorIsAPowerFailureNamingTheProgram() throws Exception {
        Path image = Files.writeString(dir.resolve("fw.elf"), "x");
        PowerControl power = new QemuPowerFactory().create(Map.of("machine", "lm3s6965evb",
                "binary", "/nonexistent/qemu-system-arm", "image", image.toString()), ctx());
        assertThatThrownBy(power::on).isInstanceOfSatisfying(InfrastructureException.class, e -> {
            assertThat(e.type()).isEqualTo("power-failed");
            assertThat(e.getMessage()).contains("/nonexistent/qemu-system-arm");
        });
    }

    @Test
    void consoleOrFlasherWithoutAPowerSectionCannotStartTheBoard() throws Exception {
        DriverContext ctx = ctx();
        new QemuFlasherFactory().create(Map.of(), ctx).flash(Files.writeString(dir.resolve("fw.elf"), "x"));
        assertThatThrownBy(() -> QemuBoards.of(ctx).powerOn())
                .isInstanceOfSatisfying(InfrastructureException.class, e -> assertThat(e.getMessage()).contains("no qemu power section"));
    }
}
