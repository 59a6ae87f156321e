package dev.qualify.api.cloud;

import org.apiguardian.api.API;

import java.util.Set;

/**
 * The cloud side a suite talks to: the emulated IoT cloud started in-process for a run (the default), or an
 * external MQTT endpoint.
 *
 * <p>A {@code Cloud} is started once per run by a {@link CloudProvider} and closed when the run ends, also on
 * failure and interruption. Implementations are thread-safe: groups running in parallel on several devices
 * share one instance.
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface Cloud extends AutoCloseable {

    /** The provider type that made this cloud, e.g. {@code "emulated"}; never null. */
    String type();

    /** Where devices connect with MQTT over mutual TLS; never null. */
    Endpoint mqttEndpoint();

    /** What this cloud can do beyond plain publish/subscribe; suites skip checks it lacks. Never null. */
    Set<CloudCapability> capabilities();

    /**
     * Registers a thing and gives it credentials with the default policy attached: connect as the thing name,
     * publish, subscribe and receive on {@code <thing>/#} and {@code $aws/things/<thing>/#}.
     *
     * @throws CloudException if the cloud cannot register it
     */
    DeviceCredentials provisionThing(String thingName);

    /**
     * Gives access to a richer view when this cloud offers it: {@link AuditTrail} for audit findings, or an
     * implementation-specific one (the emulator's packet log and fault injection).
     *
     * @return the view, or empty when this cloud is not of that kind
     */
    default <T> java.util.Optional<T> unwrap(Class<T> type) {
        return type.isInstance(this) ? java.util.Optional.of(type.cast(this)) : java.util.Optional.empty();
    }

    /** Stops listeners and releases resources; idempotent, never throws a checked exception. */
    @Override
    void close();
}
