package dev.qualify.api.support;

import org.apiguardian.api.API;

import dev.qualify.api.device.Command;
import dev.qualify.api.device.CommandResult;
import dev.qualify.api.driver.ProcessRegistry;
import dev.qualify.api.device.Transcript;
import dev.qualify.api.device.InfrastructureException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a local command to completion or to its deadline, without a shell unless the command asks for one.
 * Output is copied to the transcript as it arrives and kept (bounded) for the result. At the deadline the
 * whole process tree is killed.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ProcessRunner {
    /** How much of each stream the result keeps; the transcript has everything. */
    public static final int KEPT_BYTES = 256 * 1024;
    private static final Duration KILL_GRACE = Duration.ofSeconds(2);

    private final ProcessRegistry registry;

    public ProcessRunner(ProcessRegistry registry) {
        this.registry = registry;
    }

    /**
     * @throws InfrastructureException of type {@code command-not-found} when the program cannot be started
     */
    public CommandResult run(Command command, Transcript transcript) {
        return run(command, transcript, java.util.Set.of());
    }

    /**
     * As {@link #run(Command, Transcript)}; {@code secrets} are masked where the command line is logged.
     */
    public CommandResult run(Command command, Transcript transcript, java.util.Set<String> secrets) {
        List<String> argv = command.shell() ? List.of("/bin/sh", "-c", String.join(" ", command.argv())) : command.argv();
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(command.env());
        if (command.workDir() != null) pb.directory(Path.of(command.workDir()).toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        transcript.note("$ " + Quoting.display(argv, secrets) + "   (timeout " + command.timeout().toMillis() + " ms)");
        long start = System.nanoTime();
        Process p;
        try {
            p = registry.start(pb);
        } catch (IOException e) {
            throw new InfrastructureException("command-not-found",
                    "cannot start " + argv.get(0) + ": " + e.getMessage()
                            + " (check the path in the config; commands are run directly, not through a shell)", e);
        }
        try {
            Pump out = new Pump(p.getInputStream(), transcript);
            Pump err = new Pump(p.getErrorStream(), transcript);
            out.start();
            err.start();
            boolean done;
            try {
                done = p.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                ProcessRegistry.destroyTree(p, KILL_GRACE);
                Thread.currentThread().interrupt();
                throw new InfrastructureException("interrupted", "interrupted while running " + argv.get(0), e);
            }
            if (!done) {
                ProcessRegistry.destroyTree(p, KILL_GRACE);
            }
            out.join(2000);
            err.join(2000);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            int code = done ? p.exitValue() : -1;
            transcript.note(done ? "exit " + code + " after " + took.toMillis() + " ms"
                    : "killed at deadline after " + took.toMillis() + " ms");
            return new CommandResult(code, out.text(), err.text(), took, !done);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted", "interrupted while running " + argv.get(0), e);
        } finally {
            registry.unregister(p);
        }
    }

    /** The last {@code maxLines} lines of {@code text}. */
    public static String tail(String text, int maxLines) {
        String[] lines = text.split("\r?\n");
        List<String> kept = new ArrayList<>();
        for (int i = Math.max(0, lines.length - maxLines); i < lines.length; i++) kept.add(lines[i]);
        return String.join("\n", kept);
    }

    private static final class Pump extends Thread {
        private final InputStream in;
        private final Transcript transcript;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private int dropped;

        Pump(InputStream in, Transcript transcript) {
            this.in = in;
            this.transcript = transcript;
            setDaemon(true);
            setName("process-output");
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    transcript.received(buf, 0, n);
                    synchronized (kept) {
                        if (kept.size() + n <= KEPT_BYTES) kept.write(buf, 0, n);
                        else dropped += n;
                    }
                }
            } catch (IOException ignored) {
                // stream closed when the process died
            }
        }

        String text() {
            synchronized (kept) {
                String s = kept.toString(StandardCharsets.UTF_8);
                return dropped > 0 ? s + "\n[... " + dropped + " more bytes in the log]" : s;
            }
        }
    }
}
