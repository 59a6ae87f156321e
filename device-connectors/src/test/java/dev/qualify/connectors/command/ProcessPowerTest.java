package dev.qualify.connectors.command;

import dev.qualify.api.device.PowerControl;
import dev.qualify.api.device.Transcript;
import dev.qualify.api.driver.BoardProcess;
import dev.qualify.api.driver.ProcessExit;
import dev.qualify.api.driver.ProcessRegistry;
import dev.qualify.testkit.TestDriverContexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code power: {type: process}} with real child processes: a board that dies by itself is seen at once. */
class ProcessPowerTest {
    @TempDir
    Path dir;

    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final ProcessRegistry processes = new ProcessRegistry();

    @AfterEach
    void kill() {
        processes.killAll(Duration.ofSeconds(1));
    }

    private PowerControl power(String body) throws Exception {
        Path s = dir.resolve("board.sh");
        Files.writeString(s, "#!/bin/sh\n" + body + "\n");
        s.toFile().setExecutable(true);
        Transcript t = new Transcript() {
            @Override public void received(byte[] b, int o, int l) { }
            @Override public void sent(byte[] b) { }
            @Override public void note(String text) { notes.add(text); }
        };
        return new ProcessPowerFactory().create(Map.of("command", List.of(s.toString())),
                TestDriverContexts.forDevice("board-1", dir, processes, t));
    }

    @Test
    void aBoardProcessThatExitsByItselfCompletesItsExitWithStatusAndStderrTailAndNotesIt() throws Exception {
        PowerControl p = power("echo 'listening'; i=0; while [ $i -lt 15 ]; do echo \"line $i\" >&2; i=$((i+1)); done;"
                + " echo 'cannot listen: Address already in use' >&2; exit 7");
        assertThat(p).isInstanceOf(BoardProcess.class);
        p.on();
        ProcessExit e = ((BoardProcess) p).exited().get(30, TimeUnit.SECONDS);
        assertThat(e.status()).isEqualTo(7);
        assertThat(e.what()).isEqualTo("board process");
        assertThat(e.stderrTail()).hasSize(10).endsWith("cannot listen: Address already in use")
                .doesNotContain("listening", "line 0");
        assertThat(e.describe()).startsWith("board process (pid " + e.pid() + ") exited with status 7; last lines of its stderr:")
                .contains("Address already in use");
        assertThat(notes).contains("[board process] listening", "[board process] cannot listen: Address already in use");
        assertThat(notes).anySatisfy(n -> assertThat(n).startsWith("[qualify] board process (pid ")
                .contains("exited with status 7").contains("Address already in use"));
    }

    @Test
    void aBoardProcessEndedByPowerOffIsNotReportedAsAnExit() throws Exception {
        PowerControl p = power("echo up; exec sleep 60");
        p.on();
        CompletableFuture<ProcessExit> exit = ((BoardProcess) p).exited();
        p.off();
        // off() returns once the process tree is gone; its exit, if it were reported, would follow at once
        Thread.sleep(500);
        assertThat(exit).isNotDone();
        assertThat(notes).noneSatisfy(n -> assertThat(n).startsWith("[qualify]"));
        assertThat(((BoardProcess) p).exited()).as("no process after off").isNotDone();
    }
}
