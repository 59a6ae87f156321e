package dev.qualify.api.cloud;

import org.apiguardian.api.API;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

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
     * As {@link #validate(Map)}, relative file paths of the settings resolved against {@code baseDir} (the directory
     * of the config file), as {@link #start(Map, Path, Path)} resolves them. The default ignores {@code baseDir}.
     *
     * @throws CloudException saying which setting is wrong
     */
    default void validate(Map<String, Object> settings, Path baseDir) {
        validate(settings);
    }

    /**
     * Starts the cloud for one run.
     *
     * @param settings the {@code cloud} section of the config (without {@code type}); never null
     * @param workDir  a directory of the run this cloud may write to (CA, data, packet logs)
     * @throws CloudException when it cannot start
     */
    Cloud start(Map<String, Object> settings, Path workDir);

    /**
     * Starts the cloud for one run, relative file paths of the settings resolved against {@code baseDir} (the
     * directory of the config file). The default ignores {@code baseDir} and calls {@link #start(Map, Path)}.
     *
     * @throws CloudException when it cannot start
     */
    default Cloud start(Map<String, Object> settings, Path workDir, Path baseDir) {
        return start(settings, workDir);
    }

    /**
     * Starts the cloud for one run, as {@link #start(Map, Path, Path)}, with a way to put lines in the run's journal
     * as things happen: a provider that creates resources in an account (things, certificates, policies) tells
     * {@code notes} one sentence per resource as it creates it, naming it, never a secret. {@code notes} is
     * thread-safe and may be called until {@link Cloud#close()} returns. The default ignores {@code notes}.
     *
     * @throws CloudException when it cannot start
     */
    default Cloud start(Map<String, Object> settings, Path workDir, Path baseDir, Consumer<String> notes) {
        return start(settings, workDir, baseDir);
    }

    /**
     * What a cloud started with {@code settings} offers ({@link Cloud#capabilities()}), known without starting it:
     * {@code list-groups --config} and the engine use it to skip what needs {@link CloudCapability#EMULATOR} before a
     * device is touched. The default is none, so a provider that does not say is treated as an external broker.
     */
    default Set<CloudCapability> capabilities(Map<String, Object> settings) {
        return Set.of();
    }

    /**
     * Checks, before any device is touched, that the cloud these settings name can be used: for an external broker
     * that it is reachable, that its certificate verifies against the configured CA and that it accepts the
     * configured credentials. The default checks nothing.
     *
     * @param baseDir the directory relative file paths of the settings are resolved against
     * @throws dev.qualify.api.driver.SettingsException when a setting is wrong (a CA that does not verify the
     *                                                  broker, credentials it refuses): a configuration error
     * @throws CloudException                           when the cloud cannot be reached: an infrastructure error
     */
    default void check(Map<String, Object> settings, Path baseDir) {
    }
}
