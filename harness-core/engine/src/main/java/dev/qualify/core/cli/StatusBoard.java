package dev.qualify.core.cli;

import dev.qualify.api.report.Outcome;
import dev.qualify.core.journal.GroupFinished;
import dev.qualify.core.journal.GroupStarted;
import dev.qualify.core.journal.RunStarted;
import dev.qualify.core.journal.TestFinished;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the live status lines show: a line with the run's totals (counted as the reports count them, {@link RunTotals}),
 * then one line per device with its current group and test, its own counts (every result the device gave, an
 * attempt that a retry replaced included) and how long its group has run. Fed the run's events; {@link #render} draws it for a
 * moment. Thread-safe. Times are {@link System#nanoTime()} values passed in, so rendering is a plain function of
 * the events and the time.
 */
final class StatusBoard {
    private final boolean color;
    private final Map<String, Device> devices = new LinkedHashMap<>();
    private final RunTotals total = new RunTotals();
    private final long startNanos;
    private int groups;

    /**
     * @param startNanos when the run started ({@code System.nanoTime()})
     * @param color      whether to colour the counts
     */
    StatusBoard(long startNanos, boolean color) {
        this.startNanos = startNanos;
        this.color = color;
    }

    /** One device's state. */
    private static final class Device {
        String group;
        String test;
        long groupStartNanos;
        int groupTests;
        int passed;
        int failed;
        int errors;
        int skipped;
        int groupsDone;

        void count(Outcome outcome) {
            switch (outcome) {
                case PASSED -> passed++;
                case FAILED -> failed++;
                case ERROR -> errors++;
                default -> skipped++;
            }
        }
    }

    synchronized void runStarted(RunStarted run) {
        groups = run.groups().size();
        for (RunStarted.Device d : run.devices()) devices.computeIfAbsent(d.id(), id -> new Device());
    }

    synchronized void groupStarted(GroupStarted g, long nowNanos) {
        Device d = device(g.device());
        d.group = g.group();
        d.test = null;
        d.groupTests = 0;
        d.groupStartNanos = nowNanos;
        total.groupStarted(g);
    }

    synchronized void testStarted(String device, String test) {
        device(device).test = test;
    }

    synchronized void testFinished(TestFinished t) {
        Device d = device(t.device());
        d.count(t.outcome());
        d.groupTests++;
        total.testFinished(t);
        if (t.name() != null && t.name().equals(d.test)) d.test = null;
    }

    synchronized void groupFinished(GroupFinished g) {
        Device d = device(g.device());
        d.group = null;
        d.test = null;
        d.groupsDone++;
        total.groupFinished(g);
    }

    /** The lines to show at {@code nowNanos}: the totals first, then each device in the pool's order. */
    synchronized List<AttributedString> render(long nowNanos) {
        List<AttributedString> lines = new ArrayList<>();
        AttributedStringBuilder head = new AttributedStringBuilder();
        head.style(AttributedStyle.BOLD).append("qualify ").append(clock(nowNanos - startNanos)).style(AttributedStyle.DEFAULT)
                .append("  groups ").append(String.valueOf(total.groupsDone())).append('/').append(String.valueOf(groups));
        head.append("  ");
        count(head, total.count(Outcome.PASSED), "passed", AttributedStyle.GREEN);
        head.append(", ");
        count(head, total.count(Outcome.FAILED), "failed", AttributedStyle.RED);
        head.append(", ");
        count(head, total.count(Outcome.ERROR), "errors", AttributedStyle.MAGENTA);
        head.append(", ").append(String.valueOf(total.count(Outcome.SKIPPED))).append(" skipped");
        lines.add(head.toAttributedString());
        int width = devices.keySet().stream().mapToInt(String::length).max().orElse(0);
        devices.forEach((id, d) -> {
            AttributedStringBuilder b = new AttributedStringBuilder();
            b.style(AttributedStyle.BOLD).append(String.format("%-" + width + "s", id)).style(AttributedStyle.DEFAULT).append("  ");
            if (d.group == null) {
                b.append(d.groupsDone == 0 ? "waiting for a group" : "idle, " + d.groupsDone + (d.groupsDone == 1 ? " group" : " groups") + " done");
            } else {
                b.append(d.group);
                // before its first test the device is being built, flashed and booted for the group
                if (d.test != null || d.groupTests == 0) b.append(" > ").append(d.test == null ? "preparing" : d.test);
                b.append("  ").append(clock(nowNanos - d.groupStartNanos));
            }
            counts(b, d);
            lines.add(b.toAttributedString());
        });
        return lines;
    }

    private void counts(AttributedStringBuilder b, Device d) {
        b.append("  ");
        count(b, d.passed, "passed", AttributedStyle.GREEN);
        b.append(", ");
        count(b, d.failed, "failed", AttributedStyle.RED);
        b.append(", ");
        count(b, d.errors, "errors", AttributedStyle.MAGENTA);
    }

    private void count(AttributedStringBuilder b, int n, String what, int colour) {
        AttributedStyle style = color && n > 0 ? AttributedStyle.DEFAULT.foreground(colour) : AttributedStyle.DEFAULT;
        b.style(style).append(String.valueOf(n)).append(' ').append(what).style(AttributedStyle.DEFAULT);
    }

    /** {@code 42s}, {@code 3m05s}, {@code 1h02m}. */
    static String clock(long nanos) {
        long s = Math.max(0, nanos) / 1_000_000_000L;
        if (s < 60) return s + "s";
        if (s < 3600) return String.format("%dm%02ds", s / 60, s % 60);
        return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    private Device device(String id) {
        return devices.computeIfAbsent(id, k -> new Device());
    }
}
