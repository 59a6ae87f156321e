package dev.qualify.samples.virtualboard.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.io.PushbackInputStream;

/**
 * The board's transport interface ({@code TransportInterface_t}) over plain TCP, with the contract FLIT's
 * transport-interface tests check:
 * <ul>
 *   <li>{@code send} returns the number of bytes sent, or a negative value for a NULL context, a NULL buffer, zero
 *       bytes, or a failed connection;</li>
 *   <li>{@code recv} returns the number of bytes received (what is available, up to the requested length), 0 when
 *       no data arrives within the receive timeout (the caller retries), and a negative value for a NULL context, a
 *       NULL buffer, zero bytes, or a connection the peer closed or reset; it never writes past what it returns.</li>
 * </ul>
 * {@code null} stands for C's NULL pointer; {@code offset} for pointer arithmetic into a test buffer.
 */
public class PlaintextTransport {

    /** {@code NETWORK_CONNECT_SUCCESS}. */
    public static final int NETWORK_CONNECT_SUCCESS = 0;
    /** {@code NETWORK_CONNECT_FAILURE}. */
    public static final int NETWORK_CONNECT_FAILURE = 1;

    private final int connectTimeoutMs;
    private final int recvTimeoutMs;
    private volatile boolean corruptSends;

    public PlaintextTransport(int connectTimeoutMs, int recvTimeoutMs) {
        this.connectTimeoutMs = connectTimeoutMs;
        this.recvTimeoutMs = recvTimeoutMs;
    }

    /** Result of {@link #connect}: a status and, on failure, why. */
    public record ConnectResult(int status, String error) {
    }

    /** {@code pNetworkConnect}: opens a connection to {@code host:port} in {@code context}. */
    public ConnectResult connect(NetworkContext context, String host, int port) {
        if (context == null) {
            return new ConnectResult(NETWORK_CONNECT_FAILURE, "NULL network context");
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), connectTimeoutMs);
            socket.setSoTimeout(connectTimeoutMs);
            Socket connected = secure(socket, host, port);
            connected.setSoTimeout(recvTimeoutMs);
            context.socket = connected;
            context.in = new PushbackInputStream(connected.getInputStream(), 1);
            context.out = connected.getOutputStream();
            return new ConnectResult(NETWORK_CONNECT_SUCCESS, null);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do
            }
            return new ConnectResult(NETWORK_CONNECT_FAILURE, describe(e) + " (" + host + ":" + port + ")");
        }
    }

    /**
     * The connection the tests use over the connected TCP socket: the socket itself for plain text; a TLS
     * transport wraps it and does its handshake here.
     */
    protected Socket secure(Socket tcp, String host, int port) throws IOException {
        return tcp;
    }

    /** An exception's message, or its type when it has none. */
    protected static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** {@code pNetworkDisconnect}: closes the context's connection, if any. */
    public void disconnect(NetworkContext context) {
        if (context == null || context.socket == null) {
            return;
        }
        try {
            context.socket.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
        context.socket = null;
        context.in = null;
        context.out = null;
    }

    /** {@code send}. */
    public int send(NetworkContext context, byte[] buffer, int offset, int length) {
        if (context == null || context.socket == null || buffer == null || length <= 0) {
            return -1;
        }
        try {
            if (corruptSends) {
                byte[] copy = java.util.Arrays.copyOfRange(buffer, offset, offset + length);
                copy[0] ^= 0x01;
                context.out.write(copy);
            } else {
                context.out.write(buffer, offset, length);
            }
            context.out.flush();
            return length;
        } catch (IOException e) {
            return -1;
        }
    }

    /** {@code recv}. */
    public int recv(NetworkContext context, byte[] buffer, int offset, int length) {
        if (context == null || context.socket == null || buffer == null || length <= 0) {
            return -1;
        }
        try {
            int n;
            try {
                int available = context.in.available(); // bytes pushed back by awaitData count too
                n = context.in.read(buffer, offset, available > 0 ? Math.min(length, available) : length);
            } catch (SocketTimeoutException e) {
                return 0;
            }
            if (n < 0) {
                return -1;
            }
            while (n < length && context.in.available() > 0) {
                int more = context.in.read(buffer, offset + n, length - n);
                if (more < 0) {
                    break;
                }
                n += more;
            }
            return n;
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Waits up to {@code maxMillis} for the peer to close or reset the connection; returns early once it has, or
     * once it sent data instead (then it will not close). This is the board's {@code pTransportTestDelay} for the
     * remote-disconnect tests: FLIT waits a fixed {@code TRANSPORT_TEST_NETWORK_DELAY_MS}; returning early when the
     * reset has arrived gives the same result sooner.
     */
    public void awaitRemoteClose(NetworkContext context, long maxMillis) throws InterruptedException {
        if (context == null || context.socket == null) {
            return;
        }
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                context.socket.setSoTimeout((int) Math.max(1, Math.min(50, left)));
                try {
                    context.in.read();
                    return; // end of stream (closed) or data (not closing): either way, stop waiting
                } catch (SocketTimeoutException e) {
                    // nothing yet
                }
            }
        } catch (IOException e) {
            // reset by the peer: closed
        } finally {
            try {
                if (context.socket != null && !context.socket.isClosed()) {
                    context.socket.setSoTimeout(recvTimeoutMs);
                }
            } catch (IOException ignored) {
                // the socket is gone
            }
        }
    }

    /**
     * Waits up to {@code maxMillis} until data can be read without blocking. The byte read to find out is pushed
     * back, so the next {@code recv} gets it (over TLS, {@code available()} only counts decrypted bytes).
     */
    public void awaitData(NetworkContext context, long maxMillis) throws InterruptedException {
        if (context == null || context.socket == null) {
            return;
        }
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        try {
            while (context.in.available() == 0 && System.nanoTime() < deadline) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                context.socket.setSoTimeout(20);
                try {
                    int b = context.in.read();
                    if (b >= 0) {
                        context.in.unread(b);
                    }
                    return;
                } catch (SocketTimeoutException e) {
                    // nothing yet
                }
            }
        } catch (IOException e) {
            // the next recv reports it
        } finally {
            try {
                if (!context.socket.isClosed()) {
                    context.socket.setSoTimeout(recvTimeoutMs);
                }
            } catch (IOException ignored) {
                // the socket is gone
            }
        }
    }

    /** One entry of a {@code writev} vector ({@code TransportOutVector_t}); {@code base == null} is NULL. */
    public record OutVector(byte[] base, int offset, int length) {
    }

    /**
     * {@code writev}: sends the vectors in order and returns the number of bytes sent, or a negative value for a
     * NULL context, a NULL vector array, zero vectors, a failed connection, or an entry with a NULL base or a zero
     * length (the entries before it are sent, as the reference ports do).
     */
    public int writev(NetworkContext context, OutVector[] vectors, int count) {
        if (context == null || context.socket == null || vectors == null || count <= 0) {
            return -1;
        }
        java.io.ByteArrayOutputStream gathered = new java.io.ByteArrayOutputStream();
        boolean invalid = false;
        for (int i = 0; i < count && i < vectors.length; i++) {
            OutVector v = vectors[i];
            if (v == null || v.base() == null || v.length() <= 0) {
                invalid = true;
                break;
            }
            gathered.write(v.base(), v.offset(), v.length());
        }
        byte[] data = gathered.toByteArray();
        try {
            if (data.length > 0) {
                if (corruptSends) {
                    data[0] ^= 0x01;
                }
                context.out.write(data); // one write, as writev(2) gathers the vectors into one send
                context.out.flush();
            }
            return invalid ? -1 : data.length;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Flips the lowest bit of the first byte of every send (a faulty transport, for {@code --fail-case}). */
    public void corruptSends(boolean corrupt) {
        this.corruptSends = corrupt;
    }
}
