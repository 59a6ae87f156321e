package dev.qualify.core.cli;

import dev.qualify.api.suite.QualificationSuite;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code qualify list-suites}. */
@Command(name = "list-suites", mixinStandardHelpOptions = true, description = "List the installed suites.")
final class ListSuitesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        for (QualificationSuite s : Plugins.suites()) {
            out.printf("%-28s %-10s %s (%d groups)%n", s.id(), s.version(), s.title(), s.groups().size());
        }
        return 0;
    }
}
