package dev.qualify.connectors.rfc2217;

import dev.qualify.connectors.serial.LineSettings;
import dev.qualify.connectors.settings.Settings;
import dev.qualify.api.driver.SettingsException;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * An {@code rfc2217} console section:
 * <pre>
 * console:
 *   type: rfc2217
 *   host: 127.0.0.1
 *   port: 2001
 *   baud: 115200          # dataBits: 8, parity: none, stopBits: 1, flowControl: none; set on the remote port
 *   connectTimeout: 30s   # the server may still be starting (scaled)
 *   replyTimeout: 5s      # each COM-PORT-OPTION command's answer (scaled)
 * </pre>
 *
 * @param host           server host
 * @param port           server TCP port
 * @param line           framing to set remotely
 * @param connectTimeout unscaled
 * @param replyTimeout   unscaled
 */
public record Rfc2217Settings(String host, int port, LineSettings line, Duration connectTimeout, Duration replyTimeout) {
    /** The keys an rfc2217 section may have. */
    public static final Set<String> KEYS;

    static {
        Set<String> k = new HashSet<>(LineSettings.KEYS);
        k.addAll(Set.of("host", "port", "connectTimeout", "replyTimeout"));
        KEYS = Set.copyOf(k);
    }

    /**
     * Reads and checks a section (without {@code type}).
     *
     * @throws SettingsException naming the key
     */
    public static Rfc2217Settings read(Map<String, Object> section) {
        Settings s = new Settings(section).allowOnly(KEYS);
        if (!s.has("port")) throw new SettingsException("port", "required key 'port' is missing", "port: 2001");
        return new Rfc2217Settings(s.string("host", "127.0.0.1"), s.integer("port", 0, 1, 65535), LineSettings.read(section),
                s.duration("connectTimeout", Duration.ofSeconds(30)), s.duration("replyTimeout", Duration.ofSeconds(5)));
    }
}
