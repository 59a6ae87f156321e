package dev.qualify.core.lab;

import dev.qualify.api.device.InfrastructureException;

/** A device of the pool is locked by another run: type {@code device-busy}, exit code 3. */
public final class DeviceBusyException extends InfrastructureException {
    private final String deviceId;
    private final transient LockHolder holder;

    DeviceBusyException(String deviceId, LockHolder holder, String message) {
        super("device-busy", message);
        this.deviceId = deviceId;
        this.holder = holder;
    }

    public String deviceId() {
        return deviceId;
    }

    /** The holder as its lock file says, or null when it could not be read. */
    public LockHolder holder() {
        return holder;
    }
}
