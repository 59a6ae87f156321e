package dev.qualify.connectors.power;

import dev.qualify.testkit.TestDriverContexts;
import dev.qualify.connectors.serial.RecordingTranscript;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.core.device.DriverRegistry;
import dev.qualify.api.device.PowerControl;
import dev.qualify.api.driver.SettingsException;
import dev.qualify.api.device.InfrastructureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PowerDriversTest {
    @TempDir
    Path dir;
    private final RecordingTranscript transcript = new RecordingTranscript();

    private DriverContext ctx() {
        return TestDriverContexts.forDevice("dev-1", dir, transcript);
    }

    @Test
    void manualPowerSwitchesNothingAndSaysSoForEachAction() {
        PowerControl p = new ManualPowerFactory().create(Map.of("note", "bench supply"), ctx());
        p.on();
        p.cycle();
        p.off();
        assertThat(transcript.notes()).containsExactly(
                "power on of device dev-1: manual power, nothing switched (bench supply)",
                "power cycle of device dev-1: manual power, nothing switched (bench supply)",
                "power off of device dev-1: manual power, nothing switched (bench supply)");
    }

    @Test
    void manualPowerRejectsUnknownKeys() {
        assertThatThrownBy(() -> new ManualPowerFactory().validate(Map.of("prompt", "press reset")))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("prompt"));
    }

    @Test
    void dtrRtsPowerDrivesTheLinesTheOpenConsoleRegistered() {
        RecordingLines lines = new RecordingLines();
        ModemLineRegistry.register("dev-1", dir, lines);
        try {
            PowerControl p = new DtrRtsPowerFactory().create(Map.of("pulse", "rts", "ms", 1), ctx());
            p.off();
            p.on();
            p.cycle();
            assertThat(lines.events).containsExactly("RTS=1", "DTR=0", "RTS=0", "RTS=1", "RTS=0");
            assertThat(transcript.notes()).anyMatch(n -> n.startsWith("reset via recording lines"));
        } finally {
            ModemLineRegistry.unregister("dev-1", dir, lines);
        }
    }

    @Test
    void dtrRtsPowerWithoutAnOpenConsoleIsAPowerFailure() {
        PowerControl p = new DtrRtsPowerFactory().create(Map.of(), ctx());
        assertThatThrownBy(p::cycle).isInstanceOfSatisfying(InfrastructureException.class, e -> {
            assertThat(e.type()).isEqualTo("power-failed");
            assertThat(e.getMessage()).contains("dev-1").contains("no open serial or rfc2217 console");
        });
    }

    @Test
    void everyDriverOfThisAreaIsFoundThroughTheServiceFile() {
        DriverRegistry registry = DriverRegistry.load();
        assertThat(registry.types(PowerControl.class)).contains("manual", "dtr-rts", "qemu");
        assertThat(registry.types(dev.qualify.api.device.Console.class)).contains("serial", "rfc2217", "qemu");
        assertThat(registry.types(dev.qualify.api.device.Flasher.class)).contains("qemu");
    }
}
