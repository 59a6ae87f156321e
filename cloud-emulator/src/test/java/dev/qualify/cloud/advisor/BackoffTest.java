package dev.qualify.cloud.advisor;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    private static List<Double> exponential(double baseMs, int n, double jitter, long seed) {
        Random r = new Random(seed);
        List<Double> d = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double full = baseMs * Math.pow(2, i);
            d.add(full * (1 - jitter * r.nextDouble()));
        }
        return d;
    }

    @Test
    void exponentialWithJitterPasses() {
        for (long seed = 1; seed <= 1000; seed++) {
            Backoff.Judgement j = Backoff.judge(exponential(200, 6, 0.6, seed), 5);
            assertThat(j.status()).as("seed %d: %s", seed, j.summary()).isEqualTo(AdvisorStatus.PASS);
        }
    }

    @Test
    void aFixedScheduleWithTimingNoiseIsNotMistakenForJitter() {
        Random r = new Random(3);
        for (int k = 0; k < 1000; k++) {
            List<Double> d = new ArrayList<>();
            for (int i = 0; i < 6; i++) d.add(200 * Math.pow(2, i) * (1 + 0.03 * (2 * r.nextDouble() - 1)) + 5 * (2 * r.nextDouble() - 1));
            assertThat(Backoff.judge(d, 5).status()).as("%s", d).isEqualTo(AdvisorStatus.PASS_WITH_WARNINGS);
        }
    }

    @Test
    void exponentialWithoutJitterPassesWithAWarning() {
        Backoff.Judgement j = Backoff.judge(List.of(100.0, 200.0, 400.0, 800.0, 1600.0, 3200.0), 5);
        assertThat(j.status()).isEqualTo(AdvisorStatus.PASS_WITH_WARNINGS);
        assertThat(j.summary()).contains("without jitter");
        assertThat(j.growthPerRetry()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void exponentialWithTimingNoiseButNoJitterStillWarns() {
        List<Double> d = List.of(103.0, 198.0, 405.0, 797.0, 1606.0, 3195.0);
        assertThat(Backoff.judge(d, 5).status()).isEqualTo(AdvisorStatus.PASS_WITH_WARNINGS);
    }

    @Test
    void cappedExponentialIsJudgedOnItsGrowingPhase() {
        Backoff.Judgement j = Backoff.judge(List.of(100.0, 200.0, 400.0, 800.0, 1600.0, 1600.0, 1600.0), 5);
        assertThat(j.status()).isEqualTo(AdvisorStatus.PASS_WITH_WARNINGS);
        assertThat(j.capMs()).isEqualTo(1600.0);
        assertThat(j.summary()).contains("capped at about 1600 ms");
    }

    @Test
    void linearBackoffFails() {
        Backoff.Judgement j = Backoff.judge(List.of(100.0, 200.0, 300.0, 400.0, 500.0, 600.0), 5);
        assertThat(j.status()).isEqualTo(AdvisorStatus.FAIL);
        assertThat(j.summary()).contains("linear");
    }

    @Test
    void linearBackoffFromASmallFirstDelayFails() {
        assertThat(Backoff.judge(List.of(50.0, 1050.0, 2050.0, 3050.0, 4050.0), 5).status()).isEqualTo(AdvisorStatus.FAIL);
    }

    @Test
    void constantBackoffFails() {
        Backoff.Judgement j = Backoff.judge(List.of(500.0, 500.0, 500.0, 500.0, 500.0, 500.0), 5);
        assertThat(j.status()).isEqualTo(AdvisorStatus.FAIL);
        assertThat(j.summary()).contains("constant");
    }

    @Test
    void constantBackoffWithJitterFails() {
        Random r = new Random(7);
        List<Double> d = new ArrayList<>();
        for (int i = 0; i < 6; i++) d.add(500 * (1 - 0.5 * r.nextDouble()));
        assertThat(Backoff.judge(d, 5).status()).isEqualTo(AdvisorStatus.FAIL);
    }

    @Test
    void tooFewRetriesFail() {
        Backoff.Judgement j = Backoff.judge(List.of(100.0, 200.0, 400.0), 5);
        assertThat(j.status()).isEqualTo(AdvisorStatus.FAIL);
        assertThat(j.summary()).contains("3 retries").contains("at least 5");
    }
}
