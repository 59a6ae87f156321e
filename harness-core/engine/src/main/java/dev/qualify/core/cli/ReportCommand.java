package dev.qualify.core.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code qualify report}: works on run directories after the run (sign and verify a bundle, merge shards, diff
 * two runs). Each subcommand is a class of its own, listed here.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Work on finished run directories: sign, verify, merge, diff.",
        subcommands = {ReportSignCommand.class, ReportVerifyCommand.class, ReportMergeCommand.class,
                ReportDiffCommand.class})
final class ReportCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
