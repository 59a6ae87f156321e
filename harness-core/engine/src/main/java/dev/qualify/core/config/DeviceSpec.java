package dev.qualify.core.config;

import java.util.Map;

/**
 * A device of a pool as configured.
 *
 * @param id        unique in the config
 * @param resources capability name ({@code console}, {@code power}, {@code build}, {@code flash}, {@code shell})
 *                  to its driver section; pool-level sections are already merged in
 * @param boot      how to tell the device is up
 * @param json      the device section as plain maps (IDT shape included), for {@code {{device...}}} placeholders
 * @param pointer   JSON pointer of the device section
 */
public record DeviceSpec(String id, Map<String, ResourceSpec> resources, BootSpec boot, Map<String, Object> json,
                         String pointer) {
    public DeviceSpec {
        resources = Map.copyOf(resources);
    }
}
