package dev.qualify.api.device;

/**
 * Switches a device's power. Each call returns once the action is done or throws an
 * {@link dev.qualify.api.device.InfrastructureException} of type {@code power-failed}.
 */
public interface PowerControl {
    void on();

    void off();

    /** Off, then on. */
    default void cycle() {
        off();
        on();
    }
}
