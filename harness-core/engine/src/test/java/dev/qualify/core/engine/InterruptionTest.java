package dev.qualify.core.engine;

import dev.qualify.api.report.Outcome;
import dev.qualify.core.journal.TestFinished;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class InterruptionTest {
    private static final TestFinished.Case CASE = new TestFinished.Case("d0", "g", "t", "g.T", "logs/d0/g/t.log");

    private static TestFinished portGone() {
        return TestFinished.error(Instant.EPOCH, CASE, "tcp-serial closed by the device side", "port-gone", null, Duration.ZERO);
    }

    @Test
    void anErrorOfAnInterruptedRunIsInterruptedAndSaysWhatWasSeen() {
        Interruption i = new Interruption(Duration.ofSeconds(5));
        i.interrupt("SIGINT");
        TestFinished e = i.classify(portGone());
        assertThat(e.errorType()).isEqualTo("interrupted");
        assertThat(e.message()).isEqualTo("the run was interrupted (SIGINT) before this case finished");
        assertThat(e.detail()).isEqualTo("after the interruption: tcp-serial closed by the device side (port-gone)");
        assertThat(e.outcome()).isEqualTo(Outcome.ERROR);
    }

    @Test
    void anErrorThatComesJustBeforeTheSignalWaitsForItAndIsInterrupted() throws Exception {
        Interruption i = new Interruption(Duration.ofSeconds(20));
        CompletableFuture<TestFinished> recorded = CompletableFuture.supplyAsync(() -> i.classify(portGone()));
        Thread.sleep(100);
        assertThat(recorded).isNotDone();
        i.interrupt("SIGINT");
        assertThat(recorded.get(10, TimeUnit.SECONDS).errorType()).isEqualTo("interrupted");
    }

    @Test
    void withoutAnInterruptionTheErrorStaysAsItIsAfterTheGraceAndLaterErrorsOfTheBurstDoNotWait() {
        Interruption i = new Interruption(Duration.ofMillis(200));
        assertThat(i.classify(portGone()).errorType()).isEqualTo("port-gone");
        long t0 = System.nanoTime();
        assertThat(i.classify(portGone()).errorType()).isEqualTo("port-gone");
        assertThat(i.interrupted()).isFalse();
        // the burst's grace is over: the second error did not wait for a grace of its own
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(200));
    }

    @Test
    void anErrorTheInterruptionEndedSaysWhatInterruptedTheRun() {
        Interruption i = new Interruption(Duration.ofSeconds(5));
        TestFinished waitEnded = TestFinished.error(Instant.EPOCH, CASE, "interrupted while waiting on tcp", "interrupted",
                null, Duration.ZERO);
        assertThat(i.classify(waitEnded)).as("not (yet) interrupted: no wait, as it is").isSameAs(waitEnded);
        i.interrupt("SIGINT");
        assertThat(i.classify(waitEnded).message()).isEqualTo("the run was interrupted (SIGINT) before this case finished");
    }

    @Test
    void verdictsAndPassesAreNeverReclassified() {
        Interruption i = new Interruption(Duration.ofSeconds(5));
        i.interrupt("SIGTERM");
        TestFinished failed = TestFinished.failed(Instant.EPOCH, CASE, "Expected 0 Was 1", null, Duration.ZERO);
        assertThat(i.classify(failed)).isSameAs(failed);
        TestFinished passed = TestFinished.passed(Instant.EPOCH, CASE, Duration.ZERO);
        assertThat(i.classify(passed)).isSameAs(passed);
    }

    @Test
    void noneNeverWaits() {
        assertThat(Interruption.NONE.classify(portGone()).errorType()).isEqualTo("port-gone");
    }
}
