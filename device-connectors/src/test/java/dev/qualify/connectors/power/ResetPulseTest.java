package dev.qualify.connectors.power;

import dev.qualify.api.driver.SettingsException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResetPulseTest {
    private final RecordingLines lines = new RecordingLines();

    private static ResetPulse pulse(ResetPulse.Kind kind, boolean inverted) {
        return new ResetPulse(kind, Duration.ofMillis(1), inverted);
    }

    @Test
    void dtrPulseAssertsThenReleasesDtr() {
        pulse(ResetPulse.Kind.DTR, false).pulse(lines);
        assertThat(lines.events).containsExactly("DTR=1", "DTR=0");
    }

    @Test
    void rtsPulseAssertsThenReleasesRts() {
        pulse(ResetPulse.Kind.RTS, false).pulse(lines);
        assertThat(lines.events).containsExactly("RTS=1", "RTS=0");
    }

    @Test
    void esp32HardResetHoldsEnLowWithIo0HighThenReleases() {
        pulse(ResetPulse.Kind.ESP32, false).pulse(lines);
        assertThat(lines.events).containsExactly("DTR=0", "RTS=1", "DTR=0", "RTS=0");
    }

    @Test
    void esp32BootloaderResetDrivesIo0LowAsEnRises() {
        pulse(ResetPulse.Kind.ESP32_BOOTLOADER, false).pulse(lines);
        assertThat(lines.events).containsExactly("DTR=0", "RTS=1", "DTR=1", "RTS=0", "DTR=0", "RTS=0");
    }

    @Test
    void invertedLinesSwapEveryLevel() {
        pulse(ResetPulse.Kind.DTR, true).pulse(lines);
        assertThat(lines.events).containsExactly("DTR=0", "DTR=1");
    }

    @Test
    void holdLeavesTheResetLineAssertedAndReleaseFreesBoth() {
        ResetPulse p = pulse(ResetPulse.Kind.RTS, false);
        p.hold(lines);
        p.release(lines);
        assertThat(lines.events).containsExactly("RTS=1", "DTR=0", "RTS=0");
    }

    @Test
    void readsConfigAndNamesBadKeysUnderItsPrefix() {
        assertThat(ResetPulse.read(Map.of("pulse", "esp32-bootloader", "ms", 20, "invert", true), "reset"))
                .isEqualTo(new ResetPulse(ResetPulse.Kind.ESP32_BOOTLOADER, Duration.ofMillis(20), true));
        assertThat(ResetPulse.read(Map.of(), null).kind()).isEqualTo(ResetPulse.Kind.DTR);
        assertThatThrownBy(() -> ResetPulse.read(Map.of("msec", 20), "reset"))
                .isInstanceOfSatisfying(SettingsException.class, e -> {
                    assertThat(e.key()).isEqualTo("reset.msec");
                    assertThat(e.suggestion()).isEqualTo("did you mean 'ms'?");
                });
        assertThatThrownBy(() -> ResetPulse.read(Map.of("ms", 0), null))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("ms"));
    }
}
