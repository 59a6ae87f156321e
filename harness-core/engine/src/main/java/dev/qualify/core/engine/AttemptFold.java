package dev.qualify.core.engine;

import dev.qualify.api.report.Outcome;
import dev.qualify.core.journal.TestFinished;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The results of one group over its runs ({@code --retries}), folded into each case's final result. The rules:
 * <ul>
 *   <li>a case is matched across runs by class name, id and how often that pair occurred before in the same run;</li>
 *   <li>a verdict (PASSED, FAILED, SKIPPED) is final: a later run of the group does not change it, so a FAILED case
 *       is never retried, and a later run's result for it is not counted;</li>
 *   <li>a case that ended in ERROR takes the next run's result for it, and keeps every run in its history;</li>
 *   <li>an ERROR that a later, finished run of the group does not report again at all (a group-level problem such
 *       as {@code Unity.DeviceOutput} that did not recur) is superseded by that run and left out of the results;
 *       while the later run has not finished (the run was cut off), the ERROR stands.</li>
 * </ul>
 * A group that ran once folds to its results as they are. Not thread-safe.
 */
public final class AttemptFold {
    /**
     * A case's final result.
     *
     * @param result the result that stands (its {@code attempts} is the run it came from)
     * @param runs   every run of the case that counted, oldest first; the last is {@code result}
     */
    public record Folded(TestFinished result, List<TestFinished> runs) {
        public Folded {
            runs = List.copyOf(runs);
        }
    }

    private static final class Entry {
        final String key;
        final List<TestFinished> runs = new ArrayList<>();
        boolean pending;

        Entry(String key, TestFinished first) {
            this.key = key;
            runs.add(first);
        }

        TestFinished last() {
            return runs.get(runs.size() - 1);
        }

        boolean decided() {
            return last().outcome() != Outcome.ERROR;
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Entry> byKey = new HashMap<>();
    private final Map<String, Integer> seenInRun = new HashMap<>();
    private int run = 1;
    private boolean runFinished;

    /**
     * The group's {@code attempt}-th run starts: its cases that stand in ERROR wait for this run's result. Called for
     * a run's group-started event; {@link #add} calls it too when it sees a result of a later run first.
     */
    public void start(int attempt) {
        if (attempt <= run) return;
        run = attempt;
        runFinished = false;
        seenInRun.clear();
        for (Entry e : entries) e.pending = !e.decided();
    }

    /** A result of the group; its {@link TestFinished#attempts()} says which run it is from. */
    public void add(TestFinished t) {
        start(t.attempts());
        String pair = t.className() + "\u0000" + t.testId();
        int occurrence = seenInRun.merge(pair, 1, Integer::sum);
        String key = pair + "\u0000" + occurrence;
        Entry e = byKey.get(key);
        if (e == null) {
            e = new Entry(key, t);
            entries.add(e);
            byKey.put(key, e);
        } else if (e.pending) {
            e.runs.add(t);
            e.pending = false;
        }
        // else: the case has its verdict (or this run already reported it): the result does not count
    }

    /** The group's current run ended (its group-finished event). */
    public void finish() {
        runFinished = true;
    }

    /** How many runs of the group there were so far. */
    public int runs() {
        return run;
    }

    /** The results that stand, in the order the cases were first seen. */
    public List<Folded> results() {
        List<Folded> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.pending && runFinished) continue;
            out.add(new Folded(e.last(), e.runs));
        }
        return out;
    }

    /** The ERROR results a later finished run superseded by not reporting them again. */
    public List<TestFinished> superseded() {
        List<TestFinished> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.pending && runFinished) out.add(e.last());
        }
        return out;
    }
}
