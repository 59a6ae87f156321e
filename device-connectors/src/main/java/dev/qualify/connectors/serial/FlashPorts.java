package dev.qualify.connectors.serial;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The separate flash ports of devices ({@code flashPort} in a serial section), resolved when asked, so a flash
 * driver (e.g. a command flasher's placeholder) gets today's path of a USB adapter that may have been renumbered.
 * Keyed by device id and run work directory, like the other per-device registries.
 */
public final class FlashPorts {
    private static final Map<String, PortSource> PORTS = new ConcurrentHashMap<>();

    private FlashPorts() {
    }

    /** Records the flash port of {@code deviceId}. */
    public static void register(String deviceId, Path workDir, PortSource source) {
        PORTS.put(key(deviceId, workDir), source);
    }

    /** Forgets the flash port of {@code deviceId}. */
    public static void unregister(String deviceId, Path workDir) {
        PORTS.remove(key(deviceId, workDir));
    }

    /**
     * The flash port's path right now.
     *
     * @return empty when the device has no separate flash port
     * @throws IOException when it has one but it is absent or ambiguous
     */
    public static Optional<String> resolve(String deviceId, Path workDir) throws IOException {
        PortSource source = PORTS.get(key(deviceId, workDir));
        if (source == null) return Optional.empty();
        return Optional.of(source.locate().orElseThrow(() -> new IOException("flash port " + source.describe()
                + " of device " + deviceId + " is not present")));
    }

    private static String key(String deviceId, Path workDir) {
        return deviceId + "\u0000" + (workDir == null ? "" : workDir.toAbsolutePath().normalize());
    }
}
