package dev.qualify.core.diff;

import java.io.PrintWriter;
import java.util.List;

/** A {@link RunDiff} as text for a terminal or a CI log: one section per kind of change, one line per test. */
public final class DiffText {
    private DiffText() {
    }

    public static void print(RunDiff diff, PrintWriter out) {
        out.println("Old run: " + side(diff.before()));
        out.println("New run: " + side(diff.after()));
        section(out, "Regressions (passed -> failed or error)", diff.regressions());
        section(out, "Fixes (failed or error -> passed)", diff.fixes());
        section(out, "New tests", diff.added());
        section(out, "Removed tests", diff.removed());
        section(out, "Other changes", diff.changed());
        out.println();
        out.println(summary(diff));
        out.flush();
    }

    /** e.g. {@code 2 regressions, 1 fix, 3 new, 0 removed, 0 other changes, 85 unchanged}. */
    public static String summary(RunDiff diff) {
        return count(diff.regressions().size(), "regression", "regressions") + ", "
                + count(diff.fixes().size(), "fix", "fixes") + ", " + diff.added().size() + " new, "
                + diff.removed().size() + " removed, " + count(diff.changed().size(), "other change", "other changes")
                + ", " + diff.unchanged() + " unchanged";
    }

    private static void section(PrintWriter out, String title, List<RunDiff.Change> changes) {
        out.println();
        out.println(title + ": " + (changes.isEmpty() ? "none" : changes.size()));
        for (RunDiff.Change c : changes) {
            out.println("  " + c.group() + " " + c.test() + ": " + c.transition() + " on " + c.devices()
                    + (c.message().isEmpty() ? "" : " - " + c.message()));
        }
    }

    private static String side(RunDiff.Side s) {
        return s.runId() + " (" + s.suite() + ", started " + s.startedAt() + ", " + s.tests() + " tests, exit code "
                + s.exitCode() + ")";
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
