package dev.qualify.connectors.ssh;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.scp.server.ScpCommandFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.apache.sshd.server.shell.InteractiveProcessShellFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Apache SSHD's server in this JVM on a loopback port, as a fast stand-in device for unit tests: exec runs real
 * local processes ({@link LocalProcessCommand}), SFTP and SCP work on the real file system, a shell channel runs
 * an interactive {@code /bin/sh}, and TCP forwarding is allowed so it can serve as a jump host.
 */
final class InProcessSshServer implements AutoCloseable {
    private final KeyPair hostKey;
    private final List<KeyPair> moreHostKeys = new java.util.ArrayList<>();
    private final boolean sftp;
    private final Path extraPath;
    private final Map<String, PublicKey> authorizedKeys = new ConcurrentHashMap<>();
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger tunnels = new java.util.concurrent.atomic.AtomicInteger();
    private SshServer server;
    private int port;

    /**
     * @param hostKey   the server's host key
     * @param sftp      whether to offer the SFTP subsystem
     * @param extraPath a directory put first on PATH of executed commands, or null
     */
    InProcessSshServer(KeyPair hostKey, boolean sftp, Path extraPath) {
        this.hostKey = hostKey;
        this.sftp = sftp;
        this.extraPath = extraPath;
    }

    InProcessSshServer authorize(String user, PublicKey key) {
        authorizedKeys.put(user + "|" + KeyUtils.getFingerPrint(key), key);
        return this;
    }

    /** Offers another host key (of another type) besides the main one; call before {@link #start()}. */
    InProcessSshServer alsoHostKey(KeyPair key) {
        moreHostKeys.add(key);
        return this;
    }

    InProcessSshServer password(String user, String password) {
        passwords.put(user, password);
        return this;
    }

    /** Starts on a free port, or on the port it had before when restarted. */
    InProcessSshServer start() throws IOException {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        List<KeyPair> keys = new java.util.ArrayList<>(List.of(hostKey));
        keys.addAll(moreHostKeys);
        server.setKeyPairProvider(KeyPairProvider.wrap(keys));
        server.setPublickeyAuthenticator((user, key, session) ->
                authorizedKeys.containsKey(user + "|" + KeyUtils.getFingerPrint(key)));
        server.setPasswordAuthenticator((user, password, session) -> password.equals(passwords.get(user)));
        server.setKeyboardInteractiveAuthenticator(null);
        server.setCommandFactory(new ScpCommandFactory.Builder()
                .withDelegate((channel, command) -> new LocalProcessCommand(command, extraPath)).build());
        server.setShellFactory(InteractiveProcessShellFactory.INSTANCE);
        if (sftp) server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
        server.addChannelListener(new org.apache.sshd.common.channel.ChannelListener() {
            @Override
            public void channelOpenSuccess(org.apache.sshd.common.channel.Channel channel) {
                if (channel instanceof org.apache.sshd.server.forward.TcpipServerChannel) tunnels.incrementAndGet();
            }
        });
        CoreModuleProperties.IDLE_TIMEOUT.set(server, java.time.Duration.ZERO);
        server.start();
        port = server.getPort();
        return this;
    }

    /** Stops listening and drops every session, as a rebooting device does. */
    void stop() throws IOException {
        if (server != null) {
            server.stop(true);
            server = null;
        }
    }

    /** How many direct-tcpip tunnels clients opened through this server (as a jump host). */
    int tunnelsOpened() {
        return tunnels.get();
    }

    int port() {
        return port;
    }

    PublicKey hostKey() {
        return hostKey.getPublic();
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
