package dev.qualify.connectors.ssh;

import dev.qualify.api.device.Command;
import dev.qualify.api.device.InfrastructureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Logging in with each kind of key file and with a password, against the in-process server. */
class SshAuthTest {
    private static final Duration T = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private SshFixture fx;
    private InProcessSshServer server;

    @BeforeEach
    void start() throws IOException {
        fx = new SshFixture(dir);
        server = fx.server(true, null);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void ed25519OpenSshKeyWithPassphraseLogsIn() throws IOException {
        KeyPair k = TestKeys.ed25519();
        server.authorize(SshFixture.USER, k.getPublic());
        Path file = TestKeys.writeOpenSsh(k, dir.resolve("ed"), "correct horse");

        assertThat(whoAmI(SshAuth.key(file, "correct horse"))).isEqualTo("ok\n");
    }

    @Test
    void ecdsaPemKeyWithPassphraseLogsIn() throws IOException {
        KeyPair k = TestKeys.ecdsa();
        server.authorize(SshFixture.USER, k.getPublic());
        Path file = TestKeys.writePem(k, dir.resolve("ec.pem"), "pem pass");

        assertThat(whoAmI(SshAuth.key(file, "pem pass"))).isEqualTo("ok\n");
    }

    @Test
    void rsaPemKeyWithoutPassphraseLogsIn() throws IOException {
        KeyPair k = TestKeys.rsa();
        server.authorize(SshFixture.USER, k.getPublic());
        Path file = TestKeys.writePem(k, dir.resolve("rsa.pem"), null);

        assertThat(whoAmI(SshAuth.key(file, null))).isEqualTo("ok\n");
    }

    @Test
    void rsaOpenSshKeyLogsIn() throws IOException {
        KeyPair k = TestKeys.rsa();
        server.authorize(SshFixture.USER, k.getPublic());
        Path file = TestKeys.writeOpenSsh(k, dir.resolve("rsa"), null);

        assertThat(whoAmI(SshAuth.key(file, null))).isEqualTo("ok\n");
    }

    @Test
    void passwordLogsIn() {
        server.password(SshFixture.USER, "s3cret-pw");

        assertThat(whoAmI(SshAuth.password("s3cret-pw"))).isEqualTo("ok\n");
    }

    @Test
    void wrongPasswordFailsAtOnceWithoutShowingThePassword() {
        server.password(SshFixture.USER, "s3cret-pw");
        SshSettings s = settings(SshAuth.password("wrong-pw-123"));

        try (SshShell shell = new SshShell(s, 1.0, null)) {
            assertThatThrownBy(() -> shell.run(Command.of(T, "true")))
                    .isInstanceOfSatisfying(InfrastructureException.class, e -> {
                        assertThat(e.type()).isEqualTo("ssh-auth-failed");
                        assertThat(e.getMessage()).contains(SshFixture.USER).doesNotContain("wrong-pw-123");
                    });
            assertThat(shell.lastConnectAttempts()).isEqualTo(1);
        }
    }

    @Test
    void keyTheDeviceDoesNotKnowIsRefusedWithItsFingerprint() throws IOException {
        KeyPair stranger = TestKeys.ed25519();
        Path file = TestKeys.writeOpenSsh(stranger, dir.resolve("stranger"), null);

        try (SshShell shell = new SshShell(settings(SshAuth.key(file, null)), 1.0, null)) {
            assertThatThrownBy(() -> shell.run(Command.of(T, "true")))
                    .isInstanceOfSatisfying(InfrastructureException.class, e -> {
                        assertThat(e.type()).isEqualTo("ssh-auth-failed");
                        assertThat(e.getMessage()).contains(TestKeys.fingerprint(stranger.getPublic())).contains("authorized_keys");
                    });
        }
    }

    private SshSettings settings(SshAuth auth) {
        SshSettings base = fx.settings(server.port());
        SshEndpoint t = base.target();
        return new SshSettings(new SshEndpoint(t.host(), t.port(), t.user(), auth, t.hostKeys()), base.jumps(),
                base.connectTimeout(), base.keepAlive(), base.deadPeerTimeout(), base.reconnect(), false);
    }

    private String whoAmI(SshAuth auth) {
        try (SshShell shell = new SshShell(settings(auth), 1.0, null)) {
            return shell.run(Command.of(T, "echo", "ok")).stdout();
        }
    }
}
