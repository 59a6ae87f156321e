package dev.qualify.samples.virtualboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A test's serial terminal on the board's UART: reads raw lines (bytes up to LF, CR removed). */
final class UartClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    final List<byte[]> rawLines = new ArrayList<>();
    final List<String> lines = new ArrayList<>();

    UartClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
        socket.setSoTimeout(60_000);
        in = socket.getInputStream();
    }

    void send(String line) throws IOException {
        socket.getOutputStream().write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    void readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** Reads one line; null at end of stream. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                break;
            }
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        byte[] bytes = line.toByteArray();
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\r') {
            end--;
        }
        byte[] raw = java.util.Arrays.copyOf(bytes, end);
        String text = new String(raw, StandardCharsets.UTF_8);
        rawLines.add(raw);
        lines.add(text);
        return text;
    }

    /** Reads lines until one matches; fails at end of stream. Returns the matching line. */
    String readUntil(Predicate<String> stop) throws IOException {
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new IOException("end of stream before the expected line; got " + lines);
            }
            if (stop.test(line)) {
                return line;
            }
        }
    }

    /** Resets the board, waits for it to wait for 'start', then sends 'start'. */
    void resetAndStart() throws IOException {
        send("reset");
        readUntil(l -> l.contains("Waiting for 'start'"));
        send("start");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
