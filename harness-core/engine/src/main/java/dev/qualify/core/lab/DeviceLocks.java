package dev.qualify.core.lab;

import dev.qualify.api.device.InfrastructureException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The devices a run holds: one OS file lock ({@link FileChannel#tryLock()}) per device id in the lab lock
 * directory, held for the run's lifetime. The lock file says who holds it ({@link LockHolder}); the OS releases
 * the lock when the holder ends, however it ends, so a stale file never blocks anybody.
 *
 * <p>All the pool's devices are taken together or none is (a run that cannot get one gives back those it got and
 * tries again), so two runs on overlapping pools never deadlock.
 */
public final class DeviceLocks implements AutoCloseable {
    /** The environment variable that sets the lock directory when {@code --lock-dir} is not given. */
    public static final String ENV = "QUALIFY_LOCK_DIR";
    private static final Duration POLL = Duration.ofMillis(250);
    /** The locks this JVM holds (another attempt from the same JVM cannot read them through the OS). */
    private static final Map<Path, LockHolder> HELD_HERE = new ConcurrentHashMap<>();

    private final List<Held> held;

    private record Held(Path file, FileChannel channel, FileLock lock) {
    }

    private DeviceLocks(List<Held> held) {
        this.held = held;
    }

    /**
     * The lock directory: {@code $QUALIFY_LOCK_DIR}, else {@code ${XDG_STATE_HOME:-~/.local/state}/qualify/locks}.
     */
    public static Path defaultDir(Map<String, String> env) {
        String d = env.get(ENV);
        if (d != null && !d.isBlank()) return Path.of(d);
        String xdg = env.get("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("qualify").resolve("locks");
    }

    /** The lock file of {@code deviceId} in {@code dir}. */
    public static Path lockFile(Path dir, String deviceId) {
        return dir.resolve(deviceId.replaceAll("[^A-Za-z0-9._-]", "_") + ".lock");
    }

    /**
     * Locks every device of {@code deviceIds} for {@code me}, waiting up to {@code wait} for devices other runs hold.
     *
     * @param cancelled checked while waiting; when true the wait ends as if it had timed out
     * @param onWait    told once, when the first attempt finds a device busy and {@code wait} is not zero
     * @throws DeviceBusyException when a device is still held by another run after {@code wait}
     */
    public static DeviceLocks acquire(Path dir, Collection<String> deviceIds, LockHolder me, Duration wait,
                                      BooleanSupplier cancelled, Consumer<String> onWait) throws InterruptedException {
        Path abs = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(abs);
        } catch (IOException e) {
            throw new InfrastructureException("lock-dir", "cannot create the lab lock directory " + abs + ": " + e
                    + "; choose another with --lock-dir DIR or " + ENV);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        boolean told = false;
        while (true) {
            List<Held> got = new ArrayList<>();
            String busy = null;
            for (String id : new TreeSet<>(deviceIds)) {
                Held h = tryLock(lockFile(abs, id), me);
                if (h == null) {
                    busy = id;
                    break;
                }
                got.add(h);
            }
            if (busy == null) return new DeviceLocks(got);
            got.forEach(DeviceLocks::release);
            Path file = lockFile(abs, busy);
            long left = deadline - System.nanoTime();
            if (left <= 0 || cancelled.getAsBoolean()) {
                LockHolder holder = holder(file);
                String who = holder == null ? "a process whose lock file could not be read" : holder.describe();
                String msg = wait.isZero()
                        ? "device " + busy + " is in use by another run: " + who + "; lock file " + file
                        + ". Nothing was touched. Wait for it with --device-wait DURATION (e.g. --device-wait 30m)"
                        : "device " + busy + " is still in use by another run after waiting " + format(wait)
                        + " (--device-wait): " + who + "; lock file " + file + ". Nothing was touched";
                throw new DeviceBusyException(busy, holder, msg);
            }
            if (!told) {
                LockHolder holder = holder(file);
                onWait.accept("device " + busy + " is in use by another run: "
                        + (holder == null ? "(holder unknown)" : holder.describe()) + "; waiting up to "
                        + format(wait) + " (--device-wait)");
                told = true;
            }
            Thread.sleep(Math.max(1, Math.min(POLL.toMillis(), left / 1_000_000)));
        }
    }

    /** @return the holder {@code file} names, or null when it cannot be read */
    public static LockHolder holder(Path file) {
        LockHolder here = HELD_HERE.get(file);
        if (here != null) return here;
        for (int i = 0; i < 5; i++) {
            try {
                LockHolder h = LockHolder.parse(Files.readString(file, StandardCharsets.UTF_8));
                if (h != null) return h;
            } catch (IOException e) {
                // not written yet, or a platform that forbids reading a locked file
            }
            try {
                Thread.sleep(40);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private static Held tryLock(Path file, LockHolder me) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this JVM holds it
            }
            if (lock == null) {
                ch.close();
                return null;
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(me.text().getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            HELD_HERE.put(file, me);
            return new Held(file, ch, lock);
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            throw new InfrastructureException("lock-dir", "cannot lock " + file + ": " + e
                    + "; choose another lock directory with --lock-dir DIR or " + ENV);
        }
    }

    private static void release(Held h) {
        HELD_HERE.remove(h.file());
        try {
            h.channel().truncate(0);
        } catch (IOException ignored) {
            // the lock goes anyway
        }
        try {
            h.lock().release();
        } catch (IOException ignored) {
            // closing the channel releases it
        }
        try {
            h.channel().close();
        } catch (IOException ignored) {
            // the OS frees it when the process ends
        }
    }

    /** E.g. {@code 2m}, {@code 90s}, {@code 1500ms}. */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }

    /** The lock files held. */
    public List<Path> files() {
        return held.stream().map(Held::file).toList();
    }

    /** Releases every lock; idempotent. */
    @Override
    public synchronized void close() {
        held.forEach(DeviceLocks::release);
        held.clear();
    }
}
