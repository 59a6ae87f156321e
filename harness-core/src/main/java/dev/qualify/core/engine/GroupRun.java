package dev.qualify.core.engine;

import dev.qualify.core.cloud.Cloud;
import dev.qualify.core.config.BootSpec;
import dev.qualify.core.device.Device;
import dev.qualify.core.suite.GroupDescriptor;
import dev.qualify.core.suite.SuiteParameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * One group running on one leased device: what a group's tests can ask for (inject it as a parameter).
 *
 * @param runId             the run
 * @param group             the group
 * @param device            the leased device; no other group uses it meanwhile
 * @param parameters        the suite's parameters
 * @param workDir           a fresh directory for this (device, group): source copies, images
 * @param logDir            {@code logs/<device>/<group>} of the run
 * @param timeoutMultiplier from {@code --timeout-multiplier}
 * @param cloud             starts the run's cloud on first use, then returns the same instance
 * @param transcript        the device's transcript router
 * @param selectedTests     test cases named with {@code --test}; empty means all
 */
public record GroupRun(String runId, GroupDescriptor group, Device device, SuiteParameters parameters, Path workDir,
                       Path logDir, double timeoutMultiplier, Supplier<Cloud> cloud, RoutingTranscript transcript,
                       java.util.Set<String> selectedTests) {

    /** Whether {@code --test} selects the test case {@code name} (all are selected when none is named). */
    public boolean selected(String name) {
        return selectedTests.isEmpty() || selectedTests.contains(name);
    }

    /** {@code d} scaled by the timeout multiplier. */
    public Duration scaled(Duration d) {
        return dev.qualify.core.config.Durations.scale(d, timeoutMultiplier);
    }

    /** The device's boot settings. */
    public BootSpec boot() {
        return device.spec().boot();
    }
}
