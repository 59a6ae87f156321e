package dev.qualify.report;
import dev.qualify.api.report.ExitCodes;

import dev.qualify.api.report.GroupResult;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.RunReport;
import dev.qualify.api.report.TestResult;
import dev.qualify.report.html.HtmlReportWriter;
import dev.qualify.report.json.JsonReportWriter;
import dev.qualify.report.junit.JUnitXmlWriter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the end-of-run summary in the layout IDT users know (idt.md §1), with Qualify's additions: errored
 * tests counted and listed apart from failures, groups named {@code group@device}, required groups marked, the
 * path of every report, and the meaning of the exit code on the last line.
 *
 * <pre>
 * ========== Test Summary ==========
 * Execution Time:     5m00s
 * Tests Completed:    4
 * Tests Passed:       2
 * Tests Failed:       1
 * Tests Errored:      1
 * Tests Skipped:      0
 * ----------------------------------
 * Test Groups:
 *     GroupA@dev-1:   PASSED (required)
 *     GroupB@dev-1:   FAILED
 * ----------------------------------
 * Failed Tests:
 *     Group Name: GroupB (device dev-1)
 *         Test Name: TestB1
 *             Reason: Something bad happened
 *             Log: /runs/r1/logs/dev-1/GroupB/TestB1.log
 *         Test Name: TestB2 [ERROR flash-failed]
 *             Reason: flash tool exited with 1
 * ----------------------------------
 * Path to HTML Report:              /runs/r1/report.html
 * Path to Aggregated JUnit Report:  /runs/r1/junit.xml
 * Path to JSON Results:             /runs/r1/results.json
 * Path to Test Execution Logs:      /runs/r1/logs
 * Exit Code: 1 (a test failed)
 * </pre>
 *
 * "Tests Completed" counts every test with a result, whatever its outcome. A flaky-tests section lists the tests that
 * passed after a run of them ended in ERROR ({@code --retries}), when there are some. A notes section appears when the run
 * was interrupted or has run-level notes. Text from devices is put on one line and stripped of control
 * characters, so device output cannot move the cursor or change the terminal's colours. Lines end with
 * {@code \n}; there is no trailing colour or escape code. The paths are absolute.
 */
public final class ConsoleSummary {
    /** How many lines of an error's detail the summary shows. */
    private static final int DETAIL_LINES = 3;
    /** How many characters of them at most. */
    private static final int DETAIL_CHARS = 300;

    private static final String TITLE = "========== Test Summary ==========";
    private static final String RULE = "----------------------------------";
    private static final int LABEL_WIDTH = 20;
    private static final int PATH_LABEL_WIDTH = 34;
    private static final String INDENT = "    ";

    /** Creates a renderer; it holds no state. */
    public ConsoleSummary() {
    }

    /**
     * @param report the run; never null
     * @param runDir the run directory the reports were written to
     * @return the summary, several lines each ending with {@code \n}
     */
    public String render(RunReport report, Path runDir) {
        StringBuilder out = new StringBuilder();
        out.append(TITLE).append('\n');
        labelled(out, "Execution Time:", HumanDuration.format(
                report.startedAt() == null || report.endedAt() == null ? null : report.duration()));
        labelled(out, "Tests Completed:", Long.toString(report.testCount()));
        labelled(out, "Tests Passed:", Long.toString(report.count(Outcome.PASSED)));
        labelled(out, "Tests Failed:", Long.toString(report.count(Outcome.FAILED)));
        labelled(out, "Tests Errored:", Long.toString(report.count(Outcome.ERROR)));
        labelled(out, "Tests Skipped:", Long.toString(report.count(Outcome.SKIPPED)));
        out.append(RULE).append('\n');

        groups(out, report);
        out.append(RULE).append('\n');

        problems(out, report, runDir);
        out.append(RULE).append('\n');
        flaky(out, report);

        if (report.interrupted() || !report.notes().isEmpty()) {
            out.append("Notes:\n");
            if (report.interrupted()) {
                out.append(INDENT).append("The run was interrupted; results are partial.\n");
            }
            report.notes().forEach(n -> out.append(INDENT).append(SafeText.oneLine(n)).append('\n'));
            out.append(RULE).append('\n');
        }

        Path dir = runDir.toAbsolutePath().normalize();
        path(out, "Path to HTML Report:", dir.resolve(HtmlReportWriter.FILE_NAME));
        path(out, "Path to Aggregated JUnit Report:", dir.resolve(JUnitXmlWriter.FILE_NAME));
        path(out, "Path to JSON Results:", dir.resolve(JsonReportWriter.FILE_NAME));
        path(out, "Path to Test Execution Logs:", dir.resolve("logs"));
        path(out, "Path to AWS IoT Device Tester Report:", dir.resolve(dev.qualify.report.idt.ApnReportWriter.FILE_NAME));
        path(out, "Path to IDT JUnit Report:", dir.resolve(dev.qualify.report.idt.IdtSuiteReportWriter.fileName(report)));
        out.append("Exit Code: ").append(report.exitCode()).append(" (")
                .append(ExitCodes.meaning(report.exitCode())).append(")\n");
        return out.toString();
    }

    private static void groups(StringBuilder out, RunReport report) {
        if (report.groups().isEmpty()) {
            out.append("Test Groups: none ran\n");
            return;
        }
        out.append("Test Groups:\n");
        List<String> names = report.groups().stream()
                .map(g -> SafeText.oneLine(g.groupId()) + "@" + SafeText.oneLine(g.deviceId()) + ":").toList();
        int width = Math.max(LABEL_WIDTH - INDENT.length(), names.stream().mapToInt(String::length).max()
                .orElse(0) + 1);
        for (int i = 0; i < names.size(); i++) {
            GroupResult g = report.groups().get(i);
            out.append(INDENT).append(pad(names.get(i), width)).append(g.outcome().name())
                    .append(g.required() ? " (required)" : "").append('\n');
        }
    }

    private static void problems(StringBuilder out, RunReport report, Path runDir) {
        List<GroupResult> withProblems = new ArrayList<>();
        for (GroupResult g : report.groups()) {
            if (g.count(Outcome.FAILED) + g.count(Outcome.ERROR) > 0) {
                withProblems.add(g);
            }
        }
        if (withProblems.isEmpty()) {
            out.append("Failed Tests: none\n");
            return;
        }
        out.append("Failed Tests:\n");
        String in2 = INDENT.repeat(2);
        String in3 = INDENT.repeat(3);
        for (GroupResult g : withProblems) {
            out.append(INDENT).append("Group Name: ").append(SafeText.oneLine(g.groupId()))
                    .append(" (device ").append(SafeText.oneLine(g.deviceId())).append(")\n");
            for (TestResult t : g.tests()) {
                if (t.outcome() != Outcome.FAILED && t.outcome() != Outcome.ERROR) {
                    continue;
                }
                out.append(in2).append("Test Name: ").append(SafeText.oneLine(t.name()));
                if (t.outcome() == Outcome.ERROR) {
                    String type = SafeText.oneLine(t.errorType());
                    out.append(" [ERROR").append(type.isEmpty() ? "" : " " + type).append(']');
                }
                out.append('\n');
                String reason = SafeText.oneLine(t.message());
                out.append(in3).append("Reason: ").append(reason.isEmpty() ? "(no reason given)" : reason)
                        .append('\n');
                String detail = t.outcome() == Outcome.ERROR ? lastLines(t.detail()) : "";
                if (!detail.isEmpty()) out.append(in3).append("Detail: ").append(detail).append('\n');
                if (t.logPath() != null && !t.logPath().isBlank()) {
                    out.append(in3).append("Log: ")
                            .append(runDir.toAbsolutePath().normalize().resolve(SafeText.oneLine(t.logPath())))
                            .append('\n');
                }
            }
        }
    }

    /** A section, only when some test passed after a run of it ended in ERROR ({@code --retries}). */
    private static void flaky(StringBuilder out, RunReport report) {
        StringBuilder section = new StringBuilder();
        for (GroupResult g : report.groups()) {
            for (TestResult t : g.tests()) {
                if (!t.flaky()) {
                    continue;
                }
                section.append(INDENT).append(SafeText.oneLine(g.groupId())).append('@')
                        .append(SafeText.oneLine(g.deviceId())).append(": ").append(SafeText.oneLine(t.name()))
                        .append(" (").append(t.attempts()).append(" attempts)\n");
            }
        }
        if (section.length() > 0) {
            out.append("Flaky Tests (ERROR, then passed when run again):\n").append(section).append(RULE).append('\n');
        }
    }

    /**
     * The end of an error's detail (a tool's last output), on one line: its last {@value #DETAIL_LINES} non-blank
     * lines joined with {@code " | "}, at most {@value #DETAIL_CHARS} characters (the end kept); empty when none.
     */
    private static String lastLines(String detail) {
        if (detail == null || detail.isBlank()) return "";
        java.util.Deque<String> kept = new java.util.ArrayDeque<>();
        String[] lines = detail.split("\\R");
        for (int i = lines.length - 1; i >= 0 && kept.size() < DETAIL_LINES; i--) {
            if (!lines[i].isBlank()) kept.addFirst(SafeText.oneLine(lines[i]));
        }
        String joined = String.join(" | ", kept);
        return joined.length() <= DETAIL_CHARS ? joined : "..." + joined.substring(joined.length() - DETAIL_CHARS);
    }

    private static void labelled(StringBuilder out, String label, String value) {
        out.append(pad(label, LABEL_WIDTH)).append(value).append('\n');
    }

    private static void path(StringBuilder out, String label, Path path) {
        out.append(pad(label, PATH_LABEL_WIDTH)).append(path).append('\n');
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }
}
