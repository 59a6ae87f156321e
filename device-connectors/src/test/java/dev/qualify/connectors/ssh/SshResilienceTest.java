package dev.qualify.connectors.ssh;

import dev.qualify.api.device.Command;
import dev.qualify.api.device.InfrastructureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Keepalive, dead-peer detection and reconnecting with backoff, against the in-process server. */
class SshResilienceTest {
    private static final Duration T = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void deviceThatGoesSilentIsNoticedAsDeadInSeconds() throws Exception {
        SshFixture fx = new SshFixture(dir);
        try (InProcessSshServer server = fx.server(true, null);
             FreezableRelay relay = new FreezableRelay(server.port())) {
            fx.trust(relay.port(), server.hostKey());
            SshSettings s = fx.settings(relay.port()).withKeepAlive(Duration.ofMillis(300), Duration.ofSeconds(1));
            String mark = "qualify-dead-peer-" + java.util.UUID.randomUUID();
            try (SshShell shell = new SshShell(s, 1.0, null)) {
                shell.run(Command.of(T, "true"));
                CompletableFuture<Object> longCommand = CompletableFuture.supplyAsync(() -> shell.run(new Command(
                        List.of("sleep 600; : " + mark), Duration.ofMinutes(5), java.util.Map.of(), null, true)));
                await().atMost(15, TimeUnit.SECONDS).until(() -> Pgrep.count(mark) >= 1);

                relay.freeze();

                await().atMost(30, TimeUnit.SECONDS).until(() -> !shell.isConnected());
                assertThatThrownBy(() -> longCommand.get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(InfrastructureException.class)
                        .cause().satisfies(e -> assertThat(((InfrastructureException) e).type()).isEqualTo("ssh-connection-lost"));
            } finally {
                Pgrep.killGroups(mark); // the device "hung": nobody killed its command
            }
        }
    }

    @Test
    void nextCommandAfterARebootReconnectsWithBackoff() throws Exception {
        SshFixture fx = new SshFixture(dir);
        try (InProcessSshServer server = fx.server(true, null)) {
            SshSettings s = fx.settings(server.port()).withReconnect(
                    new ReconnectPolicy(Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofMillis(400)));
            try (SshShell shell = new SshShell(s, 1.0, null)) {
                assertThat(shell.run(Command.of(T, "echo", "before")).stdout()).isEqualTo("before\n");

                server.stop();
                await().atMost(20, TimeUnit.SECONDS).until(() -> !shell.isConnected());
                CompletableFuture<Void> boot = CompletableFuture.runAsync(() -> {
                    try {
                        Thread.sleep(1500);
                        server.start();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });

                assertThat(shell.run(Command.of(T, "echo", "after")).stdout()).isEqualTo("after\n");
                assertThat(shell.lastConnectAttempts()).isGreaterThan(1);
                boot.join();
            }
        }
    }

    @Test
    void deviceThatNeverComesBackFailsAtTheReconnectDeadlineSayingHowOftenItTried() throws IOException {
        SshFixture fx = new SshFixture(dir);
        int port;
        try (InProcessSshServer server = fx.server(true, null)) {
            port = server.port();
        }
        SshSettings s = fx.settings(port).withReconnect(new ReconnectPolicy(Duration.ofSeconds(2), Duration.ofMillis(100),
                Duration.ofMillis(400)));

        try (SshShell shell = new SshShell(s, 1.0, null)) {
            assertThatThrownBy(() -> shell.run(Command.of(T, "true")))
                    .isInstanceOfSatisfying(InfrastructureException.class, e -> {
                        assertThat(e.type()).isEqualTo("ssh-unreachable");
                        assertThat(e.getMessage()).contains("attempts").contains("127.0.0.1:" + port);
                    });
            assertThat(shell.lastConnectAttempts()).isGreaterThan(1);
        }
    }

    @Test
    void backoffDoublesUpToItsMaximum() {
        ReconnectPolicy p = new ReconnectPolicy(Duration.ofMinutes(1), Duration.ofMillis(500), Duration.ofSeconds(3));

        assertThat(List.of(p.backoff(1), p.backoff(2), p.backoff(3), p.backoff(4), p.backoff(10))).containsExactly(
                Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(3));
    }
}
