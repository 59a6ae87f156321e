package dev.qualify.core.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The first event of a run: what runs, where, and with which settings.
 *
 * @param at                when it happened
 * @param runId             the run's id, also the name of its directory
 * @param suite             the suite's id
 * @param suiteVersion      the suite's version
 * @param pool              the id of the pool the run uses
 * @param qualifyVersion    the version of Qualify that ran it
 * @param config            the absolute path of the configuration file
 * @param timeoutMultiplier the factor every timeout of the run is scaled by
 * @param groups            the ids of the groups to run, in order (with a shard, the shard's)
 * @param devices           the pool's devices
 * @param configDigest      the {@link dev.qualify.core.engine.ConfigDigest} of the config the run used; null in
 *                          journals of earlier versions
 * @param selection         the ids of every group the run's selection holds before it is split into shards, in suite
 *                          order; null in journals of earlier versions (then {@code groups} is the selection)
 * @param tests             the test cases named with {@code --test}; empty for all (and then not written)
 * @param shard             which part of the selection the run runs, as {@code I/N}; null for all of it
 */
@JsonTypeName("run-started")
public record RunStarted(Instant at, String runId, String suite, String suiteVersion, String pool,
                         String qualifyVersion, String config, double timeoutMultiplier, List<String> groups,
                         List<Device> devices, String configDigest, List<String> selection,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> tests,
                         String shard) implements JournalEvent {
    public RunStarted {
        Objects.requireNonNull(at, "at");
        groups = groups == null ? List.of() : List.copyOf(groups);
        devices = devices == null ? List.of() : List.copyOf(devices);
        selection = selection == null ? null : List.copyOf(selection);
        tests = tests == null ? List.of() : List.copyOf(tests);
    }

    /** A run of all of its selection, {@code groups}, recording no config digest. */
    public RunStarted(Instant at, String runId, String suite, String suiteVersion, String pool, String qualifyVersion,
                      String config, double timeoutMultiplier, List<String> groups, List<Device> devices) {
        this(at, runId, suite, suiteVersion, pool, qualifyVersion, config, timeoutMultiplier, groups, devices, null,
                null, List.of(), null);
    }

    /** The groups of the whole selection: {@code selection}, or {@code groups} in a journal that has none. */
    public List<String> selectedGroups() {
        return selection == null ? groups : selection;
    }

    /**
     * A device of the pool as the run saw it.
     *
     * @param id         the device's id
     * @param pool       the id of its pool
     * @param connection a one-line description of how the harness reaches it
     * @param features   the pool's features (name to value)
     * @param config     the device's configuration section with secrets redacted; values may be null
     */
    public record Device(String id, String pool, String connection, Map<String, String> features,
                         Map<String, Object> config) {
        public Device {
            features = copy(features);
            config = copy(config);
        }

        private static <V> Map<String, V> copy(Map<String, V> map) {
            return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
        }
    }
}
