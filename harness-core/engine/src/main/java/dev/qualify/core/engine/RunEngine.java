package dev.qualify.core.engine;

import dev.qualify.api.report.ExitCodes;

import dev.qualify.api.cloud.CloudProvider;
import dev.qualify.core.config.DeviceSpec;
import dev.qualify.core.config.PoolSpec;
import dev.qualify.core.config.QualifyConfig;
import dev.qualify.api.support.Secrets;
import dev.qualify.core.boot.DevicePreparer;
import dev.qualify.core.boot.ImageCache;
import dev.qualify.core.device.ConfiguredDevice;
import dev.qualify.core.device.DriverRegistry;
import dev.qualify.api.driver.ProcessRegistry;
import dev.qualify.core.device.ResourceDescriptions;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.ReportWriter;
import dev.qualify.api.report.RunReport;
import dev.qualify.api.suite.GroupDescriptor;
import dev.qualify.api.suite.QualificationSuite;
import dev.qualify.api.suite.SuiteParameters;
import dev.qualify.core.journal.Note;
import dev.qualify.core.journal.RunFinished;
import dev.qualify.core.journal.RunResumed;
import dev.qualify.core.journal.RunStarted;
import dev.qualify.core.journal.TestFinished;
import dev.qualify.core.lab.DeviceLocks;
import dev.qualify.core.lab.LockHolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;


/**
 * Runs a {@link RunPlan}: prepares the run directory and journal, builds the pool's devices, lets the
 * {@link Scheduler} hand groups to them, runs each (device, group) through the JUnit Platform {@link Launcher},
 * and always ends by writing the reports from the journal, also after a failure or an interruption.
 */
public final class RunEngine {
    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final QualifyConfig config;
    private final RunPlan plan;
    private final QualificationSuite suite;
    private final DriverRegistry drivers;
    private final List<ReportWriter> writers;
    private final ProgressListener progress;
    private final Clock clock;
    private final ProcessRegistry processes = new ProcessRegistry();
    /** Set by {@link #interrupt}; the errors that follow from it are reported as {@code interrupted}. */
    private final Interruption interruption = new Interruption();
    private final OutcomeTally tally = new OutcomeTally();
    private final AtomicBoolean internalError = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    /** How long {@link #interrupt} waits for reports the run has begun to write. */
    private static final Duration REPORT_GRACE = Duration.ofSeconds(10);
    /** The running run's journal, for {@link #interrupt} to write the reports from when the run does not stop. */
    private volatile RunJournal liveJournal;
    /** Taken by whoever writes the reports: the run as it ends, or {@link #interrupt} when the run did not end. */
    private final AtomicBoolean reportsTaken = new AtomicBoolean();
    private volatile Scheduler scheduler;
    private final RunCloud cloud;
    /** Every secret of the config, and those drivers substitute, masked in all the run writes. */
    private final SecretMask secrets;
    private Path lockDir;
    private Duration deviceWait = Duration.ZERO;
    private java.util.function.Consumer<String> lockNotice = m -> { };
    private java.util.function.Consumer<Path> afterReports = d -> { };
    /** The selection before sharding and the shard ({@code I/N}) this run runs of it; null for all. */
    private List<String> selection;
    private String shard;
    private RetryPolicy retries = RetryPolicy.NONE;

    public RunEngine(QualifyConfig config, RunPlan plan, QualificationSuite suite, DriverRegistry drivers,
                     List<CloudProvider> clouds, List<ReportWriter> writers, ProgressListener progress, Clock clock) {
        this.config = config;
        this.plan = plan;
        this.suite = suite;
        this.drivers = drivers;
        this.writers = List.copyOf(writers);
        this.secrets = SecretMask.of(config);
        this.progress = secrets.masking(progress);
        this.clock = clock;
        this.cloud = new RunCloud(config.cloud(), clouds, plan.output(), config.baseDir(), secrets::add);
    }

    /**
     * Checks that the configured cloud can be used ({@link CloudProvider#check}: an external broker reachable, its
     * certificate verified by the configured CA, the credentials accepted); call it before {@link #run}, which
     * touches devices.
     *
     * @throws dev.qualify.api.driver.SettingsException a cloud setting is wrong (exit 2)
     * @throws dev.qualify.api.cloud.CloudException     the cloud cannot be reached (exit 3)
     */
    public void checkCloud() {
        cloud.check();
    }

    /**
     * Makes {@link #run} lock every device of the pool in {@code dir} (see {@link DeviceLocks}) before it creates the
     * run directory or touches a device, waiting up to {@code wait} for devices another run holds; without this call
     * nothing is locked.
     *
     * @param notice told when the run starts waiting for a device
     */
    public RunEngine lockDevices(Path dir, Duration wait, java.util.function.Consumer<String> notice) {
        this.lockDir = dir;
        this.deviceWait = wait;
        this.lockNotice = notice;
        return this;
    }

    /**
     * Makes {@link #run} call {@code step} with the run directory once the reports are written, on every way the run
     * ends (signing the bundle); an {@link #interrupt} waits for it. The step handles its own errors.
     */
    public RunEngine afterReports(java.util.function.Consumer<Path> step) {
        this.afterReports = step;
        return this;
    }

    /**
     * Records in the journal that this run runs shard {@code shard} ({@code I/N}) of {@code selection}, the ids of
     * every selected group; without this call the run's groups are its whole selection.
     */
    public RunEngine shard(String shard, List<String> selection) {
        this.shard = shard;
        this.selection = List.copyOf(selection);
        return this;
    }

    /**
     * Makes {@link #run} run a group again, up to {@code n} times, when its cases ended in ERROR, and take a device
     * out of the pool after {@link DeviceQuarantine#DEFAULT_THRESHOLD} runs on it with errors; 0 (the default) runs
     * every group once and takes no device out.
     */
    public RunEngine retries(int n) {
        this.retries = new RetryPolicy(n);
        return this;
    }

    /**
     * Runs the plan on {@code pool} with {@code groups} (already selected and filtered by features).
     *
     * @param notRunnable groups left out before the run, with the reason (unsupported features)
     */
    public RunResult run(PoolSpec pool, List<GroupDescriptor> groups, Map<String, String> notRunnable) throws IOException {
        String runId = RUN_ID_TIME.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8);
        DeviceLocks locks = lockDevices(runId, pool); // device-busy (exit 3) before anything is written or touched
        try {
            return run(runId, pool, groups, notRunnable, null);
        } finally {
            if (locks != null) locks.close();
        }
    }

    /**
     * Goes on with the run {@code from} after its process died or was interrupted: locks the pool as {@link #run}
     * does, appends {@link RunResumed} to its journal, runs {@code groups} (the cut-off ones and those not reached,
     * see {@link Resumption}) in its directory and writes the reports of the whole run.
     */
    public RunResult resume(RunHistory from, PoolSpec pool, List<GroupDescriptor> groups) throws IOException {
        DeviceLocks locks = lockDevices(from.started().runId(), pool);
        try {
            return run(from.started().runId(), pool, groups, Map.of(), from);
        } finally {
            if (locks != null) locks.close();
        }
    }

    private DeviceLocks lockDevices(String runId, PoolSpec pool) {
        if (lockDir == null) return null;
        try {
            return DeviceLocks.acquire(lockDir, pool.devices().stream().map(DeviceSpec::id).toList(), LockHolder.self(runId),
                    deviceWait, interruption::interrupted, lockNotice);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished.countDown();
            throw new dev.qualify.api.device.InfrastructureException("device-busy", "interrupted while waiting for the pool's devices");
        } catch (RuntimeException e) {
            finished.countDown();
            throw e;
        }
    }

    private RunResult run(String runId, PoolSpec pool, List<GroupDescriptor> groups, Map<String, String> notRunnable,
                          RunHistory resumed) throws IOException {
        // the real path: a run resumed through results/latest must not re-point latest at itself
        Path runDir = resumed != null ? resumed.runDir().toRealPath() : plan.output().toAbsolutePath().resolve(runId);
        Files.createDirectories(runDir.resolve("logs"));
        if (resumed != null) RunJournal.endTornLine(runDir.resolve(RunJournal.FILE_NAME));
        RunJournal journal = new RunJournal(runDir.resolve(RunJournal.FILE_NAME), secrets);
        liveJournal = journal;
        cloud.notesTo(text -> note(journal, text));
        // the run's scratch (as its images): the emulator's CA and registry, an aws-iot account's resource ledger, which
        // qualify cloud cleanup --run RUN_DIR reads
        cloud.directoryIn(runDir.resolve("work"));
        List<ConfiguredDevice> devices = new ArrayList<>();
        RunResult result;
        try {
            RunStarted started = resumed != null ? resumed.started() : runStarted(runId, pool, groups);
            if (resumed == null) journal.append(started);
            else Resumption.begin(resumed, groups, journal, clock, tally);
            pointLatest(runDir); // now, not at the end: after a crash, results/latest is the run to --resume
            notRunnable.forEach((g, why) -> note(journal, "group " + g + " not run: " + why));
            progress.runStarted(started);
            Devices factory = new Devices(config, drivers, plan.qualifyHome(), plan.timeoutMultiplier(), processes, secrets);
            for (DeviceSpec d : pool.devices()) devices.add(factory.create(d, pool, runDir));
            scheduler = new Scheduler(devices);
            DevicePreparer preparer = new DevicePreparer(new ImageCache(runDir.resolve("work").resolve("images")));
            List<String> groupIds = resumed != null ? resumed.started().groups() : groups.stream().map(GroupDescriptor::id).toList();
            Map<String, List<String>> bootGroups = Scheduler.bootGroups(groups, devices.size());
            GroupExecution execution = new GroupExecution(journal, clock, runDir, preparer, progress,
                    this::recorded, e -> internalError.set(true)).interruption(interruption);
            RetryEvents retryEvents = new RetryEvents(journal, clock, progress, retries);
            Scheduler.Result scheduled = scheduler.run(groups,
                    (device, group, next, attempt) -> execution.execute(groupRun(runId, runDir, (ConfiguredDevice) device,
                            group, preparer, groupIds, bootGroups.getOrDefault(group.id(), List.of(group.id())), attempt), next != null, attempt),
                    () -> interruption.interrupted() || plan.stopOnFirstFailure() && tally.count(Outcome.FAILED) > 0, retries,
                    retries.retries() > 0 ? new DeviceQuarantine(DeviceQuarantine.DEFAULT_THRESHOLD) : DeviceQuarantine.never(),
                    retryEvents);
            for (Scheduler.Unplaced u : scheduled.noDevice()) {
                if (u.attempt() > 1) {
                    note(journal, u.group().id() + " not run again: " + RetryEvents.noDeviceLeft());
                } else {
                    ConfiguredDevice last = devices.stream().filter(d -> d.id().equals(retryEvents.lastQuarantined()))
                            .findFirst().orElse(devices.get(devices.size() - 1));
                    execution.unavailable(groupRun(runId, runDir, last, u.group(), preparer, groupIds, List.of(u.group().id()), 1),
                            RetryEvents.noDeviceLeft());
                }
            }
            for (GroupDescriptor g : scheduled.notRun()) {
                String why = interruption.interrupted() ? "the run was interrupted (" + interruption.reason() + ")" : "stopped after the first failure (--stop-on-first-failure)";
                note(journal, "group " + g.id() + " not run: " + why);
            }
        } catch (InterruptedException e) {
            interruption.interrupt("an interrupt of the run's thread");
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            note(journal, "internal error: " + e);
            throw e;
        } finally {
            devices.forEach(ConfiguredDevice::close);
            processes.killAll(Duration.ofSeconds(2));
            cloud.close();
            int exit = tally.exitCode(interruption.interrupted(), internalError.get());
            boolean writesReports = reportsTaken.compareAndSet(false, true);
            if (writesReports) {
                if (tally.total() == 0 && !interruption.interrupted()) note(journal, "no test ran: see the group logs");
                if (interruption.interrupted()) note(journal, "interrupted by " + interruption.reason() + "; the report shows what finished");
                journal.append(new RunFinished(clock.instant(), exit, interruption.interrupted()));
            }
            journal.close();
            RunReport report = ReportBuilder.build(RunJournal.read(journal.file()));
            if (writesReports) {
                writeReports(report, runDir, writers);
                afterReports.accept(runDir);
            }
            finished.countDown();
            result = new RunResult(exit, runDir, report);
        }
        return result;
    }

    /**
     * Stops the run: no more groups are handed out, running tests are interrupted and child processes killed.
     * Blocks until the run has written its reports or {@code wait} passed. A run still going after {@code wait} (a test
     * that ignores the interrupt) has its cloud closed here (deleting what an {@code aws-iot} cloud created) and its
     * reports written from its journal as it stands, so a caller that then halts the process loses nothing the
     * journal holds; the run writes none of its own after that.
     *
     * @return true when the run ended by itself within {@code wait}, false when its reports were written here (or a
     *         run not yet started had none to write)
     */
    public boolean interrupt(String reason, Duration wait) {
        interruption.interrupt(reason);
        Scheduler s = scheduler;
        if (s != null) s.interrupt();
        processes.killAll(Duration.ofSeconds(1));
        try {
            if (finished.await(wait.toMillis(), TimeUnit.MILLISECONDS)) return true;
            cloud.close(); // the caller halts next: what the cloud created in an account is deleted first
            RunJournal journal = liveJournal;
            if (journal == null) return false;
            if (!reportsTaken.compareAndSet(false, true)) {
                // the run is writing its reports right now: give it the time that takes
                return finished.await(REPORT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
            String waited = wait.toMillis() % 1000 == 0 ? wait.toSeconds() + " s" : wait.toMillis() + " ms";
            note(journal, "interrupted by " + reason + "; the run did not stop within " + waited
                    + ", so the report was written from the journal as it stood");
            journal.append(new RunFinished(clock.instant(), tally.exitCode(true, internalError.get()), true));
            Path runDir = journal.file().getParent();
            writeReports(ReportBuilder.build(RunJournal.read(journal.file())), runDir, writers);
            afterReports.accept(runDir);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.io.IOException e) {
            System.err.println("qualify: could not read the run journal to write the report: " + e.getMessage());
        }
        return false;
    }

    /** The directory of the run under way or ended, once {@link #run} or {@link #resume} has created it. */
    public java.util.Optional<Path> runDirectory() {
        RunJournal journal = liveJournal;
        return journal == null ? java.util.Optional.empty() : java.util.Optional.of(journal.file().getParent());
    }

    public ProcessRegistry processes() {
        return processes;
    }

    /** A run of a group; its second and later runs ({@code --retries}) work and log in {@code attempt-<n>/}. */
    private GroupRun groupRun(String runId, Path runDir, ConfiguredDevice device, GroupDescriptor group,
                              DevicePreparer preparer, List<String> groupIds, List<String> bootGroups, int attempt) {
        SuiteParameters params = new SuiteParameters(config.suites().getOrDefault(suite.id(), Map.of()), config.baseDir());
        String sub = attempt > 1 ? "attempt-" + attempt : "";
        return new GroupRun(runId, group, device, params,
                runDir.resolve("work").resolve(device.id()).resolve(group.id()).resolve(sub),
                runDir.resolve("logs").resolve(device.id()).resolve(group.id()).resolve(sub), plan.timeoutMultiplier(),
                cloud, (RoutingTranscript) device.context().transcript(), Set.copyOf(plan.tests()),
                () -> preparer.bootScope(device.id()), groupIds, bootGroups).stoppedWhen(interruption::interrupted);
    }

    /** A test-finished event was journaled: count it and show it. */
    private void recorded(TestFinished test) {
        tally.record(test);
        progress.testFinished(test);
    }

    private void note(RunJournal journal, String text) {
        journal.append(new Note(clock.instant(), text));
    }

    private RunStarted runStarted(String runId, PoolSpec pool, List<GroupDescriptor> groups) {
        List<RunStarted.Device> devices = new ArrayList<>();
        for (DeviceSpec d : pool.devices()) {
            devices.add(new RunStarted.Device(d.id(), pool.id(), ResourceDescriptions.describe(d), pool.features(),
                    Secrets.redactMap(d.json())));
        }
        List<String> ids = groups.stream().map(GroupDescriptor::id).toList();
        return new RunStarted(clock.instant(), runId, suite.id(), suite.version(), pool.id(), plan.qualifyVersion(),
                config.file().toAbsolutePath().toString(), plan.timeoutMultiplier(), ids, devices,
                ConfigDigest.of(config, pool, suite.id()), selection != null ? selection : ids, plan.tests(), shard);
    }

    /** Writes {@code report} into {@code runDir} with every writer; a writer that fails is reported and skipped. */
    static void writeReports(RunReport report, Path runDir, List<ReportWriter> writers) {
        for (ReportWriter w : writers) {
            try {
                w.write(report, runDir);
            } catch (IOException | RuntimeException e) {
                System.err.println("qualify: could not write " + w.fileName() + ": " + e);
            }
        }
    }

    private void pointLatest(Path runDir) {
        Path latest = runDir.getParent().resolve("latest");
        try {
            Files.deleteIfExists(latest);
            Files.createSymbolicLink(latest, runDir.getFileName());
        } catch (IOException | UnsupportedOperationException e) {
            try {
                Files.writeString(runDir.getParent().resolve("latest.txt"), runDir.getFileName().toString() + "\n");
            } catch (IOException ignored) {
                // the run directory is still printed
            }
        }
    }
}
