package dev.qualify.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two {@code qualify run} on the same pool (the same config file) started together, through the real
 * {@code bin/qualify}: the second never uses the board the first holds. Without {@code --device-wait} it exits 3 at
 * once, naming the device and the run that holds it, and writes nothing; with {@code --device-wait 2m} it waits for
 * the first to end and then passes. Each test has its own lock directory, so other runs on this host do not matter.
 */
class TwoRunsOnePoolIT {
    private static final String GROUP = "FullPKCS11_Core";

    @TempDir
    Path dir;

    @Test
    void theSecondRunExitsThreeAtOnceNamingTheDeviceAndItsHolder() throws Exception {
        Path config = new VirtualPool().board().write(dir);
        Path locks = dir.resolve("locks");
        Process first = start("a", config, locks);
        try {
            String held = awaitLock(locks.resolve("board-1.lock"), first);
            long started = System.nanoTime();
            Qualify.Result second = Qualify.finished(await(start("b", config, locks), Duration.ofSeconds(60)), dir.resolve("b"));
            assertThat(second.exitCode()).as(second.stdout() + second.stderr()).isEqualTo(3);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("at once, not after the first run").isLessThan(Duration.ofSeconds(30));
            String runId = value(held, "runId");
            assertThat(second.stderr()).contains("device board-1 is in use by another run: pid " + first.pid())
                    .contains("(run " + runId + ", since " + value(held, "since") + ")")
                    .contains("--device-wait");
            assertThat(dir.resolve("b/results")).as("the refused run writes no results").doesNotExist();

            Qualify.Result a = Qualify.finished(await(first, Duration.ofMinutes(5)), dir.resolve("a"));
            assertThat(a.exitCode()).as(a.stdout() + a.stderr()).isZero();
            assertThat(a.runDir().getFileName().toString()).isEqualTo(runId);
            assertOnlyPassed(a.runDir());
        } finally {
            first.destroyForcibly();
        }
    }

    @Test
    void withDeviceWaitTheSecondRunWaitsForTheFirstAndThenPasses() throws Exception {
        Path config = new VirtualPool().board().write(dir);
        Path locks = dir.resolve("locks");
        Process first = start("a", config, locks);
        Process second = null;
        try {
            String held = awaitLock(locks.resolve("board-1.lock"), first);
            second = start("b", config, locks, "--device-wait", "2m");
            Qualify.Result a = Qualify.finished(await(first, Duration.ofMinutes(5)), dir.resolve("a"));
            Qualify.Result b = Qualify.finished(await(second, Duration.ofMinutes(5)), dir.resolve("b"));
            assertThat(a.exitCode()).as(a.stdout() + a.stderr()).isZero();
            assertThat(b.exitCode()).as(b.stdout() + b.stderr()).isZero();
            assertThat(b.stderr()).contains("device board-1 is in use by another run: pid " + first.pid())
                    .contains("run " + value(held, "runId")).contains("waiting up to 2m (--device-wait)");
            assertThat(b.runDir()).isNotEqualTo(a.runDir());
            assertOnlyPassed(a.runDir());
            assertOnlyPassed(b.runDir());
            // the second run's board came up only after the first run had ended (its lock is the second's now)
            assertThat(Files.getLastModifiedTime(a.runDir().resolve("junit.xml")).toMillis())
                    .isLessThanOrEqualTo(Files.getLastModifiedTime(b.runDir().resolve("journal.jsonl")).toMillis());
            assertThat(Files.readString(locks.resolve("board-1.lock"))).as("released at the end").isEmpty();
        } finally {
            first.destroyForcibly();
            if (second != null) second.destroyForcibly();
        }
    }

    private Process start(String name, Path config, Path locks, String... more) throws Exception {
        Path work = Files.createDirectories(dir.resolve(name));
        String[] args = {"run", "--config", config.toString(), "--group", GROUP, "--output", work.resolve("results").toString(),
                "--lock-dir", locks.toString()};
        String[] all = new String[args.length + more.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return Qualify.start(work, all);
    }

    /** @return the lock file's text once {@code p} holds it */
    private static String awaitLock(Path lock, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(lock)) {
                String text = Files.readString(lock, StandardCharsets.UTF_8);
                if (text.contains("pid=" + p.pid() + "\n") && text.contains("since=")) return text;
            }
            assertThat(p.isAlive()).as("the first run ended before it locked the board").isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("the first run did not lock board-1 within 60 s");
    }

    private static Process await(Process p, Duration d) throws Exception {
        if (!p.waitFor(d.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("qualify did not finish within " + d);
        }
        return p;
    }

    private static String value(String lockText, String key) {
        for (String line : lockText.split("\n")) {
            if (line.startsWith(key + "=")) return line.substring(key.length() + 1);
        }
        throw new AssertionError("no " + key + " in " + lockText);
    }

    private static void assertOnlyPassed(Path runDir) throws Exception {
        JUnitXml.validate(runDir.resolve("junit.xml"));
        assertThat(JUnitXml.cases(runDir.resolve("junit.xml"), "board-1")).isEqualTo(10);
        assertThat(JUnitXml.outcomes(runDir.resolve("junit.xml"), "board-1").values()).containsOnly("passed");
        String log = Files.readString(runDir.resolve("logs/board-1/" + GROUP + "/_group.log"), StandardCharsets.UTF_8);
        assertThat(log).doesNotContain("port-gone").doesNotContain("Address already in use");
    }
}
