package dev.qualify.core.engine;

import dev.qualify.core.cloud.Cloud;
import dev.qualify.core.cloud.CloudException;
import dev.qualify.core.cloud.CloudProvider;
import dev.qualify.core.config.DeviceSpec;
import dev.qualify.core.config.PoolSpec;
import dev.qualify.core.config.QualifyConfig;
import dev.qualify.core.config.Secrets;
import dev.qualify.core.device.Device;
import dev.qualify.core.device.DriverRegistry;
import dev.qualify.core.device.PowerControl;
import dev.qualify.core.device.ProcessRegistry;
import dev.qualify.core.device.ResourceDescriptions;
import dev.qualify.core.report.Outcome;
import dev.qualify.core.report.ReportWriter;
import dev.qualify.core.report.RunReport;
import dev.qualify.core.suite.GroupDescriptor;
import dev.qualify.core.suite.QualificationSuite;
import dev.qualify.core.suite.SuiteParameters;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

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
    private final List<CloudProvider> clouds;
    private final List<ReportWriter> writers;
    private final ProgressListener progress;
    private final Clock clock;
    private final ProcessRegistry processes = new ProcessRegistry();
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final OutcomeTally tally = new OutcomeTally();
    private final AtomicBoolean internalError = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Scheduler scheduler;
    private volatile String interruptReason = "an interrupt";
    private Cloud cloud;

    public RunEngine(QualifyConfig config, RunPlan plan, QualificationSuite suite, DriverRegistry drivers,
                     List<CloudProvider> clouds, List<ReportWriter> writers, ProgressListener progress, Clock clock) {
        this.config = config;
        this.plan = plan;
        this.suite = suite;
        this.drivers = drivers;
        this.clouds = List.copyOf(clouds);
        this.writers = List.copyOf(writers);
        this.progress = progress;
        this.clock = clock;
    }

    /**
     * Runs the plan on {@code pool} with {@code groups} (already selected and filtered by features).
     *
     * @param notRunnable groups left out before the run, with the reason (unsupported features)
     */
    public RunResult run(PoolSpec pool, List<GroupDescriptor> groups, Map<String, String> notRunnable) throws IOException {
        String runId = RUN_ID_TIME.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path runDir = plan.output().toAbsolutePath().resolve(runId);
        Files.createDirectories(runDir.resolve("logs"));
        RunJournal journal = new RunJournal(runDir.resolve(RunJournal.FILE_NAME), clock);
        List<Device> devices = new ArrayList<>();
        RunResult result;
        try {
            journal.append("run-started", runStarted(runId, pool, groups));
            notRunnable.forEach((g, why) -> journal.append("note", Map.of("text", "group " + g + " not run: " + why)));
            progress.runStarted(runId, suite, pool, groups);
            Devices factory = new Devices(config, drivers, plan.qualifyHome(), plan.timeoutMultiplier(), processes);
            for (DeviceSpec d : pool.devices()) devices.add(factory.create(d, pool, runDir));
            scheduler = new Scheduler(devices);
            List<GroupDescriptor> notRun = scheduler.run(groups,
                    (device, group) -> runGroup(runId, runDir, journal, device, group),
                    () -> interrupted.get() || plan.stopOnFirstFailure() && tally.count(Outcome.FAILED) > 0);
            for (GroupDescriptor g : notRun) {
                String why = interrupted.get() ? "the run was interrupted (" + interruptReason + ")" : "stopped after the first failure (--stop-on-first-failure)";
                journal.append("note", Map.of("text", "group " + g.id() + " not run: " + why));
            }
        } catch (InterruptedException e) {
            interrupted.set(true);
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            journal.append("note", Map.of("text", "internal error: " + e));
            throw e;
        } finally {
            devices.forEach(Device::close);
            processes.killAll(Duration.ofSeconds(2));
            closeCloud();
            int exit = ExitCodes.of(tally, interrupted.get(), internalError.get());
            if (tally.total() == 0 && !interrupted.get()) journal.append("note", Map.of("text", "no test ran: see the group logs"));
            if (interrupted.get()) journal.append("note", Map.of("text", "interrupted by " + interruptReason + "; the report shows what finished"));
            journal.append("run-finished", Map.of("exitCode", exit, "interrupted", interrupted.get()));
            journal.close();
            RunReport report = ReportBuilder.build(RunJournal.read(journal.file()));
            writeReports(report, runDir);
            pointLatest(runDir);
            finished.countDown();
            result = new RunResult(exit, runDir, report);
        }
        return result;
    }

    /**
     * Stops the run: no more groups are handed out, running tests are interrupted and child processes killed.
     * Blocks until the run has written its reports or {@code wait} passed.
     */
    public void interrupt(String reason, Duration wait) {
        interruptReason = reason;
        interrupted.set(true);
        Scheduler s = scheduler;
        if (s != null) s.interrupt();
        processes.killAll(Duration.ofSeconds(1));
        try {
            finished.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public ProcessRegistry processes() {
        return processes;
    }

    private void runGroup(String runId, Path runDir, RunJournal journal, Device device, GroupDescriptor group) {
        String session = runId + "/" + device.id() + "/" + group.id();
        Path logDir = runDir.resolve("logs").resolve(device.id()).resolve(group.id());
        Path workDir = runDir.resolve("work").resolve(device.id()).resolve(group.id());
        RoutingTranscript transcript = (RoutingTranscript) device.context().transcript();
        TestLog groupLog = new TestLog(logDir.resolve("_group.log"), clock);
        transcript.routeTo(groupLog);
        long t0 = System.nanoTime();
        journal.append("group-started", Map.of("device", device.id(), "group", group.id(), "title", group.title(),
                "required", group.required()));
        progress.groupStarted(device.id(), group);
        try {
            Files.createDirectories(workDir);
            SuiteParameters params = new SuiteParameters(config.suites().getOrDefault(suite.id(), Map.of()), config.baseDir());
            GroupRun run = new GroupRun(runId, group, device, params, workDir, logDir, plan.timeoutMultiplier(),
                    this::cloud, transcript, Set.copyOf(plan.tests()));
            GroupRuns.register(session, run);
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(group.testClass()))
                    .configurationParameter(GroupRuns.SESSION_PARAMETER, session)
                    .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                    .configurationParameter("junit.jupiter.extensions.autodetection.include", "dev.qualify.*")
                    .build();
            JournalListener listener = new JournalListener(run, journal, clock, runDir, groupLog, this::recorded);
            Launcher launcher = LauncherFactory.create();
            launcher.execute(request, listener);
        } catch (Throwable e) {
            boolean infrastructure = e instanceof InfrastructureException;
            if (!infrastructure) internalError.set(true);
            groupLog.note("the group could not run: " + e);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("device", device.id());
            f.put("group", group.id());
            f.put("testId", group.id());
            f.put("name", group.id());
            f.put("className", group.id() + "." + group.testClass().getSimpleName());
            f.put("outcome", Outcome.ERROR.name());
            f.put("message", "the group could not run: " + (infrastructure ? e.getMessage() : e.toString()));
            f.put("errorType", e instanceof InfrastructureException ie ? ie.type() : "internal");
            f.put("detail", stackTrace(e));
            f.put("durationMs", 0);
            f.put("log", runDir.relativize(groupLog.file()).toString());
            journal.append("test-finished", f);
            recorded(f);
        } finally {
            GroupRuns.unregister(session);
            device.close();
            device.capability(PowerControl.class).ifPresent(p -> {
                try {
                    p.off();
                } catch (RuntimeException e) {
                    groupLog.note("power off after the group failed: " + e.getMessage());
                }
            });
            transcript.routeTo(null);
            groupLog.close();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            journal.append("group-finished", Map.of("device", device.id(), "group", group.id(), "durationMs", ms));
            progress.groupFinished(device.id(), group, ms);
        }
    }

    /** A test-finished event was journaled: count it and show it. */
    private void recorded(Map<String, Object> test) {
        tally.record(Outcome.valueOf(String.valueOf(test.get("outcome"))));
        progress.testFinished(test);
    }

    private static String stackTrace(Throwable t) {
        java.io.StringWriter sw = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(sw));
        return sw.toString();
    }

    private synchronized Cloud cloud() {
        if (cloud == null) {
            String type = config.cloud().type();
            CloudProvider provider = clouds.stream().filter(c -> c.type().equals(type)).findFirst()
                    .orElseThrow(() -> new CloudException("no cloud provider of type '" + type + "' is installed"));
            Path dir = plan.output().toAbsolutePath().resolve("cloud-" + UUID.randomUUID().toString().substring(0, 8));
            cloud = provider.start(config.cloud().settings(), dir);
        }
        return cloud;
    }

    private synchronized void closeCloud() {
        if (cloud != null) {
            cloud.close();
            cloud = null;
        }
    }

    private Map<String, Object> runStarted(String runId, PoolSpec pool, List<GroupDescriptor> groups) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("runId", runId);
        f.put("suite", suite.id());
        f.put("suiteVersion", suite.version());
        f.put("pool", pool.id());
        f.put("qualifyVersion", plan.qualifyVersion());
        f.put("config", config.file().toAbsolutePath().toString());
        f.put("timeoutMultiplier", plan.timeoutMultiplier());
        f.put("groups", groups.stream().map(GroupDescriptor::id).toList());
        List<Map<String, Object>> ds = new ArrayList<>();
        for (DeviceSpec d : pool.devices()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("pool", pool.id());
            m.put("connection", ResourceDescriptions.describe(d));
            m.put("features", pool.features());
            m.put("config", Secrets.redactMap(d.json()));
            ds.add(m);
        }
        f.put("devices", ds);
        return f;
    }

    private void writeReports(RunReport report, Path runDir) {
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
