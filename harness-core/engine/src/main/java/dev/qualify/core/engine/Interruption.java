package dev.qualify.core.engine;

import dev.qualify.api.report.Outcome;
import dev.qualify.core.journal.TestFinished;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Whether the run was interrupted (SIGINT, SIGTERM), and the errors that follow from it. Once the run is
 * interrupted, every ERROR recorded is of type {@value #TYPE}: a port gone, a process died, a console closed are
 * what an interruption does, not lab problems of their own. A real Ctrl-C sends SIGINT to the whole process group,
 * so the boards may die, and their consoles close, before Qualify's own handler has run: an ERROR recorded while the
 * run is not interrupted waits up to {@link #GRACE} (once per burst of errors, counted from the burst's first) for an
 * interruption before it is recorded as it is.
 */
public final class Interruption {
    /** The error type of a case the interruption cut off. */
    public static final String TYPE = "interrupted";
    /** How long an error waits for an interruption that may be its cause. */
    static final Duration GRACE = Duration.ofSeconds(2);
    /** Errors this long after a burst's grace ended start a new burst (and wait again). */
    private static final Duration QUIET = Duration.ofSeconds(10);

    /** Never interrupted, and no error waits (for runs without signal handling: the test kit, unit tests). */
    public static final Interruption NONE = new Interruption(Duration.ZERO);

    private final Duration grace;
    private final CountDownLatch signalled = new CountDownLatch(1);
    private volatile String reason = "an interrupt";
    private long graceEnds = Long.MIN_VALUE / 2;

    public Interruption() {
        this(GRACE);
    }

    Interruption(Duration grace) {
        this.grace = grace;
    }

    /** Marks the run interrupted by {@code why} (e.g. {@code SIGINT}); the first reason given stays. */
    public void interrupt(String why) {
        if (this == NONE) throw new IllegalStateException("Interruption.NONE cannot be interrupted");
        synchronized (this) {
            if (signalled.getCount() > 0) reason = why;
        }
        signalled.countDown();
    }

    public boolean interrupted() {
        return signalled.getCount() == 0;
    }

    /** What interrupted the run. */
    public String reason() {
        return reason;
    }

    /**
     * The result as it is recorded: an ERROR of a run that is (or, within the grace, becomes) interrupted is of type
     * {@value #TYPE}, with a message saying so and, as detail, what was seen (the error it would have been, or the
     * wait the interruption ended); every other result is returned as it is.
     */
    TestFinished classify(TestFinished result) {
        if (result.outcome() != Outcome.ERROR) return result;
        if (!interrupted() && (TYPE.equals(result.errorType()) || !awaitInterrupt())) return result;
        String message = "the run was interrupted (" + reason + ") before this case finished";
        String seen = result.message() == null ? null : "after the interruption: " + result.message() + " ("
                + result.errorType() + ")" + (result.detail() == null ? "" : "\n" + result.detail());
        return new TestFinished(result.at(), result.device(), result.group(), result.testId(), result.name(),
                result.className(), result.outcome(), message, TYPE, seen, result.durationMs(),
                result.attempts(), result.log(), result.properties());
    }

    /** Waits for the rest of this burst's grace; true when the run was interrupted by then. */
    private boolean awaitInterrupt() {
        if (grace.isZero()) return false;
        long left;
        synchronized (this) {
            long now = System.nanoTime();
            if (now - graceEnds > QUIET.toNanos()) graceEnds = now + grace.toNanos();
            left = graceEnds - now;
        }
        try {
            return left > 0 ? signalled.await(left, TimeUnit.NANOSECONDS) : interrupted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the run's threads are interrupted when it is
            return interrupted();
        }
    }
}
