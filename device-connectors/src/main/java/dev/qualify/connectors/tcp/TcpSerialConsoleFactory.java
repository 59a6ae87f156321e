package dev.qualify.connectors.tcp;

import dev.qualify.connectors.settings.Settings;
import dev.qualify.api.device.Console;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.DriverFactory;
import dev.qualify.api.driver.StreamConsole;
import dev.qualify.api.device.InfrastructureException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * {@code console: {type: tcp-serial, host: 127.0.0.1, port: 47101, connectTimeout: 30s}}: a UART served raw over
 * TCP, as ser2net in raw mode or QEMU {@code -serial tcp} serve it. Connecting is retried until
 * {@code connectTimeout} (scaled), since the server may still be starting with the board.
 */
public final class TcpSerialConsoleFactory implements DriverFactory<Console> {
    static final Set<String> KEYS = Set.of("host", "port", "connectTimeout");
    private static final Duration RETRY_PAUSE = Duration.ofMillis(100);

    @Override
    public Class<Console> capability() {
        return Console.class;
    }

    @Override
    public String type() {
        return "tcp-serial";
    }

    @Override
    public void validate(Map<String, Object> settings) {
        Settings s = new Settings(settings).allowOnly(KEYS);
        s.integer("port", 0, 1, 65535);
        if (!s.has("port")) s.requiredString("port", "47101");
        s.duration("connectTimeout", null);
    }

    @Override
    public Console create(Map<String, Object> settings, DriverContext ctx) {
        Settings s = new Settings(settings);
        String host = s.string("host", "127.0.0.1");
        int port = s.integer("port", 0, 1, 65535);
        Duration timeout = ctx.scaled(s.duration("connectTimeout", Duration.ofSeconds(30)));
        String name = "tcp-serial " + host + ":" + port;
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        int attempts = 0;
        while (System.nanoTime() < deadline) {
            Socket socket = new Socket();
            attempts++;
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, Math.min(5000, timeout.toMillis())));
                ctx.transcript().note("connected to " + name + " after " + attempts + " attempt(s)");
                return new StreamConsole(name, socket.getInputStream(), socket.getOutputStream(), socket);
            } catch (IOException e) {
                last = e;
                closeQuietly(socket);
                try {
                    Thread.sleep(RETRY_PAUSE.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new InfrastructureException("interrupted", "interrupted while connecting to " + name, ie);
                }
            }
        }
        throw new InfrastructureException("port-unreachable", "cannot connect to " + name + " within "
                + timeout.toMillis() + " ms (" + attempts + " attempts; last error: "
                + (last == null ? "none" : last.getMessage()) + "); is the board powered and its serial server running?");
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
