package dev.qualify.connectors.power;

import dev.qualify.connectors.settings.Settings;
import dev.qualify.api.support.Suggestions;
import dev.qualify.api.driver.SettingsException;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a board is reset through its serial port's modem lines, as config writes it:
 * {@code reset: {pulse: esp32, ms: 100, invert: false}}.
 *
 * <p>Sequences ("assert" means the line is made active; {@code invert} swaps active and inactive for boards whose
 * adapter wires a line the other way round):
 * <ul>
 *   <li>{@code dtr}: assert DTR for {@code ms}, release it (Arduino-style auto-reset through a capacitor).</li>
 *   <li>{@code rts}: assert RTS for {@code ms}, release it.</li>
 *   <li>{@code esp32}: DTR released (IO0 high, normal boot), RTS asserted (EN low) for {@code ms}, RTS released:
 *       esptool's hard reset into the application.</li>
 *   <li>{@code esp32-bootloader}: esptool's classic reset into the ROM download mode: DTR released and RTS
 *       asserted for {@code ms}, then DTR asserted and RTS released for 50 ms, then DTR released.</li>
 * </ul>
 *
 * @param kind     which sequence
 * @param width    how long the reset line is held
 * @param inverted whether both lines are active-low on this adapter
 */
public record ResetPulse(Kind kind, Duration width, boolean inverted) {
    /** The keys of a reset section. */
    public static final Set<String> KEYS = Set.of("pulse", "ms", "invert");
    private static final Duration BOOT_PIN_HOLD = Duration.ofMillis(50);

    /** The sequences a reset section may name. */
    public enum Kind {
        DTR("dtr"), RTS("rts"), ESP32("esp32"), ESP32_BOOTLOADER("esp32-bootloader");

        private final String configName;

        Kind(String configName) {
            this.configName = configName;
        }

        /** The name used in config. */
        public String configName() {
            return configName;
        }
    }

    public ResetPulse {
        if (kind == null) throw new IllegalArgumentException("kind is required");
        if (width == null || width.isNegative() || width.isZero()) throw new IllegalArgumentException("width must be positive");
    }

    /**
     * Reads a reset section.
     *
     * @param section the section's map
     * @param prefix  the section's key in its parent (e.g. {@code reset}), prefixed to keys in errors; null for none
     * @throws SettingsException naming {@code prefix.key}
     */
    public static ResetPulse read(Map<String, Object> section, String prefix) {
        try {
            Settings s = new Settings(section).allowOnly(KEYS);
            String name = s.string("pulse", Kind.DTR.configName());
            Kind kind = Arrays.stream(Kind.values()).filter(k -> k.configName().equals(name.trim().toLowerCase()))
                    .findFirst().orElseThrow(() -> {
                        List<String> names = Arrays.stream(Kind.values()).map(Kind::configName).toList();
                        return new SettingsException("pulse", "unknown reset pulse '" + name + "'", Suggestions.closest(name, names)
                                .map(c -> "did you mean '" + c + "'?").orElse("one of " + names));
                    });
            int ms = s.integer("ms", 100, 1, 60_000);
            return new ResetPulse(kind, Duration.ofMillis(ms), s.bool("invert", false));
        } catch (SettingsException e) {
            if (prefix == null) throw e;
            throw new SettingsException(prefix + "." + e.key(), e.getMessage(), e.suggestion());
        }
    }

    /** Resets the board: runs the whole sequence and returns with every line released. */
    public void pulse(ModemLines lines) {
        switch (kind) {
            case DTR -> {
                dtr(lines, true);
                sleep(width);
                dtr(lines, false);
            }
            case RTS -> {
                rts(lines, true);
                sleep(width);
                rts(lines, false);
            }
            case ESP32 -> {
                both(lines, false, true);
                sleep(width);
                both(lines, false, false);
            }
            case ESP32_BOOTLOADER -> {
                both(lines, false, true);
                sleep(width);
                both(lines, true, false);
                sleep(BOOT_PIN_HOLD);
                both(lines, false, false);
            }
        }
    }

    /** Holds the board in reset (power "off"): asserts the reset line and leaves it asserted. */
    public void hold(ModemLines lines) {
        switch (kind) {
            case DTR -> dtr(lines, true);
            case RTS -> rts(lines, true);
            case ESP32, ESP32_BOOTLOADER -> both(lines, false, true);
        }
    }

    /** Lets the board run (power "on"): releases every line. */
    public void release(ModemLines lines) {
        both(lines, false, false);
    }

    /** For messages, e.g. {@code esp32 pulse of 100 ms}. */
    public String describe() {
        return kind.configName() + " pulse of " + width.toMillis() + " ms" + (inverted ? " (inverted lines)" : "");
    }

    private void dtr(ModemLines lines, boolean asserted) {
        lines.setDtr(asserted != inverted);
    }

    private void rts(ModemLines lines, boolean asserted) {
        lines.setRts(asserted != inverted);
    }

    private void both(ModemLines lines, boolean dtr, boolean rts) {
        lines.setBoth(dtr != inverted, rts != inverted);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.qualify.api.device.InfrastructureException("interrupted", "interrupted during a reset pulse", e);
        }
    }
}
