package dev.qualify.core.cli;

import dev.qualify.core.engine.RunMerge;
import dev.qualify.core.engine.RunResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code qualify report merge OUT RUN_DIR...}: one run from the runs of the shards of a selection (see
 * {@link RunMerge}); exits with the exit code the merged results give, or 2 with the reason when the runs do not
 * make one run.
 */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Merge the runs of the shards of one selection (qualify run --shard I/N) into the new run"
                + " directory OUT: one journal, the reports rendered from it, every log under the same path.",
                "Refused (exit 2) for runs of different suite versions, configs or selections, for a group found in two"
                        + " runs, and for a selection some group of which no run holds. Otherwise exits as the merged run:"
                        + " 0 passed, 1 a test failed, 3 infrastructure errors, 130 a run did not finish."})
final class ReportMergeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OUT", description = "The merged run's directory; new, or empty.")
    Path out;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "RUN_DIR", description = "The run directories to merge.")
    List<Path> runs;

    @Override
    public Integer call() throws Exception {
        RunResult merged;
        try {
            merged = RunMerge.merge(out, runs, Plugins.reportWriters());
        } catch (RunMerge.Refused e) {
            throw new UsageException("cannot merge: " + e.getMessage());
        }
        PrintWriter o = spec.commandLine().getOut();
        Path summary = merged.runDir().resolve("summary.txt");
        o.println("Merged " + runs.size() + " run(s): " + merged.report().groups().size() + " group results, "
                + merged.report().testCount() + " tests.");
        if (Files.exists(summary)) o.print(Files.readString(summary, StandardCharsets.UTF_8));
        o.println("Report: " + merged.runDir().toAbsolutePath().resolve("report.html"));
        o.flush();
        return merged.exitCode();
    }
}
