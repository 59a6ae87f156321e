package dev.qualify.api.cloud;

import org.apiguardian.api.API;

import java.nio.file.Path;
import java.util.Map;

/**
 * Starts a {@link Cloud} of one type; found with {@link java.util.ServiceLoader}.
 *
 * <p>Implementations have a public no-argument constructor and are listed in
 * {@code META-INF/services/dev.qualify.api.cloud.CloudProvider}.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public interface CloudProvider {

    /** The value of {@code cloud.type} in the config that selects this provider, e.g. {@code "emulated"}. */
    String type();

    /**
     * Checks the settings before the run, so a wrong key exits with 2 and a located message instead of failing
     * when the cloud starts. The default accepts everything.
     *
     * @throws CloudException saying which setting is wrong
     */
    default void validate(Map<String, Object> settings) {
    }

    /**
     * Starts the cloud for one run.
     *
     * @param settings the {@code cloud} section of the config (without {@code type}); never null
     * @param workDir  a directory of the run this cloud may write to (CA, data, packet logs)
     * @throws CloudException when it cannot start
     */
    Cloud start(Map<String, Object> settings, Path workDir);
}
