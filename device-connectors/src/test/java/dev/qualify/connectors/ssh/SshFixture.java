package dev.qualify.connectors.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;

/** Builds settings for tests against a local server: a user key, a known_hosts file, short timeouts. */
final class SshFixture {
    static final String USER = "tester";

    static {
        QuietSshdLogs.apply();
    }

    final Path dir;
    final KeyPair userKey = TestKeys.ed25519();
    final Path userKeyFile;
    final Path knownHosts;

    SshFixture(Path dir) throws IOException {
        this.dir = dir;
        this.userKeyFile = TestKeys.writeOpenSsh(userKey, dir.resolve("id_ed25519"), null);
        this.knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "");
    }

    /** Adds the server's host key to the known_hosts file. */
    SshFixture trust(InProcessSshServer server) throws IOException {
        return trust(server.port(), server.hostKey());
    }

    /** Adds {@code key} for 127.0.0.1:{@code port} to the known_hosts file. */
    SshFixture trust(int port, java.security.PublicKey key) throws IOException {
        Files.writeString(knownHosts, TestKeys.knownHostsLine("127.0.0.1", port, key) + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        return this;
    }

    SshEndpoint endpoint(int port) {
        return new SshEndpoint("127.0.0.1", port, USER, SshAuth.key(userKeyFile, null), HostKeyPolicy.knownHosts(knownHosts));
    }

    /** Settings with short connect timeouts and a 3 s reconnect deadline, keepalive every 500 ms. */
    SshSettings settings(int port) {
        return new SshSettings(endpoint(port), List.of(), Duration.ofSeconds(5), Duration.ofMillis(500),
                Duration.ofSeconds(2), new ReconnectPolicy(Duration.ofSeconds(3), Duration.ofMillis(100),
                Duration.ofMillis(500)), false);
    }

    InProcessSshServer server(boolean sftp, Path extraPath) throws IOException {
        InProcessSshServer s = new InProcessSshServer(TestKeys.ed25519(), sftp, extraPath).authorize(USER, userKey.getPublic()).start();
        trust(s);
        return s;
    }
}
