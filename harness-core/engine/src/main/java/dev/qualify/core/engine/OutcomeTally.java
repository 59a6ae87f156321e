package dev.qualify.core.engine;

import dev.qualify.api.report.ExitCodes;
import dev.qualify.api.report.Outcome;
import dev.qualify.core.journal.TestFinished;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Running counts of test outcomes, kept as tests finish so the run's exit code is known without re-reading the
 * journal. Results recorded as {@link TestFinished} events are counted as their group's {@link AttemptFold} folds
 * them, so a case that errored and passed on a rerun counts once, as PASSED. Thread-safe: device threads record
 * concurrently.
 */
public final class OutcomeTally {
    private final Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
    private final Map<String, AttemptFold> groups = new LinkedHashMap<>();

    /** Counts one result that is final as it is. */
    public synchronized void record(Outcome outcome) {
        counts.merge(outcome, 1L, Long::sum);
    }

    /** Counts a result of a group's run; a later run of the group may replace it (see {@link AttemptFold}). */
    public synchronized void record(TestFinished test) {
        groups.computeIfAbsent(test.group() == null ? "" : test.group(), g -> new AttemptFold()).add(test);
    }

    public synchronized long count(Outcome outcome) {
        long n = counts.getOrDefault(outcome, 0L);
        for (AttemptFold g : groups.values()) {
            n += g.results().stream().filter(f -> f.result().outcome() == outcome).count();
        }
        return n;
    }

    public synchronized long total() {
        long n = counts.values().stream().mapToLong(Long::longValue).sum();
        for (AttemptFold g : groups.values()) n += g.results().size();
        return n;
    }

    /**
     * The exit code a finished run's results call for. Interruption wins; then a Qualify bug (its verdicts cannot
     * be trusted); then failed tests; then infrastructure errors. A run in which no test ran at all is not a pass.
     * Every group's last run is taken as finished.
     *
     * @param internalError whether Qualify itself failed during the run
     */
    public synchronized int exitCode(boolean interrupted, boolean internalError) {
        groups.values().forEach(AttemptFold::finish);
        if (interrupted) return ExitCodes.INTERRUPTED;
        if (internalError) return ExitCodes.INTERNAL;
        if (count(Outcome.FAILED) > 0) return ExitCodes.TEST_FAILED;
        if (count(Outcome.ERROR) > 0) return ExitCodes.INFRASTRUCTURE;
        if (total() == 0) return ExitCodes.INFRASTRUCTURE;
        return ExitCodes.PASSED;
    }
}
