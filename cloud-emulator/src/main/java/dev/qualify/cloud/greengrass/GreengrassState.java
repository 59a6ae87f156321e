package dev.qualify.cloud.greengrass;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the Greengrass model keeps in {@code greengrass/state.json}; immutable, replaced on every change.
 *
 * @param components  keyed {@code NAME:VERSION}
 * @param thingGroups group name to member thing names
 * @param deployments keyed by deployment id, oldest first
 * @param thingExecutions executions of thing (not group) deployments, delivered through the deployment shadow,
 *                        keyed by deployment id
 */
public record GreengrassState(long generation, Map<String, ComponentVersionRecord> components, Map<String, List<String>> thingGroups,
                              Map<String, DeploymentRecord> deployments, Map<String, CoreDeviceRecord> coreDevices,
                              Map<String, RoleAliasRecord> roleAliases, Map<String, DeviceExecution> thingExecutions) {
    public GreengrassState {
        components = components == null ? Map.of() : components;
        thingGroups = thingGroups == null ? Map.of() : thingGroups;
        deployments = deployments == null ? Map.of() : deployments;
        coreDevices = coreDevices == null ? Map.of() : coreDevices;
        roleAliases = roleAliases == null ? Map.of() : roleAliases;
        thingExecutions = thingExecutions == null ? Map.of() : thingExecutions;
    }

    static GreengrassState empty() {
        return new GreengrassState(0, new TreeMap<>(), new TreeMap<>(), new java.util.LinkedHashMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
    }
}
