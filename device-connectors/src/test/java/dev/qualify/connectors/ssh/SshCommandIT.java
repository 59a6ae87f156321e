package dev.qualify.connectors.ssh;

import dev.qualify.api.device.Command;
import dev.qualify.api.device.CommandResult;
import dev.qualify.api.device.Console;
import dev.qualify.api.device.InfrastructureException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Commands, deadlines, sudo and the interactive console against a real OpenSSH sshd. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SshCommandIT {
    private static final Duration T = Duration.ofSeconds(20);

    private Path dir;
    private OpenSshServer sshd;
    private SshSettings root;
    private SshShell shell;

    @BeforeAll
    void startSshd() throws Exception {
        dir = Files.createTempDirectory("qualify-ssh-command-it");
        sshd = new OpenSshServer(dir.resolve("sshd"), true);
        try {
            Path key = HostTools.sshKeygen(dir.resolve("id_ed25519"), "ed25519", null, null);
            sshd.authorize(Path.of(key + ".pub")).start();
            root = OpenSshIt.settings(OpenSshIt.endpoint(sshd, "root", SshAuth.key(key, null), OpenSshIt.knownHosts(dir, sshd)));
            shell = new SshShell(root, 1.0, null);
        } catch (Exception e) {
            sshd.close();
            throw e;
        }
    }

    @AfterAll
    void stopSshd() throws IOException {
        if (shell != null) shell.close();
        if (sshd != null) sshd.close();
        LocalFiles.deleteTree(dir);
    }

    @Test
    void exitCodesAndStderrComeBackSeparately() {
        CommandResult ok = shell.run(Command.of(T, "echo", "fine"));
        CommandResult bad = shell.run(Command.of(T, "ls", "/no/such/path"));
        CommandResult script = shell.run(new Command(List.of("echo to-out; echo to-err >&2; exit 42"), T, Map.of(), null, true));

        assertThat(ok.exitCode()).isZero();
        assertThat(ok.stdout()).isEqualTo("fine\n");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stdout()).isEmpty();
        assertThat(bad.stderr()).contains("/no/such/path");
        assertThat(script.exitCode()).isEqualTo(42);
        assertThat(script.stdout()).isEqualTo("to-out\n");
        assertThat(script.stderr()).isEqualTo("to-err\n");
    }

    @Test
    void environmentAndWorkingDirectoryApply() {
        CommandResult r = shell.run(new Command(List.of("sh", "-c", "echo \"$QUALIFY_X\"; pwd"), T,
                Map.of("QUALIFY_X", "a b"), "/tmp", false));

        assertThat(r.stdout()).isEqualTo("a b\n/tmp\n");
    }

    @Test
    void remoteCommandIsKilledWithItsChildrenAtItsDeadline() {
        String mark = "qualify-it-deadline-" + UUID.randomUUID();
        Command c = new Command(List.of("sh -c 'sleep 600; : " + mark + "-child' & sleep 600; : " + mark), Duration.ofSeconds(2),
                Map.of(), null, true);

        CompletableFuture<CommandResult> running = CompletableFuture.supplyAsync(() -> shell.run(c));
        await().atMost(15, TimeUnit.SECONDS).until(() -> Pgrep.count(mark) >= 2);
        CommandResult r = running.join();

        assertThat(r.timedOut()).isTrue();
        assertThat(r.exitCode()).isEqualTo(-1);
        await().atMost(15, TimeUnit.SECONDS).until(() -> Pgrep.count(mark) == 0);
        assertThat(shell.run(Command.of(T, "echo", "after")).stdout()).isEqualTo("after\n");
    }

    @Test
    void sudoRunsCommandsAsRootWhenNoPasswordIsNeeded() {
        HostTools.require(HostTools.onPath("sudo"), "sudo");
        try (SshShell sudo = new SshShell(root.withSudo(true), 1.0, null)) {
            CommandResult r = sudo.run(Command.of(T, "id", "-u"));

            assertThat(r.exitCode()).isZero();
            assertThat(r.stdout()).isEqualTo("0\n");
        }
    }

    @Test
    void sudoThatWouldAskForAPasswordFailsWithAClearError() throws Exception {
        HostTools.require(HostTools.onPath("sudo"), "sudo");
        String password = TestUser.withFreshPassword();
        SshSettings user = OpenSshIt.settings(OpenSshIt.endpoint(sshd, TestUser.NAME, SshAuth.password(password),
                root.target().hostKeys().knownHosts())).withSudo(true);

        try (SshShell sudo = new SshShell(user, 1.0, null)) {
            assertThatThrownBy(() -> sudo.run(Command.of(T, "id", "-u")))
                    .isInstanceOfSatisfying(InfrastructureException.class, e -> {
                        assertThat(e.type()).isEqualTo("sudo-needs-password");
                        assertThat(e.getMessage()).contains("NOPASSWD").contains(TestUser.NAME).doesNotContain(password);
                    });
        }
    }

    @Test
    void interactiveShellChannelWorksAsAConsole() {
        try (Console console = SshConsole.open(root, 1.0, null)) {
            console.sendLine("echo console-$((20+22))");

            assertThat(console.expect(Pattern.compile("console-(\\d+)\\n"), Duration.ofSeconds(15)).group(1)).isEqualTo("42");
        }
    }
}
