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
import static org.awaitility.Awaitility.await;

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
    void whatArrivedBeforeTheAbortIsStillReadThenTheCauseEndsTheWaits() throws Exception {
        device.write("TEST(G, A) PASS\nTEST(G, B) PASS\npartial".getBytes(StandardCharsets.UTF_8));
        device.flush();
        console.expect(Pattern.compile("partial"), Duration.ofSeconds(5)); // all of it has arrived
        device.write(" line\n".getBytes(StandardCharsets.UTF_8));
        device.flush();
        console.expect(Pattern.compile("line\n"), Duration.ofSeconds(5));
        device.write("TEST(G, C) PASS\nTEST(G, D) PASS\n".getBytes(StandardCharsets.UTF_8));
        device.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> console.lastSeen().contains("TEST(G, D) PASS"));
        assertThat(console.readLine(Duration.ofSeconds(5))).contains("TEST(G, C) PASS"); // D is cut and queued
        console.abort(new InfrastructureException("wrong-image", "rebooted into another image"));
        device.write("TEST(G, E) PASS\n".getBytes(StandardCharsets.UTF_8));
        device.flush();
        assertThat(console.readLine(Duration.ofSeconds(5))).as("received before the abort").contains("TEST(G, D) PASS");
        assertThatThrownBy(() -> console.readLine(Duration.ofSeconds(5))).isInstanceOf(InfrastructureException.class)
                .hasMessage("rebooted into another image");
        assertThatThrownBy(() -> console.expect(Pattern.compile("E\\) PASS"), Duration.ofSeconds(5)))
                .as("what arrived after the abort is never matched").hasMessage("rebooted into another image");
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
        device.write("a line after the abort\n".getBytes(StandardCharsets.UTF_8));
        device.flush();
        assertThatThrownBy(() -> console.readLine(Duration.ofSeconds(5))).isInstanceOf(InfrastructureException.class)
                .hasMessage("the board process exited with status 1");
    }
}
