package dev.qualify.core.cli;

import dev.qualify.api.suite.QualificationSuite;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code qualify list-suites}. */
@Command(name = "list-suites", mixinStandardHelpOptions = true, description = "List the installed suites, and those of --suite-path.")
final class ListSuitesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    SuitePathOption suitePath;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        SuiteCatalog catalog = SuitePathOption.catalog(suitePath);
        for (SuiteCatalog.Entry e : catalog.entries()) {
            QualificationSuite s = e.suite();
            out.printf("%-28s %-10s %s (%d groups)%s%n", s.id(), s.version(), s.title(), s.groups().size(),
                    e.origin().equals(SuiteCatalog.BUILT_IN) ? "" : "  from " + e.origin());
        }
        return 0;
    }
}
