package dev.qualify.core.engine;

import dev.qualify.api.device.InfrastructureException;

import dev.qualify.core.journal.TestFinished;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Turns JUnit events of one (device, group) execution into journal events and per-test logs. A test's outcome is
 * FAILED for an assertion (the device's verdict), ERROR for an {@link InfrastructureException} or any other
 * exception, SKIPPED for an aborted or disabled test. A container that fails or is skipped is recorded as one
 * result named after it, so nothing that went wrong disappears from the report.
 */
final class JournalListener implements TestExecutionListener {
    private final GroupRun run;
    private final RunJournal journal;
    private final Clock clock;
    private final Path runDir;
    private final TestLog groupLog;
    private final Consumer<TestFinished> onFinished;
    private final Map<String, Instant> started = new ConcurrentHashMap<>();
    private final Map<String, TestLog> logs = new ConcurrentHashMap<>();
    private final Set<String> usedNames = new HashSet<>();
    private volatile int recorded;

    JournalListener(GroupRun run, RunJournal journal, Clock clock, Path runDir, TestLog groupLog,
                    Consumer<TestFinished> onFinished) {
        this.run = run;
        this.journal = journal;
        this.clock = clock;
        this.runDir = runDir;
        this.groupLog = groupLog;
        this.onFinished = onFinished;
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        started.put(id.getUniqueId(), clock.instant());
        if (id.isTest()) {
            TestLog log = new TestLog(run.logDir().resolve(fileName(name(id)) + ".log"), clock, journal.mask());
            logs.put(id.getUniqueId(), log);
            log.note("test " + className(id) + " " + name(id) + " on device " + run.device().id());
            run.router().routeTo(log);
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (isRoot(id)) return;
        record(TestFinished.skipped(clock.instant(), test(id, null), reason, Duration.ZERO), null);
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        Instant t0 = started.getOrDefault(id.getUniqueId(), clock.instant());
        Duration took = Duration.between(t0, clock.instant());
        TestLog log = logs.remove(id.getUniqueId());
        if (id.isTest()) run.router().routeTo(groupLog);
        if (!isRoot(id)) {
            TestFinished event = event(id, result, took, log);
            if (event != null) record(event, log);
        } else if (result.getStatus() == TestExecutionResult.Status.FAILED) {
            // the engine root fails when discovery failed (a group class that cannot be loaded or resolved)
            Throwable t = result.getThrowable().orElse(null);
            String why = t == null ? "unknown cause" : rootCause(t);
            record(TestFinished.error(clock.instant(), groupCase(), "the group's tests could not be discovered: " + why,
                    "discovery-failed", t == null ? null : stackTrace(t), took), null);
        }
        if (log != null) log.close();
    }

    /** The result of a finished test or container; null for a container that succeeded. */
    private TestFinished event(TestIdentifier id, TestExecutionResult result, Duration took, TestLog log) {
        Instant at = clock.instant();
        TestFinished.Case test = test(id, log);
        Throwable t = result.getThrowable().orElse(null);
        return switch (result.getStatus()) {
            case SUCCESSFUL -> id.isTest() ? TestFinished.passed(at, test, took) : null;
            case ABORTED -> TestFinished.skipped(at, test, t == null ? "aborted" : t.getMessage(), took);
            case FAILED -> {
                if (t instanceof InfrastructureException ie) {
                    yield TestFinished.error(at, test, ie.getMessage(), ie.type(), stackTrace(t), took);
                } else if (t instanceof AssertionError) {
                    yield TestFinished.failed(at, test, t.getMessage(), stackTrace(t), took);
                } else if (t != null && t.getCause() instanceof InfrastructureException ie) {
                    yield TestFinished.error(at, test, ie.getMessage(), ie.type(), stackTrace(t), took);
                } else {
                    yield TestFinished.error(at, test,
                            t == null ? "failed" : t.getClass().getSimpleName() + ": " + t.getMessage(),
                            "test-exception", t == null ? null : stackTrace(t), took);
                }
            }
        };
    }

    /** How many results this listener recorded. */
    int recorded() {
        return recorded;
    }

    private TestFinished.Case groupCase() {
        return new TestFinished.Case(run.device().id(), run.group().id(), run.group().id(),
                run.group().id() + "." + run.group().testClass().getSimpleName(),
                runDir.relativize(groupLog.file()).toString().replace('\\', '/'));
    }

    private static String rootCause(Throwable t) {
        StringBuilder sb = new StringBuilder(t.toString());
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) sb.append("; cause: ").append(c);
        return sb.toString();
    }

    private void record(TestFinished event, TestLog log) {
        recorded++;
        if (log != null && event.message() != null) log.note(event.outcome() + ": " + event.message());
        journal.append(event);
        onFinished.accept(event);
    }

    /** The engine root: not a result of its own. */
    private static boolean isRoot(TestIdentifier id) {
        return !id.isTest() && id.getParentId().isEmpty();
    }

    private TestFinished.Case test(TestIdentifier id, TestLog log) {
        Path logFile = log != null ? log.file() : groupLog.file();
        return new TestFinished.Case(run.device().id(), run.group().id(), name(id), className(id),
                runDir.relativize(logFile).toString().replace('\\', '/'));
    }

    /**
     * Display names of the form {@code UnityGroup.Case} (Unity results) give {@code <group>.UnityGroup} as class
     * name and {@code Case} as name; other tests get {@code <group>.<TestClass>}.
     */
    private String className(TestIdentifier id) {
        int dot = qualifiedDot(id);
        String dn = id.getDisplayName();
        return run.group().id() + "." + (dot > 0 ? dn.substring(0, dot) : run.group().testClass().getSimpleName());
    }

    /** A test's case name as its result carries it: {@code Case} of a Unity {@code UnityGroup.Case}, else the method. */
    static String name(TestIdentifier id) {
        int dot = qualifiedDot(id);
        String dn = id.getDisplayName();
        if (dot > 0) return dn.substring(dot + 1);
        int paren = dn.indexOf('(');
        return paren > 0 ? dn.substring(0, paren) : dn;
    }

    /** Where a {@code UnityGroup.Case} display name splits, or -1 when it is not of that form. */
    private static int qualifiedDot(TestIdentifier id) {
        String dn = id.getDisplayName();
        return id.isTest() && !dn.contains("(") ? dn.lastIndexOf('.') : -1;
    }

    private synchronized String fileName(String name) {
        String base = name.replaceAll("[^A-Za-z0-9_.-]", "_");
        String candidate = base;
        for (int i = 2; !usedNames.add(candidate); i++) candidate = base + "-" + i;
        return candidate;
    }

    private static String stackTrace(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        return sw.toString();
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        logs.values().forEach(TestLog::close);
    }
}
