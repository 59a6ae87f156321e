package dev.qualify.core.cli;

import dev.qualify.api.suite.GroupDescriptor;
import dev.qualify.api.suite.QualificationSuite;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code qualify list-test-cases}. */
@Command(name = "list-test-cases", mixinStandardHelpOptions = true, description = "List the test cases of groups.")
final class ListTestCasesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"--suite", "--suite-id"}, paramLabel = "ID", description = "Default: the only suite of --suite-path, else " + Selection.DEFAULT_SUITE)
    String suite;

    @CommandLine.Mixin
    SuitePathOption suitePath;

    @Option(names = {"--group", "--group-id", "-g"}, paramLabel = "ID[,ID...]", description = "Groups (default: all).")
    List<String> groups;

    @Override
    public Integer call() {
        QualificationSuite s = Selection.suite(SuitePathOption.catalog(suitePath), suite);
        List<String> wanted = Selection.split(groups);
        var out = spec.commandLine().getOut();
        wanted.forEach(w -> Selection.group(s, w)); // unknown or not available: exit 2 before any output
        for (GroupDescriptor g : s.groups()) {
            if (!wanted.isEmpty() && !wanted.contains(g.id())) continue;
            out.println(g.id() + ":");
            for (String c : g.cases()) out.println("  " + c);
        }
        if (wanted.isEmpty()) {
            s.unavailableGroups().forEach((id, why) -> out.println(id + ": (" + Selection.NOT_AVAILABLE + why + ")"));
        }
        return 0;
    }
}
