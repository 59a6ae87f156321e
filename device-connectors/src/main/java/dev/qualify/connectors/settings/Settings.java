package dev.qualify.connectors.settings;

import dev.qualify.api.support.Durations;
import dev.qualify.api.support.Suggestions;
import dev.qualify.api.driver.SettingsException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads from a driver's settings map, each failure a {@link SettingsException} naming the key.
 */
public final class Settings {
    private final Map<String, Object> map;

    public Settings(Map<String, Object> map) {
        this.map = map;
    }

    /** Fails on keys outside {@code allowed}, suggesting the closest allowed key. */
    public Settings allowOnly(Set<String> allowed) {
        for (String k : map.keySet()) {
            if (!allowed.contains(k)) {
                throw new SettingsException(k, "unknown key '" + k + "'", Suggestions.closest(k, allowed)
                        .map(s -> "did you mean '" + s + "'?").orElse("allowed here: " + new TreeSet<>(allowed)));
            }
        }
        return this;
    }

    public boolean has(String key) {
        return map.containsKey(key) && map.get(key) != null;
    }

    public String string(String key, String fallback) {
        Object v = map.get(key);
        if (v == null) return fallback;
        if (v instanceof Map || v instanceof List) throw new SettingsException(key, "must be a string", null);
        return String.valueOf(v);
    }

    public String requiredString(String key, String example) {
        String v = string(key, null);
        if (v == null || v.isBlank()) throw new SettingsException(key, "required key '" + key + "' is missing", "add " + key + ": " + example);
        return v;
    }

    public int integer(String key, int fallback, int min, int max) {
        Object v = map.get(key);
        if (v == null) return fallback;
        int i;
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) i = n.intValue();
        else {
            try {
                i = Integer.parseInt(String.valueOf(v).trim());
            } catch (NumberFormatException e) {
                throw new SettingsException(key, "'" + v + "' is not a whole number", null);
            }
        }
        if (i < min || i > max) throw new SettingsException(key, i + " is out of range " + min + ".." + max, null);
        return i;
    }

    public boolean bool(String key, boolean fallback) {
        Object v = map.get(key);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        String s = String.valueOf(v).trim().toLowerCase();
        if (s.equals("true") || s.equals("yes")) return true;
        if (s.equals("false") || s.equals("no")) return false;
        throw new SettingsException(key, "'" + v + "' is not true or false", null);
    }

    public Duration duration(String key, Duration fallback) {
        Object v = map.get(key);
        if (v == null) return fallback;
        return Durations.parse(String.valueOf(v)).orElseThrow(() -> new SettingsException(key,
                "'" + v + "' is not a duration", "write e.g. 1500ms, 30s, 5m or 1h"));
    }

    /** A list of strings (an argv); a single string is not accepted, so nothing is ever split on spaces. */
    public List<String> argv(String key) {
        Object v = map.get(key);
        if (v == null) throw new SettingsException(key, "required key '" + key + "' is missing", "add " + key + ": [program, arg1, arg2]");
        if (!(v instanceof List<?> l) || l.isEmpty()) {
            throw new SettingsException(key, "must be a non-empty list: the program and its arguments, one per element",
                    key + ": [\"" + v + "\"] runs one program; write each argument as its own element (no shell is used)");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            Object a = l.get(i);
            if (a instanceof Map || a instanceof List || a == null) throw new SettingsException(key + "." + i, "must be a string", null);
            out.add(String.valueOf(a));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> stringMap(String key) {
        Object v = map.get(key);
        if (v == null) return Map.of();
        if (!(v instanceof Map<?, ?> m)) throw new SettingsException(key, "must be a mapping of names to values", null);
        Map<String, String> out = new java.util.LinkedHashMap<>();
        m.forEach((k, val) -> out.put(String.valueOf(k), String.valueOf(val)));
        return out;
    }
}
