package dev.qualify.core.process;

import dev.qualify.api.support.ProcessRunner;

import dev.qualify.api.device.Command;
import dev.qualify.api.device.CommandResult;
import dev.qualify.api.driver.ProcessRegistry;
import dev.qualify.api.device.Transcript;
import dev.qualify.api.device.InfrastructureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ProcessRunnerTest {
    private final ProcessRunner runner = new ProcessRunner(new ProcessRegistry());

    @Test
    void exitCodeStdoutAndStderrAreKeptApart() {
        CommandResult r = runner.run(Command.of(Duration.ofSeconds(10), "sh", "-c", "echo out; echo err >&2; exit 3"), Transcript.NONE);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(r.timedOut()).isFalse();
    }

    @Test
    void argumentsWithSpacesAndQuotesArriveAsOneArgumentEach(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("args.sh");
        Files.writeString(script, "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]\\n' \"$a\"; done\n");
        script.toFile().setExecutable(true);
        List<String> argv = new JsonPathPlaceholders(Map.of("testData", Map.of("sourcePath", "/tmp/a dir/it's \"here\"")))
                .expand(List.of(script.toString(), "{{testData.sourcePath}}", "x; rm -rf /", "$HOME"));
        CommandResult r = runner.run(new Command(argv, Duration.ofSeconds(10), Map.of(), null, false), Transcript.NONE);
        assertThat(r.stdout()).isEqualTo("[/tmp/a dir/it's \"here\"]\n[x; rm -rf /]\n[$HOME]\n");
    }

    @Test
    void aHangingCommandAndItsChildrenAreKilledAtTheDeadline(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("child.pid");
        CommandResult r = runner.run(Command.of(Duration.ofMillis(1500), "sh", "-c",
                "sleep 300 & echo $! > " + pidFile + "; wait"), Transcript.NONE);
        assertThat(r.timedOut()).isTrue();
        assertThat(r.exitCode()).isEqualTo(-1);
        long child = Long.parseLong(Files.readString(pidFile).trim());
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void aMissingProgramIsACommandNotFoundError() {
        assertThatThrownBy(() -> runner.run(Command.of(Duration.ofSeconds(5), "/nonexistent/flash-tool"), Transcript.NONE))
                .isInstanceOf(InfrastructureException.class).hasMessageContaining("/nonexistent/flash-tool")
                .satisfies(e -> assertThat(((InfrastructureException) e).type()).isEqualTo("command-not-found"));
    }
}
