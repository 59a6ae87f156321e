package dev.qualify.connectors.ssh;

import dev.qualify.api.device.Transcript;
import dev.qualify.api.device.InfrastructureException;
import org.apache.sshd.client.session.ClientSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The driver's way to the device: an {@link SshConnection} that is (re)established on demand. When the connection
 * is missing or was found dead (a reboot, a dead peer noticed by keepalive), the next {@link #session()} connects
 * again, retrying with backoff per the {@link ReconnectPolicy} until its deadline. Host key and login refusals end
 * the attempts at once.
 *
 * <p>Thread-safe.
 */
final class SshLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SshLink.class);

    private final SshSettings settings;
    private final Duration connectTimeout;
    private final ReconnectPolicy policy;
    private final Transcript transcript;
    private SshConnection connection;
    private int lastAttempts;
    private boolean closed;

    /**
     * @param timeoutMultiplier scales the connect timeout and the reconnect deadline
     */
    SshLink(SshSettings settings, double timeoutMultiplier, Transcript transcript) {
        this.settings = settings;
        this.connectTimeout = dev.qualify.api.support.Durations.scale(settings.connectTimeout(), timeoutMultiplier);
        this.policy = settings.reconnect().scaled(timeoutMultiplier);
        this.transcript = transcript == null ? Transcript.NONE : transcript;
    }

    /** A live session on the device, connecting first if needed. */
    synchronized ClientSession session() {
        if (closed) throw new InfrastructureException("ssh-closed", "the SSH driver for " + settings.display() + " was closed");
        if (connection != null && connection.isOpen()) return connection.session();
        if (connection != null) {
            LOG.info("connection to {} was lost; reconnecting", settings.display());
            transcript.note("ssh: connection to " + settings.display() + " was lost; reconnecting");
            connection.close();
            connection = null;
        }
        connection = connectWithRetry();
        return connection.session();
    }

    /** Drops the current connection (e.g. after asking the device to reboot) and connects again with backoff. */
    synchronized ClientSession reconnect() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
        return session();
    }

    /** Whether a connection is up right now; does not connect. */
    synchronized boolean isConnected() {
        return connection != null && connection.isOpen();
    }

    /** How many attempts the last successful or failed connect took. */
    synchronized int lastAttempts() {
        return lastAttempts;
    }

    SshSettings settings() {
        return settings;
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    private SshConnection connectWithRetry() {
        long start = System.nanoTime();
        long deadline = start + policy.deadline().toNanos();
        int attempt = 0;
        while (true) {
            attempt++;
            lastAttempts = attempt;
            try {
                SshConnection c = SshConnection.open(settings, connectTimeout);
                if (attempt > 1) {
                    LOG.info("connected to {} after {} attempts", settings.display(), attempt);
                }
                transcript.note("ssh: connected to " + settings.display() + (attempt > 1 ? " after " + attempt + " attempts" : ""));
                return c;
            } catch (InfrastructureException e) {
                if (!SshConnection.UNREACHABLE.equals(e.type())) throw e;
                Duration wait = policy.backoff(attempt);
                long now = System.nanoTime();
                if (now + wait.toNanos() > deadline) {
                    throw new InfrastructureException(SshConnection.UNREACHABLE, "cannot reach " + settings.display()
                            + " after " + attempt + " attempt" + (attempt == 1 ? "" : "s") + " in "
                            + Duration.ofNanos(now - start).toMillis() + " ms (reconnect deadline "
                            + policy.deadline().toMillis() + " ms); last error: " + e.getMessage(), e);
                }
                LOG.debug("attempt {} to reach {} failed ({}); next in {} ms", attempt, settings.display(),
                        e.getMessage(), wait.toMillis());
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new InfrastructureException("interrupted", "interrupted while connecting to " + settings.display(), ie);
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
