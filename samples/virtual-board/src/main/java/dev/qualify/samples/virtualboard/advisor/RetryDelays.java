package dev.qualify.samples.virtualboard.advisor;

import java.util.Random;

/**
 * The demo's retry delays, as FreeRTOS's backoffAlgorithm library computes them: {@value #BASE_MS} ms doubling per
 * attempt up to {@value #CAP_MS} ms, with jitter (a random delay between {@value #JITTER_SHARE} less and all of it). The wrong
 * schedules are there to be caught: EXPONENTIAL (no jitter: a warning), LINEAR (growing by a fixed step, no jitter:
 * not exponential, and a warning for jitter), CONSTANT (no backoff).
 */
public final class RetryDelays {
    public static final long BASE_MS = 100;
    public static final long CAP_MS = 20_000;
    /** The share of a delay that is random: a delay is between 40 % and all of the exponential one. */
    public static final double JITTER_SHARE = 0.6;
    private final Random random;

    public RetryDelays(long seed) {
        this.random = new Random(seed);
    }

    /** The delay before retry number {@code attempt} (0 for the first retry). */
    public long delayMs(AdvisorFaults.Schedule schedule, int attempt) {
        long exponential = Math.min(CAP_MS, BASE_MS << Math.min(attempt, 20));
        return switch (schedule) {
            case JITTER -> exponential - (long) (random.nextDouble() * JITTER_SHARE * exponential);
            case EXPONENTIAL -> exponential;
            case LINEAR -> Math.min(CAP_MS, BASE_MS * 4 * (attempt + 1));
            case CONSTANT -> BASE_MS * 4;
        };
    }
}
