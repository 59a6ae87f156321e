package dev.qualify.samples.virtualboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The board's UART, as a TCP port: one client at a time (a new client replaces the old one), bytes written while
 * no client is connected are lost, as on a real UART with nothing attached; every line the client sends (ended by
 * CR or LF) is handed to the line handler.
 */
final class Uart implements AutoCloseable {

    private static final int MAX_LINE = 1024;

    private final ServerSocket server;
    private final Consumer<String> onLine;
    private final Object writeLock = new Object();
    private final Thread acceptor;
    private volatile Socket client;
    private volatile boolean closed;
    private final java.util.concurrent.CountDownLatch attached = new java.util.concurrent.CountDownLatch(1);

    Uart(String host, int port, Consumer<String> onLine) throws IOException {
        this.onLine = onLine;
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port), 4);
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        this.server = s;
        this.acceptor = new Thread(this::acceptLoop, "uart-accept-" + s.getLocalPort());
        this.acceptor.setDaemon(true);
    }

    void start() {
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String host() {
        return server.getInetAddress().getHostAddress();
    }

    /**
     * Waits until a client has connected once (or the UART closed), at most {@code millis}.
     *
     * @return whether a client connected
     */
    boolean awaitFirstClient(long millis) throws InterruptedException {
        return attached.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS) && !closed;
    }

    /** True while a client is connected. */
    boolean connected() {
        Socket c = client;
        return c != null && !c.isClosed();
    }

    /** Writes bytes to the connected client; without a client they are lost. */
    void write(byte[] bytes) {
        synchronized (writeLock) {
            Socket c = client;
            if (c == null) {
                return;
            }
            try {
                c.getOutputStream().write(bytes);
                c.getOutputStream().flush();
            } catch (IOException e) {
                drop(c);
            }
        }
    }

    /** Closes the connected client's connection (the board side of the link goes away); a new client may connect. */
    void disconnect() {
        synchronized (writeLock) {
            Socket c = client;
            if (c != null) {
                drop(c);
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            try {
                s.setTcpNoDelay(true);
            } catch (IOException ignored) {
                // not essential
            }
            Socket old = client;
            client = s;
            attached.countDown();
            if (old != null) {
                closeQuietly(old);
            }
            if (closed) {
                closeQuietly(s);
                return;
            }
            Thread reader = new Thread(() -> readLoop(s), "uart-rx-" + s.getPort());
            reader.setDaemon(true);
            reader.start();
        }
    }

    private void readLoop(Socket s) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try (InputStream in = s.getInputStream()) {
            int b;
            int prev = -1;
            while ((b = in.read()) >= 0) {
                if (b == '\r' || b == '\n') {
                    // CR, LF and CR LF each end one line; an empty line is delivered too (a poke)
                    if (!(b == '\n' && prev == '\r')) {
                        onLine.accept(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    }
                } else if (line.size() < MAX_LINE) {
                    line.write(b);
                }
                prev = b;
            }
            if (line.size() > 0) {
                onLine.accept(line.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the client went away or was replaced
        } finally {
            drop(s);
        }
    }

    private void drop(Socket s) {
        if (client == s) {
            client = null;
        }
        closeQuietly(s);
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        Socket c = client;
        client = null;
        if (c != null) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // best effort
        }
    }
}
