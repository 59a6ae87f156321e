package dev.qualify.core.config.idt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The values of IDT's {@code {{AWS.Parameter.NAME}}} placeholders, which IDT fetches from SSM Parameter Store.
 * Qualify runs offline and reads them, in this order, from
 * <ol>
 *   <li>the environment variable {@code QUALIFY_AWS_PARAMETER_<NAME>} (NAME upper-cased, every character that is not a
 *       letter or digit replaced by {@code _}: {@code IDT-pin} is {@code QUALIFY_AWS_PARAMETER_IDT_PIN});</li>
 *   <li>the JSON file named by {@code QUALIFY_AWS_PARAMETERS}, else {@code aws-parameters.json} in the configs folder:
 *       an object of name to value ({@code {"IDT-pin": "1234"}}).</li>
 * </ol>
 * The values are secrets: they are never printed, journaled or written into a converted config.
 */
public final class AwsParameters {
    public static final String ENV_PREFIX = "QUALIFY_AWS_PARAMETER_";
    public static final String FILE_ENV = "QUALIFY_AWS_PARAMETERS";
    public static final String DEFAULT_FILE = "aws-parameters.json";

    private final Function<String, String> env;
    private final Path file;
    private Map<String, Object> fromFile;

    public AwsParameters(Function<String, String> env, Path configsDir) {
        this.env = env;
        String f = env.apply(FILE_ENV);
        this.file = f != null && !f.isBlank() ? Path.of(f) : configsDir.resolve(DEFAULT_FILE);
    }

    /** The environment variable that holds {@code name}. */
    public static String envName(String name) {
        return ENV_PREFIX + name.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    public Path file() {
        return file;
    }

    /** The value of parameter {@code name}, if set. */
    public Optional<String> value(String name) {
        String v = env.apply(envName(name));
        if (v != null) return Optional.of(v);
        Object o = file().toFile().isFile() ? load().get(name) : null;
        return o == null ? Optional.empty() : Optional.of(String.valueOf(o));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> load() {
        if (fromFile == null) {
            try {
                JsonNode n = JsonMapper.builder().build().readTree(Files.readString(file));
                fromFile = n != null && n.isObject() ? JsonMapper.builder().build().convertValue(n, Map.class) : Map.of();
            } catch (IOException e) {
                fromFile = Map.of();
            }
        }
        return fromFile;
    }
}
