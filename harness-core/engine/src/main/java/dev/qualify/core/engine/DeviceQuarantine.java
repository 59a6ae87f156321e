package dev.qualify.core.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Takes a device out of the pool for the rest of the run when groups on it keep ending in ERROR: after
 * {@code threshold} runs on it (a run being one group, or the groups sharing one boot) had an ERROR that the device
 * may be to blame for. Errors of the host's side are not held against a device: a build that failed, a group's
 * preparation, test code or Qualify itself that threw, a group class without tests (these fail the same way on
 * every device). Thread-safe.
 */
public final class DeviceQuarantine {
    /** The rule of {@code --retries}: a second run with an ERROR on a device takes it out. */
    public static final int DEFAULT_THRESHOLD = 2;
    /** Error types that say nothing about the device. */
    public static final Set<String> HOST_SIDE = Set.of("build-failed", "prepare-failed", "test-exception", "internal",
            "no-tests", "discovery-failed");

    private final int threshold;
    private final Map<String, List<String>> errored = new HashMap<>();
    private final Set<String> out = new HashSet<>();

    /** @param threshold how many runs with a device error take a device out; at least 1 */
    public DeviceQuarantine(int threshold) {
        if (threshold < 1) throw new IllegalArgumentException("threshold must be at least 1: " + threshold);
        this.threshold = threshold;
    }

    /** Never takes a device out. */
    public static DeviceQuarantine never() {
        return new DeviceQuarantine(Integer.MAX_VALUE);
    }

    /**
     * Records a finished run on a device.
     *
     * @param what what ran, for the reason (e.g. {@code FullPKCS11_Core attempt 1})
     * @return the reason, when this run takes the device out
     */
    public synchronized Optional<String> record(String deviceId, String what, GroupAttempt result) {
        if (out.contains(deviceId) || !result.errored() || HOST_SIDE.containsAll(result.errorTypes())) return Optional.empty();
        List<String> runs = errored.computeIfAbsent(deviceId, d -> new ArrayList<>());
        runs.add(what + " (" + String.join(", ", result.errorTypes()) + ")");
        if (runs.size() < threshold) return Optional.empty();
        out.add(deviceId);
        return Optional.of(runs.size() + " runs of groups on it ended in ERROR: " + String.join("; ", runs));
    }

    /** False once the device was taken out. */
    public synchronized boolean inService(String deviceId) {
        return !out.contains(deviceId);
    }
}
