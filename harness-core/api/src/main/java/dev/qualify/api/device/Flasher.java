package dev.qualify.api.device;

import org.apiguardian.api.API;

import java.nio.file.Path;

/** Writes an image to a device. */
@API(status = API.Status.STABLE, since = "0.1")
public interface Flasher {
    /**
     * @throws dev.qualify.api.device.InfrastructureException of type {@code flash-failed} with the output's tail
     *         (never reported as a timeout), or {@code flash-timeout} at the deadline
     */
    void flash(Path image);
}
