package dev.qualify.cloud.greengrass;

import java.util.Map;

/**
 * A deployment to a core device thing or a thing group.
 *
 * @param deploymentId          a UUID; also the id of the IoT job that carries a thing-group deployment
 * @param targetArn             {@code arn:aws:iot:REGION:ACCOUNT:thing/T} or {@code ...:thinggroup/G}
 * @param components            component name to what to deploy, in order
 * @param failureHandlingPolicy {@code ROLLBACK} or {@code DO_NOTHING}
 * @param status                {@code ACTIVE}, or {@code CANCELED} when a newer deployment to the same target
 *                              superseded it or it was cancelled
 * @param revision              1 for the first deployment to the target, then counting up
 * @param creationTimestamp     epoch millis
 */
public record DeploymentRecord(String deploymentId, String deploymentName, String targetArn, Map<String, ComponentSpec> components,
                               String failureHandlingPolicy, String status, int revision, long creationTimestamp) {
    public DeploymentRecord {
        components = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(components));
    }

    public boolean isThingGroup() {
        return targetArn.contains(":thinggroup/");
    }

    /** The thing or thing group name. */
    public String targetName() {
        return targetArn.substring(targetArn.lastIndexOf('/') + 1);
    }

    DeploymentRecord withStatus(String s) {
        return new DeploymentRecord(deploymentId, deploymentName, targetArn, components, failureHandlingPolicy, s, revision,
                creationTimestamp);
    }
}
