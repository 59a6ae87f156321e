package dev.qualify.core.process;

import dev.qualify.api.support.Quoting;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonPathPlaceholdersTest {
    private final JsonPathPlaceholders p = new JsonPathPlaceholders(Map.of(
            "testData", Map.of("sourcePath", "/tmp/my project/src"),
            "device", Map.of("connectivity", Map.of("serialPort", "/dev/ttyUSB0"),
                    "identifiers", List.of(Map.of("name", "serialNo", "value", "A 'quoted' \"id\""), Map.of("name", "mac", "value", "x"))),
            "buildImageName", "aws_tests.bin"));

    @Test
    void eachPlaceholderBecomesExactlyOneArgumentEvenWithSpacesAndQuotes() {
        List<String> argv = p.expand(List.of("flash.sh", "{{testData.sourcePath}}", "--port={{device.connectivity.serialPort}}",
                "{{device.identifiers[?(@.name == 'serialNo')].value[0]}}", "{{buildImageName}}"));
        assertThat(argv).containsExactly("flash.sh", "/tmp/my project/src", "--port=/dev/ttyUSB0", "A 'quoted' \"id\"", "aws_tests.bin");
    }

    @Test
    void unknownPlaceholderSaysWhichAndWhatIsKnown() {
        assertThatThrownBy(() -> p.expand("{{testData.nope}}")).hasMessageContaining("{{testData.nope}}").hasMessageContaining("buildImageName");
    }

    @Test
    void checkRejectsUnknownRootsAndBadPaths() {
        assertThat(JsonPathPlaceholders.check("{{config.idtRootPath}}/x")).isEmpty();
        assertThat(JsonPathPlaceholders.check("{{bogus.x}}")).singleElement().asString().contains("unknown placeholder");
        assertThat(JsonPathPlaceholders.check("{{device.identifiers[?(@.name == }}")).isNotEmpty();
    }

    @Test
    void quotingForDisplayKeepsArgumentsApart() {
        assertThat(Quoting.display(List.of("a b", "it's", "plain"))).isEqualTo("'a b' 'it'\"'\"'s' plain");
    }
}
