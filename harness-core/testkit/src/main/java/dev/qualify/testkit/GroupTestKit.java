package dev.qualify.testkit;

import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.cloud.CloudException;
import dev.qualify.api.cloud.CloudProvider;
import dev.qualify.api.report.GroupResult;
import dev.qualify.api.suite.GroupDescriptor;
import dev.qualify.api.suite.SuiteParameters;
import dev.qualify.core.boot.DevicePreparer;
import dev.qualify.core.boot.ImageCache;
import dev.qualify.core.config.ResourceSpec;
import dev.qualify.core.engine.GroupExecution;
import dev.qualify.core.engine.GroupRun;
import dev.qualify.core.engine.ProgressListener;
import dev.qualify.core.engine.ReportBuilder;
import dev.qualify.core.engine.RoutingTranscript;
import dev.qualify.core.engine.RunCloud;
import dev.qualify.core.engine.RunJournal;
import org.apiguardian.api.API;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Runs qualification groups on a {@link TestDevice} exactly as the engine runs them, and returns their results
 * (in the spirit of JUnit's {@code EngineTestKit}):
 *
 * <pre>{@code
 * GroupResults results = GroupTestKit.group(EchoGroup.class).on(device).parameters(Map.of("k", "v")).run();
 * results.assertAll(Outcome.PASSED);
 * }</pre>
 *
 * <p>Each group goes through the engine's {@code GroupExecution}: journaled start, preparation by a
 * {@code DevicePreparer} (build through the kit's image cache, flash, power, handshake), the group's class on the
 * JUnit Platform {@code Launcher} with the engine's Jupiter extension injecting the device, its capabilities, the
 * cloud and the parameters, then power off and close. The results are read back from the journal with the
 * engine's {@code ReportBuilder}, so they are what a report of a real run would show.
 *
 * <p>A kit is one run: its run directory (logs, work, images), its journal, its image cache and what the preparer
 * knows of the device's image last across {@link #run()} calls, so groups run one after another on the same
 * device as a run's groups do ({@code kit.run(First.class); kit.run(Second.class);}). Each call writes its own
 * journal ({@code journal.jsonl}, then {@code journal-2.jsonl}, ...) and returns the results of its groups only; a
 * group id run twice within one call is one result with the tests of both. A cloud started from a
 * {@link CloudProvider} starts on first use and is closed at the end of each {@code run} call; a {@link Cloud}
 * given as such is the caller's to close. Not thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class GroupTestKit {
    private final List<Class<?>> queued = new ArrayList<>();
    private TestDevice device;
    private Map<String, Object> parameters = Map.of();
    private Path parametersBaseDir;
    private Supplier<Cloud> cloud;
    private CloudProvider cloudProvider;
    private Map<String, Object> cloudSettings = Map.of();
    private Set<String> selected = Set.of();
    private double timeoutMultiplier = 1.0;
    private Path runDir;
    private String runId = "testkit-run";
    private DevicePreparer preparer;
    private int calls;

    private GroupTestKit() {
    }

    /** A kit that runs {@code groupClass} (a class annotated with {@code @QualificationGroup}). */
    public static GroupTestKit group(Class<?> groupClass) {
        GroupTestKit k = new GroupTestKit();
        k.queued.add(groupClass);
        return k;
    }

    /** A kit that runs the groups one after another on the same device. */
    public static GroupTestKit groups(Class<?>... groupClasses) {
        GroupTestKit k = new GroupTestKit();
        k.queued.addAll(List.of(groupClasses));
        return k;
    }

    /** The device the groups run on; required. */
    public GroupTestKit on(TestDevice testDevice) {
        this.device = testDevice;
        return this;
    }

    /** The suite's parameters ({@code suites.<id>} of a config); relative paths resolve against the run directory. */
    public GroupTestKit parameters(Map<String, Object> values) {
        this.parameters = Map.copyOf(values);
        return this;
    }

    /** The suite's parameters, relative paths resolving against {@code baseDir}. */
    public GroupTestKit parameters(Map<String, Object> values, Path baseDir) {
        this.parametersBaseDir = baseDir;
        return parameters(values);
    }

    /** The cloud injected into the groups' tests, e.g. an {@link InMemoryCloud}; null for none (asking fails). */
    public GroupTestKit cloud(Cloud c) {
        this.cloudProvider = null;
        this.cloud = c == null ? null : () -> c;
        return this;
    }

    /**
     * A cloud started by {@code provider} with {@code settings} the first time a test asks for it, closed when the
     * {@code run} call ends, as in a run (e.g. {@code new EmulatedCloudProvider()} for the real emulated broker).
     */
    public GroupTestKit cloud(CloudProvider provider, Map<String, Object> settings) {
        this.cloud = null;
        this.cloudProvider = provider;
        this.cloudSettings = Map.copyOf(settings);
        return this;
    }

    /** The test cases selected as with {@code --test}; none means all. */
    public GroupTestKit selectedTests(String... names) {
        this.selected = new LinkedHashSet<>(List.of(names));
        return this;
    }

    /** {@code --timeout-multiplier}; default 1. */
    public GroupTestKit timeoutMultiplier(double m) {
        this.timeoutMultiplier = m;
        return this;
    }

    /** The run directory; default: a new temporary directory on the first run. */
    public GroupTestKit runDir(Path dir) {
        if (preparer != null) throw new IllegalStateException("the run directory is fixed once a group ran");
        this.runDir = dir;
        return this;
    }

    /** The run directory (created on the first run). */
    public Path runDir() {
        return runDir;
    }

    /** Runs the groups given to {@link #group}/{@link #groups} that have not run yet, in order. */
    public GroupResults run() {
        List<Class<?>> now = List.copyOf(queued);
        queued.clear();
        return execute(now);
    }

    /** Runs more groups on the same device, in the same run (after the ones run before). */
    public GroupResults run(Class<?>... groupClasses) {
        return execute(List.of(groupClasses));
    }

    private GroupResults execute(List<Class<?>> groupClasses) {
        if (device == null) throw new IllegalStateException("no device: call on(TestDevice) first");
        if (groupClasses.isEmpty()) throw new IllegalStateException("no group to run");
        Path journalFile;
        try {
            if (runDir == null) runDir = Files.createTempDirectory("qualify-testkit-run-");
            runDir = runDir.toAbsolutePath();
            Files.createDirectories(runDir.resolve("logs"));
            if (preparer == null) preparer = new DevicePreparer(new ImageCache(runDir.resolve("work").resolve("images")));
            calls++;
            journalFile = runDir.resolve(calls == 1 ? RunJournal.FILE_NAME : "journal-" + calls + ".jsonl");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Clock clock = Clock.systemUTC();
        RunCloud runCloud = cloudProvider == null ? null
                : new RunCloud(new ResourceSpec(cloudProvider.type(), cloudSettings, "/cloud"), List.of(cloudProvider), runDir);
        Supplier<Cloud> cloudSupplier = runCloud != null ? runCloud : cloud != null ? cloud : () -> {
            throw new CloudException("the GroupTestKit was given no cloud: call cloud(...)");
        };
        List<Throwable> internal = new CopyOnWriteArrayList<>();
        try (RunJournal journal = new RunJournal(journalFile)) {
            GroupExecution execution = new GroupExecution(journal, clock, runDir, preparer, ProgressListener.NONE,
                    e -> { }, internal::add);
            List<GroupDescriptor> descriptors = groupClasses.stream().map(GroupDescriptor::of).toList();
            List<String> ids = descriptors.stream().map(GroupDescriptor::id).toList();
            Map<String, List<String>> bootGroups = dev.qualify.core.engine.Scheduler.bootGroups(descriptors, 1);
            for (int i = 0; i < descriptors.size(); i++) {
                GroupDescriptor g = descriptors.get(i);
                String d = device.id();
                GroupRun run = new GroupRun(runId, g, device.configured(),
                        new SuiteParameters(parameters, parametersBaseDir != null ? parametersBaseDir : runDir),
                        runDir.resolve("work").resolve(d).resolve(g.id()), runDir.resolve("logs").resolve(d).resolve(g.id()),
                        timeoutMultiplier, cloudSupplier, (RoutingTranscript) device.configured().context().transcript(), selected,
                        () -> preparer.bootScope(d), ids, bootGroups.get(g.id()));
                // as the Scheduler hands out a bootShare batch: the device stays up for the next group of the same key
                boolean nextShares = !g.bootShare().isEmpty() && i + 1 < descriptors.size()
                        && g.bootShare().equals(descriptors.get(i + 1).bootShare());
                execution.execute(run, nextShares);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (runCloud != null) runCloud.close();
        }
        try {
            return new GroupResults(ReportBuilder.read(journalFile).groups(), runDir, journalFile, device.id(), internal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
