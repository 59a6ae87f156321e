package dev.qualify.core.config.idt;

import dev.qualify.core.process.JsonPathPlaceholders;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdtWordsTest {

    @Test
    void splitsOnBlanksFirstThenAPlaceholderWithSpacesInItsValueStaysOneArgument() {
        List<String> words = IdtWords.split("/opt/idt/configs/build.sh {{testData.sourcePath}} -j4");
        assertThat(words).containsExactly("/opt/idt/configs/build.sh", "{{testData.sourcePath}}", "-j4");
        JsonPathPlaceholders p = new JsonPathPlaceholders(Map.of("testData", Map.of("sourcePath", "/home/me/My Projects/fw")));
        assertThat(words.stream().map(p::expand).toList())
                .containsExactly("/opt/idt/configs/build.sh", "/home/me/My Projects/fw", "-j4");
    }

    @Test
    void aJsonPathFilterWithBlanksAndQuotesIsOneWord() {
        List<String> words = IdtWords.split("flash.sh {{device.identifiers[?(@.name == 'serialNo')].value[0]}} {{device.connectivity.serialPort}}");
        assertThat(words).containsExactly("flash.sh", "{{device.identifiers[?(@.name == 'serialNo')].value[0]}}",
                "{{device.connectivity.serialPort}}");
        JsonPathPlaceholders p = new JsonPathPlaceholders(Map.of("device", Map.of(
                "identifiers", List.of(Map.of("name", "serialNo", "value", "SN 42")),
                "connectivity", Map.of("serialPort", "/dev/ttyUSB1"))));
        assertThat(p.expand(words.get(1))).isEqualTo("SN 42");
    }

    @Test
    void quotedWordsKeepTheirBlanksAndLoseTheirQuotes() {
        assertThat(IdtWords.split("tool \"--label=my board\" 'a b' pre\"x y\"post \\ sp"))
                .containsExactly("tool", "--label=my board", "a b", "prex ypost", " sp");
        assertThat(IdtWords.split("tool \"{{testData.sourcePath}}/out dir\""))
                .containsExactly("tool", "{{testData.sourcePath}}/out dir");
        assertThat(IdtWords.split("  a   b  ")).containsExactly("a", "b");
        assertThat(IdtWords.split("")).isEmpty();
    }

    @Test
    void anUnclosedQuoteOrPlaceholderIsAnError() {
        assertThatThrownBy(() -> IdtWords.split("tool \"open")).hasMessageContaining("unclosed \"");
        assertThatThrownBy(() -> IdtWords.split("tool {{testData.sourcePath")).hasMessageContaining("unclosed placeholder");
    }
}
