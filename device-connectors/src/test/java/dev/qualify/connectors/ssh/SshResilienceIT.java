package dev.qualify.connectors.ssh;

import dev.qualify.api.device.Command;
import dev.qualify.api.device.InfrastructureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Reconnect after sshd restarts, dead-peer detection and a jump host, against real OpenSSH servers. */
class SshResilienceIT {
    private static final Duration T = Duration.ofSeconds(20);

    private Path dir;
    private OpenSshServer sshd;
    private OpenSshServer gateway;
    private Path key;

    @BeforeEach
    void startSshd() throws Exception {
        dir = Files.createTempDirectory("qualify-ssh-resilience-it");
        sshd = new OpenSshServer(dir.resolve("sshd"), true);
        key = HostTools.sshKeygen(dir.resolve("id_ed25519"), "ed25519", null, null);
        sshd.authorize(Path.of(key + ".pub")).start();
    }

    @AfterEach
    void stopSshd() throws IOException {
        if (gateway != null) gateway.close();
        if (sshd != null) sshd.close();
        LocalFiles.deleteTree(dir);
    }

    @Test
    void reconnectsWithBackoffAfterSshdIsRestarted() throws Exception {
        SshSettings s = settings(sshd).withReconnect(new ReconnectPolicy(Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofSeconds(1)));
        try (SshShell shell = new SshShell(s, 1.0, null)) {
            assertThat(shell.run(Command.of(T, "echo", "up")).stdout()).isEqualTo("up\n");

            sshd.stop();
            await().atMost(20, TimeUnit.SECONDS).until(() -> !shell.isConnected());
            CompletableFuture<Void> reboot = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(1500);
                    sshd.start();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            assertThat(shell.run(Command.of(T, "echo", "back")).stdout()).isEqualTo("back\n");
            assertThat(shell.lastConnectAttempts()).isGreaterThan(1);
            reboot.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void frozenDeviceIsNoticedAsDeadWithinSeconds() throws Exception {
        SshSettings s = settings(sshd).withKeepAlive(Duration.ofMillis(500), Duration.ofSeconds(2));
        try (SshShell shell = new SshShell(s, 1.0, null)) {
            shell.connect();
            List<ProcessHandle> sessions = sshd.process().descendants().toList();
            assertThat(sessions).isNotEmpty();
            try {
                for (ProcessHandle p : sessions) {
                    // sshd's short-lived helpers may exit between listing and stopping: only a live one must stop
                    try {
                        HostTools.run(List.of("kill", "-STOP", Long.toString(p.pid())), null);
                    } catch (java.io.IOException gone) {
                        if (p.isAlive()) throw gone;
                    }
                }

                await().atMost(30, TimeUnit.SECONDS).until(() -> !shell.isConnected());
            } finally {
                for (ProcessHandle p : sessions) {
                    if (p.isAlive()) HostTools.run(List.of("kill", "-CONT", Long.toString(p.pid())), null);
                }
            }
            assertThat(shell.run(Command.of(T, "echo", "fresh")).stdout()).isEqualTo("fresh\n");
        }
    }

    @Test
    void jumpHostReachesTheDeviceAndChecksBothHostKeys() throws Exception {
        gateway = new OpenSshServer(dir.resolve("gateway"), true);
        gateway.authorize(Path.of(key + ".pub")).start();
        Path knownHosts = OpenSshIt.knownHosts(dir, sshd, gateway);
        SshEndpoint jump = OpenSshIt.endpoint(gateway, "root", SshAuth.key(key, null), knownHosts);
        SshSettings s = OpenSshIt.settings(OpenSshIt.endpoint(sshd, "root", SshAuth.key(key, null), knownHosts)).withJumps(List.of(jump));

        try (SshShell shell = new SshShell(s, 1.0, null)) {
            assertThat(shell.run(Command.of(T, "echo", "via-gateway")).stdout()).isEqualTo("via-gateway\n");
        }
        assertThat(gateway.logText()).contains("Accepted publickey for root");
        assertThat(sshd.logText()).contains("Accepted publickey for root");

        Path onlyDevice = OpenSshIt.knownHosts(dir, sshd);
        SshEndpoint unverifiedJump = OpenSshIt.endpoint(gateway, "root", SshAuth.key(key, null), onlyDevice);
        SshSettings refused = OpenSshIt.settings(OpenSshIt.endpoint(sshd, "root", SshAuth.key(key, null), onlyDevice))
                .withJumps(List.of(unverifiedJump));
        try (SshShell shell = new SshShell(refused, 1.0, null)) {
            assertThatThrownBy(() -> shell.run(Command.of(T, "true")))
                    .isInstanceOfSatisfying(InfrastructureException.class, e -> {
                        assertThat(e.type()).isEqualTo("ssh-host-key-unknown");
                        assertThat(e.getMessage()).contains("127.0.0.1:" + gateway.port());
                    });
        }
    }

    private SshSettings settings(OpenSshServer server) throws IOException {
        return OpenSshIt.settings(OpenSshIt.endpoint(server, "root", SshAuth.key(key, null), OpenSshIt.knownHosts(dir, server)));
    }
}
