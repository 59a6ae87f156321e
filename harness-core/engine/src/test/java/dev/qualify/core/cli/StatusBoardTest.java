package dev.qualify.core.cli;

import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.qualify.core.cli.RunEvents.error;
import static dev.qualify.core.cli.RunEvents.failed;
import static dev.qualify.core.cli.RunEvents.group;
import static dev.qualify.core.cli.RunEvents.groupDone;
import static dev.qualify.core.cli.RunEvents.passed;
import static dev.qualify.core.cli.RunEvents.run;
import static org.assertj.core.api.Assertions.assertThat;

class StatusBoardTest {
    private static final long S = 1_000_000_000L;

    private static List<String> text(List<AttributedString> lines) {
        return lines.stream().map(AttributedString::toString).toList();
    }

    @Test
    void beforeAnyGroupEveryDeviceOfThePoolWaitsUnderTheTotals() {
        StatusBoard b = new StatusBoard(0, false);
        b.runStarted(run("board-1", "vb-2"));
        assertThat(text(b.render(3 * S))).containsExactly(
                "qualify 3s  groups 0/2  0 passed, 0 failed, 0 errors, 0 skipped",
                "board-1  waiting for a group  0 passed, 0 failed, 0 errors",
                "vb-2     waiting for a group  0 passed, 0 failed, 0 errors");
    }

    @Test
    void aDeviceLineShowsItsGroupItsRunningTestItsOwnCountsAndTheGroupsElapsedTime() {
        StatusBoard b = new StatusBoard(0, false);
        b.runStarted(run("board-1", "board-2"));
        b.groupStarted(group("board-1", "FullPKCS11_Core"), 10 * S);
        assertThat(text(b.render(11 * S)).get(1)).isEqualTo("board-1  FullPKCS11_Core > preparing  1s  0 passed, 0 failed, 0 errors");
        b.testStarted("board-1", "AFQP_Digest");
        b.testFinished(passed("board-1", "FullPKCS11_Core", "AFQP_Digest"));
        b.testStarted("board-1", "AFQP_Sign");
        b.testFinished(failed("board-1", "FullPKCS11_Core", "AFQP_GenerateKey"));
        b.testFinished(error("board-2", "FullTransportInterfaceTLS", "Connect"));
        List<String> lines = text(b.render(10 * S + 75 * S));
        assertThat(lines.get(0)).isEqualTo("qualify 1m25s  groups 0/2  1 passed, 1 failed, 1 errors, 0 skipped");
        assertThat(lines.get(1)).isEqualTo("board-1  FullPKCS11_Core > AFQP_Sign  1m15s  1 passed, 1 failed, 0 errors");
        assertThat(lines.get(2)).isEqualTo("board-2  waiting for a group  0 passed, 0 failed, 1 errors");
    }

    @Test
    void aFinishedTestIsNoLongerShownAsRunningAndAFinishedGroupLeavesTheDeviceIdle() {
        StatusBoard b = new StatusBoard(0, false);
        b.runStarted(run("board-1"));
        b.groupStarted(group("board-1", "FullPKCS11_Core"), 0);
        b.testStarted("board-1", "AFQP_Digest");
        b.testFinished(passed("board-1", "FullPKCS11_Core", "AFQP_Digest"));
        assertThat(text(b.render(S)).get(1)).isEqualTo("board-1  FullPKCS11_Core  1s  1 passed, 0 failed, 0 errors");
        b.groupFinished(groupDone("board-1", "FullPKCS11_Core"));
        List<String> lines = text(b.render(S));
        assertThat(lines.get(0)).contains("groups 1/2");
        assertThat(lines.get(1)).isEqualTo("board-1  idle, 1 group done  1 passed, 0 failed, 0 errors");
    }

    @Test
    void theTotalsCountARetriedCaseOnceAsTheReportsDoWhileEachDeviceKeepsWhatItGave() {
        StatusBoard b = new StatusBoard(0, false);
        b.runStarted(run("board-1", "board-2"));
        b.groupStarted(group("board-1", "FullPKCS11_Core"), 0);
        b.testFinished(error("board-1", "FullPKCS11_Core", "AFQP_Digest"));
        b.groupFinished(groupDone("board-1", "FullPKCS11_Core"));
        b.groupStarted(new dev.qualify.core.journal.GroupStarted(RunEvents.AT, "board-2", "FullPKCS11_Core", "FullPKCS11_Core", true, 2), 0);
        b.testFinished(passed("board-2", "FullPKCS11_Core", "AFQP_Digest").withAttempt(2));
        b.groupFinished(groupDone("board-2", "FullPKCS11_Core"));
        assertThat(text(b.render(S))).containsExactly(
                "qualify 1s  groups 1/2  1 passed, 0 failed, 0 errors, 0 skipped",
                "board-1  idle, 1 group done  0 passed, 0 failed, 1 errors",
                "board-2  idle, 1 group done  1 passed, 0 failed, 0 errors");
    }

    @Test
    void countsAreColouredOnlyWhenColourIsOnAndNotZero() {
        StatusBoard plain = new StatusBoard(0, false);
        StatusBoard colour = new StatusBoard(0, true);
        for (StatusBoard b : List.of(plain, colour)) {
            b.runStarted(run("board-1"));
            b.testFinished(passed("board-1", "FullPKCS11_Core", "A"));
        }
        assertThat(plain.render(0).get(1).toAnsi()).doesNotContain("\u001b[3");
        String ansi = colour.render(0).get(1).toAnsi();
        assertThat(ansi).contains("\u001b[32m1 passed").doesNotContain("\u001b[31m0 failed");
    }

    @Test
    void elapsedTimesReadAsSecondsMinutesAndHours() {
        assertThat(StatusBoard.clock(59 * S + S / 2)).isEqualTo("59s");
        assertThat(StatusBoard.clock(65 * S)).isEqualTo("1m05s");
        assertThat(StatusBoard.clock(3 * 3600 * S + 125 * S)).isEqualTo("3h02m");
        assertThat(StatusBoard.clock(-S)).isEqualTo("0s");
    }
}
