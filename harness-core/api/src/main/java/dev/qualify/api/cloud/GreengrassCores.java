package dev.qualify.api.cloud;

import org.apiguardian.api.API;

/**
 * Greengrass V2 core devices in a cloud that can make them (cloud type {@code aws-iot}): a thing, its certificate,
 * a policy with what a nucleus needs and a token-exchange role alias, everything the cloud made deleted when it
 * closes. Reach it with {@code cloud.unwrap(GreengrassCores.class)}.
 *
 * <p>Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public interface GreengrassCores {

    /**
     * Makes a core device for {@code deviceId}: its thing (named as {@link Cloud#provisionThing} names things), a
     * fresh certificate and key, a policy allowing the nucleus' MQTT and Greengrass actions and
     * {@code iot:AssumeRoleWithCertificate} on its role alias, and the role alias, pointing at the cloud's
     * token-exchange role.
     *
     * @throws CloudException when the cloud cannot make it, or its settings name no token-exchange role (the message
     *                        names the setting)
     */
    CoreDevice provision(String deviceId);
}
