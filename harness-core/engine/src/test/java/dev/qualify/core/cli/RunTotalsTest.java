package dev.qualify.core.cli;

import dev.qualify.api.report.Outcome;
import dev.qualify.core.journal.GroupStarted;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.qualify.core.cli.RunEvents.AT;
import static dev.qualify.core.cli.RunEvents.error;
import static dev.qualify.core.cli.RunEvents.failed;
import static dev.qualify.core.cli.RunEvents.group;
import static dev.qualify.core.cli.RunEvents.groupDone;
import static dev.qualify.core.cli.RunEvents.passed;
import static org.assertj.core.api.Assertions.assertThat;

/** The live totals with {@code --retries}: counted as the reports count them, not once per attempt. */
class RunTotalsTest {
    private static final String G = "FullTransportInterfacePlainText";

    private static List<Integer> counts(RunTotals t) {
        return List.of(t.count(Outcome.PASSED), t.count(Outcome.FAILED), t.count(Outcome.ERROR), t.count(Outcome.SKIPPED));
    }

    @Test
    void aCaseThatErredAndPassedOnTheRetryCountsOnceAsPassedAndTheGroupOnce() {
        RunTotals t = new RunTotals();
        t.groupStarted(group("board-1", G));
        t.testFinished(passed("board-1", G, "Send"));
        t.testFinished(error("board-1", G, "Recv"));
        t.testFinished(error("board-1", G, "Compare"));
        t.groupFinished(groupDone("board-1", G));
        assertThat(counts(t)).containsExactly(1, 0, 2, 0);
        assertThat(t.groupsDone()).isEqualTo(1);

        t.groupStarted(new GroupStarted(AT, "board-2", G, G, true, 2));
        assertThat(counts(t)).as("the errors stand while the retry runs").containsExactly(1, 0, 2, 0);
        t.testFinished(passed("board-2", G, "Send").withAttempt(2));
        assertThat(counts(t)).as("a verdict of the first run is not counted again").containsExactly(1, 0, 2, 0);
        t.testFinished(passed("board-2", G, "Recv").withAttempt(2));
        assertThat(counts(t)).containsExactly(2, 0, 1, 0);
        t.groupFinished(groupDone("board-2", G));
        assertThat(counts(t)).as("the retry, finished, did not report Compare again: its error is superseded")
                .containsExactly(2, 0, 0, 0);
        assertThat(t.groupsDone()).as("one group, run twice").isEqualTo(1);
    }

    @Test
    void aFailedVerdictStandsWhateverTheRetryGives() {
        RunTotals t = new RunTotals();
        t.groupStarted(group("board-1", G));
        t.testFinished(failed("board-1", G, "Send"));
        t.testFinished(error("board-1", G, "Recv"));
        t.groupFinished(groupDone("board-1", G));
        t.groupStarted(new GroupStarted(AT, "board-1", G, G, true, 2));
        t.testFinished(passed("board-1", G, "Send").withAttempt(2));
        t.testFinished(passed("board-1", G, "Recv").withAttempt(2));
        t.groupFinished(groupDone("board-1", G));
        assertThat(counts(t)).containsExactly(1, 1, 0, 0);
    }
}
