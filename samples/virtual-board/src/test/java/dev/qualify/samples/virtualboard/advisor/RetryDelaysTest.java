package dev.qualify.samples.virtualboard.advisor;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RetryDelaysTest {

    @Test
    void jitteredDelaysStayWithinTheExponentialEnvelopeAndVary() {
        RetryDelays d = new RetryDelays(42);
        for (int attempt = 0; attempt < 10; attempt++) {
            long full = Math.min(RetryDelays.CAP_MS, RetryDelays.BASE_MS << attempt);
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                long v = d.delayMs(AdvisorFaults.Schedule.JITTER, attempt);
                assertThat(v).isBetween((long) (full * (1 - RetryDelays.JITTER_SHARE)) - 1, full);
                seen.add(v);
            }
            assertThat(seen).as("attempt %d", attempt).hasSizeGreaterThan(10);
        }
    }

    @Test
    void theWrongSchedulesAreWhatTheyAreNamed() {
        RetryDelays d = new RetryDelays(1);
        assertThat(d.delayMs(AdvisorFaults.Schedule.EXPONENTIAL, 3)).isEqualTo(800);
        assertThat(d.delayMs(AdvisorFaults.Schedule.EXPONENTIAL, 30)).isEqualTo(RetryDelays.CAP_MS);
        assertThat(d.delayMs(AdvisorFaults.Schedule.LINEAR, 0)).isEqualTo(400);
        assertThat(d.delayMs(AdvisorFaults.Schedule.LINEAR, 2)).isEqualTo(1200);
        assertThat(d.delayMs(AdvisorFaults.Schedule.CONSTANT, 5)).isEqualTo(d.delayMs(AdvisorFaults.Schedule.CONSTANT, 0));
    }
}
