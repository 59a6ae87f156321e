package dev.qualify.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Infrastructure errors through the real {@code bin/qualify}, one where the device cannot be prepared (its console
 * port is served by nobody) and one where the board dies in its tests (a hard fault): results.json, junit.xml, the
 * per-group JUnit files, report.html and summary.txt carry a one-line message and no Java stack trace; the trace is
 * in the logs.
 */
class StackTracesInLogsIT {
    /** A Java stack frame ({@code at dev.qualify.X.y(X.java:12)}) or an exception's class name line. */
    private static final Pattern TRACE = Pattern.compile("\\bat [a-z][\\w$]*(\\.[\\w$]+)+\\([^)]*\\)|\\w+(Exception|Error): ");

    @TempDir
    Path dir;

    @Test
    void aDeviceThatCannotBePreparedGivesReportsWithoutAStackTraceAndTheTraceIsInTheGroupLog() throws Exception {
        Qualify.Result r = runCore(new VirtualPool().deadBoard());
        assertReportsHaveNoTrace(r.runDir(), "port-unreachable");
        String groupLog = Files.readString(r.runDir().resolve("logs/board-1/FullPKCS11_Core/_group.log"), StandardCharsets.UTF_8);
        assertThat(groupLog).contains("stack trace").containsPattern("at dev\\.qualify\\.[\\w.$]+\\(");
    }

    @Test
    void aBoardThatDiesInItsTestsGivesReportsWithoutAStackTraceAndTheTraceIsInTheTestLog() throws Exception {
        Qualify.Result r = runCore(new VirtualPool().board("--hard-fault-after", "2"));
        assertReportsHaveNoTrace(r.runDir(), "device-crashed");
        String testLog = Files.readString(r.runDir().resolve("logs/board-1/FullPKCS11_Core/DeviceOutput.log"), StandardCharsets.UTF_8);
        assertThat(testLog).contains("stack trace").containsPattern("at dev\\.qualify\\.[\\w.$]+\\(");
    }

    /** Runs FullPKCS11_Core on the pool; it must end with an infrastructure error (exit 3). */
    private Qualify.Result runCore(VirtualPool pool) throws Exception {
        Path config = pool.write(dir);
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--group", "FullPKCS11_Core",
                "--output", dir.resolve("results").toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(3);
        return r;
    }

    private static void assertReportsHaveNoTrace(Path runDir, String errorType) throws Exception {
        List<Path> reports = new ArrayList<>(List.of(runDir.resolve("results.json"), runDir.resolve("junit.xml"),
                runDir.resolve("report.html"), runDir.resolve("summary.txt")));
        try (Stream<Path> junit = Files.list(runDir.resolve("junit"))) {
            junit.forEach(reports::add);
        }
        for (Path f : reports) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            assertThat(TRACE.matcher(text).results().map(m -> m.group()).toList()).as(f + ": stack trace lines").isEmpty();
        }
        assertThat(Files.readString(runDir.resolve("junit.xml"), StandardCharsets.UTF_8)).contains("type=\"" + errorType + "\"");
    }
}
