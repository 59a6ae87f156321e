package dev.qualify.cloud.advisor;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Backoff#judgeJitter}, the jitter case's own judgement: jitter over a backing-off series, whatever its shape
 * (the shape is the exponential case's, {@link Backoff#judge}).
 */
class JitterBackoffTest {
    private static List<Double> series(int n, long seed, double jitter, java.util.function.IntToDoubleFunction full) {
        Random r = new Random(seed);
        List<Double> d = new ArrayList<>();
        for (int i = 0; i < n; i++) d.add(full.applyAsDouble(i) * (1 - jitter * r.nextDouble()));
        return d;
    }

    @Test
    void exponentialWithJitterPassesBothCases() {
        for (long seed = 1; seed <= 500; seed++) {
            List<Double> d = series(6, seed, 0.6, i -> 100 * Math.pow(2, i));
            assertThat(Backoff.judgeJitter(d, 5).status()).as("%s", d).isEqualTo(AdvisorStatus.PASS);
        }
    }

    @Test
    void linearBackoffWarnsInTheJitterCaseAndFailsTheExponentialOne() {
        Random r = new Random(11);
        for (int k = 0; k < 500; k++) {
            List<Double> d = new ArrayList<>();
            for (int i = 0; i < 6; i++) d.add((400 + 400 * i) * (1 + 0.03 * (2 * r.nextDouble() - 1)));
            assertThat(Backoff.judgeJitter(d, 5).status()).as("%s", d).isEqualTo(AdvisorStatus.PASS_WITH_WARNINGS);
            Backoff.Judgement exp = Backoff.judge(d, 5);
            assertThat(exp.status()).as("%s", d).isEqualTo(AdvisorStatus.FAIL);
            assertThat(exp.summary()).contains("linear backoff");
        }
    }

    @Test
    void aFixedScheduleWarnsWhateverItsShape() {
        Random r = new Random(7);
        for (int k = 0; k < 500; k++) {
            List<Double> exp = new ArrayList<>();
            List<Double> lin = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                exp.add(200 * Math.pow(2, i) * (1 + 0.03 * (2 * r.nextDouble() - 1)));
                lin.add((400 + 400 * i) * (1 + 0.03 * (2 * r.nextDouble() - 1)));
            }
            assertThat(Backoff.judgeJitter(exp, 5).status()).as("%s", exp).isEqualTo(AdvisorStatus.PASS_WITH_WARNINGS);
            Backoff.Judgement l = Backoff.judgeJitter(lin, 5);
            assertThat(l.status()).as("%s", lin).isEqualTo(AdvisorStatus.PASS_WITH_WARNINGS);
            assertThat(l.summary()).startsWith("linear backoff without jitter");
        }
    }

    @Test
    void delaysThatDoNotGrowAreNoBackoffEvenWithJitter() {
        List<Double> d = series(6, 3, 0.5, i -> 800);
        Backoff.Judgement j = Backoff.judgeJitter(d, 5);
        assertThat(j.status()).isEqualTo(AdvisorStatus.FAIL);
        assertThat(j.summary()).startsWith("no backoff");
        assertThat(Backoff.judgeJitter(List.of(100.0, 200.0, 400.0), 5).summary()).contains("at least 5 needed");
    }
}
