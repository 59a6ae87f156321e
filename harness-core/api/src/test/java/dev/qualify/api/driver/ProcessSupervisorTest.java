package dev.qualify.api.driver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** A JVM that registered a process tree is killed with -9: the watchdog ends the whole tree. */
class ProcessSupervisorTest {
    @TempDir
    Path dir;

    /** The child JVM: registers {@code sh -c 'sleep & sh -c sleep & wait'} (ignoring SIGTERM), writes its pids, waits. */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Process p = new ProcessRegistry().register(new ProcessBuilder("/bin/sh", "-c",
                "trap '' TERM; sleep 300 & sh -c 'sleep 301 & wait' & wait").start());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (p.descendants().count() < 3 && System.nanoTime() < deadline) Thread.sleep(20);
        StringBuilder pids = new StringBuilder().append(p.pid()).append('\n');
        p.descendants().forEach(h -> pids.append(h.pid()).append('\n'));
        Path tmp = out.resolveSibling("pids.tmp");
        Files.writeString(tmp, pids);
        Files.move(tmp, out);
        Thread.sleep(60_000);
    }

    @Test
    void killNineOfTheJvmEndsEveryRegisteredTreeWithinSeconds() throws Exception {
        assumeThat(Path.of("/bin/sh")).exists();
        Path pidsFile = dir.resolve("pids");
        Process jvm = childJvm(ProcessSupervisorTest.class, pidsFile);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(pidsFile) && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(pidsFile).as(Files.exists(dir.resolve("jvm.log")) ? Files.readString(dir.resolve("jvm.log")) : "").exists();
            List<Long> pids = Files.readAllLines(pidsFile).stream().map(Long::parseLong).toList();
            assertThat(pids).hasSizeGreaterThanOrEqualTo(4);
            assertThat(pids).allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

            assertThat(new ProcessBuilder("kill", "-9", String.valueOf(jvm.pid())).start().waitFor()).isZero();
            assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();

            long gone = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
            while (System.nanoTime() < gone && pids.stream().anyMatch(ProcessSupervisorTest::running)) Thread.sleep(50);
            assertThat(pids).as("pids of the tree the killed JVM registered").noneMatch(ProcessSupervisorTest::running);
        } finally {
            jvm.destroyForcibly();
        }
    }

    /**
     * The child JVM of the test below: starts, through {@link ProcessRegistry#start}, a script that writes how many
     * watchdogs its parent (this JVM) has at the moment it runs (its own command line, which names the watchdog too,
     * is not counted), and exits with it.
     */
    public static final class FirstChild {
        public static void main(String[] args) throws Exception {
            String script = "out=$1; n=0; for f in $(grep -l -a qualify-supervisor /proc/[0-9]*/cmdline 2>/dev/null); do"
                    + " d=${f%/cmdline}; [ \"$d\" = /proc/$$ ] && continue; { IFS= read -r s < \"$d/stat\"; } 2>/dev/null || continue; set -- ${s##*) };"
                    + " [ \"$2\" = \"$PPID\" ] && n=$((n + 1)); done; echo $n > \"$out\"";
            Process p = new ProcessRegistry().start(new ProcessBuilder("/bin/sh", "-c", script, "first-child", args[0]));
            System.exit(p.waitFor());
        }
    }

    @Test
    void theWatchdogRunsBeforeTheFirstRegisteredProcessStarts() throws Exception {
        assumeThat(Path.of("/proc/self/stat")).exists();
        Path seen = dir.resolve("watchdogs");
        Process jvm = childJvm(FirstChild.class, seen);
        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(jvm.exitValue()).as(Files.readString(dir.resolve("jvm.log"))).isZero();
        // a lazily started watchdog is forked only after the first child has started: that child would find none
        assertThat(Files.readString(seen).trim()).as("watchdogs of the JVM seen by its first child").isEqualTo("1");
    }

    /** A JVM on this test's class path running {@code main}'s main with {@code arg}, its output in jvm.log. */
    private Process childJvm(Class<?> main, Path arg) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), main.getName(), arg.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("jvm.log").toFile()).start();
    }

    /** Alive and not a zombie (a zombie's command line is gone). */
    private static boolean running(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).flatMap(h -> h.info().command()).isPresent();
    }
}
