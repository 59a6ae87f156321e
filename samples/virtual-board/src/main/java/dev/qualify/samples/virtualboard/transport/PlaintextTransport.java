package dev.qualify.samples.virtualboard.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

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
public final class PlaintextTransport {

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

    /** {@code pNetworkConnect}: opens a TCP connection to {@code host:port} in {@code context}. */
    public ConnectResult connect(NetworkContext context, String host, int port) {
        if (context == null) {
            return new ConnectResult(NETWORK_CONNECT_FAILURE, "NULL network context");
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), connectTimeoutMs);
            socket.setSoTimeout(recvTimeoutMs);
            context.socket = socket;
            context.in = socket.getInputStream();
            context.out = socket.getOutputStream();
            return new ConnectResult(NETWORK_CONNECT_SUCCESS, null);
        } catch (IOException | IllegalArgumentException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do
            }
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new ConnectResult(NETWORK_CONNECT_FAILURE, why + " (" + host + ":" + port + ")");
        }
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
                n = context.in.read(buffer, offset, length);
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

    /** Waits up to {@code maxMillis} until data can be read without blocking. */
    public void awaitData(NetworkContext context, long maxMillis) throws InterruptedException {
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        try {
            while (context.in.available() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        } catch (IOException e) {
            // the next recv reports it
        }
    }

    /** Flips the lowest bit of the first byte of every send (a faulty transport, for {@code --fail-case}). */
    public void corruptSends(boolean corrupt) {
        this.corruptSends = corrupt;
    }
}
