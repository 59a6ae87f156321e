package dev.qualify.core.engine;

/**
 * When a group is run again ({@code qualify run --retries N}): only when one of its cases ended in ERROR (the lab
 * failed: port gone, flash failed, timeout, device crashed), and at most {@code retries} times. A FAILED verdict
 * alone never makes a group run again, and {@link AttemptFold} keeps FAILED verdicts when a group with both runs
 * again for its errors.
 *
 * @param retries how many more runs a group may get after its first; 0 runs every group once
 */
public record RetryPolicy(int retries) {
    /** Every group runs once. */
    public static final RetryPolicy NONE = new RetryPolicy(0);

    public RetryPolicy {
        if (retries < 0) throw new IllegalArgumentException("retries must not be negative: " + retries);
    }

    /**
     * @param attempt the run that just ended, from 1
     * @param result  what it gave
     * @return whether the group runs again
     */
    public boolean runAgain(int attempt, GroupAttempt result) {
        return result.errored() && attempt <= retries;
    }

    /** How many runs a group may get at most. */
    public int maxAttempts() {
        return retries + 1;
    }
}
