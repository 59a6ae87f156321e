package dev.qualify.cloud.rest;

import dev.qualify.api.cloud.Endpoint;
import dev.qualify.cloud.greengrass.GreengrassCloud;
import dev.qualify.cloud.jobs.JobsService;
import dev.qualify.cloud.policy.Arns;

import java.util.Optional;

/**
 * Puts Greengrass V2 on the control plane: the Greengrass V2 operations (signing name {@code greengrass}), the
 * IoT thing-group and role-alias operations on the Greengrass model, and {@code DescribeEndpoint
 * iot:CredentialProvider} answering the Greengrass data plane (which also serves the credentials provider).
 */
public final class GreengrassControlPlane {
    private GreengrassControlPlane() {
    }

    /**
     * Registers the operations.
     *
     * @param jobs the cloud's jobs, which carry deployments (for ListEffectiveDeployments)
     */
    public static void register(ControlPlane controlPlane, GreengrassCloud greengrass, Arns arns, JobsService jobs) {
        controlPlane.register(new GreengrassComponentOperations(greengrass.service(), arns));
        controlPlane.register(new GreengrassDeploymentOperations(greengrass.service(), arns, jobs, greengrass::housekeep));
        controlPlane.register(new IotThingGroupOperations(greengrass.service(), greengrass::housekeep));
        controlPlane.register(new IotRoleAliasOperations(greengrass.service(), arns));
        controlPlane.registerEndpoint("iot:CredentialProvider",
                () -> Optional.of(new Endpoint("127.0.0.1", greengrass.dataPlanePort())));
    }
}
