package dev.qualify.api.cloud;

import org.apiguardian.api.API;

/**
 * What a device needs to connect: its thing name, its certificate and private key and the root CA that signs
 * the broker's certificate, all PEM text, plus the MQTT endpoint.
 *
 * <p>{@link #toString()} never prints the private key.
 */
@API(status = API.Status.STABLE, since = "0.1")
public record DeviceCredentials(String thingName, String certificatePem, String privateKeyPem, String rootCaPem,
                                Endpoint endpoint) {
    @Override
    public String toString() {
        return "DeviceCredentials[thingName=" + thingName + ", endpoint=" + endpoint + ", privateKey=<redacted>]";
    }
}
