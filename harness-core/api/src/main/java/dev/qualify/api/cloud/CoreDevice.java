package dev.qualify.api.cloud;

import org.apiguardian.api.API;

/**
 * What a Greengrass V2 nucleus needs to run as a core device: its thing's credentials (certificate, key, root CA and
 * the MQTT data endpoint), the credentials provider's endpoint and the role alias it exchanges its certificate for AWS
 * credentials with ({@code GET https://<credentialsEndpoint>/role-aliases/<roleAlias>/credentials}).
 *
 * <p>{@link #toString()} never prints the private key.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.3")
public record CoreDevice(DeviceCredentials credentials, Endpoint credentialsEndpoint, String roleAlias) {

    /** The core device's thing name. */
    public String thingName() {
        return credentials.thingName();
    }

    @Override
    public String toString() {
        return "CoreDevice[" + credentials + ", credentialsEndpoint=" + credentialsEndpoint + ", roleAlias=" + roleAlias + "]";
    }
}
