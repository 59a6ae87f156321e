package dev.qualify.core.engine;

import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.cloud.CloudCapability;
import dev.qualify.api.cloud.CloudException;
import dev.qualify.api.cloud.CloudProvider;
import dev.qualify.core.config.ResourceSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The cloud of one run: started by the provider the config's {@code cloud.type} names the first time a group asks
 * for it, then shared by every group; closed with the run. Thread-safe.
 *
 * <p>The secrets of the credentials it hands out (private keys, passwords) go to the run's secret mask as they are
 * handed out ({@link SecretRecordingCloud}).
 */
public final class RunCloud implements Supplier<Cloud>, AutoCloseable {
    private final ResourceSpec section;
    private final List<CloudProvider> providers;
    private volatile Path output;
    private final Path baseDir;
    private final Consumer<String> secrets;
    private volatile Consumer<String> notes = n -> { };
    private Cloud cloud;

    /** @param output the directory the cloud's own directory ({@code cloud-<id>}) is made in */
    public RunCloud(ResourceSpec section, List<CloudProvider> providers, Path output) {
        this(section, providers, output, Path.of("."), s -> { });
    }

    /**
     * @param baseDir the directory relative paths of the cloud's settings are resolved against (the config's)
     * @param secrets told every secret of the credentials the cloud hands out
     */
    public RunCloud(ResourceSpec section, List<CloudProvider> providers, Path output, Path baseDir, Consumer<String> secrets) {
        this.section = section;
        this.providers = List.copyOf(providers);
        this.output = output;
        this.baseDir = baseDir;
        this.secrets = secrets;
    }

    /** @throws CloudException when no provider of the configured type is installed or it cannot start */
    @Override
    public synchronized Cloud get() {
        if (cloud == null) {
            cloud = new SecretRecordingCloud(provider().start(section.settings(),
                    output.toAbsolutePath().resolve("cloud-" + UUID.randomUUID().toString().substring(0, 8)), baseDir,
                    n -> notes.accept(n)), secrets);
        }
        return cloud;
    }

    /**
     * Makes the cloud's own directory ({@code cloud-<id>}) in {@code dir} instead of the one given at construction:
     * the run's directory, once it exists, so that what the cloud records there (an account's resource ledger,
     * which {@code qualify cloud cleanup --run RUN_DIR} reads) belongs to the run. Call it before the cloud starts.
     */
    public void directoryIn(Path dir) {
        this.output = dir;
    }

    /**
     * Where the cloud's notes go ({@link CloudProvider#start(java.util.Map, Path, Path, Consumer)}: e.g. each resource
     * it creates in an account); until this is called they are dropped.
     */
    public void notesTo(Consumer<String> notes) {
        this.notes = notes;
    }

    /** The configured {@code cloud.type}. */
    public String type() {
        return section.type();
    }

    /**
     * What the cloud offers: the started cloud's capabilities, or, before it started, what its provider says a cloud
     * of these settings offers (nothing is started for it).
     */
    public synchronized Set<CloudCapability> capabilities() {
        return cloud != null ? cloud.capabilities() : provider().capabilities(section.settings());
    }

    /**
     * The provider's check that the configured cloud can be used ({@link CloudProvider#check}), made before any device
     * is touched.
     */
    public void check() {
        provider().check(section.settings(), baseDir);
    }

    private CloudProvider provider() {
        return providers.stream().filter(c -> c.type().equals(section.type())).findFirst()
                .orElseThrow(() -> new CloudException("no cloud provider of type '" + section.type() + "' is installed"));
    }

    @Override
    public synchronized void close() {
        if (cloud != null) {
            cloud.close();
            cloud = null;
        }
    }
}
