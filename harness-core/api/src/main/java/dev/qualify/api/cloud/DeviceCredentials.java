package dev.qualify.api.cloud;

import org.apiguardian.api.API;

/**
 * What a device needs to connect: its thing name (also its MQTT client id), its certificate and private key and the
 * root CA that signs the broker's certificate, all PEM text, the MQTT endpoint, and, for a broker that wants them,
 * an MQTT user name and password.
 *
 * <p>{@code certificatePem} and {@code privateKeyPem} are null when the device logs in with a user name and
 * password only; {@code username} and {@code password} are null when it has none. {@link #toString()} never prints
 * the private key or the password.
 */
@API(status = API.Status.STABLE, since = "0.1")
public record DeviceCredentials(String thingName, String certificatePem, String privateKeyPem, String rootCaPem,
                                Endpoint endpoint, String username, String password) {

    /** Credentials of a certificate only, as the emulated cloud and AWS IoT Core give. */
    public DeviceCredentials(String thingName, String certificatePem, String privateKeyPem, String rootCaPem,
                             Endpoint endpoint) {
        this(thingName, certificatePem, privateKeyPem, rootCaPem, endpoint, null, null);
    }

    /** Whether the device has a client certificate to present. */
    public boolean hasCertificate() {
        return certificatePem != null && privateKeyPem != null;
    }

    @Override
    public String toString() {
        return "DeviceCredentials[thingName=" + thingName + ", endpoint=" + endpoint
                + (username == null ? "" : ", username=" + username + ", password=<redacted>") + ", privateKey=<redacted>]";
    }
}
