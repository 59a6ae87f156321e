package dev.qualify.cloud.registry;

/** A stored policy document (JSON text) by name. */
public record PolicyRecord(String name, String document, long createdAtMillis) {
}
