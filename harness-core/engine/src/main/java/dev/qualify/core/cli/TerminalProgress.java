package dev.qualify.core.cli;

import dev.qualify.core.journal.GroupFinished;
import dev.qualify.core.journal.GroupStarted;
import dev.qualify.core.journal.RunStarted;
import dev.qualify.core.journal.TestFinished;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.Status;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The terminal view: JLine's {@link Status} keeps the {@link StatusBoard}'s lines (the totals, then one line per
 * device) at the bottom of the screen, in a scroll region of their own, redrawn on every event and once a second;
 * the {@link ConsoleProgress} lines of finished tests and groups (without the running totals, which the status lines
 * show) scroll above them. The cursor is hidden while the
 * lines are shown. {@link #close()} clears the lines, gives the whole screen back to scrolling and shows the cursor
 * again; the run command calls it when the run ends and before a signal ends the process.
 */
final class TerminalProgress implements ProgressView {
    private final Terminal terminal;
    private final Status status;
    private final ConsoleProgress lines;
    private final StatusBoard board;
    private final ScheduledExecutorService ticker;
    private Size size;
    private boolean drawing;
    private boolean closed;

    /**
     * @param terminal a terminal that {@link #supports} status lines; closed by {@link #close()}
     * @param color    whether to colour outcomes and counts
     */
    TerminalProgress(Terminal terminal, boolean color) {
        this.terminal = terminal;
        this.status = Status.getStatus(terminal);
        this.lines = new ConsoleProgress(new PrintStream(terminal.output(), true, terminal.outputEncoding()), color, false);
        this.board = new StatusBoard(System.nanoTime(), color);
        this.size = terminal.getSize();
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "qualify-status");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The terminal view on the process's own terminal, or empty when stdout is not a terminal that can keep lines at
     * its bottom ({@code TERM=dumb}, no scroll region or cursor addressing, no known size).
     */
    static Optional<ProgressView> open(boolean color) {
        Terminal t;
        try {
            // no signal handlers of JLine's: the run command's own handle SIGINT and SIGTERM
            t = TerminalBuilder.builder().system(true).systemOutput(TerminalBuilder.SystemOutput.SysOut)
                    .nativeSignals(false).dumb(true).build();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (!supports(t)) {
            try {
                t.close();
            } catch (IOException ignored) {
                // nothing was drawn on it
            }
            return Optional.empty();
        }
        return Optional.of(new TerminalProgress(t, color));
    }

    /** Whether status lines can be drawn on {@code t}: what JLine's {@link Status} needs, and a known size. */
    static boolean supports(Terminal t) {
        Size s = t.getSize();
        return !t.getType().startsWith(Terminal.TYPE_DUMB) && s.getRows() > 2 && s.getColumns() > 20
                && t.getStringCapability(Capability.change_scroll_region) != null
                && t.getStringCapability(Capability.save_cursor) != null
                && t.getStringCapability(Capability.restore_cursor) != null
                && t.getStringCapability(Capability.cursor_address) != null;
    }

    @Override
    public synchronized void runStarted(RunStarted run) {
        if (closed) return;
        lines.runStarted(run);
        board.runStarted(run);
        terminal.puts(Capability.cursor_invisible);
        drawing = true;
        redraw();
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public synchronized void groupStarted(GroupStarted group) {
        if (closed) return;
        lines.groupStarted(group);
        board.groupStarted(group, System.nanoTime());
        redraw();
    }

    @Override
    public synchronized void testStarted(String device, String group, String test) {
        if (closed) return;
        board.testStarted(device, test);
        redraw();
    }

    @Override
    public synchronized void testFinished(TestFinished test) {
        if (closed) return;
        lines.testFinished(test);
        board.testFinished(test);
        redraw();
    }

    @Override
    public synchronized void groupFinished(GroupFinished group) {
        if (closed) return;
        lines.groupFinished(group);
        board.groupFinished(group);
        redraw();
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        ticker.shutdownNow();
        if (drawing) {
            status.update(List.of()); // clears the lines and widens the scroll region back
            status.close();
            terminal.puts(Capability.cursor_normal);
            terminal.flush();
        }
        lines.close();
        try {
            terminal.close();
        } catch (IOException ignored) {
            // the terminal is already restored
        }
    }

    private synchronized void tick() {
        if (closed) return;
        Size now = terminal.getSize();
        if (!now.equals(size) && now.getRows() > 2 && now.getColumns() > 20) {
            size = now;
            status.resize(now);
        }
        redraw();
    }

    /** At most half the screen: the totals, the first devices, and how many more there are. */
    private void redraw() {
        if (!drawing) return;
        List<AttributedString> all = board.render(System.nanoTime());
        int max = Math.max(2, size.getRows() / 2);
        List<AttributedString> shown = all;
        if (all.size() > max) {
            shown = new ArrayList<>(all.subList(0, max - 1));
            shown.add(new AttributedString("... and " + (all.size() - max + 1) + " more devices"));
        }
        status.update(shown);
    }
}
