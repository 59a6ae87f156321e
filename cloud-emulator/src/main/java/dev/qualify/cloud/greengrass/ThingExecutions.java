package dev.qualify.cloud.greengrass;

import java.util.Map;
import java.util.Optional;

/**
 * The executions of thing deployments, which reach the device through its {@code AWSManagedGreengrassV2Deployment}
 * shadow rather than a job: {@code QUEUED} when the cloud wrote the desired state, then whatever status the nucleus
 * wrote in the reported section; {@code CANCELED} when the deployment is superseded or cancelled before the device
 * finished it. Kept in {@code greengrass/state.json}, so every {@code qualify cloud} command sees them. Thread-safe.
 */
public final class ThingExecutions {
    private final GreengrassStore store;

    ThingExecutions(GreengrassStore store) {
        this.store = store;
    }

    /** The device's execution of a thing deployment, once delivered. */
    public Optional<DeviceExecution> of(String deploymentId) {
        store.refresh();
        return Optional.ofNullable(store.state().thingExecutions().get(deploymentId));
    }

    /** Records that a deployment's desired state was written to the thing's shadow (QUEUED, unless already known). */
    public void delivered(DeploymentRecord d) {
        if (store.state().thingExecutions().containsKey(d.deploymentId())) return;
        long now = System.currentTimeMillis() / 1000;
        store.update(s -> {
            if (s.thingExecutions.containsKey(d.deploymentId())) return null;
            s.thingExecutions.put(d.deploymentId(), new DeviceExecution(d.deploymentId(), d.targetName(), "QUEUED", Map.of(), now, now));
            s.changed = true;
            return null;
        });
    }

    /** What the nucleus reported for the deployment it is working on. */
    public DeviceExecution reported(DeploymentRecord d, String status, Map<String, String> details) {
        long now = System.currentTimeMillis() / 1000;
        return store.update(s -> {
            DeviceExecution e = s.thingExecutions.get(d.deploymentId());
            DeviceExecution next = e == null ? new DeviceExecution(d.deploymentId(), d.targetName(), status, details, now, now)
                    : e.with(status, details, now);
            if (!next.equals(e)) {
                s.thingExecutions.put(d.deploymentId(), next);
                s.changed = true;
            }
            return next;
        });
    }

    /** Marks unfinished executions of deployments that are no longer ACTIVE as CANCELED. */
    public void cancelSuperseded() {
        store.refresh();
        GreengrassState st = store.state();
        boolean any = st.thingExecutions().values().stream().anyMatch(e -> !e.isTerminal() && !isActive(st, e.deploymentId()));
        if (!any) return;
        long now = System.currentTimeMillis() / 1000;
        store.update(s -> {
            s.thingExecutions.replaceAll((id, e) -> {
                DeploymentRecord d = s.deployments.get(id);
                if (e.isTerminal() || d == null || d.status().equals("ACTIVE")) return e;
                s.changed = true;
                return e.with("CANCELED", e.statusDetails(), now);
            });
            return null;
        });
    }

    private static boolean isActive(GreengrassState st, String id) {
        DeploymentRecord d = st.deployments().get(id);
        return d != null && d.status().equals("ACTIVE");
    }
}
