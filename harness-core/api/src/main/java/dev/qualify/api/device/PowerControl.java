package dev.qualify.api.device;

import org.apiguardian.api.API;

/**
 * Switches a device's power. Each call returns once the action is done or throws an
 * {@link dev.qualify.api.device.InfrastructureException} of type {@code power-failed}.
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface PowerControl {
    void on();

    void off();

    /** Off, then on. */
    default void cycle() {
        off();
        on();
    }
}
