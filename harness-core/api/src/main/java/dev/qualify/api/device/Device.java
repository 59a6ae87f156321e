package dev.qualify.api.device;

import org.apiguardian.api.API;

import java.util.Map;
import java.util.Optional;

/**
 * One board under test, as a group's tests see it: its id, its pool's features and the capabilities its drivers
 * give ({@link Console}, {@link Shell}, {@link PowerControl}, {@link Flasher}, {@link Builder}).
 *
 * <p>A device is leased to one group at a time, so it is used by one thread at a time. Capabilities are opened on
 * first use and closed by the engine when the group ends; a test never closes them.
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface Device {

    /** The device id from the config, e.g. {@code vb-1}; never null. */
    String id();

    /** The id of the pool it belongs to; never null. */
    String poolId();

    /** The pool's features, e.g. {@code PKCS11=ECC}; never null. */
    Map<String, String> features();

    /** The capability, opened on first use; empty when the config gives the device none. */
    <T> Optional<T> capability(Class<T> capability);

    /**
     * The capability, or an {@link InfrastructureException} of type {@code capability-missing} naming the config
     * section the device lacks.
     */
    default <T> T require(Class<T> capability) {
        return capability(capability).orElseThrow(() -> new InfrastructureException("capability-missing",
                "device " + id() + " has no " + capability.getSimpleName() + " in its config, but the test needs it"));
    }
}
