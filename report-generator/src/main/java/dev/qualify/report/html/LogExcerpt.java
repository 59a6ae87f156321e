package dev.qualify.report.html;

import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.TestResult;
import dev.qualify.report.SafeText;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A test's log as {@code report.html} shows it inline: at most {@value #MAX_LINES} lines of at most
 * {@value #MAX_LINE_CHARS} characters each, around the line that says why the test failed (highlighted), or the
 * log's end when no line does. What was cut is said in {@link #cut}, and the page links the whole file.
 *
 * <p>The failing line is the last Unity {@code FAIL} line of the log, or else the last line that holds the
 * result's message (without its {@code file:line:} prefix). Terminal escapes and characters a document cannot
 * carry are removed, and so are the Java stack traces Qualify notes in a log for its developers (one line says
 * where one was; the file has it): the page shows what the device and the harness said, not Qualify's internals.
 * Everything else is shown as it is (the template escapes it). Line numbers are those of the lines shown.
 *
 * @param before    the shown lines before the highlighted one, each ending with a line break
 * @param mark      the highlighted line; empty when none is
 * @param after     the shown lines after it (all shown lines when none is highlighted)
 * @param markLine  the highlighted line's number in the file, from 1; 0 when none
 * @param firstLine the number of the first shown line, from 1
 * @param lastLine  the number of the last shown line
 * @param lines     how many lines the file has (of the part read)
 * @param cut       what was left out, for people; empty when nothing was
 * @param chars     how many characters the excerpt holds
 */
public record LogExcerpt(String before, String mark, String after, int markLine, int firstLine, int lastLine,
                         int lines, String cut, long chars) {

    /** Lines shown at most. */
    public static final int MAX_LINES = 200;
    /** Characters shown of one line at most. */
    public static final int MAX_LINE_CHARS = 1_000;
    /** Bytes read of one file at most, from its end. */
    static final int MAX_READ = 4 * 1024 * 1024;
    /** Of a window around the highlighted line, how many lines come before it. */
    private static final int BEFORE_MARK = MAX_LINES / 3;

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]|\u001B[@-Z\\\\-_]");
    private static final Pattern UNITY_FAIL = Pattern.compile("(?<![A-Za-z])FAIL(?![A-Za-z])");
    private static final Pattern FILE_LINE_PREFIX = Pattern.compile("^[^\\s:]+:\\d+:\\s*");
    /** The note that opens a stack trace in a log (the engine's {@code ErrorText}), and the trace's own lines. */
    private static final String TRACE_HEADER = "stack trace (for Qualify's developers";
    private static final Pattern TRACE_LINE = Pattern.compile("^\\[[^\\]]*] --- {3}");

    /** Whether the excerpt highlights a line. */
    public boolean marked() {
        return markLine > 0;
    }

    /**
     * The lines of a log file as the page shows them: decoded as UTF-8 (bad bytes become U+FFFD), terminal escapes
     * and characters a document cannot carry removed. A file larger than {@value #MAX_READ} bytes is read from its
     * end.
     *
     * @return the lines, and how many bytes at the start were not read
     */
    static Lines read(Path file) throws IOException {
        long size = Files.size(file);
        byte[] bytes;
        long skipped = Math.max(0, size - MAX_READ);
        if (skipped == 0) {
            bytes = Files.readAllBytes(file);
        } else {
            try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                in.seek(skipped);
                bytes = new byte[(int) (size - skipped)];
                in.readFully(bytes);
            }
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\u001B') >= 0) text = ANSI.matcher(text).replaceAll("");
        text = SafeText.clean(text).replace("\r\n", "\n").replace('\r', '\n');
        if (text.endsWith("\n")) text = text.substring(0, text.length() - 1);
        List<String> lines = text.isEmpty() ? List.of() : List.of(text.split("\n", -1));
        return withoutTraces(lines, skipped);
    }

    /** {@code lines} with each stack trace Qualify noted replaced by one line saying so. */
    private static Lines withoutTraces(List<String> lines, long skipped) {
        List<String> kept = new java.util.ArrayList<>(lines.size());
        int traces = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.contains(TRACE_HEADER)) {
                kept.add(line);
                continue;
            }
            int end = i + 1;
            while (end < lines.size() && TRACE_LINE.matcher(lines.get(end)).find()) end++;
            kept.add(line.substring(0, line.indexOf(TRACE_HEADER)) + "[a Java stack trace of " + (end - i - 1)
                    + " lines for Qualify's developers: in the log file, not shown here]");
            traces += end - i - 1;
            i = end - 1;
        }
        return new Lines(List.copyOf(kept), skipped, traces);
    }

    /**
     * The lines of one file as shown, how many of its leading bytes were not read, and how many lines of stack
     * traces were left out.
     */
    record Lines(List<String> lines, long skippedBytes, int traceLines) {
    }

    /** The excerpt of {@code log} for {@code test}. */
    static LogExcerpt of(Lines log, TestResult test) {
        List<String> lines = log.lines();
        int mark = failingLine(lines, test);
        int from;
        int to;
        if (lines.size() <= MAX_LINES) {
            from = 0;
            to = lines.size();
        } else if (mark >= 0) {
            from = Math.max(0, Math.min(mark - BEFORE_MARK, lines.size() - MAX_LINES));
            to = from + MAX_LINES;
        } else {
            from = lines.size() - MAX_LINES;
            to = lines.size();
        }
        StringBuilder before = new StringBuilder();
        StringBuilder after = new StringBuilder();
        String marked = "";
        int longLines = 0;
        for (int i = from; i < to; i++) {
            String line = lines.get(i);
            if (line.length() > MAX_LINE_CHARS) {
                line = line.substring(0, MAX_LINE_CHARS) + " [" + (line.length() - MAX_LINE_CHARS) + " more characters]";
                longLines++;
            }
            if (i == mark) marked = line;
            else (mark >= 0 && i < mark ? before : after).append(line).append('\n');
        }
        return new LogExcerpt(before.toString(), marked, after.toString(), mark + 1, from + 1, to, lines.size(),
                cut(log, from, to, lines.size(), longLines), before.length() + marked.length() + after.length());
    }

    private static String cut(Lines log, int from, int to, int total, int longLines) {
        StringBuilder cut = new StringBuilder();
        if (log.skippedBytes() > 0) cut.append("the first ").append(log.skippedBytes()).append(" bytes of the file; ");
        if (from > 0) cut.append("lines 1-").append(from).append("; ");
        if (to < total) cut.append("lines ").append(to + 1).append('-').append(total).append("; ");
        if (longLines > 0) cut.append("the ends of ").append(longLines).append(longLines == 1 ? " long line; " : " long lines; ");
        if (log.traceLines() > 0) cut.append(log.traceLines()).append(" lines of Java stack traces; ");
        return cut.isEmpty() ? "" : cut.substring(0, cut.length() - 2);
    }

    /** The index of the line that says why the test failed or errored; -1 when it passed or no line does. */
    static int failingLine(List<String> lines, TestResult test) {
        if (test.outcome() != Outcome.FAILED && test.outcome() != Outcome.ERROR) return -1;
        int unity = -1;
        for (int i = lines.size() - 1; i >= 0 && unity < 0; i--) {
            if (UNITY_FAIL.matcher(lines.get(i)).find()) unity = i;
        }
        // a verdict is a device's FAIL line; an error is said by a harness note, and the log may be the group's
        if (test.outcome() == Outcome.FAILED && unity >= 0) return unity;
        int said = lineWithMessage(lines, test.message());
        return said >= 0 ? said : unity;
    }

    private static int lineWithMessage(List<String> lines, String text) {
        String message = text == null ? "" : SafeText.oneLine(text);
        String core = FILE_LINE_PREFIX.matcher(message).replaceFirst("");
        int colon = message.indexOf(": ");
        String tail = colon >= 0 ? message.substring(colon + 2) : "";
        for (String needle : new String[]{message, core, tail}) {
            if (needle.length() < 4) continue;
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).contains(needle)) return i;
            }
        }
        return -1;
    }
}
