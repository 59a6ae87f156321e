package dev.qualify.core.config;

import java.util.Map;

/**
 * One resource section of a device: which driver ({@code type}) and its settings, with the JSON pointer of the
 * section in the config file so errors can point at it.
 *
 * @param type     driver type, e.g. {@code tcp-serial}
 * @param settings the section's other keys, as plain maps, lists and scalars
 * @param pointer  JSON pointer of the section, e.g. {@code /pools/0/devices/1/console}
 */
public record ResourceSpec(String type, Map<String, Object> settings, String pointer) {
    public ResourceSpec {
        settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
    }
}
