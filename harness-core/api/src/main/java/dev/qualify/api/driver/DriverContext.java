package dev.qualify.api.driver;

import dev.qualify.api.device.Transcript;
import dev.qualify.api.support.Durations;
import org.apiguardian.api.API;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What a driver may know about where it runs.
 *
 * @param deviceId          the device the driver belongs to
 * @param deviceJson        the device's config as plain maps and lists, for {@code {{device...}}} placeholders
 * @param placeholderValues fixed placeholder values ({@code config.idtRootPath}, {@code run.dir}, ...)
 * @param syntax            how placeholders are expanded
 * @param workDir           a per-device directory of the run the driver may write to
 * @param timeoutMultiplier factor applied to every deadline the driver computes
 * @param processes         registry of child processes, killed with their trees when the run ends
 * @param transcript        where to note what the driver does
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public record DriverContext(String deviceId, Map<String, Object> deviceJson, Map<String, Object> placeholderValues,
                            PlaceholderSyntax syntax, Path workDir, double timeoutMultiplier,
                            ProcessRegistry processes, Transcript transcript) {

    /** {@code d} scaled by the timeout multiplier. */
    public Duration scaled(Duration d) {
        return Durations.scale(d, timeoutMultiplier);
    }

    /**
     * Placeholders over the fixed values, {@code device} (this device's config) and {@code extra} (which wins),
     * e.g. {@code buildImagePath} for a flash command.
     */
    public Placeholders placeholders(Map<String, Object> extra) {
        Map<String, Object> context = new HashMap<>(placeholderValues);
        context.put("device", deviceJson);
        context.putAll(extra);
        return syntax.over(context);
    }
}
