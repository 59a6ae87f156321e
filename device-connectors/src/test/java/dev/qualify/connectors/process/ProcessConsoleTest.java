package dev.qualify.connectors.process;

import dev.qualify.testkit.TestDriverContexts;
import dev.qualify.api.device.Console;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.ProcessRegistry;
import dev.qualify.api.device.Transcript;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A child process's stdio as the console: {@code cat} echoes what we send. */
class ProcessConsoleTest {
    @Test
    void aChildProcessStdioIsTheConsoleAndClosingKillsIt() {
        ProcessRegistry registry = new ProcessRegistry();
        DriverContext ctx = TestDriverContexts.forDevice("d", Path.of("."), registry, Transcript.NONE);
        Console c = new ProcessConsoleFactory().create(Map.of("command", List.of("cat")), ctx);
        long pid = Long.parseLong(c.name().replaceAll(".*pid (\\d+).*", "$1"));
        c.sendLine("hello board");
        assertThat(c.expect(Pattern.compile("hello (\\w+)\\n"), Duration.ofSeconds(5)).group(1)).isEqualTo("board");
        c.close();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
}
