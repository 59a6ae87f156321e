package dev.qualify.core.engine;

import dev.qualify.api.device.Transcript;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * What the reports say of an error, and what only the logs get. Reports (results.json, junit.xml, report.html,
 * summary.txt) keep a one-line message and, as detail, the lines that came with it (a tool's last output, the
 * device lines of a timeout); the Java stack trace goes to the test's log and the group's log, where every line
 * passes the run's {@link SecretMask} like any other.
 *
 * @param message the first non-blank line of the error's message
 * @param detail  the message's other lines, or null when it has none
 */
record ErrorText(String message, String detail) {

    /** Splits {@code text} into its first non-blank line and the rest. */
    static ErrorText of(String text) {
        if (text == null) return new ErrorText(null, null);
        String s = text.strip();
        int nl = s.indexOf('\n');
        if (nl < 0) return new ErrorText(s, null);
        String rest = s.substring(nl + 1).strip();
        return new ErrorText(s.substring(0, nl).strip(), rest.isEmpty() ? null : rest);
    }

    /** Writes {@code t}'s stack trace to {@code log}, one note per line, after a line saying what it is. */
    static void logTrace(Transcript log, Throwable t) {
        if (t == null || log == null) return;
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        log.note("stack trace (for Qualify's developers; the report has the message):");
        for (String line : sw.toString().split("\\R")) {
            if (!line.isBlank()) log.note("  " + line);
        }
    }
}
