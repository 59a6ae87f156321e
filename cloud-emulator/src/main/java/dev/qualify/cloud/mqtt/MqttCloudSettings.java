package dev.qualify.cloud.mqtt;

import dev.qualify.api.cloud.Endpoint;
import dev.qualify.api.driver.SettingsException;
import dev.qualify.api.support.Suggestions;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code cloud} section of {@code type: mqtt}: an MQTT broker over TLS that Qualify does not run.
 *
 * <pre>
 * cloud:
 *   type: mqtt
 *   endpoint: broker.lab.example   # host name or address; the broker's certificate must name it
 *   port: 8883                     # default 8883
 *   ca: ca.pem                     # the CA (PEM) that signs the broker's certificate
 *   cert: client.pem               # a client certificate and its key (PEM) ...
 *   key: client.key
 *   username: lab                  # ... and/or a user name and password
 *   password: "{{env.BROKER_PASSWORD}}"
 *   devices:                       # per device (by device id), instead of the above
 *     board-1: {cert: b1.pem, key: b1.key}
 * </pre>
 *
 * Relative paths are resolved against the config file's directory.
 *
 * @param login   the login of every device without its own, and of Qualify's check; null when only devices have one
 * @param devices the devices' own logins, by device id (also their MQTT client id)
 */
record MqttCloudSettings(Endpoint endpoint, Path ca, MqttLogin login, Map<String, MqttLogin> devices) {
    static final int DEFAULT_PORT = 8883;
    private static final Set<String> KEYS = Set.of("endpoint", "port", "ca", "cert", "key", "username", "password", "devices");
    private static final Set<String> LOGIN_KEYS = Set.of("cert", "key", "username", "password");

    /** @throws SettingsException naming the key that is missing or wrong */
    static MqttCloudSettings of(Map<String, Object> s, Path baseDir) {
        unknownKeys(s, KEYS, "");
        Object host = s.get("endpoint");
        if (host == null || String.valueOf(host).isBlank()) {
            throw new SettingsException("endpoint", "cloud.type mqtt needs the broker's host name: endpoint",
                    "add endpoint: broker.example.com");
        }
        int port = port(s.get("port"));
        Object ca = s.get("ca");
        if (ca == null) {
            throw new SettingsException("ca", "cloud.type mqtt needs the CA certificate (PEM) that signs the broker's"
                    + " certificate: ca", "add ca: ca.pem");
        }
        MqttLogin top = login("", s, baseDir).orElse(null);
        Map<String, MqttLogin> devices = new LinkedHashMap<>();
        Object d = s.get("devices");
        if (d != null) {
            if (!(d instanceof Map<?, ?> m)) throw new SettingsException("devices", "devices must map device ids to logins", null);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String id = String.valueOf(e.getKey());
                if (!(e.getValue() instanceof Map<?, ?> dm)) {
                    throw new SettingsException("devices." + id, "devices." + id + " must be {cert, key} and/or {username, password}", null);
                }
                @SuppressWarnings("unchecked") Map<String, Object> dv = (Map<String, Object>) dm;
                unknownKeys(dv, LOGIN_KEYS, "devices." + id + ".");
                devices.put(id, login("devices." + id, dv, baseDir).orElseThrow(() -> new SettingsException("devices." + id,
                        "devices." + id + " gives no login: set cert and key, or username and password", null)));
            }
        }
        if (top == null && devices.isEmpty()) {
            throw new SettingsException("cert", "cloud.type mqtt needs a login: cert and key (PEM files), or username and"
                    + " password, or one per device under devices", "add cert: client.pem and key: client.key");
        }
        return new MqttCloudSettings(new Endpoint(String.valueOf(host), port), resolve(baseDir, ca), top, Map.copyOf(devices));
    }

    /** The login of device {@code id}: its own, else the top-level one. */
    Optional<MqttLogin> loginOf(String id) {
        return Optional.ofNullable(devices.getOrDefault(id, login));
    }

    private static Optional<MqttLogin> login(String key, Map<String, Object> s, Path baseDir) {
        Object cert = s.get("cert");
        Object privateKey = s.get("key");
        String prefix = key.isEmpty() ? "" : key + ".";
        if ((cert == null) != (privateKey == null)) {
            throw new SettingsException(prefix + (cert == null ? "cert" : "key"), "cert and key must be given together", null);
        }
        Object user = s.get("username");
        Object password = s.get("password");
        if (password != null && user == null) throw new SettingsException(prefix + "username", "password needs a username", null);
        if (cert == null && user == null) return Optional.empty();
        return Optional.of(new MqttLogin(key, cert == null ? null : resolve(baseDir, cert),
                privateKey == null ? null : resolve(baseDir, privateKey),
                user == null ? null : String.valueOf(user), password == null ? null : String.valueOf(password)));
    }

    private static int port(Object value) {
        if (value == null) return DEFAULT_PORT;
        try {
            int p = value instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(value));
            if (p < 1 || p > 65535) throw new NumberFormatException();
            return p;
        } catch (NumberFormatException e) {
            throw new SettingsException("port", "port must be 1..65535, not " + value, "the MQTT over TLS port is usually 8883");
        }
    }

    private static void unknownKeys(Map<String, Object> s, Set<String> known, String prefix) {
        for (String k : s.keySet()) {
            if (!known.contains(k)) {
                throw new SettingsException(prefix + k, "unknown key '" + k + "' of cloud.type mqtt",
                        Suggestions.closest(k, known).map(x -> "did you mean '" + x + "'?").orElse("known keys: " + new java.util.TreeSet<>(known)));
            }
        }
    }

    private static Path resolve(Path baseDir, Object path) {
        return baseDir.resolve(String.valueOf(path)).normalize();
    }
}
