package dev.qualify.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qualify.api.report.Outcome;
import dev.qualify.core.engine.RunJournal;
import dev.qualify.core.journal.GroupFinished;
import dev.qualify.core.journal.GroupStarted;
import dev.qualify.core.journal.RunFinished;
import dev.qualify.core.journal.RunStarted;
import dev.qualify.core.journal.TestFinished;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qualify report diff} through the real command line, on journals written by the real journal. */
class ReportDiffCommandTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void listsRegressionsFixesNewAndRemovedTestsAndExitsOneForARegression() throws Exception {
        Path old = run("old", Map.of("Keep", Outcome.PASSED, "Breaks", Outcome.PASSED, "Heals", Outcome.FAILED,
                "Goes", Outcome.PASSED, "Flips", Outcome.FAILED));
        Path now = run("new", Map.of("Keep", Outcome.PASSED, "Breaks", Outcome.ERROR, "Heals", Outcome.PASSED,
                "Comes", Outcome.FAILED, "Flips", Outcome.ERROR));

        int code = diff(old.toString(), now.toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("Old run: old (suite 1.0", "New run: new (suite 1.0",
                "Regressions (passed -> failed or error): 1\n  G Breaks: PASSED -> ERROR on dev-1 - Breaks did ERROR\n",
                "Fixes (failed or error -> passed): 1\n  G Heals: FAILED -> PASSED on dev-1\n",
                "New tests: 1\n  G Comes: new: FAILED on dev-1 - Comes did FAILED\n",
                "Removed tests: 1\n  G Goes: removed (was PASSED) on dev-1\n",
                "Other changes: 1\n  G Flips: FAILED -> ERROR on dev-1",
                "1 regression, 1 fix, 1 new, 1 removed, 1 other change, 1 unchanged");
    }

    @Test
    void exitsZeroWithoutARegressionAndWritesTheHtmlPageEscaped() throws Exception {
        Path old = run("old", Map.of("A", Outcome.FAILED));
        Path now = run("new", Map.of("A", Outcome.PASSED, "<script>alert(1)</script>", Outcome.PASSED));
        Path page = dir.resolve("out/diff.html");

        int code = diff(old.resolve("journal.jsonl").toString(), now.toString(), "--html", page.toString());

        assertThat(code).isEqualTo(0);
        String html = Files.readString(page);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("No regressions", "Fixes: failed or error, now passed",
                "FAILED -&gt; PASSED", "&lt;script&gt;alert(1)&lt;/script&gt;", "new: PASSED")
                .doesNotContain("<script", "http://", "https://");
        assertThat(out.toString()).contains("HTML: " + page.toAbsolutePath());
    }

    @Test
    void aDirectoryThatIsNotARunExitsTwoNamingIt() throws Exception {
        Path now = run("new", Map.of("A", Outcome.PASSED));
        Path empty = Files.createDirectories(dir.resolve("not-a-run"));

        assertThat(diff(empty.toString(), now.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("OLD_RUN: " + empty + " is not a run directory: it has no journal.jsonl");

        Path notes = Files.createDirectories(dir.resolve("notes"));
        Files.writeString(notes.resolve("journal.jsonl"), "{\"event\":\"note\",\"at\":\"2026-01-02T03:04:05Z\",\"text\":\"x\"}\n");
        assertThat(diff(now.toString(), notes.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("NEW_RUN: " + notes.resolve("journal.jsonl")
                + " does not begin with a run-started event: it is not the journal of a run");

        assertThat(diff(now.toString())).as("one run only").isEqualTo(2);
    }

    private int diff(String... args) {
        CommandLine cl = QualifyMain.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 2];
        all[0] = "report";
        all[1] = "diff";
        System.arraycopy(args, 0, all, 2, args.length);
        return cl.execute(all);
    }

    /** A run directory whose journal has one group G on dev-1 with these tests (sorted by name). */
    private Path run(String id, Map<String, Outcome> tests) throws Exception {
        Path runDir = Files.createDirectories(dir.resolve(id));
        try (RunJournal journal = new RunJournal(runDir.resolve(RunJournal.FILE_NAME))) {
            journal.append(new RunStarted(T0, id, "suite", "1.0", "pool", "0.1", "qualify.yaml", 1.0, List.of("G"),
                    List.of(new RunStarted.Device("dev-1", "pool", "tcp", Map.of(), Map.of()))));
            journal.append(new GroupStarted(T0, "dev-1", "G", "G", true));
            for (String name : new java.util.TreeSet<>(tests.keySet())) {
                TestFinished.Case c = new TestFinished.Case("dev-1", "G", name, "G.Class", "logs/dev-1/G/" + name + ".log");
                Outcome o = tests.get(name);
                journal.append(switch (o) {
                    case PASSED -> TestFinished.passed(T0, c, Duration.ZERO);
                    case FAILED -> TestFinished.failed(T0, c, name + " did FAILED", null, Duration.ZERO);
                    case ERROR -> TestFinished.error(T0, c, name + " did ERROR", "timeout", null, Duration.ZERO);
                    case SKIPPED -> TestFinished.skipped(T0, c, "skip", Duration.ZERO);
                });
            }
            journal.append(new GroupFinished(T0, "dev-1", "G", 0));
            journal.append(new RunFinished(T0, 0, false));
        }
        return runDir;
    }
}
