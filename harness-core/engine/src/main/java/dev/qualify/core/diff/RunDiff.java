package dev.qualify.core.diff;

import dev.qualify.api.report.GroupResult;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.RunReport;
import dev.qualify.api.report.TestResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What changed between two runs, test by test. A test is the same test in both runs when its group, class name and
 * id are (the device it ran on may differ: the pool hands groups to any free device). A test that ran on several
 * devices counts with its worst outcome.
 *
 * <ul>
 *   <li>regression: PASSED before, FAILED or ERROR now;</li>
 *   <li>fix: FAILED or ERROR before, PASSED now;</li>
 *   <li>new: only in the new run; removed: only in the old one;</li>
 *   <li>other change: any other change of outcome (e.g. FAILED to ERROR, PASSED to SKIPPED).</li>
 * </ul>
 *
 * @param before      the old run
 * @param after       the new run
 * @param regressions in the new run's order
 * @param fixes       in the new run's order
 * @param added       tests only the new run has
 * @param removed     tests only the old run has, in its order
 * @param changed     other changes of outcome
 * @param unchanged   how many tests kept their outcome
 */
public record RunDiff(Side before, Side after, List<Change> regressions, List<Change> fixes, List<Change> added,
                      List<Change> removed, List<Change> changed, int unchanged) {

    /**
     * One run, as the diff names it.
     *
     * @param runId        its id
     * @param suite        suite id and version
     * @param startedAt    when it started, ISO-8601
     * @param tests        how many tests it has (counting a test once however many devices ran it)
     * @param exitCode     its exit code
     */
    public record Side(String runId, String suite, String startedAt, int tests, int exitCode) {
    }

    /**
     * One test whose outcome changed.
     *
     * @param group     its group
     * @param className its class name
     * @param test      its id
     * @param before    its outcome in the old run; null when it is new
     * @param after     its outcome in the new run; null when it was removed
     * @param devices   the devices it ran on (in the new run, or the old one when removed)
     * @param message   why it did not pass, of the new run (the old one when removed); empty when none
     */
    public record Change(String group, String className, String test, Outcome before, Outcome after, String devices,
                         String message) {
        /** e.g. {@code PASSED -> FAILED}, {@code new: PASSED}, {@code removed (was FAILED)}. */
        public String transition() {
            if (before == null) return "new: " + after;
            if (after == null) return "removed (was " + before + ")";
            return before + " -> " + after;
        }
    }

    /** Whether the new run broke a test that passed in the old one. */
    public boolean hasRegressions() {
        return !regressions.isEmpty();
    }

    /** Compares {@code before} with {@code after}. */
    public static RunDiff of(RunReport before, RunReport after) {
        Map<String, Entry> old = entries(before);
        Map<String, Entry> now = entries(after);
        List<Change> regressions = new ArrayList<>();
        List<Change> fixes = new ArrayList<>();
        List<Change> added = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        int unchanged = 0;
        for (Map.Entry<String, Entry> e : now.entrySet()) {
            Entry n = e.getValue();
            Entry o = old.get(e.getKey());
            if (o == null) {
                added.add(n.change(null, n.outcome));
            } else if (o.outcome == n.outcome) {
                unchanged++;
            } else if (o.outcome == Outcome.PASSED && bad(n.outcome)) {
                regressions.add(n.change(o.outcome, n.outcome));
            } else if (bad(o.outcome) && n.outcome == Outcome.PASSED) {
                fixes.add(n.change(o.outcome, n.outcome));
            } else {
                changed.add(n.change(o.outcome, n.outcome));
            }
        }
        List<Change> removed = old.entrySet().stream().filter(e -> !now.containsKey(e.getKey()))
                .map(e -> e.getValue().change(e.getValue().outcome, null)).toList();
        return new RunDiff(side(before, old.size()), side(after, now.size()), regressions, fixes, added, removed,
                changed, unchanged);
    }

    private static boolean bad(Outcome o) {
        return o == Outcome.FAILED || o == Outcome.ERROR;
    }

    private static Side side(RunReport run, int tests) {
        return new Side(text(run.runId()), (text(run.suiteId()) + " " + text(run.suiteVersion())).strip(),
                run.startedAt() == null ? "" : run.startedAt().toString(), tests, run.exitCode());
    }

    private static Map<String, Entry> entries(RunReport run) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (GroupResult g : run.groups()) {
            for (TestResult t : g.tests()) {
                String id = t.testId() == null || t.testId().isBlank() ? text(t.name()) : t.testId();
                Entry e = entries.computeIfAbsent(text(g.groupId()) + "\u0000" + text(t.className()) + "\u0000" + id,
                        k -> new Entry(text(g.groupId()), text(t.className()), text(id)));
                e.add(t, text(g.deviceId()));
            }
        }
        return entries;
    }

    /** Text as a terminal and a page can show it: one line, no control characters. */
    static String text(String s) {
        return s == null ? "" : s.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
    }

    /** A test of one run, over every device it ran on. */
    private static final class Entry {
        final String group, className, test;
        Outcome outcome;
        String message = "";
        final Set<String> devices = new LinkedHashSet<>();

        Entry(String group, String className, String test) {
            this.group = group;
            this.className = className;
            this.test = test;
        }

        void add(TestResult t, String device) {
            devices.add(device);
            Outcome worse = outcome == null ? t.outcome() : outcome.worse(t.outcome());
            if (worse != outcome && t.outcome() == worse) message = text(t.message());
            outcome = worse;
        }

        Change change(Outcome before, Outcome after) {
            return new Change(group, className, test, before, after, String.join(", ", devices), message);
        }
    }
}
