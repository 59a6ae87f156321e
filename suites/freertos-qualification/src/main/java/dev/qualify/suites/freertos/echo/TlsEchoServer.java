package dev.qualify.suites.freertos.echo;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Objects;
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

    private final EchoServer echo;
    private final AtomicLong handshakes = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicReference<String> lastRefusal = new AtomicReference<>();

    private TlsEchoServer(SSLServerSocket listener) {
        this.echo = EchoServer.serve(listener, "tls-echo-server", this::handshake);
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
            EchoServer.closeQuietly(listener);
            throw new UncheckedIOException("TLS echo server cannot listen on " + bind.getHostAddress() + ":" + port
                    + ": " + e.getMessage(), e);
        }
        return new TlsEchoServer(listener);
    }

    /** The TLS handshake before echoing; a refused client certificate closes the connection. */
    private boolean handshake(Socket socket) throws IOException {
        socket.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
        try {
            ((SSLSocket) socket).startHandshake();
        } catch (IOException e) {
            refused.incrementAndGet();
            lastRefusal.set(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            return false;
        }
        handshakes.incrementAndGet();
        return true;
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
        return echo.port();
    }

    public InetAddress address() {
        return echo.address();
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
        return echo.bytesEchoed();
    }

    public long disconnectCommands() {
        return echo.disconnectCommands();
    }

    /** Closes the listener and every open connection; idempotent. */
    @Override
    public void close() {
        echo.close();
    }

    @Override
    public String toString() {
        return "TlsEchoServer[" + address().getHostAddress() + ":" + port() + "]";
    }
}
