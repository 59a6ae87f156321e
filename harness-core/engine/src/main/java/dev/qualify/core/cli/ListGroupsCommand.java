package dev.qualify.core.cli;

import dev.qualify.api.suite.GroupDescriptor;
import dev.qualify.api.suite.QualificationSuite;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code qualify list-groups}. */
@Command(name = "list-groups", mixinStandardHelpOptions = true, description = "List the groups of a suite.")
final class ListGroupsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"--suite", "--suite-id"}, paramLabel = "ID", description = "Default: the only suite of --suite-path, else " + Selection.DEFAULT_SUITE)
    String suite;

    @CommandLine.Mixin
    SuitePathOption suitePath;

    @Override
    public Integer call() {
        QualificationSuite s = Selection.suite(SuitePathOption.catalog(suitePath), suite);
        var out = spec.commandLine().getOut();
        for (GroupDescriptor g : s.groups()) {
            out.printf("%-34s %-9s %s%s%n", g.id(), g.required() ? "required" : "optional", g.title(),
                    g.features().isEmpty() ? "" : "  [needs " + String.join(", ", g.features()) + "]");
        }
        return 0;
    }
}
