package dev.qualify.cloud.registry;

import java.util.Map;

/** A registered thing. */
public record Thing(String name, Map<String, String> attributes, long createdAtMillis) {
    public Thing {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
