package dev.qualify.connectors.ssh;

import dev.qualify.api.device.InfrastructureException;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.keyboard.UserInteraction;
import org.apache.sshd.client.auth.password.PasswordIdentityProvider;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.forward.ExplicitPortForwardingTracker;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.core.CoreModuleProperties;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One authenticated SSH session to the device, through zero or more jump hosts (each hop tunnels the next with a
 * {@code direct-tcpip} channel bound to a loopback port, as OpenSSH's ProxyJump does). Every hop has its own
 * host key check and credentials, keepalive requests, and is closed with the connection.
 *
 * <p>Failures are {@link InfrastructureException}s whose type tells whether retrying can help:
 * {@code ssh-unreachable} (refused, timed out, reset: retryable), {@code ssh-auth-failed},
 * {@code ssh-host-key-unknown}, {@code ssh-host-key-changed}, {@code ssh-host-key-revoked} (never retried).
 */
final class SshConnection implements AutoCloseable {
    /** The error type of a failure worth retrying. */
    static final String UNREACHABLE = "ssh-unreachable";

    private final SshSettings settings;
    private final List<SshClient> clients = new ArrayList<>();
    private final List<ClientSession> sessions = new ArrayList<>();
    private final List<ExplicitPortForwardingTracker> tunnels = new ArrayList<>();

    private SshConnection(SshSettings settings) {
        this.settings = settings;
    }

    /**
     * Connects and authenticates every hop.
     *
     * @param connectTimeout deadline of each hop's connect, key exchange and authentication
     */
    static SshConnection open(SshSettings settings, Duration connectTimeout) {
        SshConnection c = new SshConnection(settings);
        try {
            List<SshEndpoint> hops = new ArrayList<>(settings.jumps());
            hops.add(settings.target());
            for (SshEndpoint hop : hops) c.connectHop(hop, connectTimeout);
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** The session on the device. */
    ClientSession session() {
        return sessions.get(sessions.size() - 1);
    }

    /** Whether every hop is still connected (false soon after a dead peer is detected). */
    boolean isOpen() {
        for (ClientSession s : sessions) if (!s.isOpen() || s.isClosing()) return false;
        return !sessions.isEmpty();
    }

    SshSettings settings() {
        return settings;
    }

    private void connectHop(SshEndpoint hop, Duration timeout) {
        HostKeyVerifier verifier = new HostKeyVerifier(hop);
        SshClient client = newClient(verifier);
        clients.add(client);
        String where = hop.display() + (sessions.isEmpty() ? "" : " (through " + settings.jumps().get(sessions.size() - 1).display() + ")");
        ClientSession session;
        try {
            if (sessions.isEmpty()) {
                session = client.connect(hop.user(), hop.host(), hop.port()).verify(timeout).getSession();
            } else {
                ExplicitPortForwardingTracker tunnel = session().createLocalPortForwardingTracker(
                        new SshdSocketAddress("127.0.0.1", 0), new SshdSocketAddress(hop.host(), hop.port()));
                tunnels.add(tunnel);
                InetSocketAddress bound = tunnel.getBoundAddress().toInetSocketAddress();
                session = client.connect(hop.user(), bound, null, null).verify(timeout).getSession();
            }
        } catch (IOException | RuntimeException e) {
            throw failure(verifier, UNREACHABLE, "cannot connect to " + where + ": " + describe(e), e);
        }
        sessions.add(session);
        SshAuth auth = hop.auth();
        String credential;
        if (auth.method() == SshAuth.Method.KEY) {
            KeyPair pair;
            try {
                pair = KeyPairLoader.load(auth.privateKey(), auth.passphrase());
            } catch (KeyPairLoader.KeyLoadException e) {
                throw new InfrastructureException("ssh-auth-failed", e.getMessage(), e);
            }
            session.addPublicKeyIdentity(pair);
            credential = "key " + auth.privateKey() + " (" + KeyUtils.getKeyType(pair) + " " + KeyUtils.getFingerPrint(pair.getPublic()) + ")";
        } else {
            session.addPasswordIdentity(auth.password());
            credential = "a password";
        }
        try {
            AuthFuture f = session.auth();
            if (!f.await(timeout)) {
                throw failure(verifier, UNREACHABLE, "no answer from " + where + " within " + timeout.toMillis()
                        + " ms (key exchange and login)", null);
            }
            if (!f.isSuccess()) {
                Throwable cause = f.getException();
                if (verifier.rejection() == null && (isAuthRefusal(cause) || session.isOpen() && !session.isClosing())) {
                    throw new InfrastructureException("ssh-auth-failed", "login to " + where + " as " + hop.user()
                            + " with " + credential + " was refused" + (cause == null ? "" : " (" + describe(cause) + ")")
                            + (auth.method() == SshAuth.Method.KEY ? "; is the public key in ~" + hop.user()
                            + "/.ssh/authorized_keys on the device?" : "; check the password and that the server allows "
                            + "PasswordAuthentication"), cause);
                }
                throw failure(verifier, UNREACHABLE, "connection to " + where + " failed during login: " + describe(cause), cause);
            }
        } catch (IOException e) {
            throw failure(verifier, UNREACHABLE, "connection to " + where + " failed during login: " + describe(e), e);
        } catch (InfrastructureException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(verifier, UNREACHABLE, "connection to " + where + " failed during login: " + describe(e), e);
        }
    }

    private static boolean isAuthRefusal(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && m.toLowerCase().contains("no more authentication methods")) return true;
        }
        return false;
    }

    private static InfrastructureException failure(HostKeyVerifier verifier, String type, String message, Throwable cause) {
        HostKeyRejection r = verifier.rejection();
        if (r != null) return new InfrastructureException(r.errorType(), r.message(), cause);
        return new InfrastructureException(type, message, cause);
    }

    private SshClient newClient(HostKeyVerifier verifier) {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(verifier);
        client.setSignatureFactories(HostKeyAlgorithms.order(client.getSignatureFactories(), verifier.knownKeyTypes()));
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY); // never read ~/.ssh/config
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER); // only the configured key
        client.setPasswordIdentityProvider(PasswordIdentityProvider.EMPTY_PASSWORDS_PROVIDER);
        client.setUserInteraction(UserInteraction.NONE); // never prompt
        Duration keepAlive = settings.keepAlive();
        if (!keepAlive.isZero()) {
            CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, keepAlive);
            CoreModuleProperties.HEARTBEAT_REQUEST.set(client, "keepalive@openssh.com");
            long max = Math.max(1, (settings.deadPeerTimeout().toMillis() + keepAlive.toMillis() - 1) / keepAlive.toMillis());
            CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, (int) Math.min(Integer.MAX_VALUE, max));
            // liveness is the heartbeat's job; an idle harness between tests must not be disconnected
            CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ZERO);
        }
        CoreModuleProperties.SOCKET_KEEPALIVE.set(client, true);
        client.start();
        return client;
    }

    static String describe(Throwable e) {
        if (e == null) return "unknown reason";
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage();
        String name = root.getClass().getSimpleName();
        return m == null || m.isBlank() ? name : (root == e ? m : m + " (" + name + ")");
    }

    /** Closes every hop, device first; idempotent. */
    @Override
    public void close() {
        for (int i = sessions.size() - 1; i >= 0; i--) {
            sessions.get(i).close(true);
        }
        for (ExplicitPortForwardingTracker t : tunnels) {
            try {
                t.close();
            } catch (IOException | RuntimeException ignored) {
                // the session is gone already
            }
        }
        for (int i = clients.size() - 1; i >= 0; i--) {
            try {
                clients.get(i).stop();
            } catch (RuntimeException ignored) {
                // best effort
            }
        }
        sessions.clear();
        tunnels.clear();
        clients.clear();
    }
}
