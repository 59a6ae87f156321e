package dev.qualify.suites.freertos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigHeaderTest {
    @Test
    void rewritesDefinesKeepsEverythingElseAndAddsMissingOnesInsideTheGuard(@TempDir Path dir) throws Exception {
        Path h = dir.resolve("test_param_config.h");
        Files.writeString(h, """
                #ifndef TEST_PARAM_CONFIG_H
                #define TEST_PARAM_CONFIG_H
                /* the echo server */
                #define ECHO_SERVER_ENDPOINT    "example.com"
                #define ECHO_SERVER_PORT        ( 9000 )
                #endif /* TEST_PARAM_CONFIG_H */
                """);
        ConfigHeader.rewrite(h, Map.of("ECHO_SERVER_PORT", "( 41234 )", "TEST_START_DELAY_MS", "( 0 )",
                "ECHO_SERVER_ENDPOINT", ConfigHeader.cString("127.0.0.1")));
        String out = Files.readString(h);
        assertThat(out).contains("/* the echo server */")
                .containsPattern("#define ECHO_SERVER_PORT\\s+\\( 41234 \\)")
                .containsPattern("#define ECHO_SERVER_ENDPOINT\\s+\"127.0.0.1\"")
                .doesNotContain("example.com");
        assertThat(out.indexOf("TEST_START_DELAY_MS")).isLessThan(out.indexOf("#endif")).isGreaterThan(out.indexOf("ECHO_SERVER_PORT"));
    }

    @Test
    void cStringEscapesQuotesAndBackslashes() {
        assertThat(ConfigHeader.cString("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    }
}
