package dev.qualify.report.html;

import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.TestResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The logs {@code report.html} shows inline, read from the run directory when the page is rendered. Each is a
 * {@link LogExcerpt}; the page holds at most {@value #PAGE_BUDGET} characters of them, the logs of failed and
 * errored tests first, so a page of ten thousand tests stays quick to open. A log that is not inlined says why
 * and is still linked.
 */
final class InlineLogs {
    /** Characters of log text one page holds at most. */
    static final long PAGE_BUDGET = 24L * 1024 * 1024;

    private final Map<TestResult, LogExcerpt> excerpts = new IdentityHashMap<>();
    private final Map<TestResult, String> reasons = new IdentityHashMap<>();

    /**
     * Reads the logs of {@code tests} under {@code runDir}; a null {@code runDir} inlines none.
     */
    InlineLogs(Path runDir, List<TestResult> tests) {
        if (runDir == null) return;
        Path root = runDir.toAbsolutePath().normalize();
        Map<String, Object> files = new HashMap<>();
        long budget = PAGE_BUDGET;
        for (boolean problems : new boolean[]{true, false}) {
            for (TestResult t : tests) {
                boolean problem = t.outcome() == Outcome.FAILED || t.outcome() == Outcome.ERROR;
                if (problem != problems || t.logPath() == null || t.logPath().isBlank()) continue;
                Object read = files.computeIfAbsent(t.logPath(), p -> read(root, p));
                if (read instanceof String reason) {
                    reasons.put(t, reason);
                    continue;
                }
                if (budget <= 0) {
                    reasons.put(t, "not shown inline: this page already holds " + PAGE_BUDGET / (1024 * 1024)
                            + " MiB of logs");
                    continue;
                }
                LogExcerpt excerpt = LogExcerpt.of((LogExcerpt.Lines) read, t);
                budget -= excerpt.chars();
                excerpts.put(t, excerpt);
            }
        }
    }

    /** The excerpt of {@code test}'s log, or null when it is not shown inline. */
    LogExcerpt excerpt(TestResult test) {
        return excerpts.get(test);
    }

    /** Why {@code test}'s log is not shown inline; empty when it is or the test has no log. */
    String reason(TestResult test) {
        return reasons.getOrDefault(test, "");
    }

    private static Object read(Path root, String relative) {
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root)) return "not shown inline: the log path leads out of the run directory";
        if (!Files.isRegularFile(file)) return "not shown inline: the file is missing";
        try {
            return LogExcerpt.read(file);
        } catch (IOException | RuntimeException e) {
            return "not shown inline: the file cannot be read (" + e.getMessage() + ")";
        }
    }
}
