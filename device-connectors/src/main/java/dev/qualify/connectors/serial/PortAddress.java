package dev.qualify.connectors.serial;

import dev.qualify.api.driver.SettingsException;

import java.util.Map;

/**
 * How config names a port: a path ({@code /dev/ttyUSB0}, {@code /dev/serial/by-id/...}, a pty) or a USB identity.
 * Exactly one of the two is set.
 *
 * @param path a device path, or null
 * @param usb  a USB identity, or null
 */
public record PortAddress(String path, UsbIdentity usb) {
    public PortAddress {
        if ((path == null) == (usb == null)) throw new IllegalArgumentException("exactly one of path and usb");
    }

    /**
     * Reads a port given either as a string (a path) or as a map (a USB identity).
     *
     * @param value the config value
     * @param key   its key, for errors
     */
    @SuppressWarnings("unchecked")
    public static PortAddress read(Object value, String key) {
        if (value instanceof Map<?, ?> m) {
            try {
                return new PortAddress(null, UsbIdentity.read((Map<String, Object>) m));
            } catch (SettingsException e) {
                throw new SettingsException(key + "." + e.key().replaceFirst("^usb\\.", ""), e.getMessage(), e.suggestion());
            }
        }
        if (value == null || String.valueOf(value).isBlank() || value instanceof java.util.List) {
            throw new SettingsException(key, "must be a device path or a usb section", key + ": /dev/ttyUSB0");
        }
        return new PortAddress(String.valueOf(value).trim(), null);
    }

    /** The source that looks this port up at every open. */
    public PortSource source(UsbPortFinder finder) {
        return path != null ? PortSource.path(path) : PortSource.usb(usb, finder);
    }

    /** For messages. */
    public String describe() {
        return path != null ? path : usb.describe();
    }
}
