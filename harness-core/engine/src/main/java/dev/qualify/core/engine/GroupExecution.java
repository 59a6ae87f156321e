package dev.qualify.core.engine;

import dev.qualify.api.device.InfrastructureException;
import dev.qualify.api.suite.GroupDescriptor;
import dev.qualify.core.boot.DevicePreparer;
import dev.qualify.core.boot.PhaseTimer;
import dev.qualify.core.journal.DevicePrepared;
import dev.qualify.core.journal.GroupFinished;
import dev.qualify.core.journal.GroupStarted;
import dev.qualify.core.journal.PhaseFinished;
import dev.qualify.core.journal.TestFinished;
import org.junit.platform.engine.support.store.Namespace;
import org.junit.platform.engine.support.store.NamespacedHierarchicalStore;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs one group on one leased device, the same way for a whole run and for the test kit: journals the group's
 * start, lets the {@link DevicePreparer} bring the device to what the group needs, runs the group's class through
 * a JUnit Platform {@link LauncherSession} whose store carries the {@link GroupRun} to {@link QualifyExtension},
 * and always powers the device down and closes it afterwards, so the next group on it starts from a known state.
 *
 * <p>When preparation fails, every case the group declares is reported as ERROR with the preparation's error
 * type (a group that declares none is reported as one ERROR named after it), so a group's totals do not depend
 * on how far it got.
 */
public final class GroupExecution {
    /** The parts of the namespace of the launcher-session store entries Qualify puts there. */
    public static final String NAMESPACE_PARTS = "dev.qualify";
    /** That namespace. */
    public static final Namespace NAMESPACE = Namespace.create(NAMESPACE_PARTS);
    /** The key of the {@link GroupRun} in the launcher-session store. */
    public static final String GROUP_KEY = "group";

    private final RunJournal journal;
    private final Clock clock;
    private final Path runDir;
    private final DevicePreparer preparer;
    private final ProgressListener progress;
    private final Consumer<TestFinished> recorded;
    private final Consumer<Throwable> internalError;
    private Interruption interruption = Interruption.NONE;

    /**
     * @param recorded      told of every test-finished event after it was journaled
     * @param internalError told of a Qualify bug met while running a group
     */
    public GroupExecution(RunJournal journal, Clock clock, Path runDir, DevicePreparer preparer, ProgressListener progress,
                          Consumer<TestFinished> recorded, Consumer<Throwable> internalError) {
        this.journal = journal;
        this.clock = clock;
        this.runDir = runDir;
        this.preparer = preparer;
        this.progress = progress;
        this.recorded = recorded;
        this.internalError = internalError;
    }

    /** Records the errors of an interrupted run as {@code interrupted} (see {@link Interruption}); default: none. */
    public GroupExecution interruption(Interruption interruption) {
        this.interruption = interruption;
        return this;
    }

    public void execute(GroupRun run) {
        execute(run, false);
    }

    /**
     * @param keepUp leave the device running when the group ends cleanly, for the next group of the same boot
     */
    public void execute(GroupRun run, boolean keepUp) {
        execute(run, keepUp, 1);
    }

    /**
     * Runs the {@code attempt}-th run of the group ({@code --retries}): its events carry that number, and its logs
     * go to {@code <logDir>/attempt-<n>/} from the second run on.
     *
     * @param keepUp leave the device running when the group ends cleanly, for the next group of the same boot
     * @return what the run gave (its errors), for retrying and quarantine
     */
    public GroupAttempt execute(GroupRun run, boolean keepUp, int attempt) {
        java.util.Optional<String> cloudSkip = run.cloudSkipReason(run.group().testClass());
        if (cloudSkip.isPresent()) {
            skipped(run, cloudSkip.get(), keepUp);
            return GroupAttempt.CLEAN;
        }
        GroupDescriptor group = run.group();
        String deviceId = run.device().id();
        TestLog groupLog = new TestLog(run.logDir().resolve("_group.log"), clock, journal.mask());
        run.router().routeTo(groupLog);
        long t0 = System.nanoTime();
        AttemptRecorder recorder = new AttemptRecorder(attempt);
        GroupStarted started = new GroupStarted(clock.instant(), deviceId, group.id(), group.title(), group.required(),
                attempt);
        journal.append(started);
        progress.groupStarted(started);
        boolean clean = false;
        try {
            Files.createDirectories(run.workDir());
            boolean prepared = prepare(run, groupLog, recorder);
            if (prepared) {
                launch(run, groupLog, recorder);
                clean = true;
            }
        } catch (Throwable e) {
            boolean infrastructure = e instanceof InfrastructureException;
            if (!infrastructure) internalError.accept(e);
            groupLog.note("the group could not run: " + e);
            ErrorText.logTrace(groupLog, e);
            ErrorText text = ErrorText.of("the group could not run: " + (infrastructure ? e.getMessage() : e.toString()));
            record(run, groupLog, recorder, group.id(), group.id() + "." + group.testClass().getSimpleName(), text.message(),
                    e instanceof InfrastructureException ie ? ie.type() : "internal", text.detail());
        } finally {
            run.close();
            if (keepUp && clean) {
                preparer.keepUp(run);
                groupLog.note("the device stays up for the next group of the same boot");
            } else {
                try {
                    preparer.release(run, clean, phases(run));
                } catch (RuntimeException e) {
                    groupLog.note("powering the device down after the group failed: " + e.getMessage());
                }
                run.configuredDevice().close();
            }
            run.router().routeTo(null);
            groupLog.close();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            GroupFinished finished = new GroupFinished(clock.instant(), deviceId, group.id(), ms);
            journal.append(finished);
            progress.groupFinished(finished);
        }
        return recorder.result();
    }

    /**
     * Reports a group that gets no device ({@code reason}: every device of the pool was taken out) the way a group
     * whose device could not be prepared is reported: each case it declares (and {@code run} selects) is an ERROR of
     * type {@code no-device}, against the group's log, which says why.
     */
    public void unavailable(GroupRun run, String reason) {
        TestLog groupLog = new TestLog(run.logDir().resolve("_group.log"), clock, journal.mask());
        GroupStarted started = new GroupStarted(clock.instant(), run.device().id(), run.group().id(), run.group().title(),
                run.group().required());
        journal.append(started);
        progress.groupStarted(started);
        groupLog.note("the group was not run: " + reason);
        recordEachCase(run, groupLog, new AttemptRecorder(1), "the group was not run: " + reason, "no-device", null);
        groupLog.close();
        GroupFinished finished = new GroupFinished(clock.instant(), run.device().id(), run.group().id(), 0);
        journal.append(finished);
        progress.groupFinished(finished);
    }

    /**
     * Reports a group whose class the run's cloud cannot run ({@link dev.qualify.api.cloud.NeedsEmulatedCloud}) without
     * preparing the device: each case it declares (and {@code run} selects) is SKIPPED with {@code reason}, or one
     * SKIPPED case named after the group when it declares none. A device left up for this group is released unless
     * {@code keepUp}.
     */
    private void skipped(GroupRun run, String reason, boolean keepUp) {
        TestLog groupLog = new TestLog(run.logDir().resolve("_group.log"), clock, journal.mask());
        GroupStarted started = new GroupStarted(clock.instant(), run.device().id(), run.group().id(), run.group().title(),
                run.group().required());
        journal.append(started);
        progress.groupStarted(started);
        groupLog.note("the group was not run: " + reason);
        String file = runDir.relativize(groupLog.file()).toString().replace('\\', '/');
        List<String> cases = run.group().cases().isEmpty()
                ? List.of(run.group().testClass().getSimpleName() + "." + run.group().id()) : run.group().cases();
        for (String c : cases) {
            int dot = c.lastIndexOf('.');
            String name = dot > 0 ? c.substring(dot + 1) : c;
            if (!run.selected(name)) continue;
            String className = run.group().id() + "." + (dot > 0 ? c.substring(0, dot) : run.group().testClass().getSimpleName());
            TestFinished event = TestFinished.skipped(clock.instant(),
                    new TestFinished.Case(run.device().id(), run.group().id(), name, className, file), reason, Duration.ZERO);
            journal.append(event);
            recorded.accept(event);
        }
        if (!keepUp) {
            try {
                preparer.release(run, true, phases(run));
            } catch (RuntimeException e) {
                groupLog.note("powering the device down: " + e.getMessage());
            }
            run.configuredDevice().close();
        }
        run.close();
        groupLog.close();
        GroupFinished finished = new GroupFinished(clock.instant(), run.device().id(), run.group().id(), 0);
        journal.append(finished);
        progress.groupFinished(finished);
    }

    /** Stamps one run's results with its attempt number and counts its errors. */
    private final class AttemptRecorder implements Consumer<TestFinished> {
        private final int attempt;
        private int errors;
        private final java.util.Set<String> types = new java.util.TreeSet<>();

        AttemptRecorder(int attempt) {
            this.attempt = attempt;
        }

        TestFinished stamp(TestFinished event) {
            return attempt == 1 ? event : event.withAttempt(attempt);
        }

        /** Told of a stamped event after it was journaled. */
        @Override
        public synchronized void accept(TestFinished event) {
            if (event.outcome() == dev.qualify.api.report.Outcome.ERROR) {
                errors++;
                if (event.errorType() != null) types.add(event.errorType());
            }
            recorded.accept(event);
        }

        synchronized GroupAttempt result() {
            return new GroupAttempt(errors, types);
        }
    }

    /** @return false when preparation failed and the group's cases were reported as errors */
    private boolean prepare(GroupRun run, TestLog groupLog, AttemptRecorder recorder) {
        long t0 = System.nanoTime();
        try {
            String what = preparer.prepare(run, phases(run));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            groupLog.note("device prepared in " + ms + " ms: " + what);
            journal.append(new DevicePrepared(clock.instant(), run.device().id(), run.group().id(), what, ms));
            return true;
        } catch (InfrastructureException e) {
            groupLog.note("preparing the device failed (" + e.type() + "): " + e.getMessage());
            ErrorText.logTrace(groupLog, e);
            ErrorText text = ErrorText.of("the device could not be prepared for the group: " + e.getMessage());
            recordEachCase(run, groupLog, recorder, text.message(), e.type(), text.detail());
            return false;
        }
    }

    /**
     * Reports every case the group declares (and the run selects) as ERROR; a group that declares none as one ERROR
     * named after it, with {@code detail}.
     */
    private void recordEachCase(GroupRun run, TestLog groupLog, AttemptRecorder recorder, String message, String type,
                                String detail) {
        List<String> cases = run.group().cases();
        if (cases.isEmpty()) {
            record(run, groupLog, recorder, run.group().id(), run.group().id() + "." + run.group().testClass().getSimpleName(),
                    message, type, detail);
        }
        for (String c : cases) {
            if (!run.selected(c.substring(c.lastIndexOf('.') + 1))) continue;
            int dot = c.lastIndexOf('.');
            String className = run.group().id() + "." + (dot > 0 ? c.substring(0, dot) : run.group().testClass().getSimpleName());
            record(run, groupLog, recorder, dot > 0 ? c.substring(dot + 1) : c, className, message, type, detail);
        }
    }

    /** Journals each preparation phase of the group as it ends, for the device's timeline in the reports. */
    private PhaseTimer.Listener phases(GroupRun run) {
        return (phase, ms, errorType) -> journal.append(
                new PhaseFinished(clock.instant(), run.device().id(), run.group().id(), phase, ms, errorType));
    }

    private void launch(GroupRun run, TestLog groupLog, AttemptRecorder recorder) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(run.group().testClass()))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .configurationParameter("junit.jupiter.extensions.autodetection.include", "dev.qualify.*")
                .build();
        JournalListener listener = new JournalListener(run, journal, clock, runDir, groupLog,
                e -> interruption.classify(recorder.stamp(e)), recorder);
        try (LauncherSession session = LauncherFactory.openSession()) {
            NamespacedHierarchicalStore<Namespace> store = session.getStore();
            store.put(NAMESPACE, GROUP_KEY, run);
            session.getLauncher().execute(request, listener, new TestStarts(progress, run.device().id(), run.group().id()));
        }
        if (listener.recorded() == 0) {
            groupLog.note("the group's class ran no test");
            record(run, groupLog, recorder, run.group().id(), run.group().id() + "." + run.group().testClass().getSimpleName(),
                    "the group's class " + run.group().testClass().getName() + " ran no test: does it have @Test or"
                            + " @TestFactory methods, and do they all have parameters Qualify can inject?",
                    "no-tests", null);
        }
    }

    /** Reports one case of a group that did not get to run it as ERROR, against the group's log. */
    private void record(GroupRun run, TestLog groupLog, AttemptRecorder recorder, String name, String className,
                        String message, String type, String detail) {
        TestFinished.Case test = new TestFinished.Case(run.device().id(), run.group().id(), name, className,
                runDir.relativize(groupLog.file()).toString().replace('\\', '/'));
        TestFinished event = interruption.classify(recorder.stamp(TestFinished.error(clock.instant(), test, message, type, detail, Duration.ZERO)));
        journal.append(event);
        recorder.accept(event);
    }
}
