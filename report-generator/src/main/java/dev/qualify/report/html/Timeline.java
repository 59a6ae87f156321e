package dev.qualify.report.html;

import dev.qualify.api.report.GroupResult;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.PhaseSpan;
import dev.qualify.report.HumanDuration;
import dev.qualify.report.SafeText;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One device's timeline as {@code report.html} draws it in SVG: a row of its groups above a row of their steps
 * (build, flash, power, boot, each test, release) and the idle gaps between them, all on the run's time scale
 * ({@value #WIDTH} user units from the run's start to its end), so the devices' rows line up. Coordinates are
 * ready-formatted strings; the template only lays them out.
 *
 * @param bars  groups, idle gaps and steps (consecutive tests of one outcome too narrow to tell apart as one bar),
 *              in that order
 * @param ticks time labels along the bottom
 * @param empty true when the device has no step to draw
 */
public record Timeline(List<Bar> bars, List<Tick> ticks, boolean empty) {

    /** Width of the drawing in SVG user units. */
    public static final int WIDTH = 1000;
    /** The narrowest a bar is drawn, so a 0 ms step stays visible. */
    static final double MIN_WIDTH = 0.4;
    /** Tests of one outcome in a row are drawn as one bar up to this width (a fifth of a percent of the run). */
    static final double MERGE_WIDTH = 2.0;
    private static final int TICKS = 5;

    /**
     * A rectangle.
     *
     * @param x     left edge
     * @param y     top edge
     * @param w     width, at least {@value #MIN_WIDTH}
     * @param h     height
     * @param cls   CSS classes: {@code tl-group}, {@code tl-<phase>} (a test: {@code tl-test <outcome>}),
     *              {@code tl-idle}
     * @param title what it is and how long it took, shown on hover
     * @param href  the anchor of the test it stands for, or empty
     * @param text  a label drawn inside (groups wide enough), or empty
     */
    public record Bar(String x, String y, String w, String h, String cls, String title, String href, String text) {
    }

    /**
     * A time label.
     *
     * @param x      its position
     * @param anchor SVG {@code text-anchor}
     * @param text   e.g. {@code +1m30s}
     */
    public record Tick(String x, String anchor, String text) {
    }

    /**
     * @param groups       the device's groups, in start order
     * @param testAnchors  for each group (same order), the page anchors of its tests in order; the n-th test step of
     *                     a group's timeline links the n-th anchor
     * @param start        the run's start
     * @param end          the run's end
     */
    static Timeline of(List<GroupResult> groups, List<List<String>> testAnchors, Instant start,
                       Instant end) {
        double total = Math.max(1, Duration.between(start, end).toMillis());
        List<Bar> groupBars = new ArrayList<>();
        List<Bar> steps = new ArrayList<>();
        List<PhaseSpan> all = new ArrayList<>();
        for (int gi = 0; gi < groups.size(); gi++) {
            GroupResult g = groups.get(gi);
            if (g.startedAt() != null) {
                double x = x(g.startedAt(), start, total);
                double w = width(g.duration() == null ? 0 : g.duration().toMillis(), total);
                String id = SafeText.oneLine(g.groupId());
                int fits = (int) (w / 6.5);
                String label = fits >= 4 ? (id.length() <= fits ? id : id.substring(0, fits - 1) + "\u2026") : "";
                groupBars.add(new Bar(num(x), "0", num(w), "14", "tl-group " + g.outcome().name().toLowerCase(Locale.ROOT),
                        id + " \u00b7 " + g.outcome().name() + " \u00b7 " + HumanDuration.format(g.duration()), "", label));
            }
            List<String> anchors = gi < testAnchors.size() ? testAnchors.get(gi) : List.of();
            String groupId = SafeText.oneLine(g.groupId());
            TestRun tests = null;
            int test = 0;
            for (PhaseSpan s : g.timeline()) {
                boolean isTest = PhaseSpan.TEST.equals(s.phase());
                if (!isTest && s.duration().isZero()) continue;
                all.add(s);
                if (isTest) {
                    String href = test < anchors.size() ? "#" + anchors.get(test) : "";
                    test++;
                    double x0 = x(s.startedAt(), start, total);
                    double x1 = x0 + s.duration().toMillis() / total * WIDTH;
                    if (tests != null && tests.outcome == s.outcome() && x1 - tests.x0 < MERGE_WIDTH) {
                        tests.add(s, x1);
                        continue;
                    }
                    if (tests != null) steps.add(tests.bar(groupId));
                    tests = new TestRun(s, x0, x1, href);
                    continue;
                }
                if (tests != null) steps.add(tests.bar(groupId));
                tests = null;
                String phase = SafeText.oneLine(s.phase());
                boolean failed = s.outcome() == Outcome.ERROR;
                steps.add(new Bar(num(x(s.startedAt(), start, total)), "18", num(width(s.duration().toMillis(), total)),
                        "22", "tl-phase tl-" + phase.replaceAll("[^a-z-]", "") + (failed ? " tl-failed" : ""),
                        groupId + " \u00b7 " + phase + (failed ? " (failed)" : "") + " \u00b7 "
                                + HumanDuration.format(s.duration()), "", ""));
            }
            if (tests != null) steps.add(tests.bar(groupId));
        }
        List<Bar> bars = new ArrayList<>(groupBars);
        bars.addAll(idle(all, groups, start, end, total));
        bars.addAll(steps);
        return new Timeline(bars, ticks(Duration.between(start, end)), all.isEmpty());
    }

    /**
     * Consecutive tests of one outcome drawn as one bar while it stays narrower than {@link #MERGE_WIDTH}, so a
     * run of thousands of tests draws hundreds of bars; a test of another outcome always starts a bar of its own.
     */
    private static final class TestRun {
        final Outcome outcome;
        final double x0;
        double x1;
        final String first;
        String last;
        int count = 1;
        Duration took;
        final String href;

        TestRun(PhaseSpan s, double x0, double x1, String href) {
            this.outcome = s.outcome();
            this.x0 = x0;
            this.x1 = x1;
            this.first = SafeText.oneLine(s.label());
            this.last = first;
            this.took = s.duration();
            this.href = href;
        }

        void add(PhaseSpan s, double end) {
            x1 = Math.max(x1, end);
            last = SafeText.oneLine(s.label());
            took = took.plus(s.duration());
            count++;
        }

        Bar bar(String groupId) {
            String what = count == 1 ? "test " + first : count + " tests, " + first + " to " + last;
            return new Bar(num(x0), "18", num(Math.max(MIN_WIDTH, x1 - x0)), "22",
                    "tl-test " + outcome.name().toLowerCase(Locale.ROOT),
                    groupId + " \u00b7 " + what + " \u00b7 " + outcome.name() + " \u00b7 " + HumanDuration.format(took),
                    href, "");
        }
    }

    /**
     * The gaps of at least a thousandth of the run in which none of the device's steps ran: idle between groups,
     * or, inside a group, waiting for the device's next result (a group reading a boot that others share).
     */
    private static List<Bar> idle(List<PhaseSpan> spans, List<GroupResult> groups, Instant start, Instant end,
                                  double total) {
        List<PhaseSpan> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparing(PhaseSpan::startedAt));
        List<Bar> gaps = new ArrayList<>();
        Instant covered = start;
        for (PhaseSpan s : sorted) {
            gap(gaps, covered, s.startedAt(), groups, start, total);
            if (s.endedAt().isAfter(covered)) covered = s.endedAt();
        }
        gap(gaps, covered, end, groups, start, total);
        return gaps;
    }

    /** A gap, split where a group starts or ends, so each piece is either idle or inside one group. */
    private static void gap(List<Bar> gaps, Instant from, Instant to, List<GroupResult> groups, Instant start,
                            double total) {
        if (!to.isAfter(from)) return;
        List<Instant> cuts = new ArrayList<>();
        for (GroupResult g : groups) {
            if (g.startedAt() == null || g.duration() == null) continue;
            for (Instant edge : List.of(g.startedAt(), g.startedAt().plus(g.duration()))) {
                if (edge.isAfter(from) && edge.isBefore(to)) cuts.add(edge);
            }
        }
        cuts.sort(Comparator.naturalOrder());
        Instant piece = from;
        for (Instant cut : cuts) {
            piece(gaps, piece, cut, groups, start, total);
            piece = cut;
        }
        piece(gaps, piece, to, groups, start, total);
    }

    private static void piece(List<Bar> gaps, Instant from, Instant to, List<GroupResult> groups, Instant start,
                              double total) {
        long ms = Duration.between(from, to).toMillis();
        if (ms <= 0 || ms < total / 1000) return;
        Instant middle = from.plusMillis(ms / 2);
        String within = groups.stream()
                .filter(g -> g.startedAt() != null && g.duration() != null && !middle.isBefore(g.startedAt())
                        && middle.isBefore(g.startedAt().plus(g.duration())))
                .map(g -> SafeText.oneLine(g.groupId())).findFirst().orElse(null);
        String what = within == null ? "idle" : within + " \u00b7 waiting for the device's next result";
        gaps.add(new Bar(num(x(from, start, total)), "18", num(width(ms, total)), "22",
                within == null ? "tl-idle" : "tl-idle tl-wait", what + " \u00b7 " + HumanDuration.format(Duration.ofMillis(ms)),
                "", ""));
    }

    private static List<Tick> ticks(Duration run) {
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i < TICKS; i++) {
            double share = (double) i / (TICKS - 1);
            String anchor = i == 0 ? "start" : i == TICKS - 1 ? "end" : "middle";
            ticks.add(new Tick(num(share * WIDTH), anchor,
                    "+" + HumanDuration.format(Duration.ofMillis(Math.round(run.toMillis() * share)))));
        }
        return ticks;
    }

    private static double x(Instant at, Instant start, double total) {
        double x = Duration.between(start, at).toMillis() / total * WIDTH;
        return Math.max(0, Math.min(WIDTH - MIN_WIDTH, x));
    }

    private static double width(long ms, double total) {
        return Math.max(MIN_WIDTH, ms / total * WIDTH);
    }

    /** {@code v} with two decimals, e.g. {@code 12.30}; called for every bar, so without {@link String#format}. */
    static String num(double v) {
        long hundredths = Math.round(Math.abs(v) * 100);
        long cents = hundredths % 100;
        return (v < 0 && hundredths > 0 ? "-" : "") + hundredths / 100 + (cents < 10 ? ".0" : ".") + cents;
    }
}
