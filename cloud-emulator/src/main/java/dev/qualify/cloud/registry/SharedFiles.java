package dev.qualify.cloud.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * What the stores a running cloud shares with the {@code qualify cloud} commands (the registry, the Greengrass
 * state) use to change one JSON file from several threads and processes: a lock held across both, and a stamp
 * telling a changed file from the one last read.
 */
public final class SharedFiles {
    private SharedFiles() {
    }

    /** Runs {@code body} holding the JVM lock, an exclusive lock on {@code lockFile}, and {@code monitor}. */
    @SuppressWarnings("try") // the lock is held for the body; it is not referenced in it
    public static <T> T withLock(ReentrantLock jvmLock, Path lockFile, Object monitor, Supplier<T> body) {
        jvmLock.lock();
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            synchronized (monitor) {
                return body.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("lock " + lockFile, e);
        } finally {
            jvmLock.unlock();
        }
    }

    /**
     * Modification time, size and file key: modification time alone misses a write made within the file system's
     * timestamp granularity, while an atomic replace always brings a new file key (inode).
     */
    public static Object stamp(Path f) throws IOException {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        return List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
    }
}
