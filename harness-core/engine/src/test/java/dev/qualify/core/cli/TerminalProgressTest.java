package dev.qualify.core.cli;

import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.LineDisciplineTerminal;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static dev.qualify.core.cli.RunEvents.group;
import static dev.qualify.core.cli.RunEvents.groupDone;
import static dev.qualify.core.cli.RunEvents.passed;
import static dev.qualify.core.cli.RunEvents.run;
import static org.assertj.core.api.Assertions.assertThat;

/** The terminal view on JLine's in-memory terminal, of type xterm-256color unless said otherwise. */
class TerminalProgressTest {
    private static final String ESC = "\u001b";
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    /** JLine's in-memory terminal: what is written to it lands, processed as by a tty, in {@link #screen}. */
    private Terminal terminal(String type, Size size) throws IOException {
        Terminal t = new LineDisciplineTerminal("test", type, screen, StandardCharsets.UTF_8);
        t.setSize(size);
        return t;
    }

    private String written() {
        return screen.toString(StandardCharsets.UTF_8);
    }

    @Test
    void statusLinesSitBelowAScrollRegionAndFinishedTestsScrollAboveThem() throws IOException {
        TerminalProgress view = new TerminalProgress(terminal("xterm-256color", new Size(100, 20)), false);
        view.runStarted(run("board-1", "board-2"));
        // three status lines (totals and two devices) leave rows 1..16 to scroll in
        assertThat(written()).contains(ESC + "[1;17r").contains(ESC + "[?25l")
                .contains("board-1").contains("waiting for a group");
        view.groupStarted(group("board-1", "FullPKCS11_Core"));
        assertThat(written()).contains("FullPKCS11_Core > preparing");
        int started = written().length();
        view.testStarted("board-1", "FullPKCS11_Core", "AFQP_Digest");
        // JLine's Display rewrites only what changed: "preparing" becomes the test's name; no line scrolls for a start
        assertThat(written().substring(started)).contains("AFQP_Digest").doesNotContain("[board-1]");
        int before = written().length();
        view.testFinished(passed("board-1", "FullPKCS11_Core", "AFQP_Digest"));
        String after = written().substring(before);
        assertThat(after).as("the finished test's line, then the redrawn counts")
                .containsPattern("\\[board-1] FullPKCS11_Core AFQP_Digest +PASSED").contains("1 passed");
        view.groupFinished(groupDone("board-1", "FullPKCS11_Core"));
        view.close();
    }

    @Test
    void closingClearsTheLinesGivesTheWholeScreenBackAndShowsTheCursor() throws IOException {
        TerminalProgress view = new TerminalProgress(terminal("xterm-256color", new Size(100, 20)), false);
        view.runStarted(run("board-1", "board-2"));
        view.groupStarted(group("board-1", "FullPKCS11_Core"));
        int before = written().length();
        view.close();
        String closing = written().substring(before);
        assertThat(closing).as("each status row erased").contains(ESC + "[K");
        assertThat(closing).as("the scroll region is the whole screen again").contains(ESC + "[1;20r");
        assertThat(written().lastIndexOf(ESC + "[?25h")).as("the cursor is shown after it was last hidden")
                .isGreaterThan(written().lastIndexOf(ESC + "[?25l"));
        int closed = written().length();
        view.testFinished(passed("board-1", "FullPKCS11_Core", "late"));
        view.close();
        assertThat(written().length()).as("nothing is drawn after close").isEqualTo(closed);
    }

    @Test
    void withManyDevicesAtMostHalfTheScreenIsStatus() throws IOException {
        TerminalProgress view = new TerminalProgress(terminal("xterm-256color", new Size(100, 10)), false);
        view.runStarted(run("vb-1", "vb-2", "vb-3", "vb-4", "vb-5", "vb-6", "vb-7"));
        assertThat(written()).as("rows 6 to 10: totals, three devices and a line for the rest; rows 1 to 5 scroll")
                .contains(ESC + "[1;5r").contains("vb-3").doesNotContain("vb-4 ").contains("... and 4 more devices");
        view.close();
    }

    @Test
    void aDumbTerminalOrOneOfUnknownSizeCannotHoldStatusLines() throws IOException {
        assertThat(TerminalProgress.supports(terminal("xterm-256color", new Size(100, 20)))).isTrue();
        assertThat(TerminalProgress.supports(terminal("dumb", new Size(100, 20)))).isFalse();
        assertThat(TerminalProgress.supports(terminal("xterm-256color", new Size(0, 0)))).as("a pty nobody sized").isFalse();
    }
}
