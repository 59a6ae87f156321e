package dev.qualify.core.cli;

import dev.qualify.api.report.ExitCodes;
import dev.qualify.api.suite.GroupDescriptor;
import dev.qualify.api.suite.QualificationSuite;
import dev.qualify.core.config.ConfigException;
import dev.qualify.core.config.ConfigLoader;
import dev.qualify.core.config.PoolSpec;
import dev.qualify.core.config.QualifyConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code qualify list-groups [--config FILE [--pool ID]]}: every group of a suite, whether qualification requires it
 * and which pool features select it, then the groups the suite names but cannot run in this version. With a config,
 * each group also says whether a run on the pool runs it, and if not, why (the same reason {@code qualify run}
 * prints).
 */
@Command(name = "list-groups", mixinStandardHelpOptions = true,
        description = "List the groups of a suite: required or optional, the features that select each; with --config,"
                + " which ones a run on the pool runs and why the others are not run.")
final class ListGroupsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"--suite", "--suite-id"}, paramLabel = "ID", description = "Default: the only suite of --suite-path, else " + Selection.DEFAULT_SUITE)
    String suite;

    @CommandLine.Mixin
    SuitePathOption suitePath;

    @Option(names = "--config", paramLabel = "FILE", description = "A config: say which groups its pool runs, and why the others are not run.")
    Path config;

    @Option(names = {"--pool", "--pool-id"}, paramLabel = "ID", description = "The pool of --config; needed when it has several.")
    String pool;

    @Override
    public Integer call() {
        QualificationSuite s = Selection.suite(SuitePathOption.catalog(suitePath), suite);
        PrintWriter out = spec.commandLine().getOut();
        if (pool != null && config == null) throw new UsageException("--pool needs --config (the file the pool is in)");
        PoolSpec p = null;
        CloudView cloud = null;
        if (config != null) {
            QualifyConfig cfg;
            try {
                cfg = new ConfigLoader(Plugins.drivers(), Plugins.clouds()).load(config);
            } catch (ConfigException e) {
                spec.commandLine().getErr().println("qualify: configuration error in " + e.getMessage());
                return ExitCodes.USAGE;
            }
            p = Selection.pool(cfg, pool);
            cloud = CloudView.of(cfg, Plugins.clouds());
        }
        print(s, p, cloud, out);
        return 0;
    }

    /** The listing; without a pool, no run/not-run column. */
    static void print(QualificationSuite s, PoolSpec p, PrintWriter out) {
        print(s, p, null, out);
    }

    /**
     * The listing; without a pool, no run/not-run column; with a cloud, a group or the cases the cloud cannot run
     * ({@link dev.qualify.api.cloud.NeedsEmulatedCloud}) are said to be skipped, and why.
     */
    static void print(QualificationSuite s, PoolSpec p, CloudView cloud, PrintWriter out) {
        Map<String, String> notRun = p == null ? Map.of()
                : Selection.groups(s, List.of(), List.of(), p.features()).getValue();
        if (p != null) {
            out.println("Pool " + p.id() + " (features: " + (p.features().isEmpty() ? "none"
                    : new java.util.TreeMap<>(p.features()).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))) + ")");
        }
        if (cloud != null) out.println(cloud.describe());
        List<String[]> rows = new java.util.ArrayList<>();
        rows.add(new String[]{"GROUP", "REQUIRED", "SELECTED BY FEATURES", p == null ? "TITLE" : "ON THIS POOL"});
        for (GroupDescriptor g : s.groups()) {
            String features = g.features().isEmpty() ? "(any pool)" : Selection.describeFeatures(g);
            String last = p == null ? g.title() : notRun.containsKey(g.id()) ? "not run: " + notRun.get(g.id())
                    : cloud == null ? "runs" : cloud.runs(g);
            rows.add(new String[]{g.id(), g.required() ? "required" : "optional", features, last});
        }
        s.unavailableGroups().forEach((id, why) ->
                rows.add(new String[]{id, "-", "-", (p == null ? "" : "not run: ") + Selection.NOT_AVAILABLE + why}));
        int idWidth = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        int featureWidth = rows.stream().mapToInt(r -> r[2].length()).max().orElse(0);
        String format = "%-" + idWidth + "s  %-8s  %-" + featureWidth + "s  %s%n";
        for (String[] r : rows) out.printf(format, (Object[]) r);
    }
}
