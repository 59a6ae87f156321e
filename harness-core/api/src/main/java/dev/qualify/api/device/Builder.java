package dev.qualify.api.device;

import org.apiguardian.api.API;

import java.nio.file.Path;

/**
 * Builds a firmware image from a source tree.
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface Builder {
    /**
     * @param sourceDir the per-run copy of the source tree
     * @param image     where the image is expected
     * @return the built image (normally {@code image})
     * @throws dev.qualify.api.device.InfrastructureException of type {@code build-failed} with the output's tail,
     *         or {@code build-timeout} at the deadline
     */
    Path build(Path sourceDir, Path image);
}
