package dev.qualify.core.device;

import java.nio.file.Path;

/** Writes an image to a device. */
public interface Flasher {
    /**
     * @throws dev.qualify.core.engine.InfrastructureException of type {@code flash-failed} with the output's tail
     *         (never reported as a timeout), or {@code flash-timeout} at the deadline
     */
    void flash(Path image);
}
