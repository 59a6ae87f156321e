package dev.qualify.api.support;

import org.apiguardian.api.API;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which config values are secret, and their redaction. A key is secret when its name says so (password,
 * passphrase, pin, secret, token, private key); its value is replaced wherever config is printed or journaled.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class Secrets {
    public static final String REDACTED = "<redacted>";
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(password|passphrase|passwd|pin|secret|token|privatekey(?!path)|private_key(?!_path)|apikey|credential(?!s?path)).*");

    private Secrets() {
    }

    public static boolean isSecretKey(String key) {
        return SECRET_KEY.matcher(key).matches() && !key.toLowerCase().endsWith("path");
    }

    /** A deep copy of {@code value} with secret values replaced. */
    @SuppressWarnings("unchecked")
    public static Object redact(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                out.put(k, isSecretKey(k) && e.getValue() != null && !(e.getValue() instanceof Map) ? REDACTED : redact(e.getValue()));
            }
            return out;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(Secrets::redact).toList();
        }
        return value;
    }

    /** {@link #redact(Object)} for a map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> redactMap(Map<String, Object> map) {
        return (Map<String, Object>) redact(map);
    }
}
