package dev.qualify.api.device;

import org.apiguardian.api.API;

import dev.qualify.api.device.InfrastructureException;

/** The device printed a death string ("Hard fault", a failed assert): reported as an error with the line seen. */
@API(status = API.Status.STABLE, since = "0.1")
public class DeviceCrashedException extends InfrastructureException {
    public DeviceCrashedException(String message) {
        super("device-crashed", message);
    }
}
