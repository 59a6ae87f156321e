package dev.qualify.suites.freertos.echo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The plain-TCP echo server the FreeRTOS transport-interface tests ({@code Full_TransportInterfaceTest}) talk to:
 * the equivalent of FLIT's {@code tools/echo_server/echo_server.go} with {@code secure-connection: false}.
 *
 * <h2>Protocol (as FLIT's server)</h2>
 * <ul>
 *   <li>Every byte read from a connection is written back on the same connection, in order, as soon as it is read
 *       (reads of up to {@value #BUFFER_SIZE} bytes).</li>
 *   <li>If the <em>first</em> read of a connection contains {@value #DISCONNECT_COMMAND}, nothing is echoed and the
 *       connection is aborted with a TCP reset (SO_LINGER 0), so the device's next send or receive fails. This is
 *       how {@code TransportSend_RemoteDisconnect} and {@code TransportRecv_RemoteDisconnect} trigger a remote
 *       disconnect. The word anywhere later in a connection is echoed like any other data.</li>
 *   <li>A connection idle for {@value #READ_TIMEOUT_SECONDS} s is closed (FLIT's {@code readTimeoutSecond}).</li>
 *   <li>When the client closes its side, the server closes the connection. Unlike FLIT, which sets SO_LINGER 0 on
 *       every connection, this close is graceful, so echoed bytes still in flight are not discarded by a reset.</li>
 * </ul>
 * One thread per connection (daemon threads from a cached pool) plus one acceptor thread; any number of concurrent
 * connections. {@link #close()} closes the listener and every open connection and is idempotent.
 */
public final class EchoServer implements AutoCloseable {

    /** The command that, as the first data of a connection, makes the server reset the connection. */
    public static final String DISCONNECT_COMMAND = "DISCONNECT";
    /** Size of one read, as FLIT's server. */
    public static final int BUFFER_SIZE = 4096;
    /** Idle time after which a connection is closed, as FLIT's server. */
    public static final int READ_TIMEOUT_SECONDS = 300;

    private static final byte[] DISCONNECT = DISCONNECT_COMMAND.getBytes(StandardCharsets.US_ASCII);

    /**
     * What happens to an accepted connection before its bytes are echoed (the TLS server's handshake).
     * Package-private: {@link TlsEchoServer} is the only other opening.
     */
    @FunctionalInterface
    interface Opening {
        /** @return whether to echo on this connection; false closes it */
        boolean open(Socket socket) throws IOException;
    }

    private final ServerSocket listener;
    private final Opening opening;
    private final ExecutorService connections;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong echoed = new AtomicLong();
    private final AtomicLong disconnects = new AtomicLong();

    private EchoServer(ServerSocket listener, String name, Opening opening) {
        this.listener = listener;
        this.opening = opening;
        int port = listener.getLocalPort();
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, name + "-" + port + "-conn-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.connections = Executors.newCachedThreadPool(factory);
        this.acceptor = new Thread(this::acceptLoop, name + "-" + port + "-accept");
        this.acceptor.setDaemon(true);
    }

    /** Serves the echo protocol on an already bound {@code listener}, each connection first through {@code opening}. */
    static EchoServer serve(ServerSocket listener, String name, Opening opening) {
        EchoServer server = new EchoServer(listener, name, opening);
        server.acceptor.start();
        return server;
    }

    /**
     * Binds a listener on {@code bind}:{@code port} ({@code port} 0 picks a free port, see {@link #port()}) and
     * starts accepting connections.
     *
     * @throws UncheckedIOException if the address cannot be bound (port in use, address not local)
     */
    public static EchoServer start(InetAddress bind, int port) {
        Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        ServerSocket listener = null;
        try {
            listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(bind, port), 128);
        } catch (IOException e) {
            closeQuietly(listener);
            throw new UncheckedIOException("echo server cannot listen on " + bind.getHostAddress() + ":" + port
                    + ": " + e.getMessage(), e);
        }
        return serve(listener, "echo-server", socket -> true);
    }

    /** The port the server listens on (the chosen one when started with port 0). */
    public int port() {
        return listener.getLocalPort();
    }

    /** The address the server listens on. */
    public InetAddress address() {
        return listener.getInetAddress();
    }

    /** Connections accepted since start. */
    public long connectionsAccepted() {
        return accepted.get();
    }

    /** Bytes written back to clients since start. */
    public long bytesEchoed() {
        return echoed.get();
    }

    /** Connections reset because their first data held {@value #DISCONNECT_COMMAND}. */
    public long disconnectCommands() {
        return disconnects.get();
    }

    /** Connections open right now. */
    public int openConnections() {
        return open.size();
    }

    /** Closes the listener and every open connection; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(listener);
        for (Socket s : open) {
            closeQuietly(s);
        }
        connections.shutdownNow();
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
            connections.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed.get()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (closed.get()) {
                    return;
                }
                continue; // a failed accept (e.g. the client reset first) does not stop the server
            }
            accepted.incrementAndGet();
            open.add(socket);
            if (closed.get()) {
                closeQuietly(socket);
                open.remove(socket);
                return;
            }
            try {
                connections.execute(() -> serve(socket));
            } catch (RuntimeException rejected) {
                open.remove(socket);
                closeQuietly(socket);
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            if (!opening.open(socket)) {
                return;
            }
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(READ_TIMEOUT_SECONDS));
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[BUFFER_SIZE];
            boolean first = true;
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                if (first && contains(buffer, n, DISCONNECT)) {
                    disconnects.incrementAndGet();
                    socket.setSoLinger(true, 0); // close() sends a reset: the client's next I/O fails
                    return;
                }
                first = false;
                out.write(buffer, 0, n);
                out.flush();
                echoed.addAndGet(n);
            }
        } catch (SocketTimeoutException | SocketException e) {
            // idle timeout, reset by the client, or closed by close(): the connection is over
        } catch (IOException e) {
            // any other I/O failure ends this connection only
        } finally {
            open.remove(socket);
        }
    }

    private static boolean contains(byte[] data, int length, byte[] word) {
        outer:
        for (int i = 0; i + word.length <= length; i++) {
            for (int j = 0; j < word.length; j++) {
                if (data[i + j] != word[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // closing is best effort
        }
    }

    @Override
    public String toString() {
        return "EchoServer[" + listener.getInetAddress().getHostAddress() + ":" + port() + "]";
    }
}
