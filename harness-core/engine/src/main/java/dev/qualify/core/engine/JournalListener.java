package dev.qualify.core.engine;

import dev.qualify.api.device.InfrastructureException;

import dev.qualify.api.report.Outcome;
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
import java.util.LinkedHashMap;
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
    private static final int DETAIL_LIMIT = 16 * 1024;

    private final GroupRun run;
    private final RunJournal journal;
    private final Clock clock;
    private final Path runDir;
    private final TestLog groupLog;
    private final Consumer<Map<String, Object>> onFinished;
    private final Map<String, Instant> started = new ConcurrentHashMap<>();
    private final Map<String, TestLog> logs = new ConcurrentHashMap<>();
    private final Set<String> usedNames = new HashSet<>();

    JournalListener(GroupRun run, RunJournal journal, Clock clock, Path runDir, TestLog groupLog,
                    Consumer<Map<String, Object>> onFinished) {
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
            TestLog log = new TestLog(run.logDir().resolve(fileName(name(id)) + ".log"), clock);
            logs.put(id.getUniqueId(), log);
            log.note("test " + className(id) + " " + name(id) + " on device " + run.device().id());
            run.router().routeTo(log);
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        record(id, Outcome.SKIPPED, reason, null, null, Duration.ZERO, null);
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        Instant t0 = started.getOrDefault(id.getUniqueId(), clock.instant());
        Duration took = Duration.between(t0, clock.instant());
        TestLog log = logs.remove(id.getUniqueId());
        if (id.isTest()) run.router().routeTo(groupLog);
        Throwable t = result.getThrowable().orElse(null);
        switch (result.getStatus()) {
            case SUCCESSFUL -> {
                if (id.isTest()) record(id, Outcome.PASSED, null, null, null, took, log);
            }
            case ABORTED -> record(id, Outcome.SKIPPED, t == null ? "aborted" : t.getMessage(), null, null, took, log);
            case FAILED -> {
                if (t instanceof InfrastructureException ie) {
                    record(id, Outcome.ERROR, ie.getMessage(), ie.type(), stackTrace(t), took, log);
                } else if (t instanceof AssertionError) {
                    record(id, Outcome.FAILED, t.getMessage(), "failure", stackTrace(t), took, log);
                } else if (t != null && t.getCause() instanceof InfrastructureException ie) {
                    record(id, Outcome.ERROR, ie.getMessage(), ie.type(), stackTrace(t), took, log);
                } else {
                    record(id, Outcome.ERROR, t == null ? "failed" : t.getClass().getSimpleName() + ": " + t.getMessage(),
                            "test-exception", t == null ? null : stackTrace(t), took, log);
                }
            }
        }
        if (log != null) log.close();
    }

    private void record(TestIdentifier id, Outcome outcome, String message, String type, String detail, Duration took,
                        TestLog log) {
        if (!id.isTest() && id.getParentId().isEmpty()) return; // the engine root
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("device", run.device().id());
        f.put("group", run.group().id());
        f.put("testId", name(id));
        f.put("name", name(id));
        f.put("className", className(id));
        f.put("outcome", outcome.name());
        f.put("message", message);
        f.put("errorType", type);
        f.put("detail", detail == null ? null : detail.length() > DETAIL_LIMIT ? detail.substring(0, DETAIL_LIMIT) + "\n[...]" : detail);
        f.put("durationMs", took.toMillis());
        Path logFile = log != null ? log.file() : groupLog.file();
        f.put("log", runDir.relativize(logFile).toString().replace('\\', '/'));
        if (log != null && message != null) log.note(outcome + ": " + message);
        journal.append("test-finished", f);
        onFinished.accept(f);
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

    private static String name(TestIdentifier id) {
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
