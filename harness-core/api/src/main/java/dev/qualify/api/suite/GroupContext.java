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

    /**
     * Tells the engine that this group delivered {@code image} to the device itself, e.g. as an OTA update it built,
     * signed and served, so the device may reboot into it during the group. Call it before the device can receive
     * the image (when the OTA job is created). From then until the device's next boot by the engine:
     * <ul>
     *   <li>with {@code boot.imageIdentity} set, an identity line that names {@code image} is as expected as one that
     *       names the image flashed (a board that boots the update, or rolls back to the flashed image, is fine); an
     *       identity that names neither is still {@code wrong-image};</li>
     *   <li>the engine no longer takes the device's flash to hold the image it flashed, so a later group that needs
     *       that image flashes it again rather than only rebooting.</li>
     * </ul>
     * The engine reads the file when this is called (to know its identity, see {@code boot.imageIdentity}); a suite
     * calls it with the exact bytes it delivers.
     *
     * @param image the image file, as delivered
     * @throws dev.qualify.api.device.InfrastructureException {@code wrong-image} when the file cannot be read
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    default void imageServed(Path image) {
        throw new UnsupportedOperationException(getClass().getName() + " does not track images served to the device");
    }
}
