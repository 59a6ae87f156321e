package dev.qualify.api.unity;

import org.apiguardian.api.API;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * The summary Unity prints at {@code UNITY_END()}: {@code N Tests N Failures N Ignored} followed by {@code OK} or
 * {@code FAIL} ({@code FAILED} with {@code UNITY_DIFFERENTIATE_FINAL_FAIL}).
 *
 * <p>{@code ok} is true when the verdict line said {@code OK}. When the counts line was seen but no verdict line
 * followed it (the end marker, the next summary or a test line came first), {@code ok} is {@code failures == 0}. Counts
 * are never negative. One summary describes one Unity suite; {@link UnityRun#summary()} adds the suites of a run up
 * ({@code ok} only if every one was) and {@link UnityRun#suites()} keeps them apart.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record UnitySummary(int tests, int failures, int ignored, boolean ok) {

    public UnitySummary {
        if (tests < 0 || failures < 0 || ignored < 0) {
            throw new IllegalArgumentException("counts must not be negative: " + tests + "/" + failures + "/" + ignored);
        }
    }

    /** The counts as Unity prints them, e.g. {@code 10 Tests 1 Failures 0 Ignored}. */
    public String countsLine() {
        return tests + " Tests " + failures + " Failures " + ignored + " Ignored";
    }
}
