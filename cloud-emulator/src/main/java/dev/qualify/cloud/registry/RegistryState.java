package dev.qualify.cloud.registry;

import java.util.Map;
import java.util.TreeMap;

/** The persisted content of a registry; {@code generation} grows with every write, from any process. */
record RegistryState(long generation, Map<String, Thing> things, Map<String, CertificateRecord> certificates,
                     Map<String, PolicyRecord> policies) {
    RegistryState {
        things = new TreeMap<>(things == null ? Map.of() : things);
        certificates = new TreeMap<>(certificates == null ? Map.of() : certificates);
        policies = new TreeMap<>(policies == null ? Map.of() : policies);
    }

    static RegistryState empty() {
        return new RegistryState(0, Map.of(), Map.of(), Map.of());
    }
}
