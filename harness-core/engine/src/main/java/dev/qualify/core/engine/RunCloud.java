package dev.qualify.core.engine;

import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.cloud.CloudException;
import dev.qualify.api.cloud.CloudProvider;
import dev.qualify.core.config.ResourceSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The cloud of one run: started by the provider the config's {@code cloud.type} names the first time a group asks
 * for it, then shared by every group; closed with the run. Thread-safe.
 */
public final class RunCloud implements Supplier<Cloud>, AutoCloseable {
    private final ResourceSpec section;
    private final List<CloudProvider> providers;
    private final Path output;
    private Cloud cloud;

    /** @param output the directory the cloud's own directory ({@code cloud-<id>}) is made in */
    public RunCloud(ResourceSpec section, List<CloudProvider> providers, Path output) {
        this.section = section;
        this.providers = List.copyOf(providers);
        this.output = output;
    }

    /** @throws CloudException when no provider of the configured type is installed or it cannot start */
    @Override
    public synchronized Cloud get() {
        if (cloud == null) {
            CloudProvider provider = providers.stream().filter(c -> c.type().equals(section.type())).findFirst()
                    .orElseThrow(() -> new CloudException("no cloud provider of type '" + section.type() + "' is installed"));
            cloud = provider.start(section.settings(), output.toAbsolutePath().resolve("cloud-" + UUID.randomUUID().toString().substring(0, 8)));
        }
        return cloud;
    }

    @Override
    public synchronized void close() {
        if (cloud != null) {
            cloud.close();
            cloud = null;
        }
    }
}
