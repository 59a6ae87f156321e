package dev.qualify.core.engine;

import dev.qualify.core.report.Outcome;

import java.util.EnumMap;
import java.util.Map;

/**
 * Running counts of test outcomes, kept as tests finish so the run's exit code is known without re-reading the
 * journal. Thread-safe: device threads record concurrently.
 */
public final class OutcomeTally {
    private final Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);

    public synchronized void record(Outcome outcome) {
        counts.merge(outcome, 1L, Long::sum);
    }

    public synchronized long count(Outcome outcome) {
        return counts.getOrDefault(outcome, 0L);
    }

    public synchronized long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
