package dev.qualify.connectors.ssh;

import dev.qualify.api.device.Console;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The interactive shell channel as a {@link Console} (in-process server running /bin/sh -i). */
class SshConsoleTest {
    @TempDir
    Path dir;

    @Test
    void interactiveShellAnswersLikeAConsole() throws IOException {
        SshFixture fx = new SshFixture(dir);
        try (InProcessSshServer server = fx.server(true, null);
             Console console = SshConsole.open(fx.settings(server.port()), 1.0, null)) {
            console.sendLine("echo answer-$((6*7))");

            assertThat(console.expect(Pattern.compile("answer-(\\d+)\\n"), Duration.ofSeconds(15)).groups()).containsExactly("42");
            assertThat(console.name()).contains("127.0.0.1:" + server.port());
        }
    }
}
