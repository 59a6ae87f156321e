package dev.qualify.core.boot;

import dev.qualify.api.device.InfrastructureException;

import java.util.function.Supplier;

/**
 * Times the preparation phases of one group on one device ({@link dev.qualify.api.report.PhaseSpan} names:
 * build, flash, power, boot, release) and tells a {@link Listener} how long each took and whether it failed, so
 * the run journal can record the device's timeline. A failing phase is reported, then its exception is thrown on
 * unchanged.
 */
public final class PhaseTimer {
    /** Told of every phase as it ends. Called on the device's thread. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param phase      the phase's name
         * @param durationMs how long it took
         * @param errorType  the {@link InfrastructureException#type()} it failed with ({@code internal} for any
         *                   other exception); null when it worked
         */
        void phaseFinished(String phase, long durationMs, String errorType);

        /** Records nothing. */
        Listener NONE = (phase, durationMs, errorType) -> { };
    }

    private final Listener listener;

    public PhaseTimer(Listener listener) {
        this.listener = listener;
    }

    /** Runs {@code step} as {@code phase}. */
    public <T> T time(String phase, Supplier<T> step) {
        long t0 = System.nanoTime();
        try {
            T value = step.get();
            listener.phaseFinished(phase, elapsedMs(t0), null);
            return value;
        } catch (RuntimeException e) {
            listener.phaseFinished(phase, elapsedMs(t0), e instanceof InfrastructureException ie ? ie.type() : "internal");
            throw e;
        }
    }

    /** Runs {@code step} as {@code phase}. */
    public void time(String phase, Runnable step) {
        time(phase, () -> {
            step.run();
            return null;
        });
    }

    private static long elapsedMs(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
