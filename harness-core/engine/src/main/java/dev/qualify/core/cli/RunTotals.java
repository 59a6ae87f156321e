package dev.qualify.core.cli;

import dev.qualify.api.report.Outcome;
import dev.qualify.core.engine.AttemptFold;
import dev.qualify.core.journal.GroupFinished;
import dev.qualify.core.journal.GroupStarted;
import dev.qualify.core.journal.TestFinished;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The run's totals while it runs, counted as the reports will count them ({@link AttemptFold}): with
 * {@code --retries}, a case that ended in ERROR and then passed on a later run of its group counts once, as
 * passed, not as one error and one pass; an ERROR a later finished run did not report again stops counting; and a
 * group run twice is one group done. Fed the run's events in their order. Thread-safe.
 */
final class RunTotals {
    private final Map<String, AttemptFold> folds = new HashMap<>();
    private final Map<String, Map<Outcome, Integer>> byGroup = new HashMap<>();
    private final Map<Outcome, Integer> total = new EnumMap<>(Outcome.class);
    private final Set<String> groupsDone = new HashSet<>();

    synchronized void groupStarted(GroupStarted g) {
        fold(g.group()).start(g.attempt());
    }

    synchronized void testFinished(TestFinished t) {
        fold(t.group()).add(t);
        recount(t.group());
    }

    synchronized void groupFinished(GroupFinished g) {
        fold(g.group()).finish();
        recount(g.group());
        groupsDone.add(g.group());
    }

    /** How many cases stand with {@code outcome} now. */
    synchronized int count(Outcome outcome) {
        return total.getOrDefault(outcome, 0);
    }

    /** How many distinct groups have finished at least one run. */
    synchronized int groupsDone() {
        return groupsDone.size();
    }

    private AttemptFold fold(String group) {
        return folds.computeIfAbsent(group == null ? "" : group, k -> new AttemptFold());
    }

    /** Replaces the group's share of the totals by what its fold says now. */
    private void recount(String group) {
        String key = group == null ? "" : group;
        Map<Outcome, Integer> now = new EnumMap<>(Outcome.class);
        for (AttemptFold.Folded f : fold(key).results()) now.merge(f.result().outcome(), 1, Integer::sum);
        Map<Outcome, Integer> before = byGroup.put(key, now);
        if (before != null) before.forEach((o, n) -> total.merge(o, -n, Integer::sum));
        now.forEach((o, n) -> total.merge(o, n, Integer::sum));
    }
}
