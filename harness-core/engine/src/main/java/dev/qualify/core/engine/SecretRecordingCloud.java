package dev.qualify.core.engine;

import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.cloud.CloudCapability;
import dev.qualify.api.cloud.CoreDevice;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.cloud.Endpoint;
import dev.qualify.api.cloud.GreengrassCores;

import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A run's {@link Cloud} that tells the run's secret mask the private key (each line of its PEM body of at least
 * {@value #MIN_KEY_LINE} characters, as it appears in a C header or a log) and the password of every credentials it
 * hands out, so no log, journal or report shows them, also those of the core devices {@link GreengrassCores} makes.
 * {@link #unwrap} reaches the cloud it wraps.
 */
final class SecretRecordingCloud implements Cloud {
    /** Lines of a key's PEM body shorter than this are not masked. */
    static final int MIN_KEY_LINE = 16;
    private final Cloud cloud;
    private final Consumer<String> secrets;

    SecretRecordingCloud(Cloud cloud, Consumer<String> secrets) {
        this.cloud = cloud;
        this.secrets = secrets;
    }

    @Override
    public String type() {
        return cloud.type();
    }

    @Override
    public Endpoint mqttEndpoint() {
        return cloud.mqttEndpoint();
    }

    @Override
    public Set<CloudCapability> capabilities() {
        return cloud.capabilities();
    }

    @Override
    public DeviceCredentials provisionThing(String thingName) {
        return record(cloud.provisionThing(thingName));
    }

    private DeviceCredentials record(DeviceCredentials c) {
        if (c.privateKeyPem() != null) {
            for (String line : c.privateKeyPem().split("\\R")) {
                // a short last line alone gives nothing away, and masking it would hide ordinary text
                if (line.strip().length() >= MIN_KEY_LINE && !line.startsWith("-----")) secrets.accept(line.strip());
            }
        }
        if (c.password() != null) secrets.accept(c.password());
        return c;
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        if (type == GreengrassCores.class) {
            return cloud.unwrap(GreengrassCores.class).map(cores -> type.cast((GreengrassCores) deviceId -> {
                CoreDevice d = cores.provision(deviceId);
                record(d.credentials());
                return d;
            }));
        }
        return type.isInstance(this) ? Optional.of(type.cast(this)) : cloud.unwrap(type);
    }

    @Override
    public void close() {
        cloud.close();
    }
}
