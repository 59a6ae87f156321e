package dev.qualify.core.engine;

import dev.qualify.api.report.Outcome;
import dev.qualify.core.journal.TestFinished;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AttemptFoldTest {
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

    static TestFinished.Case test(String device, String name) {
        return new TestFinished.Case(device, "G", name, "G.Unity", "logs/" + device + "/G/" + name + ".log");
    }

    static TestFinished passed(String device, String name, int attempt) {
        return TestFinished.passed(AT, test(device, name), Duration.ofMillis(5)).withAttempt(attempt);
    }

    static TestFinished failed(String device, String name, int attempt) {
        return TestFinished.failed(AT, test(device, name), "expected 1", null, Duration.ofMillis(5)).withAttempt(attempt);
    }

    static TestFinished error(String device, String name, int attempt) {
        return TestFinished.error(AT, test(device, name), "port gone", "port-gone", null, Duration.ZERO).withAttempt(attempt);
    }

    @Test
    void anErrorTakesTheNextRunsResultAndKeepsBothRuns() {
        AttemptFold fold = new AttemptFold();
        fold.add(error("d1", "A", 1));
        fold.finish();
        fold.add(passed("d2", "A", 2));
        fold.finish();
        assertThat(fold.runs()).isEqualTo(2);
        assertThat(fold.results()).singleElement().satisfies(f -> {
            assertThat(f.result().outcome()).isEqualTo(Outcome.PASSED);
            assertThat(f.result().device()).isEqualTo("d2");
            assertThat(f.runs()).extracting(TestFinished::outcome).containsExactly(Outcome.ERROR, Outcome.PASSED);
        });
    }

    @Test
    void aVerdictStandsWhateverALaterRunOfItsGroupGives() {
        AttemptFold fold = new AttemptFold();
        fold.add(failed("d1", "F", 1));
        fold.add(passed("d1", "P", 1));
        fold.add(error("d1", "E", 1));
        fold.finish();
        fold.add(passed("d1", "F", 2));
        fold.add(failed("d1", "P", 2));
        fold.add(passed("d1", "E", 2));
        fold.finish();
        assertThat(fold.results()).extracting(f -> f.result().name() + "=" + f.result().outcome() + "/" + f.runs().size())
                .containsExactly("F=FAILED/1", "P=PASSED/1", "E=PASSED/2");
    }

    @Test
    void anErrorThatStaysAnErrorKeepsEveryRun() {
        AttemptFold fold = new AttemptFold();
        for (int attempt = 1; attempt <= 3; attempt++) {
            fold.add(error("d1", "E", attempt));
            fold.finish();
        }
        assertThat(fold.results()).singleElement().satisfies(f -> {
            assertThat(f.result().outcome()).isEqualTo(Outcome.ERROR);
            assertThat(f.runs()).extracting(TestFinished::attempts).containsExactly(1, 2, 3);
        });
    }

    @Test
    void anErrorAFinishedLaterRunDoesNotReportIsSupersededButStandsWhileThatRunIsCutOff() {
        AttemptFold fold = new AttemptFold();
        fold.add(error("d1", "DeviceOutput", 1));
        fold.add(error("d1", "A", 1));
        fold.finish();
        fold.start(2);
        fold.add(passed("d1", "A", 2));
        assertThat(fold.results()).as("run 2 has not finished").extracting(f -> f.result().name())
                .containsExactly("DeviceOutput", "A");
        fold.finish();
        assertThat(fold.results()).extracting(f -> f.result().name()).containsExactly("A");
        assertThat(fold.superseded()).extracting(TestFinished::name).containsExactly("DeviceOutput");
    }

    @Test
    void casesWithTheSameNameAreMatchedInTheOrderTheyCame() {
        AttemptFold fold = new AttemptFold();
        fold.add(passed("d1", "Dup", 1));
        fold.add(error("d1", "Dup", 1));
        fold.finish();
        fold.add(error("d1", "Dup", 2));
        fold.add(passed("d1", "Dup", 2));
        fold.finish();
        assertThat(fold.results()).extracting(f -> f.result().outcome() + "/" + f.runs().size())
                .containsExactly("PASSED/1", "PASSED/2");
    }

    @Test
    void aGroupThatRanOnceFoldsToItsResultsAsTheyAre() {
        AttemptFold fold = new AttemptFold();
        fold.add(error("d1", "E", 1));
        fold.add(passed("d1", "P", 1));
        fold.finish();
        assertThat(fold.runs()).isEqualTo(1);
        assertThat(fold.results()).extracting(f -> f.result().outcome()).containsExactly(Outcome.ERROR, Outcome.PASSED);
        assertThat(fold.superseded()).isEmpty();
    }
}
