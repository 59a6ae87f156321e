package dev.qualify.core.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code --suite-path JAR|DIR} (repeatable), shared by the commands that use suites. */
final class SuitePathOption {
    @Option(names = "--suite-path", paramLabel = "JAR|DIR",
            description = "A suite jar of your own (built from a 'qualify new-suite' project), or a directory of such"
                    + " jars; repeatable. Its suites are used beside the built-in ones.")
    List<Path> entries = new ArrayList<>();

    /** The built-in suites and those of {@code --suite-path}; exit 2 for a bad jar. */
    SuiteCatalog catalog() {
        return SuiteCatalog.load(entries);
    }

    static SuiteCatalog catalog(SuitePathOption option) {
        return option == null ? SuiteCatalog.builtIn() : option.catalog();
    }
}
