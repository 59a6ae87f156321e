package dev.qualify.connectors.ssh;

import dev.qualify.api.device.Command;
import dev.qualify.api.device.CommandResult;
import dev.qualify.api.device.InfrastructureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@link SshShell#run} against Apache SSHD's in-process server running real local processes. */
class SshShellTest {
    private static final Duration T = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private SshFixture fx;
    private InProcessSshServer server;
    private SshShell shell;

    @BeforeEach
    void start() throws IOException {
        fx = new SshFixture(dir);
        server = fx.server(true, null);
        shell = new SshShell(fx.settings(server.port()), 1.0, null);
    }

    @AfterEach
    void stop() throws IOException {
        shell.close();
        server.close();
    }

    @Test
    void exitCodeStdoutAndStderrComeBackSeparately() {
        CommandResult r = shell.run(new Command(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), T, Map.of(), null, false));

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(r.timedOut()).isFalse();
    }

    @Test
    void eachArgumentArrivesAsOneEvenWithSpacesQuotesAndDollars() {
        List<String> args = List.of("a b", "it's", "$HOME", "\"q\"", "", "*", "x;y", "back\\slash");
        List<String> argv = new java.util.ArrayList<>(List.of("printf", "[%s]\\n"));
        argv.addAll(args);

        CommandResult r = shell.run(new Command(argv, T, Map.of(), null, false));

        StringBuilder expected = new StringBuilder();
        for (String a : args) expected.append('[').append(a).append("]\n");
        assertThat(r.stdout()).isEqualTo(expected.toString());
    }

    @Test
    void shellCommandRunsTheScriptAsWrittenWithEnvironmentAndWorkingDirectory() throws IOException {
        Path work = Files.createDirectory(dir.resolve("work dir"));
        Command c = new Command(List.of("echo \"$GREETING\" | tr a-z A-Z; pwd"), T, Map.of("GREETING", "hello world"),
                work.toString(), true);

        CommandResult r = shell.run(c);

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo("HELLO WORLD\n" + work.toRealPath() + "\n");
    }

    @Test
    void missingWorkingDirectoryFailsTheCommand() {
        CommandResult r = shell.run(new Command(List.of("true"), T, Map.of(), dir.resolve("absent").toString(), false));

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("absent");
    }

    @Test
    void commandReadingStdinSeesEndOfInputInsteadOfHanging() {
        CommandResult r = shell.run(Command.of(T, "cat"));

        assertThat(r.succeeded()).isTrue();
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void commandPastItsDeadlineIsKilledWithItsChildren() {
        String mark = "qualify-deadline-" + UUID.randomUUID();
        Command c = new Command(List.of("sh -c 'sleep 300; : " + mark + "-child' & sleep 300; : " + mark), Duration.ofSeconds(2),
                Map.of(), null, true);

        CompletableFuture<CommandResult> running = CompletableFuture.supplyAsync(() -> shell.run(c));
        await().atMost(15, TimeUnit.SECONDS).until(() -> Pgrep.count(mark) >= 2);
        CommandResult r = running.join();

        assertThat(r.timedOut()).isTrue();
        assertThat(r.exitCode()).isEqualTo(-1);
        await().atMost(15, TimeUnit.SECONDS).until(() -> Pgrep.count(mark) == 0);
    }

    @Test
    void commandsKeepWorkingAfterADeadline() {
        shell.run(new Command(List.of("sleep", "30"), Duration.ofMillis(500), Map.of(), null, false));

        assertThat(shell.run(Command.of(T, "echo", "still here")).stdout()).isEqualTo("still here\n");
    }

    @Test
    void sudoRunsTheCommandThroughSudoNonInteractive() throws IOException {
        Path bin = fakeSudo("""
                #!/bin/sh
                [ "$1" = "-n" ] || { echo "sudo: expected -n" >&2; exit 99; }
                shift; [ "$1" = "--" ] && shift
                echo "as-root" >&2
                exec "$@"
                """);
        try (InProcessSshServer s = fx.server(true, bin);
             SshShell sudo = new SshShell(fx.settings(s.port()).withSudo(true), 1.0, null)) {
            CommandResult r = sudo.run(new Command(List.of("sh", "-c", "echo $X"), T, Map.of("X", "1"), null, false));

            assertThat(r.exitCode()).isZero();
            assertThat(r.stdout()).isEqualTo("1\n");
            assertThat(r.stderr()).isEqualTo("as-root\n");
        }
    }

    @Test
    void sudoThatWantsAPasswordFailsWithAClearErrorNamingTheUser() throws IOException {
        Path bin = fakeSudo("""
                #!/bin/sh
                echo "sudo: a password is required" >&2
                exit 1
                """);
        try (InProcessSshServer s = fx.server(true, bin);
             SshShell sudo = new SshShell(fx.settings(s.port()).withSudo(true), 1.0, null)) {
            assertThatThrownBy(() -> sudo.run(Command.of(T, "id")))
                    .isInstanceOfSatisfying(InfrastructureException.class, e -> {
                        assertThat(e.type()).isEqualTo("sudo-needs-password");
                        assertThat(e.getMessage()).contains("NOPASSWD").contains(SshFixture.USER);
                    });
        }
    }

    private Path fakeSudo(String script) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin-" + UUID.randomUUID()));
        Path sudo = bin.resolve("sudo");
        Files.writeString(sudo, script);
        Files.setPosixFilePermissions(sudo, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }
}
