package dev.qualify.bench.cloud;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/** End-to-end latency samples in nanoseconds, recorded lock-free into a fixed array (extra samples are dropped). */
final class Latencies {
    private final long[] samples;
    private final AtomicInteger n = new AtomicInteger();

    Latencies(int capacity) {
        samples = new long[capacity];
    }

    void record(long nanos) {
        int i = n.getAndIncrement();
        if (i < samples.length) samples[i] = nanos;
    }

    int count() {
        return Math.min(n.get(), samples.length);
    }

    /** Percentile (0-100) in microseconds. */
    double percentileMicros(double p) {
        int c = count();
        if (c == 0) return Double.NaN;
        long[] s = Arrays.copyOf(samples, c);
        Arrays.sort(s);
        int idx = (int) Math.min(c - 1, Math.max(0, Math.ceil(p / 100.0 * c) - 1));
        return s[idx] / 1000.0;
    }
}
