package dev.qualify.connectors.power;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where an open console offers its {@link ModemLines} to the power driver of the same device, so that a
 * {@code dtr-rts} power section can pulse the lines of the port the console already holds open (opening a second
 * handle to the same port would toggle DTR on some drivers and reset the board by accident).
 *
 * <p>Entries are keyed by device id and run work directory, so two runs in one JVM (tests) never see each other's
 * ports. A console registers when it opens and unregisters when it closes.
 */
public final class ModemLineRegistry {
    private static final Map<String, ModemLines> OPEN = new ConcurrentHashMap<>();

    private ModemLineRegistry() {
    }

    /** Offers {@code lines} as the modem lines of {@code deviceId} in the run that owns {@code workDir}. */
    public static void register(String deviceId, Path workDir, ModemLines lines) {
        OPEN.put(key(deviceId, workDir), lines);
    }

    /** Withdraws {@code lines} if they are still the ones registered. */
    public static void unregister(String deviceId, Path workDir, ModemLines lines) {
        OPEN.remove(key(deviceId, workDir), lines);
    }

    /** The modem lines of the device's open console, if one is open and offers them. */
    public static Optional<ModemLines> find(String deviceId, Path workDir) {
        return Optional.ofNullable(OPEN.get(key(deviceId, workDir)));
    }

    private static String key(String deviceId, Path workDir) {
        return deviceId + "\u0000" + (workDir == null ? "" : workDir.toAbsolutePath().normalize());
    }
}
