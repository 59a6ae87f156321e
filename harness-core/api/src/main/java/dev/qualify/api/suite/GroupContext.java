package dev.qualify.api.suite;

import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.device.Device;
import dev.qualify.api.device.Transcript;
import org.apiguardian.api.API;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * One group running on one leased device: what a group's {@link Preparation} and its tests may ask for (inject it
 * as a test parameter). The engine makes one per (device, group) and ends it when the group's last test finished.
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface GroupContext {

    /** The group, as its {@link QualificationGroup} declares it. */
    GroupDescriptor group();

    /** The leased device; no other group uses it meanwhile. */
    Device device();

    /** The suite's parameters from the config. */
    SuiteParameters parameters();

    /** A fresh directory for this (device, group): source copies, generated files. */
    Path workDir();

    /**
     * The device's log: a note written here lands in the current test's log, or in the group's log between
     * tests; bytes written as {@link Transcript#received} are filed as device output.
     */
    Transcript transcript();

    /** How the device's output is judged: its boot banner, death strings and the test budget. */
    DeviceOutputRules outputRules();

    /** Whether {@code --test} selects the test case {@code name} (all are selected when none is named). */
    boolean selected(String name);

    /** {@code d} scaled by {@code --timeout-multiplier}; every wait a suite makes goes through this. */
    Duration scaled(Duration d);

    /** The run's cloud, started on first use and shared by every group of the run. */
    Cloud cloud();

    /**
     * Keeps {@code resource} open until the group ends, then closes it (in reverse order of keeping), also when
     * the group fails; e.g. a server the device talks to during the tests.
     *
     * @return {@code resource}
     */
    <T extends AutoCloseable> T keep(T resource);

    /**
     * The one instance of {@code type} for the device's current boot, made by {@code create} on first use: groups
     * that share a boot ({@link QualificationGroup#bootShare}) see the same instance, e.g. the results the device
     * printed for all of them. It is dropped (and closed, when it is {@link AutoCloseable}) when the device is
     * booted again or powered down.
     */
    <T> T bootScoped(Class<T> type, Supplier<T> create);

    /** The ids of the groups this run runs on the pool, in run order (this group included). */
    List<String> selectedGroups();

    /**
     * The ids of the groups that share this group's boot on its device ({@link QualificationGroup#bootShare}), in
     * the order they run, this group included; just this group when it shares none. A suite whose shared image
     * serves several groups builds it for these, not for every selected group: on a pool with devices to spare
     * the engine may give the groups of one {@code bootShare} key several boots on several devices.
     */
    default List<String> bootGroups() {
        return List.of(group().id());
    }
}
