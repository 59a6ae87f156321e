package dev.qualify.cloud.greengrass;

import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.cloud.CloudException;
import dev.qualify.api.cloud.CoreDevice;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.cloud.Endpoint;
import dev.qualify.api.cloud.GreengrassCores;
import dev.qualify.cloud.policy.Arns;
import dev.qualify.cloud.policy.CorePolicies;

/**
 * Core devices in the emulated cloud: the thing as {@link Cloud#provisionThing} makes it (its default policy is what
 * the emulated nucleus protocol needs), and a role alias {@code <thing>-TokenExchangeRoleAlias} for the emulator's
 * {@value #ROLE_NAME} role, served by the Greengrass data plane's credentials provider. The emulated cloud's state is
 * the run's, so nothing is deleted.
 */
public final class EmulatedGreengrassCores implements GreengrassCores {
    /** The IAM role name every emulated role alias made here points at (the emulator has no IAM). */
    public static final String ROLE_NAME = "GreengrassV2TokenExchangeRole";
    private final Cloud cloud;
    private final GreengrassCloud greengrass;
    private final Arns arns;

    public EmulatedGreengrassCores(Cloud cloud, GreengrassCloud greengrass, Arns arns) {
        this.cloud = cloud;
        this.greengrass = greengrass;
        this.arns = arns;
    }

    @Override
    public CoreDevice provision(String deviceId) {
        DeviceCredentials creds = cloud.provisionThing(deviceId);
        String alias = CorePolicies.roleAliasFor(deviceId);
        try {
            if (greengrass.service().roleAlias(alias).isEmpty()) {
                greengrass.service().createRoleAlias(alias, "arn:aws:iam::" + arns.account() + ":role/" + ROLE_NAME, 3600);
            }
        } catch (GreengrassException e) {
            throw new CloudException("cannot create role alias " + alias + ": " + e.getMessage(), e);
        }
        return new CoreDevice(creds, new Endpoint("127.0.0.1", greengrass.dataPlanePort()), alias);
    }
}
