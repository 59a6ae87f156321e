package dev.qualify.connectors.serial;

import dev.qualify.connectors.power.ResetPulse;
import dev.qualify.connectors.settings.Settings;
import dev.qualify.api.driver.SettingsException;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A {@code serial} console section:
 * <pre>
 * console:
 *   type: serial
 *   port: /dev/ttyUSB0                # or usb: {vendorId: "10c4", productId: "ea60", serialNumber: "0001", interface: 0}
 *   baud: 115200                      # dataBits: 8, parity: none, stopBits: 1, flowControl: none
 *   reopenDeadline: 30s               # how long a vanished port is waited for (scaled by the timeout multiplier)
 *   reset: {pulse: esp32, ms: 100}    # how this board is reset through DTR/RTS
 *   resetOnOpen: false                # pulse the reset once the port is open, so the boot is seen from its start
 *   flashPort: /dev/ttyUSB1           # a separate port the flash tool uses (path or usb section)
 * </pre>
 *
 * @param port           the console port
 * @param line           framing
 * @param reopenDeadline unscaled wait for a vanished or not yet present port
 * @param reset          the reset sequence, or null when the board has no auto-reset wiring
 * @param resetOnOpen    whether to pulse {@code reset} right after opening
 * @param flashPort      a separate flash port, or null
 */
public record SerialSettings(PortAddress port, LineSettings line, Duration reopenDeadline, ResetPulse reset,
                             boolean resetOnOpen, PortAddress flashPort) {
    /** The keys a serial section may have. */
    public static final Set<String> KEYS;
    /** The default reopen deadline. */
    public static final Duration DEFAULT_REOPEN_DEADLINE = Duration.ofSeconds(30);

    static {
        Set<String> k = new HashSet<>(LineSettings.KEYS);
        k.addAll(Set.of("port", "usb", "reopenDeadline", "reset", "resetOnOpen", "flashPort"));
        KEYS = Set.copyOf(k);
    }

    /**
     * Reads and checks a section (without {@code type}).
     *
     * @throws SettingsException naming the key
     */
    @SuppressWarnings("unchecked")
    public static SerialSettings read(Map<String, Object> section) {
        Settings s = new Settings(section).allowOnly(KEYS);
        boolean hasPort = s.has("port");
        boolean hasUsb = s.has("usb");
        if (hasPort == hasUsb) {
            throw new SettingsException(hasPort ? "usb" : "port", hasPort ? "give either port or usb, not both"
                    : "required key 'port' is missing", "port: /dev/ttyUSB0, or usb: {vendorId: \"10c4\", productId: \"ea60\"}");
        }
        PortAddress port;
        if (hasUsb) {
            Object usb = section.get("usb");
            if (!(usb instanceof Map)) throw new SettingsException("usb", "must be a section with vendorId and productId", null);
            port = PortAddress.read(usb, "usb");
        } else {
            port = PortAddress.read(section.get("port"), "port");
        }
        LineSettings line = LineSettings.read(section);
        Duration reopen = s.duration("reopenDeadline", DEFAULT_REOPEN_DEADLINE);
        ResetPulse reset = null;
        if (s.has("reset")) {
            Object r = section.get("reset");
            if (!(r instanceof Map)) throw new SettingsException("reset", "must be a section", "reset: {pulse: dtr, ms: 100}");
            reset = ResetPulse.read((Map<String, Object>) r, "reset");
        }
        boolean resetOnOpen = s.bool("resetOnOpen", false);
        if (resetOnOpen && reset == null) {
            throw new SettingsException("resetOnOpen", "resetOnOpen needs a reset section saying how to reset",
                    "reset: {pulse: dtr, ms: 100}");
        }
        PortAddress flash = s.has("flashPort") ? PortAddress.read(section.get("flashPort"), "flashPort") : null;
        return new SerialSettings(port, line, reopen, reset, resetOnOpen, flash);
    }
}
