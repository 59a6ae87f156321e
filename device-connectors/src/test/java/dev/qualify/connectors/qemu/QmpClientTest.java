package dev.qualify.connectors.qemu;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The QMP client against a scripted server on a real unix socket. */
class QmpClientTest {
    private static final Pattern REQUEST = Pattern.compile("\"execute\":\"([a-z_-]+)\".*\"id\":(\\d+)");

    @TempDir
    Path dir;
    private final List<String> received = new CopyOnWriteArrayList<>();

    /** Greets, then answers: query-status with an event first, a bad command with an error, others with {}. */
    private Thread serve(ServerSocketChannel server) {
        Thread t = new Thread(() -> {
            try (SocketChannel ch = server.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8))) {
                send(ch, "{\"QMP\": {\"version\": {}, \"capabilities\": []}}");
                String line;
                while ((line = in.readLine()) != null) {
                    received.add(line);
                    Matcher m = REQUEST.matcher(line);
                    if (!m.find()) continue;
                    String id = m.group(2);
                    switch (m.group(1)) {
                        case "query-status" -> {
                            send(ch, "{\"event\": \"RESET\", \"data\": {}}");
                            send(ch, "{\"return\": {\"status\": \"paused\", \"running\": false}, \"id\": " + id + "}");
                        }
                        case "bogus" -> send(ch, "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command bogus has not been found\"}, \"id\": " + id + "}");
                        case "hang" -> { }
                        default -> send(ch, "{\"return\": {}, \"id\": " + id + "}");
                    }
                }
            } catch (IOException ignored) {
                // client went away
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void send(SocketChannel ch, String json) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((json + "\r\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) ch.write(b);
    }

    @Test
    void negotiatesCapabilitiesThenReturnsResultsAndKeepsEventsApart() throws Exception {
        Path socket = dir.resolve("qmp.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            serve(server);
            try (QmpClient qmp = QmpClient.connect(socket, Duration.ofSeconds(5), () -> true)) {
                assertThat(received.get(0)).contains("\"execute\":\"qmp_capabilities\"");
                var status = qmp.execute("query-status", Map.of(), Duration.ofSeconds(5));
                assertThat(status.path("status").asText()).isEqualTo("paused");
                assertThat(qmp.events()).containsExactly("RESET");
                assertThatThrownBy(() -> qmp.execute("bogus", Map.of(), Duration.ofSeconds(5)))
                        .isInstanceOf(IOException.class).hasMessage("QMP bogus failed: CommandNotFound: The command bogus has not been found");
                assertThatThrownBy(() -> qmp.execute("hang", Map.of(), Duration.ofMillis(100)))
                        .isInstanceOf(IOException.class).hasMessageContaining("no answer to hang within 100 ms");
                qmp.execute("cont", Map.of("x", 1), Duration.ofSeconds(5));
                assertThat(received.get(received.size() - 1)).contains("\"arguments\":{\"x\":1}");
            }
        }
    }

    @Test
    void socketThatNeverAppearsFailsAtTheDeadline() {
        assertThatThrownBy(() -> QmpClient.connect(dir.resolve("absent.sock"), Duration.ofMillis(100), () -> true))
                .isInstanceOf(IOException.class).hasMessageContaining("no QMP session on").hasMessageContaining("within 100 ms");
    }
}
