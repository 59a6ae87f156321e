package dev.qualify.core.cli;

import dev.qualify.api.report.Outcome;
import dev.qualify.core.engine.ProgressListener;
import dev.qualify.core.journal.DeviceQuarantined;
import dev.qualify.core.journal.GroupFinished;
import dev.qualify.core.journal.GroupStarted;
import dev.qualify.core.journal.RunStarted;
import dev.qualify.core.journal.TestFinished;

import java.io.PrintStream;

/**
 * The line-per-event view of the {@link ProgressListener} events: a line per group start and end and per finished
 * test, each prefixed with its device and with running totals, so parallel devices stay readable in a CI log and
 * with {@code --plain}. The totals are counted as the reports count them ({@link RunTotals}: a case that errored and
 * passed when its group ran again counts once, as passed). Colours only on a terminal. On a terminal, {@link TerminalProgress} prints these lines (without
 * the totals) above its status lines.
 */
final class ConsoleProgress implements ProgressView {
    private final PrintStream out;
    private final boolean color;
    private final boolean totals;
    private final RunTotals totalsSoFar = new RunTotals();
    private final long start = System.nanoTime();

    ConsoleProgress(PrintStream out, boolean color) {
        this(out, color, true);
    }

    /** @param totals whether each line ends with the running totals (not under status lines that show them) */
    ConsoleProgress(PrintStream out, boolean color, boolean totals) {
        this.out = out;
        this.color = color;
        this.totals = totals;
    }

    @Override
    public void runStarted(RunStarted run) {
        out.printf("Run %s: suite %s %s, pool %s (%d devices), %d groups: %s%n", run.runId(), run.suite(),
                run.suiteVersion(), run.pool(), run.devices().size(), run.groups().size(), String.join(", ", run.groups()));
    }

    @Override
    public void groupStarted(GroupStarted group) {
        totalsSoFar.groupStarted(group);
        line(group.device(), group.group() + ": started" + (group.attempt() > 1 ? " (attempt " + group.attempt() + ")" : ""));
    }

    @Override
    public void deviceQuarantined(DeviceQuarantined device) {
        line(device.device(), "taken out of the pool for the rest of the run: " + device.reason());
    }

    @Override
    public void testFinished(TestFinished t) {
        totalsSoFar.testFinished(t);
        String outcome = t.outcome().name();
        String msg = t.message() == null || t.outcome() == Outcome.PASSED ? "" : "  " + firstLine(t.message());
        line(t.device(), String.format("%s %-44s %s %5d ms%s", t.group(), t.name(), paint(outcome), t.durationMs(), msg));
    }

    @Override
    public void groupFinished(GroupFinished group) {
        totalsSoFar.groupFinished(group);
        line(group.device(), String.format("%s: finished in %.1f s", group.group(), group.durationMs() / 1000.0));
    }

    private synchronized void line(String device, String text) {
        out.printf("[%6.1fs] [%s] %s", (System.nanoTime() - start) / 1e9, device, text);
        if (totals) {
            out.printf("   (%d passed, %d failed, %d errors, %d skipped)", totalsSoFar.count(Outcome.PASSED),
                    totalsSoFar.count(Outcome.FAILED), totalsSoFar.count(Outcome.ERROR), totalsSoFar.count(Outcome.SKIPPED));
        }
        out.println();
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

    /** Nothing to restore: each line is complete when written. */
    @Override
    public void close() {
        out.flush();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String l = nl < 0 ? s : s.substring(0, nl) + " ...";
        return l.length() > 160 ? l.substring(0, 160) + "..." : l;
    }
}
