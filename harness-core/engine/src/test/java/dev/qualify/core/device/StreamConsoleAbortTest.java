package dev.qualify.core.device;

import dev.qualify.api.device.InfrastructureException;
import dev.qualify.api.driver.StreamConsole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link StreamConsole#abort}: the engine ends every wait on a console whose output it no longer trusts. */
class StreamConsoleAbortTest {
    private final PipedOutputStream device = new PipedOutputStream();
    private final StreamConsole console;

    StreamConsoleAbortTest() throws IOException {
        console = new StreamConsole("test-port", new PipedInputStream(device, 1 << 16), new ByteArrayOutputStream(), null);
    }

    @AfterEach
    void close() {
        console.close();
    }

    @Test
    void abortEndsAWaitInProgressAtOnceAndEveryLaterWaitWithTheFirstCause() throws Exception {
        CompletableFuture<Throwable> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                console.expect(Pattern.compile("never printed"), Duration.ofMinutes(5));
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        console.abort(new InfrastructureException("board-exited", "the board process exited with status 1"));
        console.abort(new InfrastructureException("wrong-image", "a later cause"));
        Throwable t = waiting.get(30, TimeUnit.SECONDS);
        assertThat(t).isInstanceOf(InfrastructureException.class).hasMessage("the board process exited with status 1");
        assertThat(((InfrastructureException) t).type()).isEqualTo("board-exited");
        device.write("a line\n".getBytes(StandardCharsets.UTF_8));
        device.flush();
        assertThatThrownBy(() -> console.readLine(Duration.ofSeconds(5))).isInstanceOf(InfrastructureException.class)
                .hasMessage("the board process exited with status 1");
    }
}
