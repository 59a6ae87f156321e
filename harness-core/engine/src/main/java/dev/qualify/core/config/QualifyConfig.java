package dev.qualify.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded, validated configuration.
 *
 * @param file        the file it came from
 * @param pools       device pools
 * @param suites      suite id to its parameters (plain maps), e.g. {@code sourcePath}
 * @param cloud       the cloud section: {@code type} plus settings
 * @param locator     maps JSON pointers back to file, line and column
 */
public record QualifyConfig(Path file, List<PoolSpec> pools, Map<String, Map<String, Object>> suites,
                            ResourceSpec cloud, SourceLocator locator) {

    public Optional<PoolSpec> pool(String id) {
        return pools.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** The directory relative paths in the config are resolved against. */
    public Path baseDir() {
        return baseDirOf(file);
    }

    /** The directory of config file {@code file}, against which its relative paths are read. */
    static Path baseDirOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".").toAbsolutePath() : parent;
    }
}
