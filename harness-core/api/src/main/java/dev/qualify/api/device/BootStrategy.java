package dev.qualify.api.device;

import org.apiguardian.api.API;

/**
 * Moves a device through {@link BootState}s. A strategy knows the order of steps for its kind of device
 * (flash then boot, or install then start) and brings the device back to a known state after a failure.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public interface BootStrategy {

    /** The state the strategy believes the device is in. */
    BootState state();

    /**
     * Performs the steps from the current state to {@code target}. Moving to a lower state (e.g. OFF) powers
     * down. On failure the state is OFF and the exception says which step failed.
     *
     * @throws dev.qualify.api.device.InfrastructureException when a step fails
     */
    void transitionTo(BootState target);
}
