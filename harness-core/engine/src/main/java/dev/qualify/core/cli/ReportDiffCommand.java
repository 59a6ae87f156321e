package dev.qualify.core.cli;

import dev.qualify.api.report.ExitCodes;
import dev.qualify.api.report.RunReport;
import dev.qualify.core.diff.DiffHtml;
import dev.qualify.core.diff.DiffText;
import dev.qualify.core.diff.RunDiff;
import dev.qualify.core.engine.ReportBuilder;
import dev.qualify.core.engine.RunHistory;
import dev.qualify.core.engine.RunJournal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code qualify report diff OLD_RUN NEW_RUN [--html FILE]}: the regressions, fixes, new and removed tests between
 * two runs, read from their journals ({@link ReportBuilder}), as text and optionally as an HTML page.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compare two runs test by test: regressions (passed, now failed or error), fixes, new tests,"
                + " removed tests and other changes of outcome. A test is the same when its group, class and id are;"
                + " the device may differ.",
                "Exit 0 when no test regressed, 1 when one did, 2 when a run cannot be read."})
final class ReportDiffCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD_RUN", description = "The earlier run's directory (results/<run-id>) or its journal.jsonl.")
    Path oldRun;

    @Parameters(index = "1", paramLabel = "NEW_RUN", description = "The later run's directory or its journal.jsonl.")
    Path newRun;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write the diff as a self-contained HTML page.")
    Path html;

    @Override
    public Integer call() {
        RunReport before = read(oldRun, "OLD_RUN");
        RunReport after = read(newRun, "NEW_RUN");
        RunDiff diff = RunDiff.of(before, after);
        PrintWriter out = spec.commandLine().getOut();
        DiffText.print(diff, out);
        if (html != null) {
            try {
                DiffHtml.write(diff, html);
            } catch (IOException e) {
                throw new UsageException("--html " + html + ": cannot write the page: " + e.getMessage());
            }
            out.println("HTML: " + html.toAbsolutePath());
            out.flush();
        }
        return diff.hasRegressions() ? ExitCodes.TEST_FAILED : ExitCodes.PASSED;
    }

    /** The report of a run directory (or its journal file); exit 2 naming the argument when it is no readable run. */
    static RunReport read(Path run, String name) {
        boolean journal = Files.isRegularFile(run) && run.getFileName().toString().equals(RunJournal.FILE_NAME);
        try {
            return ReportBuilder.build(RunHistory.read(journal ? run.toAbsolutePath().getParent() : run).events());
        } catch (RunHistory.NotARunException e) {
            throw new UsageException(name + ": " + e.getMessage() + "; give a results/<run-id> directory or its "
                    + RunJournal.FILE_NAME);
        }
    }
}
