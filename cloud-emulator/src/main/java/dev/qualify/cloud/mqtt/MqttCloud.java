package dev.qualify.cloud.mqtt;

import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.cloud.CloudCapability;
import dev.qualify.api.cloud.CloudException;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.cloud.Endpoint;

import java.util.Set;

/**
 * {@code cloud.type: mqtt}: a broker Qualify does not run. It hands each device the configured login (its own under
 * {@code devices}, else the top-level one) with the broker's endpoint and CA; it registers nothing and offers no
 * capability beyond publish/subscribe, so what needs the emulator ({@link dev.qualify.api.cloud.NeedsEmulatedCloud})
 * is SKIPPED. Suites observe the devices with their own client connection to the broker.
 */
public final class MqttCloud implements Cloud {
    public static final String TYPE = "mqtt";

    private final MqttCloudSettings settings;
    private final String caPem;

    MqttCloud(MqttCloudSettings settings) {
        this.settings = settings;
        MqttTls.certificates("ca", settings.ca());
        this.caPem = MqttTls.read("ca", settings.ca());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Endpoint mqttEndpoint() {
        return settings.endpoint();
    }

    @Override
    public Set<CloudCapability> capabilities() {
        return Set.of();
    }

    /**
     * The login of the device whose id is {@code thingName}: its client id is the thing name.
     *
     * @throws CloudException when the config gives that device no login
     */
    @Override
    public DeviceCredentials provisionThing(String thingName) {
        MqttLogin login = settings.loginOf(thingName).orElseThrow(() -> new CloudException("cloud.type mqtt gives device "
                + thingName + " no login: add it under cloud.devices, or set cert and key (or username) for every device"));
        String cert = login.hasCertificate() ? MqttTls.read(login.keyOf("cert"), login.cert()) : null;
        String key = login.hasCertificate() ? MqttTls.pkcs8(login) : null;
        return new DeviceCredentials(thingName, cert, key, caPem, settings.endpoint(), login.username(), login.password());
    }

    @Override
    public void close() {
        // nothing held: devices and suites make their own connections
    }
}
