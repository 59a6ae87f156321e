package dev.qualify.core.cli;

import dev.qualify.core.config.PoolSpec;
import dev.qualify.core.engine.ProgressListener;
import dev.qualify.api.suite.GroupDescriptor;
import dev.qualify.api.suite.QualificationSuite;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live view: a line per group start and end and per finished test, each prefixed with its device and with
 * running totals, so parallel devices stay readable in a terminal and in a CI log alike. Colours only on a
 * terminal.
 */
final class ConsoleProgress implements ProgressListener {
    private final PrintStream out;
    private final boolean color;
    private final AtomicInteger passed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final long start = System.nanoTime();

    ConsoleProgress(PrintStream out, boolean color) {
        this.out = out;
        this.color = color;
    }

    @Override
    public void runStarted(String runId, QualificationSuite suite, PoolSpec pool, List<GroupDescriptor> groups) {
        out.printf("Run %s: suite %s %s, pool %s (%d devices), %d groups: %s%n", runId, suite.id(), suite.version(),
                pool.id(), pool.devices().size(), groups.size(), String.join(", ", groups.stream().map(GroupDescriptor::id).toList()));
    }

    @Override
    public void groupStarted(String deviceId, GroupDescriptor group) {
        line(deviceId, group.id() + ": started");
    }

    @Override
    public void testFinished(Map<String, Object> t) {
        String outcome = String.valueOf(t.get("outcome"));
        switch (outcome) {
            case "PASSED" -> passed.incrementAndGet();
            case "FAILED" -> failed.incrementAndGet();
            case "ERROR" -> errors.incrementAndGet();
            default -> skipped.incrementAndGet();
        }
        String msg = t.get("message") == null || outcome.equals("PASSED") ? "" : "  " + firstLine(String.valueOf(t.get("message")));
        line(String.valueOf(t.get("device")), String.format("%s %-44s %s %5d ms%s", t.get("group"), t.get("name"),
                paint(outcome), ((Number) t.get("durationMs")).longValue(), msg));
    }

    @Override
    public void groupFinished(String deviceId, GroupDescriptor group, long durationMs) {
        line(deviceId, String.format("%s: finished in %.1f s", group.id(), durationMs / 1000.0));
    }

    private synchronized void line(String device, String text) {
        out.printf("[%6.1fs] [%s] %s   (%d passed, %d failed, %d errors, %d skipped)%n",
                (System.nanoTime() - start) / 1e9, device, text, passed.get(), failed.get(), errors.get(), skipped.get());
        out.flush();
    }

    private String paint(String outcome) {
        String padded = String.format("%-7s", outcome);
        if (!color) return padded;
        String code = switch (outcome) {
            case "PASSED" -> "32";
            case "FAILED" -> "31";
            case "ERROR" -> "35";
            default -> "33";
        };
        return "\u001b[" + code + "m" + padded + "\u001b[0m";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String l = nl < 0 ? s : s.substring(0, nl) + " ...";
        return l.length() > 160 ? l.substring(0, 160) + "..." : l;
    }
}
