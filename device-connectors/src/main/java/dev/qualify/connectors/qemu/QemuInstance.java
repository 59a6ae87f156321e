package dev.qualify.connectors.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qualify.api.driver.ProcessExit;
import dev.qualify.api.driver.ProcessRegistry;
import dev.qualify.api.support.ProcessRunner;
import dev.qualify.api.support.Quoting;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One QEMU process, started paused ({@code -S}) with its UART on a fresh pty and a QMP socket, so that the host
 * can open the pty before the first instruction runs and no byte of the boot is lost. The process is registered
 * with the run's {@link ProcessRegistry}; its stdout and stderr go to a log file whose tail appears in errors.
 */
public final class QemuInstance {
    private static final Duration KILL_GRACE = Duration.ofSeconds(2);
    private static final Duration QMP_REPLY = Duration.ofSeconds(5);

    private final Process process;
    private final QmpClient qmp;
    private final String ptyPath;
    private final Path log;
    private final Path qmpDir;
    private final ProcessRegistry processes;
    private final CompletableFuture<ProcessExit> exited = new CompletableFuture<>();
    private volatile boolean quitting;

    private QemuInstance(Process process, QmpClient qmp, String ptyPath, Path log, Path qmpDir, ProcessRegistry processes,
                         java.util.function.Consumer<String> notes) {
        this.process = process;
        this.qmp = qmp;
        this.ptyPath = ptyPath;
        this.log = log;
        this.qmpDir = qmpDir;
        this.processes = processes;
        process.onExit().thenRunAsync(() -> {
            if (quitting) return;
            ProcessExit e = new ProcessExit("QEMU", process.pid(), process.exitValue(), outputLines(log), "output");
            notes.accept("[qualify] " + e.describe().replace("\n  ", "\n[qualify]   "));
            exited.complete(e);
        });
    }

    /**
     * Completes when this QEMU exits without {@link #quit} (it crashed, or was killed), after a
     * {@code [qualify] QEMU (pid N) exited with status S} note with the tail of its output.
     */
    public CompletableFuture<ProcessExit> exited() {
        return exited;
    }

    /** The command line for {@code image}, paused, with {@code -qmp} on {@code socket} and the UART on a pty. */
    static List<String> commandLine(QemuSettings s, Path image, Path socket) {
        List<String> argv = new ArrayList<>(List.of(s.binary(), "-M", s.machine()));
        if (s.cpu() != null) argv.addAll(List.of("-cpu", s.cpu()));
        argv.addAll(List.of("-display", "none", "-monitor", "none", "-serial", "pty",
                "-qmp", "unix:" + socket + ",server=on,wait=off", "-S", "-kernel", image.toString()));
        argv.addAll(s.extraArgs());
        return argv;
    }

    /**
     * Starts QEMU paused and waits until QMP answers and the UART's pty is known.
     *
     * @param log where the process's output goes (appended)
     * @throws IOException when QEMU cannot be started or does not come up within {@code startTimeout}; the message
     *                     holds the tail of its output
     */
    public static QemuInstance start(QemuSettings settings, Path image, Path log, Duration startTimeout,
                                     ProcessRegistry processes, java.util.function.Consumer<String> notes) throws IOException {
        // unix socket paths are limited to ~107 bytes: keep the socket in a short temp dir, not the run's work dir
        Path qmpDir = Files.createTempDirectory("qemu-qmp");
        Path socket = qmpDir.resolve("qmp.sock");
        List<String> argv = commandLine(settings, image, socket);
        notes.accept("$ " + Quoting.display(argv));
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p;
        try {
            p = processes.start(pb);
        } catch (IOException e) {
            deleteQuietly(qmpDir);
            throw new IOException("cannot start " + settings.binary() + ": " + e.getMessage()
                    + " (install qemu-system-arm, or set binary: in the power section)", e);
        }
        QmpClient qmp = null;
        try {
            qmp = QmpClient.connect(socket, startTimeout, p::isAlive);
            String pty = findPty(qmp.execute("query-chardev", Map.of(), QMP_REPLY))
                    .orElseThrow(() -> new IOException("QEMU reported no pty for its UART (query-chardev)"));
            return new QemuInstance(p, qmp, pty, log, qmpDir, processes, notes);
        } catch (IOException e) {
            if (qmp != null) qmp.close();
            ProcessRegistry.destroyTree(p, KILL_GRACE);
            processes.unregister(p);
            deleteQuietly(qmpDir);
            String why = p.isAlive() ? e.getMessage() : "QEMU exited with code " + exitCode(p);
            throw new IOException(why + "; QEMU output: " + tail(log), e);
        }
    }

    /** The pty of {@code serial0} in a {@code query-chardev} reply ({@code filename: "pty:/dev/pts/N"}). */
    static Optional<String> findPty(JsonNode chardevs) {
        String fallback = null;
        for (JsonNode c : chardevs) {
            String file = c.path("filename").asText("");
            if (!file.startsWith("pty:")) continue;
            String path = file.substring(4);
            if ("serial0".equals(c.path("label").asText())) return Optional.of(path);
            if (fallback == null) fallback = path;
        }
        return Optional.ofNullable(fallback);
    }

    /** The UART's pty, e.g. {@code /dev/pts/5}. */
    public String ptyPath() {
        return ptyPath;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Lets the paused CPU run. */
    public void cont() throws IOException {
        qmp.execute("cont", Map.of(), QMP_REPLY);
    }

    /** Resets the machine (QMP {@code system_reset}); QEMU and its pty stay. */
    public void reset() throws IOException {
        qmp.execute("system_reset", Map.of(), QMP_REPLY);
    }

    /** The QMP events seen so far. */
    public List<String> events() {
        return qmp.events();
    }

    /**
     * Asks QEMU to quit (QMP {@code quit}); when it has not exited within {@code timeout}, kills its process tree.
     * Never throws; idempotent.
     *
     * @return true if it quit by itself
     */
    public boolean quit(Duration timeout) {
        quitting = true;
        boolean clean = false;
        try {
            if (process.isAlive()) {
                try {
                    qmp.execute("quit", Map.of(), timeout);
                } catch (IOException e) {
                    // QEMU may close the socket before replying; the exit below is what counts
                }
                clean = process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            qmp.close();
            if (process.isAlive()) ProcessRegistry.destroyTree(process, KILL_GRACE);
            processes.unregister(process);
            deleteQuietly(qmpDir);
        }
        return clean;
    }

    /** The last lines QEMU printed. */
    public String outputTail() {
        return tail(log);
    }

    /** The last lines of QEMU's output, none when it printed nothing. */
    private static List<String> outputLines(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? List.of() : ProcessRunner.tail(text, 10).lines().toList();
        } catch (IOException e) {
            return List.of("(no log: " + e.getMessage() + ")");
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "(none)" : ProcessRunner.tail(text, 10);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String exitCode(Process p) {
        try {
            return String.valueOf(p.exitValue());
        } catch (IllegalThreadStateException e) {
            return "?";
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve("qmp.sock"));
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a stray temp dir is harmless
        }
    }
}
