package dev.qualify.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON Schema editors use (configs/schema) allows exactly the keys the loader accepts. */
class ConfigSchemaTest {
    private static final Path SCHEMA = Path.of("..", "..", "configs", "schema", "qualify-config.schema.json");

    private static Set<String> properties(JsonNode node) {
        Set<String> keys = new TreeSet<>();
        node.path("properties").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void schemaKeysMatchTheLoadersKeysAtEveryLevel() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(SCHEMA.toFile());
        assertThat(properties(schema)).isEqualTo(new TreeSet<>(ConfigLoader.TOP_KEYS));
        assertThat(properties(schema.at("/$defs/pool"))).isEqualTo(new TreeSet<>(ConfigLoader.POOL_KEYS));
        assertThat(properties(schema.at("/$defs/device"))).isEqualTo(new TreeSet<>(ConfigLoader.DEVICE_KEYS));
        assertThat(properties(schema.at("/$defs/boot"))).isEqualTo(new TreeSet<>(ConfigLoader.BOOT_KEYS));
    }
}
