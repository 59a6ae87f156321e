package dev.qualify.core.engine;

import dev.qualify.api.report.ExitCodes;
import dev.qualify.api.report.Outcome;

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

    /**
     * The exit code a finished run's results call for. Interruption wins; then a Qualify bug (its verdicts cannot
     * be trusted); then failed tests; then infrastructure errors. A run in which no test ran at all is not a pass.
     *
     * @param internalError whether Qualify itself failed during the run
     */
    public synchronized int exitCode(boolean interrupted, boolean internalError) {
        if (interrupted) return ExitCodes.INTERRUPTED;
        if (internalError) return ExitCodes.INTERNAL;
        if (count(Outcome.FAILED) > 0) return ExitCodes.TEST_FAILED;
        if (count(Outcome.ERROR) > 0) return ExitCodes.INFRASTRUCTURE;
        if (total() == 0) return ExitCodes.INFRASTRUCTURE;
        return ExitCodes.PASSED;
    }
}
