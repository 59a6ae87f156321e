package dev.qualify.suites.freertos.echo;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The TLS echo server of {@code FullTransportInterfaceTLS}: FLIT's {@code echo_server.go} with
 * {@code secure-connection: true} and {@code cert-verify: true}, on JSSE. TLS 1.2 and 1.3; the client must present a
 * certificate, verified (PKIX) against {@link TlsEchoCredentials#trustedClientIssuers()}: a client certificate the
 * server did not issue fails the handshake and the connection is closed. After the handshake the protocol is
 * {@link EchoServer}'s: every byte is echoed; {@value EchoServer#DISCONNECT_COMMAND} as the first data resets the
 * connection; an idle connection is closed after {@value EchoServer#READ_TIMEOUT_SECONDS} s.
 */
public final class TlsEchoServer implements AutoCloseable {

    private static final int HANDSHAKE_TIMEOUT_MS = 10_000;
    private static final byte[] DISCONNECT = EchoServer.DISCONNECT_COMMAND.getBytes(StandardCharsets.US_ASCII);

    private final SSLServerSocket listener;
    private final ExecutorService connections;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong handshakes = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong echoed = new AtomicLong();
    private final AtomicLong disconnects = new AtomicLong();
    private final AtomicReference<String> lastRefusal = new AtomicReference<>();

    private TlsEchoServer(SSLServerSocket listener) {
        this.listener = listener;
        int port = listener.getLocalPort();
        AtomicInteger n = new AtomicInteger();
        this.connections = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "tls-echo-server-" + port + "-conn-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "tls-echo-server-" + port + "-accept");
        this.acceptor.setDaemon(true);
    }

    /**
     * Starts the server on {@code bind}:{@code port} (0 picks a free port).
     *
     * @throws UncheckedIOException the address cannot be bound or the credentials cannot be used
     */
    public static TlsEchoServer start(InetAddress bind, int port, TlsEchoCredentials credentials) {
        Objects.requireNonNull(bind, "bind");
        SSLContext context = context(credentials);
        SSLServerSocket listener = null;
        try {
            listener = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
            listener.setReuseAddress(true);
            listener.setNeedClientAuth(true);
            listener.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            listener.bind(new InetSocketAddress(bind, port), 128);
        } catch (IOException e) {
            if (listener != null) {
                try {
                    listener.close();
                } catch (IOException ignored) {
                    // nothing
                }
            }
            throw new UncheckedIOException("TLS echo server cannot listen on " + bind.getHostAddress() + ":" + port
                    + ": " + e.getMessage(), e);
        }
        TlsEchoServer server = new TlsEchoServer(listener);
        server.acceptor.start();
        return server;
    }

    private static SSLContext context(TlsEchoCredentials c) {
        try {
            char[] pw = "echo".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", c.serverKey(), pw, new Certificate[] {c.serverCertificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, pw);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (X509Certificate t : c.trustedClientIssuers()) {
                trust.setCertificateEntry("client-issuer-" + i++, t);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new UncheckedIOException(new IOException("TLS echo server credentials cannot be used: "
                    + e.getMessage(), e));
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    public InetAddress address() {
        return listener.getInetAddress();
    }

    /** Handshakes completed (client certificate accepted). */
    public long handshakesCompleted() {
        return handshakes.get();
    }

    /** Handshakes that failed (a client certificate missing or not issued by the server, or another TLS error). */
    public long handshakesRefused() {
        return refused.get();
    }

    /** Why the last handshake failed, or null. */
    public String lastRefusal() {
        return lastRefusal.get();
    }

    public long bytesEchoed() {
        return echoed.get();
    }

    public long disconnectCommands() {
        return disconnects.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            listener.close();
        } catch (IOException ignored) {
            // nothing
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing
            }
        }
        connections.shutdownNow();
        try {
            acceptor.join(5000);
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
                continue;
            }
            open.add(socket);
            try {
                connections.execute(() -> serve((SSLSocket) socket));
            } catch (RuntimeException rejected) {
                open.remove(socket);
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // nothing
                }
            }
        }
    }

    private void serve(SSLSocket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
            try {
                socket.startHandshake();
            } catch (IOException e) {
                refused.incrementAndGet();
                lastRefusal.set(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                return;
            }
            handshakes.incrementAndGet();
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(EchoServer.READ_TIMEOUT_SECONDS));
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[EchoServer.BUFFER_SIZE];
            boolean first = true;
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                if (first && contains(buffer, n, DISCONNECT)) {
                    disconnects.incrementAndGet();
                    socket.setSoLinger(true, 0);
                    return;
                }
                first = false;
                out.write(buffer, 0, n);
                out.flush();
                echoed.addAndGet(n);
            }
        } catch (IOException e) {
            // the connection is over
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

    @Override
    public String toString() {
        return "TlsEchoServer[" + address().getHostAddress() + ":" + port() + "]";
    }
}
