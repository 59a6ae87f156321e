package dev.qualify.connectors.ssh;

import java.time.Duration;

/**
 * How long and how often to try (re)connecting, e.g. while a board reboots: attempts are spaced by a backoff that
 * starts at {@code initialBackoff} and doubles up to {@code maxBackoff}, until {@code deadline} has passed since
 * the first attempt. Host key and authentication failures are never retried.
 */
public record ReconnectPolicy(Duration deadline, Duration initialBackoff, Duration maxBackoff) {
    public static final ReconnectPolicy DEFAULT = new ReconnectPolicy(Duration.ofSeconds(60), Duration.ofMillis(500),
            Duration.ofSeconds(10));

    public ReconnectPolicy {
        if (deadline.isNegative()) throw new IllegalArgumentException("deadline must not be negative");
        if (initialBackoff.isNegative() || initialBackoff.isZero()) throw new IllegalArgumentException("initialBackoff must be positive");
        if (maxBackoff.compareTo(initialBackoff) < 0) throw new IllegalArgumentException("maxBackoff must be at least initialBackoff");
    }

    /** The wait after failed attempt number {@code attempt} (1-based). */
    public Duration backoff(int attempt) {
        Duration d = initialBackoff;
        for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    /** This policy with the deadline scaled by the run's timeout multiplier. */
    public ReconnectPolicy scaled(double multiplier) {
        return new ReconnectPolicy(dev.qualify.api.support.Durations.scale(deadline, multiplier), initialBackoff, maxBackoff);
    }
}
