package dev.qualify.core.boot;

import dev.qualify.api.device.Console;
import dev.qualify.api.device.InfrastructureException;
import dev.qualify.api.device.PowerControl;
import dev.qualify.api.driver.BoardProcess;
import dev.qualify.api.driver.ConsoleMonitoring;
import dev.qualify.api.driver.ProcessExit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Sees a board process die while it boots ({@link BoardProcess}): from power on until the board is ready, its exit
 * ends whatever the boot waits for (connecting the console, the ready line, the handshake's answer) at once, with
 * a {@code board-exited} error that gives the exit status and the last lines of its stderr, instead of a timeout
 * or a vanished port later. Nothing polls: the process's exit completes a future.
 */
final class BoardExitWatch {
    /** How long a vanished console may wait for the process exit that explains it. */
    private static final int EXPLAIN_SECONDS = 2;
    private static final Duration EXPLAIN_WAIT = Duration.ofSeconds(EXPLAIN_SECONDS);
    private static final Duration STEP_RELEASE_WAIT = Duration.ofSeconds(5);

    private final String deviceId;
    private final CompletableFuture<ProcessExit> exited;
    private volatile boolean booting = true;

    private BoardExitWatch(String deviceId, CompletableFuture<ProcessExit> exited) {
        this.deviceId = deviceId;
        this.exited = exited;
    }

    /** A watch of the process {@code power} just started, or one that sees nothing when the power is no process. */
    static BoardExitWatch of(String deviceId, PowerControl power) {
        return new BoardExitWatch(deviceId, power instanceof BoardProcess b ? b.exited() : new CompletableFuture<>());
    }

    /** A watch that sees nothing (a device without power control). */
    static BoardExitWatch none(String deviceId) {
        return new BoardExitWatch(deviceId, new CompletableFuture<>());
    }

    /**
     * Runs a boot step (attaching the console) on its own thread, so that the process's exit can end it.
     *
     * @throws InfrastructureException {@code board-exited} when the process ended first; the step's own error otherwise
     */
    <T> T during(Supplier<T> step) {
        if (exited.isDone()) throw error(exited.join());
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                result.complete(step.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "boot step " + deviceId);
        worker.setDaemon(true);
        worker.start();
        try {
            CompletableFuture.anyOf(result, exited).get();
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted", "interrupted while booting device " + deviceId, e);
        } catch (ExecutionException ignored) {
            // the step failed: rethrown below
        }
        if (!result.isDone()) {
            worker.interrupt(); // a connect loop gives up; what it opened is closed when the device is powered down
            try {
                worker.join(STEP_RELEASE_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw error(exited.join());
        }
        try {
            return result.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    /** Until {@link #ready}, the process's exit aborts every wait on {@code console}. */
    void abortWaitsOn(Console console) {
        if (!(console instanceof ConsoleMonitoring m)) return;
        exited.thenAccept(e -> {
            if (booting) m.abort(error(e));
        });
    }

    /** The board is ready: from now on a dying process is the tests' business (and a line in the transcript). */
    void ready() {
        booting = false;
    }

    /**
     * The error to report for a failed boot step: {@code board-exited} when the process has exited, or exits within
     * {@value #EXPLAIN_SECONDS} s of a console that vanished (its port closed with it), else {@code e}. Call it before
     * powering the device down, which ends the process in a way that is not reported.
     */
    InfrastructureException explain(InfrastructureException e) {
        if (e.type().equals("interrupted") || e.type().equals("board-exited")) return e;
        ProcessExit exit = null;
        if (exited.isDone()) {
            exit = exited.join();
        } else if (e.type().startsWith("port-")) {
            try {
                exit = exited.get(EXPLAIN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException ignored) {
                // still running: the console's error stands
            }
        }
        return exit == null ? e : error(exit);
    }

    private InfrastructureException error(ProcessExit exit) {
        return new InfrastructureException("board-exited", "device " + deviceId + ": the " + exit.describe()
                + "\n(it ended before the board was ready; the power command and its output are in the group's log)");
    }
}
