package dev.qualify.cloud.greengrass;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.qualify.cloud.registry.SharedFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The Greengrass state in {@code DATA/greengrass/state.json}, shared by the running cloud and the
 * {@code qualify cloud} commands. Every change takes a JVM lock and a file lock, re-reads the file when another
 * process changed it (by modification time, size and file identity, so two writes within the file system's time
 * granularity are not missed), applies the change and writes atomically. Thread-safe.
 */
final class GreengrassStore {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    /** Mutable copies of the state's maps, for one change. */
    static final class Draft {
        final Map<String, ComponentVersionRecord> components;
        final Map<String, List<String>> thingGroups;
        final Map<String, DeploymentRecord> deployments;
        final Map<String, CoreDeviceRecord> coreDevices;
        final Map<String, RoleAliasRecord> roleAliases;
        final Map<String, DeviceExecution> thingExecutions;
        boolean changed;

        Draft(GreengrassState s) {
            components = new TreeMap<>(s.components());
            thingGroups = new TreeMap<>();
            s.thingGroups().forEach((k, v) -> thingGroups.put(k, new ArrayList<>(v)));
            deployments = new LinkedHashMap<>(s.deployments());
            coreDevices = new TreeMap<>(s.coreDevices());
            roleAliases = new TreeMap<>(s.roleAliases());
            thingExecutions = new TreeMap<>(s.thingExecutions());
        }
    }

    private final Path dir;
    private final Path file;
    private final Path lockFile;
    private final ReentrantLock jvmLock;
    private volatile GreengrassState state = GreengrassState.empty();
    private Object seenStamp;

    GreengrassStore(Path dataDir) {
        this.dir = dataDir.resolve("greengrass");
        this.file = dir.resolve("state.json");
        this.lockFile = dir.resolve("state.lock");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        this.jvmLock = JVM_LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new ReentrantLock());
        refresh();
    }

    Path dir() {
        return dir;
    }

    /** The state as last read or written (call {@link #refresh()} to see other processes' changes). */
    GreengrassState state() {
        return state;
    }

    /** Re-reads the file when another process changed it; returns true when the content changed. */
    boolean refresh() {
        return withLock(this::reloadIfChanged);
    }

    /** Applies a change (which sets {@code draft.changed} when it changed anything) and saves it. */
    <T> T update(Function<Draft, T> change) {
        return withLock(() -> {
            reloadIfChanged();
            Draft d = new Draft(state);
            T result = change.apply(d);
            if (d.changed) {
                GreengrassState next = new GreengrassState(state.generation() + 1, d.components, d.thingGroups, d.deployments,
                        d.coreDevices, d.roleAliases, d.thingExecutions);
                write(next);
                state = next;
            }
            return result;
        });
    }

    private <T> T withLock(java.util.function.Supplier<T> body) {
        return SharedFiles.withLock(jvmLock, lockFile, this, body);
    }

    private boolean reloadIfChanged() {
        try {
            if (!Files.exists(file)) return false;
            Object stamp = SharedFiles.stamp(file);
            if (Objects.equals(stamp, seenStamp)) return false;
            GreengrassState read = JSON.readValue(file.toFile(), GreengrassState.class);
            seenStamp = stamp;
            if (read.equals(state)) return false;
            state = read;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(GreengrassState s) {
        try {
            Path tmp = dir.resolve("state.json.tmp");
            JSON.writeValue(tmp.toFile(), s);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            seenStamp = SharedFiles.stamp(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
