package dev.qualify.api.device;

import dev.qualify.api.device.InfrastructureException;

/** The device printed a death string ("Hard fault", a failed assert): reported as an error with the line seen. */
public class DeviceCrashedException extends InfrastructureException {
    public DeviceCrashedException(String message) {
        super("device-crashed", message);
    }
}
