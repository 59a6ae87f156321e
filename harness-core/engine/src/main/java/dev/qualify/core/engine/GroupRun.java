package dev.qualify.core.engine;

import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.device.Device;
import dev.qualify.api.device.Transcript;
import dev.qualify.api.suite.DeviceOutputRules;
import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.suite.GroupDescriptor;
import dev.qualify.api.suite.SuiteParameters;
import dev.qualify.api.support.Durations;
import dev.qualify.core.boot.BootScope;
import dev.qualify.core.boot.ImageIdentity;
import dev.qualify.core.config.BootSpec;
import dev.qualify.core.device.ConfiguredDevice;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The engine's {@link GroupContext}: one group on one leased device. Closing it closes what the group
 * {@link #keep kept}, newest first.
 */
public final class GroupRun implements GroupContext, AutoCloseable {
    private final String runId;
    private final GroupDescriptor group;
    private final ConfiguredDevice device;
    private final SuiteParameters parameters;
    private final Path workDir;
    private final Path logDir;
    private final double timeoutMultiplier;
    private final Supplier<Cloud> cloud;
    private final RoutingTranscript transcript;
    private final Set<String> selectedTests;
    private final Deque<AutoCloseable> kept = new ArrayDeque<>();
    private final Supplier<BootScope> bootScope;
    private final List<String> selectedGroups;
    private final List<String> bootGroups;
    private final List<ImageIdentity> served = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile java.util.function.BooleanSupplier stopped = () -> false;

    /**
     * @param cloud         starts the run's cloud on first use, then returns the same instance
     * @param selectedTests test cases named with {@code --test}; empty means all
     */
    public GroupRun(String runId, GroupDescriptor group, ConfiguredDevice device, SuiteParameters parameters, Path workDir,
                    Path logDir, double timeoutMultiplier, Supplier<Cloud> cloud, RoutingTranscript transcript,
                    Set<String> selectedTests) {
        this(runId, group, device, parameters, workDir, logDir, timeoutMultiplier, cloud, transcript, selectedTests,
                singleBoot(), List.of(group.id()));
    }

    /**
     * @param bootScope      the scope of the device's current boot
     * @param selectedGroups the ids of the groups the run runs, in order
     */
    public GroupRun(String runId, GroupDescriptor group, ConfiguredDevice device, SuiteParameters parameters, Path workDir,
                    Path logDir, double timeoutMultiplier, Supplier<Cloud> cloud, RoutingTranscript transcript,
                    Set<String> selectedTests, Supplier<BootScope> bootScope, List<String> selectedGroups) {
        this(runId, group, device, parameters, workDir, logDir, timeoutMultiplier, cloud, transcript, selectedTests,
                bootScope, selectedGroups, List.of(group.id()));
    }

    /** @param bootGroups the ids of the groups that share this group's boot, in order, this group included */
    public GroupRun(String runId, GroupDescriptor group, ConfiguredDevice device, SuiteParameters parameters, Path workDir,
                    Path logDir, double timeoutMultiplier, Supplier<Cloud> cloud, RoutingTranscript transcript,
                    Set<String> selectedTests, Supplier<BootScope> bootScope, List<String> selectedGroups,
                    List<String> bootGroups) {
        this.bootScope = bootScope;
        this.selectedGroups = List.copyOf(selectedGroups);
        this.bootGroups = List.copyOf(bootGroups);
        this.runId = runId;
        this.group = group;
        this.device = device;
        this.parameters = parameters;
        this.workDir = workDir;
        this.logDir = logDir;
        this.timeoutMultiplier = timeoutMultiplier;
        this.cloud = cloud;
        this.transcript = transcript;
        this.selectedTests = Set.copyOf(selectedTests);
    }

    public String runId() {
        return runId;
    }

    /**
     * Says when the run is stopping (SIGINT, SIGTERM): from then on {@link QualifyExtension} starts none of the
     * group's remaining tests; each ends as an ERROR at once instead of waiting on a device the stop has killed.
     */
    public GroupRun stoppedWhen(java.util.function.BooleanSupplier stopped) {
        this.stopped = stopped;
        return this;
    }

    /** Whether the run is stopping, so no further test of this group may start. */
    boolean stopping() {
        return stopped.getAsBoolean();
    }

    @Override
    public GroupDescriptor group() {
        return group;
    }

    @Override
    public Device device() {
        return device;
    }

    /** The device with its engine-side handles (config, driver context, release). */
    public ConfiguredDevice configuredDevice() {
        return device;
    }

    @Override
    public SuiteParameters parameters() {
        return parameters;
    }

    @Override
    public Path workDir() {
        return workDir;
    }

    /** {@code logs/<device>/<group>} of the run. */
    public Path logDir() {
        return logDir;
    }

    @Override
    public Transcript transcript() {
        return transcript;
    }

    /** The device's transcript router, which the engine points at the current test's log. */
    public RoutingTranscript router() {
        return transcript;
    }

    @Override
    public DeviceOutputRules outputRules() {
        BootSpec boot = device.spec().boot();
        return new DeviceOutputRules(boot.banner(), boot.deathStrings(), scaled(boot.testTimeout()));
    }

    @Override
    public boolean selected(String name) {
        return selectedTests.isEmpty() || selectedTests.contains(name);
    }

    @Override
    public Duration scaled(Duration d) {
        return Durations.scale(d, timeoutMultiplier);
    }

    public double timeoutMultiplier() {
        return timeoutMultiplier;
    }

    @Override
    public Cloud cloud() {
        return cloud.get();
    }

    /**
     * Why {@code element} (the group's class or one of its test methods), marked
     * {@link dev.qualify.api.cloud.NeedsEmulatedCloud}, cannot run on the run's cloud; empty when it can or is not
     * marked. The run's cloud is not started for it.
     */
    public java.util.Optional<String> cloudSkipReason(java.lang.reflect.AnnotatedElement element) {
        if (!element.isAnnotationPresent(dev.qualify.api.cloud.NeedsEmulatedCloud.class)) return java.util.Optional.empty();
        if (cloud instanceof RunCloud run) {
            return dev.qualify.api.cloud.CloudNeeds.skipReason(element, run.type(), run.capabilities());
        }
        Cloud c = cloud.get();
        return dev.qualify.api.cloud.CloudNeeds.skipReason(element, c.type(), c.capabilities());
    }

    @Override
    public synchronized <T extends AutoCloseable> T keep(T resource) {
        kept.push(resource);
        return resource;
    }

    @Override
    public <T> T bootScoped(Class<T> type, Supplier<T> create) {
        return bootScope.get().get(type, create);
    }

    @Override
    public List<String> selectedGroups() {
        return selectedGroups;
    }

    @Override
    public List<String> bootGroups() {
        return bootGroups;
    }

    /**
     * Records an image the group delivered to the device (an OTA update) and, with {@code boot.imageIdentity}, adds
     * it to the images the device's identity watch expects until its next boot by the engine.
     */
    @Override
    public void imageServed(Path image) {
        ImageIdentity id = ImageIdentity.of(image);
        served.add(id);
        Path file = image.toAbsolutePath().normalize();
        Path work = workDir.toAbsolutePath().normalize();
        String what = (file.startsWith(work) ? work.relativize(file) : file) + " (SHA-256 " + id.sha256().substring(0, 12)
                + "...)";
        device.identityWatch().ifPresentOrElse(w -> {
            w.alsoExpect(id::matches, what);
            transcript.note("image identity: " + what + " was served to the device over the air; a boot into it is"
                    + " expected until the device's next boot by the engine");
        }, () -> transcript.note("image served to the device over the air: " + what));
    }

    /** The images the group delivered to the device itself ({@link #imageServed}), in order. */
    public List<ImageIdentity> servedImages() {
        return List.copyOf(served);
    }

    private static Supplier<BootScope> singleBoot() {
        BootScope scope = new BootScope();
        return () -> scope;
    }

    /** Closes what the group kept, newest first; a resource that fails to close is noted in the group's log. */
    @Override
    public synchronized void close() {
        while (!kept.isEmpty()) {
            AutoCloseable c = kept.pop();
            try {
                c.close();
            } catch (Exception e) {
                transcript.note("closing " + c + " failed: " + e);
            }
        }
    }
}
