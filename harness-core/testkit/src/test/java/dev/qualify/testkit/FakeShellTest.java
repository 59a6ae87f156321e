package dev.qualify.testkit;

import dev.qualify.api.device.Command;
import dev.qualify.api.device.CommandResult;
import dev.qualify.api.device.InfrastructureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeShellTest {
    private static final Duration T = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @Test
    void answersProgrammedArgvAndRecordsEveryCommand() {
        FakeShell shell = new FakeShell().on(List.of("uname", "-r"), "6.1.0\n")
                .onProgram("false", FakeShell.result(1, "", "nope"));
        assertThat(shell.run(Command.of(T, "uname", "-r")).stdout()).isEqualTo("6.1.0\n");
        CommandResult f = shell.run(Command.of(T, "false", "x"));
        assertThat(f.exitCode()).isEqualTo(1);
        assertThat(f.succeeded()).isFalse();
        assertThat(shell.argvs()).containsExactly(List.of("uname", "-r"), List.of("false", "x"));
    }

    @Test
    void anUnprogrammedCommandExits127AndSaysWhy() {
        CommandResult r = new FakeShell().run(Command.of(T, "ls"));
        assertThat(r.exitCode()).isEqualTo(127);
        assertThat(r.stderr()).contains("[ls]");
    }

    @Test
    void aLaterRuleWinsForTheSameCommand() {
        FakeShell shell = new FakeShell().on(List.of("v"), "1").on(List.of("v"), "2");
        assertThat(shell.run(Command.of(T, "v")).stdout()).isEqualTo("2");
    }

    @Test
    void uploadedFilesAndDirectoriesCanBeDownloadedAgain() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "A");
        Files.createDirectories(dir.resolve("tree/sub"));
        Files.writeString(dir.resolve("tree/sub/b.txt"), "B");
        FakeShell shell = new FakeShell();
        shell.upload(dir.resolve("a.txt"), "/tmp/a.txt");
        shell.upload(dir.resolve("tree"), "/opt/tree");
        assertThat(shell.remoteFiles()).containsExactly("/opt/tree/sub/b.txt", "/tmp/a.txt");
        shell.download("/opt/tree", dir.resolve("back"));
        assertThat(Files.readString(dir.resolve("back/sub/b.txt"))).isEqualTo("B");
        shell.download("/tmp/a.txt", dir.resolve("a2.txt"));
        assertThat(Files.readString(dir.resolve("a2.txt"))).isEqualTo("A");
        assertThatThrownBy(() -> shell.download("/missing", dir.resolve("m"))).isInstanceOf(InfrastructureException.class);
    }

    @Test
    void anUnreachableShellThrowsTheGivenError() {
        FakeShell shell = new FakeShell().unreachable(new InfrastructureException("ssh-unreachable", "gone"));
        assertThatThrownBy(() -> shell.run(Command.of(T, "true"))).hasMessage("gone");
        assertThat(shell.commands()).isEmpty();
    }
}
