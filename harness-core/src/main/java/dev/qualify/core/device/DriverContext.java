package dev.qualify.core.device;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a driver may know about where it runs.
 *
 * @param deviceId          the device the driver belongs to
 * @param deviceJson        the device's config as plain maps and lists, for {@code {{device...}}} placeholders
 * @param placeholders      fixed placeholder values ({@code config.idtRootPath}, {@code run.dir}, ...)
 * @param workDir           a per-device directory of the run the driver may write to
 * @param timeoutMultiplier factor applied to every deadline the driver computes
 * @param processes         registry of child processes, killed with their trees when the run ends
 * @param transcript        where to note what the driver does
 */
public record DriverContext(String deviceId, Map<String, Object> deviceJson, Map<String, Object> placeholders,
                            Path workDir, double timeoutMultiplier, ProcessRegistry processes,
                            Transcript transcript) {
    /** {@code d} scaled by the timeout multiplier. */
    public Duration scaled(Duration d) {
        return dev.qualify.core.config.Durations.scale(d, timeoutMultiplier);
    }
}
