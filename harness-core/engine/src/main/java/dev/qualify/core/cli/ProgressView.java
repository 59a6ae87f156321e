package dev.qualify.core.cli;

import dev.qualify.core.engine.ProgressListener;

import java.io.PrintStream;
import java.util.Map;

/**
 * The console view of a run: a {@link ProgressListener} that the run command closes when the run ends or is
 * interrupted, so that a terminal is left as it was found (status lines cleared, scroll region reset, cursor
 * shown).
 */
interface ProgressView extends ProgressListener, AutoCloseable {
    /** Restores the terminal and shows nothing more. Idempotent; callable from any thread. */
    @Override
    void close();

    /**
     * Live status lines (one per device, finished tests scrolling above them) when stdout is a terminal that can
     * keep lines at its bottom; else one line per event ({@link ConsoleProgress}).
     *
     * @param plain {@code --plain}: one line per event even on a terminal
     * @param env   the environment ({@code CI} set means a CI log)
     * @param out   where the line-per-event view writes
     * @param color whether to colour outcomes
     */
    static ProgressView open(boolean plain, Map<String, String> env, PrintStream out, boolean color) {
        if (linePerEvent(plain, env, System.console() != null)) return new ConsoleProgress(out, color);
        // only here is JLine loaded: the other commands, and runs in CI, never load it
        return TerminalProgress.open(color).orElseGet(() -> new ConsoleProgress(out, color));
    }

    /**
     * Whether a run shows one line per event without asking the terminal: with {@code --plain}, in CI (the
     * variable {@code CI} set to anything but empty or {@code false}, as GitHub Actions, GitLab CI and most CI
     * services set it), or without a console (stdin or stdout is not a terminal).
     */
    static boolean linePerEvent(boolean plain, Map<String, String> env, boolean console) {
        String ci = env.get("CI");
        boolean inCi = ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
        return plain || inCi || !console;
    }
}
