package dev.qualify.connectors.ssh;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.qualify.api.device.Command;
import dev.qualify.api.device.InfrastructureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The device's host key is verified and never prompted for; a bad key fails fast with its fingerprint. */
class SshHostKeyTest {
    private static final Duration T = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private SshFixture fx;
    private InProcessSshServer server;

    @BeforeEach
    void start() throws IOException {
        fx = new SshFixture(dir);
        server = new InProcessSshServer(TestKeys.ed25519(), true, null).authorize(SshFixture.USER, fx.userKey.getPublic()).start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void unknownHostKeyIsRefusedAtOnceWithItsFingerprintAndTheLineToAdd() {
        String fp = TestKeys.fingerprint(server.hostKey());

        try (SshShell shell = new SshShell(fx.settings(server.port()), 1.0, null)) {
            assertThatThrownBy(() -> shell.run(Command.of(T, "true")))
                    .isInstanceOfSatisfying(InfrastructureException.class, e -> {
                        assertThat(e.type()).isEqualTo("ssh-host-key-unknown");
                        assertThat(e.getMessage()).contains(fp)
                                .contains(TestKeys.knownHostsLine("127.0.0.1", server.port(), server.hostKey()));
                    });
            assertThat(shell.lastConnectAttempts()).isEqualTo(1);
        }
    }

    @Test
    void changedHostKeyIsRefusedNamingBothFingerprints() throws IOException {
        PublicKey old = TestKeys.ed25519().getPublic();
        Files.writeString(fx.knownHosts, TestKeys.knownHostsLine("127.0.0.1", server.port(), old) + "\n");

        try (SshShell shell = new SshShell(fx.settings(server.port()), 1.0, null)) {
            assertThatThrownBy(() -> shell.run(Command.of(T, "true")))
                    .isInstanceOfSatisfying(InfrastructureException.class, e -> {
                        assertThat(e.type()).isEqualTo("ssh-host-key-changed");
                        assertThat(e.getMessage()).contains(TestKeys.fingerprint(server.hostKey()))
                                .contains(TestKeys.fingerprint(old));
                    });
        }
    }

    @Test
    void revokedHostKeyIsRefused() throws IOException {
        Files.writeString(fx.knownHosts, "@revoked " + TestKeys.knownHostsLine("127.0.0.1", server.port(), server.hostKey()) + "\n");

        try (SshShell shell = new SshShell(fx.settings(server.port()), 1.0, null)) {
            assertThatThrownBy(() -> shell.run(Command.of(T, "true")))
                    .isInstanceOfSatisfying(InfrastructureException.class, e -> assertThat(e.type()).isEqualTo("ssh-host-key-revoked"));
        }
    }

    @Test
    void knownHostsEntryWithoutPortIsUsedForOtherPortsAsIdtWritesIt() throws IOException {
        Files.writeString(fx.knownHosts, TestKeys.knownHostsLine("127.0.0.1", 22, server.hostKey()) + "\n");

        try (SshShell shell = new SshShell(fx.settings(server.port()), 1.0, null)) {
            assertThat(shell.run(Command.of(T, "echo", "in")).stdout()).isEqualTo("in\n");
        }
    }

    @Test
    void deviceWithSeveralHostKeysIsAskedForTheTypeKnownHostsLists() throws IOException {
        java.security.KeyPair rsa = TestKeys.rsa();
        try (InProcessSshServer multi = new InProcessSshServer(TestKeys.ecdsa(), true, null).alsoHostKey(TestKeys.ed25519())
                .alsoHostKey(rsa).authorize(SshFixture.USER, fx.userKey.getPublic()).start()) {
            Files.writeString(fx.knownHosts, TestKeys.knownHostsLine("127.0.0.1", multi.port(), rsa.getPublic()) + "\n");

            try (SshShell shell = new SshShell(fx.settings(multi.port()), 1.0, null)) {
                assertThat(shell.run(Command.of(T, "echo", "rsa")).stdout()).isEqualTo("rsa\n");
            }
        }
    }

    @Test
    void pinnedFingerprintIsAcceptedAndAnyOtherRefused() {
        SshSettings good = withHostKeys(HostKeyPolicy.pinned(TestKeys.fingerprint(server.hostKey())));
        SshSettings bad = withHostKeys(HostKeyPolicy.pinned(TestKeys.fingerprint(TestKeys.ed25519().getPublic())));

        try (SshShell shell = new SshShell(good, 1.0, null)) {
            assertThat(shell.run(Command.of(T, "echo", "pinned")).stdout()).isEqualTo("pinned\n");
        }
        try (SshShell shell = new SshShell(bad, 1.0, null)) {
            assertThatThrownBy(() -> shell.run(Command.of(T, "true")))
                    .isInstanceOfSatisfying(InfrastructureException.class, e -> {
                        assertThat(e.type()).isEqualTo("ssh-host-key-changed");
                        assertThat(e.getMessage()).contains(TestKeys.fingerprint(server.hostKey()));
                    });
        }
    }

    @Test
    void acceptingAnyHostKeyWorksOnlyWhenAskedAndWarnsOnEveryConnect() throws IOException {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger verifierLog = (Logger) LoggerFactory.getLogger(HostKeyVerifier.class);
        verifierLog.addAppender(log);
        try (SshShell shell = new SshShell(withHostKeys(HostKeyPolicy.acceptAnyKey()), 1.0, null)) {
            shell.run(Command.of(T, "true"));
            shell.reconnect();
            shell.run(Command.of(T, "true"));
        } finally {
            verifierLog.detachAppender(log);
        }

        assertThat(log.list).filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.getFormattedMessage()).contains("WITHOUT VERIFICATION")
                        .contains(TestKeys.fingerprint(server.hostKey())));
    }

    private SshSettings withHostKeys(HostKeyPolicy policy) {
        SshSettings base = fx.settings(server.port());
        SshEndpoint t = base.target();
        return new SshSettings(new SshEndpoint(t.host(), t.port(), t.user(), t.auth(), policy), base.jumps(),
                base.connectTimeout(), base.keepAlive(), base.deadPeerTimeout(), base.reconnect(), false);
    }
}
