package dev.qualify.connectors.ssh;

import dev.qualify.api.device.Command;
import dev.qualify.api.device.InfrastructureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reaching a board behind a lab gateway (ProxyJump), with the board's host key still checked under its name. */
class SshJumpHostTest {
    private static final Duration T = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void commandsAndFilesReachTheDeviceThroughTheJumpHost() throws IOException {
        SshFixture fx = new SshFixture(dir);
        try (InProcessSshServer gateway = fx.server(true, null);
             InProcessSshServer board = fx.server(true, null)) {
            SshSettings s = fx.settings(board.port()).withJumps(List.of(fx.endpoint(gateway.port())));
            Path local = Files.writeString(dir.resolve("f.txt"), "through the gateway");
            try (SshShell shell = new SshShell(s, 1.0, null)) {
                assertThat(shell.run(Command.of(T, "echo", "hello")).stdout()).isEqualTo("hello\n");
                shell.upload(local, dir.resolve("remote.txt").toString());
            }

            assertThat(gateway.tunnelsOpened()).isEqualTo(1);
            assertThat(board.tunnelsOpened()).isZero();
            assertThat(dir.resolve("remote.txt")).hasContent("through the gateway");
        }
    }

    @Test
    void unknownDeviceKeyBehindTheJumpHostIsStillRefused() throws IOException {
        SshFixture fx = new SshFixture(dir);
        try (InProcessSshServer gateway = fx.server(true, null);
             InProcessSshServer board = new InProcessSshServer(TestKeys.ed25519(), true, null)
                     .authorize(SshFixture.USER, fx.userKey.getPublic()).start()) {
            SshSettings s = fx.settings(board.port()).withJumps(List.of(fx.endpoint(gateway.port())));

            try (SshShell shell = new SshShell(s, 1.0, null)) {
                assertThatThrownBy(() -> shell.run(Command.of(T, "true")))
                        .isInstanceOfSatisfying(InfrastructureException.class, e -> {
                            assertThat(e.type()).isEqualTo("ssh-host-key-unknown");
                            assertThat(e.getMessage()).contains("127.0.0.1:" + board.port())
                                    .contains(TestKeys.fingerprint(board.hostKey()));
                        });
            }
        }
    }
}
