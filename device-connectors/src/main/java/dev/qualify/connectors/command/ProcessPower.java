package dev.qualify.connectors.command;

import dev.qualify.api.device.InfrastructureException;
import dev.qualify.api.device.PowerControl;
import dev.qualify.api.driver.BoardProcess;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.Placeholders;
import dev.qualify.api.driver.ProcessExit;
import dev.qualify.api.driver.ProcessRegistry;
import dev.qualify.api.support.Quoting;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The power of a device that is a process we own ({@code power: {type: process}}): on starts it, off kills its
 * whole tree. Its stdout and stderr go to the transcript line by line ({@code [board process] ...}). When it
 * exits without {@code off} (it crashed, could not bind its port, was given a bad argument), the transcript gets
 * {@code [qualify] board process exited with status N} and the last lines of its stderr, and {@link #exited()}
 * completes, so the engine ends the boot at once instead of waiting for a timeout. Nothing polls: one thread per
 * output stream, and {@link Process#onExit()}.
 */
final class ProcessPower implements PowerControl, BoardProcess {
    private static final Duration KILL_GRACE = Duration.ofSeconds(3);
    private static final int STDERR_TAIL_LINES = 10;
    private static final long OUTPUT_DRAIN_MILLIS = 2000;

    private final List<String> template;
    private final Map<String, String> env;
    private final DriverContext ctx;
    private Started current;

    ProcessPower(List<String> template, Map<String, String> env, DriverContext ctx) {
        this.template = template;
        this.env = env;
        this.ctx = ctx;
    }

    /** One started process: its output pumps, its stderr tail and whether {@link #off} ended it. */
    private final class Started {
        final Process process;
        final CompletableFuture<ProcessExit> exit = new CompletableFuture<>();
        final Deque<String> stderrTail = new ArrayDeque<>();
        final Thread out;
        final Thread err;
        volatile boolean stopping;

        Started(Process process) {
            this.process = process;
            this.out = pump(process.getInputStream(), false);
            this.err = pump(process.getErrorStream(), true);
            process.onExit().thenRunAsync(this::exited);
        }

        private Thread pump(InputStream in, boolean stderr) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        ctx.transcript().note("[board process] " + line.stripTrailing());
                        if (stderr) {
                            synchronized (stderrTail) {
                                stderrTail.addLast(line.strip());
                                if (stderrTail.size() > STDERR_TAIL_LINES) stderrTail.removeFirst();
                            }
                        }
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "power-" + (stderr ? "stderr " : "output ") + ctx.deviceId());
            t.setDaemon(true);
            t.start();
            return t;
        }

        /** On the exit of the process: note it once its output is drained, unless off() ended it. */
        private void exited() {
            try {
                out.join(OUTPUT_DRAIN_MILLIS);
                err.join(OUTPUT_DRAIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (stopping) return;
            List<String> tail;
            synchronized (stderrTail) {
                tail = new ArrayList<>(stderrTail);
            }
            ProcessExit e = new ProcessExit("board process", process.pid(), process.exitValue(), tail);
            ctx.transcript().note("[qualify] " + e.describe().replace("\n  ", "\n[qualify]   "));
            exit.complete(e);
        }
    }

    @Override
    public synchronized void on() {
        if (current != null && current.process.isAlive()) return;
        List<String> argv;
        Placeholders placeholders = ctx.placeholders(Map.of());
        try {
            argv = placeholders.expand(template);
        } catch (IllegalArgumentException e) {
            throw new InfrastructureException("power-failed", "power command of device " + ctx.deviceId() + ": " + e.getMessage());
        }
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        ctx.transcript().note("power on: " + Quoting.display(argv, placeholders.secretValues()));
        try {
            current = new Started(ctx.processes().start(pb));
        } catch (IOException e) {
            throw new InfrastructureException("power-failed", "cannot start " + argv.get(0) + " for device "
                    + ctx.deviceId() + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized void off() {
        if (current == null) return;
        Started s = current;
        current = null;
        s.stopping = true;
        if (!s.process.isAlive()) {
            ctx.processes().unregister(s.process);
            return;
        }
        ctx.transcript().note("power off: killing pid " + s.process.pid() + " and its children");
        ProcessRegistry.destroyTree(s.process, KILL_GRACE);
        ctx.processes().unregister(s.process);
    }

    @Override
    public synchronized CompletableFuture<ProcessExit> exited() {
        return current == null ? new CompletableFuture<>() : current.exit;
    }
}
