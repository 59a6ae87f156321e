package dev.qualify.connectors.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A small client of the QEMU Machine Protocol over a unix socket: JSON objects, one per line. {@link #connect}
 * reads the greeting and leaves capabilities negotiation done, so {@link #execute} can run commands at once.
 * Asynchronous events are kept ({@link #events()}) and never mistaken for replies; replies are matched by id.
 *
 * <p>Every call has a deadline. One caller at a time may execute; {@link #close()} may be called from anywhere.
 */
public final class QmpClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode CLOSED = JSON.createObjectNode().put("closed", true);

    private final SocketChannel channel;
    private final Path socket;
    private final BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
    private final List<String> events = new ArrayList<>();
    private long nextId = 1;

    private QmpClient(SocketChannel channel, Path socket) {
        this.channel = channel;
        this.socket = socket;
        Thread reader = new Thread(this::readLoop, "qmp " + socket.getFileName());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Connects to {@code socket}, retrying until it accepts or the deadline passes (QEMU creates it a moment after
     * it starts), then reads the greeting and negotiates capabilities.
     *
     * @param stillWorth checked between attempts: false stops waiting (the QEMU process died)
     * @throws IOException when no session could be established in time
     */
    public static QmpClient connect(Path socket, Duration timeout, BooleanSupplier stillWorth) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline && stillWorth.getAsBoolean()) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
                QmpClient client = new QmpClient(ch, socket);
                try {
                    JsonNode greeting = client.next(remaining(deadline), "the greeting", timeout);
                    if (!greeting.has("QMP")) throw new IOException("no QMP greeting on " + socket + ": " + greeting);
                    client.execute("qmp_capabilities", Map.of(), remaining(deadline));
                    return client;
                } catch (IOException e) {
                    client.close();
                    throw e;
                }
            } catch (IOException e) {
                last = e;
                ch.close();
                sleep(20);
            }
        }
        throw new IOException("no QMP session on " + socket + " within " + timeout.toMillis() + " ms"
                + (last == null ? "" : ": " + last.getMessage()), last);
    }

    /**
     * Runs {@code command} and returns its {@code return} value.
     *
     * @throws IOException when QEMU answers with an error (its class and description are in the message), closes
     *                     the connection, or does not answer within {@code timeout}
     */
    public synchronized JsonNode execute(String command, Map<String, ?> arguments, Duration timeout) throws IOException {
        long id = nextId++;
        ObjectNode request = JSON.createObjectNode().put("execute", command).put("id", id);
        if (!arguments.isEmpty()) request.set("arguments", JSON.valueToTree(arguments));
        ByteBuffer bytes = ByteBuffer.wrap((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) channel.write(bytes);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode reply = next(remaining(deadline), command, timeout);
            if (reply.path("id").asLong(-1) != id) continue; // a late reply to an earlier, timed-out command
            if (reply.has("error")) {
                JsonNode e = reply.get("error");
                throw new IOException("QMP " + command + " failed: " + e.path("class").asText() + ": " + e.path("desc").asText());
            }
            return reply.path("return");
        }
    }

    /** The names of the asynchronous events received so far (e.g. {@code RESET}, {@code SHUTDOWN}). */
    public List<String> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private JsonNode next(Duration left, String awaited, Duration timeout) throws IOException {
        try {
            JsonNode n = replies.poll(Math.max(0, left.toNanos()), TimeUnit.NANOSECONDS);
            if (n == null) {
                throw new IOException("QMP on " + socket + " gave no answer to " + awaited + " within " + timeout.toMillis() + " ms");
            }
            if (n == CLOSED) {
                replies.add(CLOSED);
                throw new IOException("QMP connection " + socket + " closed by QEMU");
            }
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for QMP", e);
        }
    }

    private void readLoop() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) continue;
                JsonNode msg = JSON.readTree(line);
                if (msg.has("event")) {
                    synchronized (events) {
                        events.add(msg.get("event").asText());
                    }
                } else {
                    replies.add(msg);
                }
            }
        } catch (IOException ignored) {
            // closed: the sentinel below tells waiting callers
        } finally {
            replies.add(CLOSED);
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
