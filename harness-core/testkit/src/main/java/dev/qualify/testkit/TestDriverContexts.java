package dev.qualify.testkit;

import dev.qualify.api.device.Transcript;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.ProcessRegistry;
import dev.qualify.core.process.JsonPathPlaceholders;
import org.apiguardian.api.API;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link DriverContext}s for tests of drivers, with the engine's placeholder syntax (IDT-compatible JSONPath), so
 * {@code {{device.x}}} placeholders expand exactly as in a run. Defaults: empty device and placeholder maps, timeout
 * multiplier 1, a new {@link ProcessRegistry}, {@link Transcript#NONE}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class TestDriverContexts {
    private TestDriverContexts() {
    }

    /** A context for device {@code id} writing to {@code workDir}, with the defaults. */
    public static DriverContext forDevice(String id, Path workDir) {
        return builder(id, workDir).build();
    }

    /** As {@link #forDevice(String, Path)}, noting to {@code transcript}. */
    public static DriverContext forDevice(String id, Path workDir, Transcript transcript) {
        return builder(id, workDir).transcript(transcript).build();
    }

    /** As {@link #forDevice(String, Path)}, registering child processes in {@code processes}. */
    public static DriverContext forDevice(String id, Path workDir, ProcessRegistry processes, Transcript transcript) {
        return builder(id, workDir).processes(processes).transcript(transcript).build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder(String id, Path workDir) {
        return new Builder(id, workDir);
    }

    /** Builds a {@link DriverContext}; not thread-safe. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private final String id;
        private final Path workDir;
        private Map<String, Object> deviceJson = Map.of();
        private Map<String, Object> placeholderValues = Map.of();
        private double timeoutMultiplier = 1.0;
        private ProcessRegistry processes = new ProcessRegistry();
        private Transcript transcript = Transcript.NONE;

        private Builder(String id, Path workDir) {
            this.id = id;
            this.workDir = workDir;
        }

        /** The device's config section, for {@code {{device...}}}. */
        public Builder deviceJson(Map<String, Object> json) {
            this.deviceJson = new LinkedHashMap<>(json);
            return this;
        }

        /** Fixed placeholder values, e.g. {@code config -> {idtRootPath: ...}}. */
        public Builder placeholderValues(Map<String, Object> values) {
            this.placeholderValues = new LinkedHashMap<>(values);
            return this;
        }

        public Builder timeoutMultiplier(double m) {
            this.timeoutMultiplier = m;
            return this;
        }

        public Builder processes(ProcessRegistry p) {
            this.processes = p;
            return this;
        }

        public Builder transcript(Transcript t) {
            this.transcript = t == null ? Transcript.NONE : t;
            return this;
        }

        public DriverContext build() {
            return new DriverContext(id, deviceJson, placeholderValues, JsonPathPlaceholders.SYNTAX, workDir,
                    timeoutMultiplier, processes, transcript);
        }
    }
}
