package dev.qualify.api.suite;

import org.apiguardian.api.API;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A firmware image a group needs: the engine writes its source tree, builds it with the device's {@code build}
 * section, flashes it with {@code flash}, then boots the device. Two requirements with the same {@code identity}
 * are the same image: it is built once per run and, on a device that already runs it, not flashed again.
 *
 * @param identity  what makes this image what it is (e.g. the macros set in its headers), as a stable string
 * @param imageName the file name the build produces, e.g. {@code aws_tests.bin}
 * @param source    writes the source tree to build
 */
@API(status = API.Status.STABLE, since = "0.1")
public record FirmwareImage(String identity, String imageName, SourceTree source) implements DeviceRequirement {
    public FirmwareImage {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(imageName, "imageName");
        Objects.requireNonNull(source, "source");
    }

    /** Writes a source tree to build. */
    @API(status = API.Status.STABLE, since = "0.1")
    @FunctionalInterface
    public interface SourceTree {
        /**
         * @param directory an empty directory of the run, the tree's root
         * @return the directory to build (normally {@code directory})
         */
        Path write(Path directory) throws IOException;
    }
}
