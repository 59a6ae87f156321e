package dev.qualify.samples.virtualboard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigHeaderTest {

    private static ConfigHeader parse(String text) throws HeaderException {
        return ConfigHeader.parse("test_param_config.h", text);
    }

    @Test
    void readsFlitStyleDefinesWithTheirLines() throws Exception {
        ConfigHeader h = parse("""
                /* header comment with a #define FAKE 1 inside */
                #ifndef TEST_PARAM_CONFIG_H
                #define TEST_PARAM_CONFIG_H

                #define ECHO_SERVER_ENDPOINT   "127.0.0.1"   // trailing comment
                #define ECHO_SERVER_PORT       ( 9000 )
                  #  define   TEST_START_DELAY_MS ( 5000 ) /* spaced directive */
                #endif
                """);

        assertThat(h.defines()).containsOnlyKeys("TEST_PARAM_CONFIG_H", "ECHO_SERVER_ENDPOINT", "ECHO_SERVER_PORT",
                "TEST_START_DELAY_MS");
        assertThat(h.get("ECHO_SERVER_ENDPOINT").orElseThrow().value()).isEqualTo("\"127.0.0.1\"");
        assertThat(h.get("ECHO_SERVER_PORT").orElseThrow().value()).isEqualTo("( 9000 )");
        assertThat(h.get("ECHO_SERVER_PORT").orElseThrow().line()).isEqualTo(6);
        assertThat(h.get("TEST_START_DELAY_MS").orElseThrow().line()).isEqualTo(7);
        assertThat(h.get("TEST_PARAM_CONFIG_H").orElseThrow().value()).isEmpty();
    }

    @Test
    void joinsContinuationLinesAndKeepsCommentMarkersInsideStrings() throws Exception {
        ConfigHeader h = parse("""
                #define ECHO_SERVER_ROOT_CA \\
                    "-----BEGIN CERTIFICATE-----\\n" \\
                    "MIIB//not-a-comment/*either*/\\n" \\
                    "-----END CERTIFICATE-----\\n"
                #define AFTER ( 1 )
                """);

        ConfigHeader.Define ca = h.get("ECHO_SERVER_ROOT_CA").orElseThrow();
        assertThat(ca.line()).isEqualTo(1);
        assertThat(ca.value()).contains("//not-a-comment/*either*/");
        assertThat(h.get("AFTER").orElseThrow().line()).isEqualTo(5);
        Macros m = Macros.resolve(java.util.Map.of("CA", ca.value()));
        assertThat(m.get("CA")).isEqualTo(
                "-----BEGIN CERTIFICATE-----\nMIIB//not-a-comment/*either*/\n-----END CERTIFICATE-----\n");
    }

    @Test
    void resolvesParenthesesIntegersStringsAndReferences() {
        java.util.Map<String, String> raw = new java.util.LinkedHashMap<>();
        raw.put("PORT", "( 9000 )");
        raw.put("HEX", "(0x10U)");
        raw.put("NEG", "( -5 )");
        raw.put("HOST", "\"echo\" \".example\"");
        raw.put("LABEL", "pkcs11configLABEL_ROOT_CERTIFICATE");
        raw.put("ALIAS", "PORT");
        raw.put("NUL", "NULL");
        Macros m = Macros.resolve(raw);

        assertThat(m.values()).containsExactly(
                java.util.Map.entry("PORT", "9000"), java.util.Map.entry("HEX", "16"),
                java.util.Map.entry("NEG", "-5"), java.util.Map.entry("HOST", "echo.example"),
                java.util.Map.entry("LABEL", "pkcs11configLABEL_ROOT_CERTIFICATE"),
                java.util.Map.entry("ALIAS", "9000"), java.util.Map.entry("NUL", "NULL"));
        assertThat(m.integer("PORT", 0)).isEqualTo(9000);
        assertThat(m.integer("MISSING", 42)).isEqualTo(42);
        assertThat(m.enabled("PORT")).isFalse();
        assertThatThrownBy(() -> m.integer("HOST", 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDefineWithoutANameFailsWithFileAndLine() {
        assertThatThrownBy(() -> parse("#define OK 1\n\n#define\n"))
                .isInstanceOf(HeaderException.class)
                .hasMessage("test_param_config.h:3: malformed #define: expected a macro name, found 'nothing'")
                .satisfies(e -> assertThat(((HeaderException) e).line()).isEqualTo(3));
        assertThatThrownBy(() -> parse("#define 9000 ECHO_SERVER_PORT\n"))
                .hasMessageStartingWith("test_param_config.h:1: malformed #define: expected a macro name");
    }

    @Test
    void unbalancedParenthesesAndOpenStringsFailWithFileAndLine() {
        assertThatThrownBy(() -> parse("/* a */\n#define ECHO_SERVER_PORT ( 9000\n"))
                .hasMessage("test_param_config.h:2: malformed #define ECHO_SERVER_PORT: unbalanced parentheses in"
                        + " '( 9000'");
        assertThatThrownBy(() -> parse("#define ECHO_SERVER_ENDPOINT \"127.0.0.1\n"))
                .hasMessageStartingWith("test_param_config.h:1: malformed #define ECHO_SERVER_ENDPOINT: missing"
                        + " terminating \" character");
        assertThatThrownBy(() -> parse("#define X(a b\n")).hasMessageContaining("missing ')'");
        assertThatThrownBy(() -> parse("#define X+1 2\n")).hasMessageContaining("expected whitespace after");
    }

    @Test
    void redefinitionUnknownDirectiveErrorAndOpenCommentFail() {
        assertThatThrownBy(() -> parse("#define A ( 1 )\n#define A (2)\n"))
                .hasMessageStartingWith("test_param_config.h:2: A redefined with a different value")
                .hasMessageContaining("at line 1");
        assertThatThrownBy(() -> parse("#defien A 1\n"))
                .hasMessage("test_param_config.h:1: unknown preprocessing directive #defien");
        assertThatThrownBy(() -> parse("#define A 1\n#error \"configure me\"\n"))
                .hasMessage("test_param_config.h:2: #error \"configure me\"");
        assertThatThrownBy(() -> parse("#define A 1\n/* open\n#define B 2\n"))
                .hasMessage("test_param_config.h:2: unterminated comment");
        assertThatThrownBy(() -> parse("#define A 1 \\")).hasMessageContaining("backslash-newline at end of file");
    }

    @Test
    void sameRedefinitionAndUndefAreAccepted() throws Exception {
        ConfigHeader h = parse("#define A ( 1 )\n#define A  (  1  )\n#define B 2\n#undef B\n");
        assertThat(h.defines()).containsOnlyKeys("A");
        assertThat(h.get("A").orElseThrow().value()).isEqualTo("( 1 )");
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("test_param_config.h");
        assertThatThrownBy(() -> ConfigHeader.read(missing))
                .isInstanceOf(HeaderException.class)
                .hasMessage(missing + ": file not found");
    }
}
