package dev.qualify.connectors.serial;

import dev.qualify.api.support.Suggestions;
import dev.qualify.api.driver.SettingsException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads one of a fixed set of names from config (a parity, a flow control) and fails with a did-you-mean naming
 * the key when the value is none of them.
 */
final class ConfigChoice {
    private ConfigChoice() {
    }

    /**
     * @param value    the raw config value, or null for {@code fallback}
     * @param key      the key, for the error
     * @param values   the choices
     * @param nameOf   the config name of a choice
     * @param fallback used when {@code value} is null
     */
    static <E> E of(Object value, String key, E[] values, Function<E, String> nameOf, E fallback) {
        if (value == null) return fallback;
        String text = String.valueOf(value).trim().toLowerCase();
        Map<String, E> byName = new LinkedHashMap<>();
        for (E e : values) byName.put(nameOf.apply(e), e);
        E found = byName.get(text);
        if (found != null) return found;
        throw new SettingsException(key, "'" + value + "' is not a valid " + key, Suggestions.closest(text, byName.keySet())
                .map(s -> "did you mean '" + s + "'?").orElse("one of " + byName.keySet()));
    }
}
