package dev.qualify.api.driver;

import org.apiguardian.api.API;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The child processes of a run (flash tools, build tools, board processes, QEMU). Every process started by the
 * harness is registered here, so that an interrupted or finished run kills them with their whole trees.
 *
 * <p>Registration also hands the process to a watchdog shared by the JVM, which kills its whole tree when the JVM
 * ends in any way that skips {@link #killAll}, kill -9 included; see {@code ProcessSupervisor}. A registered process
 * stays watched until it exits.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public final class ProcessRegistry {
    private static final int KILL_WAIT_SECONDS = 5;
    private static final Duration KILL_WAIT = Duration.ofSeconds(KILL_WAIT_SECONDS);
    private final Set<Process> processes = ConcurrentHashMap.newKeySet();

    /**
     * Starts {@code pb}'s process and {@linkplain #register registers} it. Prefer this to {@code register(pb.start())}:
     * the JVM's watchdog is made ready before the process starts, so the process is watched within microseconds of
     * its start, and a kill -9 of the JVM just after a first child started does not leave that child behind.
     */
    public Process start(ProcessBuilder pb) throws IOException {
        ProcessSupervisor.get().ready();
        return register(pb.start());
    }

    /** Registers {@code p}, and has it killed with its descendants when this JVM ends, however it ends; returns it. */
    public Process register(Process p) {
        processes.add(p);
        ProcessSupervisor.get().watch(p);
        return p;
    }

    /** Forgets {@code p}; the JVM's watchdog forgets it once it has exited. */
    public void unregister(Process p) {
        processes.remove(p);
        ProcessSupervisor.get().release(p);
    }

    /** Kills every registered process tree: SIGTERM, then SIGKILL after {@code grace}. */
    public void killAll(Duration grace) {
        List<Process> all = new ArrayList<>(processes);
        for (Process p : all) {
            destroyTree(p, grace);
        }
        processes.clear();
    }

    /**
     * Kills {@code p} and all its descendants: SIGTERM to every member, a wait of {@code grace}, then SIGKILL to
     * what is left, and returns once they have all exited (at most {@value #KILL_WAIT_SECONDS} s after the SIGKILL). Descendants are collected before the parent dies, so orphans are not missed.
     */
    public static void destroyTree(Process p, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>();
        p.descendants().forEach(tree::add);
        tree.add(p.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle h : tree) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                try {
                    h.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (Exception ignored) {
                    // still alive: killed below
                }
            }
        }
        // descendants may have forked while we waited
        p.descendants().forEach(tree::add);
        List<ProcessHandle> alive = tree.stream().filter(ProcessHandle::isAlive).toList();
        alive.forEach(ProcessHandle::destroyForcibly);
        // SIGKILL is asynchronous: wait until each is gone, so its ports and files are free when this returns
        long killDeadline = System.nanoTime() + KILL_WAIT.toNanos();
        for (ProcessHandle h : alive) {
            long left = killDeadline - System.nanoTime();
            if (left <= 0) break;
            try {
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception ignored) {
                // a process stuck in the kernel: nothing more to do
            }
        }
    }
}
