package dev.qualify.api.suite;

import org.apiguardian.api.API;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The suite's parameters from the config ({@code suites.<id>}), injectable into tests.
 *
 * @param values  plain maps, lists and scalars
 * @param baseDir relative paths resolve against the config file's directory
 */
@API(status = API.Status.STABLE, since = "0.1")
public record SuiteParameters(Map<String, Object> values, Path baseDir) {
    public Optional<String> string(String key) {
        Object v = values.get(key);
        return v == null ? Optional.empty() : Optional.of(String.valueOf(v));
    }

    /** A path parameter resolved against the config's directory. */
    public Optional<Path> path(String key) {
        return string(key).map(s -> baseDir.resolve(s).normalize());
    }
}
