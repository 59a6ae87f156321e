package dev.qualify.core.cli;

import dev.qualify.core.config.ConfigException;
import dev.qualify.core.config.ConfigLoader;
import dev.qualify.core.config.PoolSpec;
import dev.qualify.core.config.QualifyConfig;
import dev.qualify.api.support.Suggestions;
import dev.qualify.api.driver.SettingsException;
import dev.qualify.api.report.ExitCodes;
import dev.qualify.core.engine.RunEngine;
import dev.qualify.core.engine.RunPlan;
import dev.qualify.core.engine.RunResult;
import dev.qualify.api.suite.GroupDescriptor;
import dev.qualify.api.suite.QualificationSuite;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code qualify run}: runs a suite on a pool and writes the reports. */
@Command(name = "run", aliases = "run-suite", mixinStandardHelpOptions = true,
        description = "Run a qualification suite on a device pool and write junit.xml, report.html and results.json.")
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "qualify.yaml",
            description = "The config file (YAML, or JSON), or IDT's configs folder. Default: ${DEFAULT-VALUE}")
    Path config;

    @Option(names = {"--suite", "--suite-id"}, paramLabel = "ID",
            description = "Suite to run. Default: the only suite of --suite-path, else " + Selection.DEFAULT_SUITE)
    String suite;

    @CommandLine.Mixin
    SuitePathOption suitePath;

    @Option(names = {"--pool", "--pool-id"}, paramLabel = "ID", description = "Device pool; needed when the config has several.")
    String pool;

    @Option(names = {"--group", "--group-id", "-g"}, paramLabel = "ID[,ID...]", description = "Groups to run (repeatable). Default: all the pool supports.")
    List<String> groups;

    @Option(names = {"--skip-group", "--skip-group-id"}, paramLabel = "ID[,ID...]", description = "Groups to leave out (repeatable).")
    List<String> skipGroups;

    @Option(names = {"--test", "--test-id"}, paramLabel = "ID[,ID...]", description = "Test cases to run; needs exactly one --group.")
    List<String> tests;

    @Option(names = "--timeout-multiplier", paramLabel = "X", defaultValue = "1.0", description = "Multiply every deadline. Default: ${DEFAULT-VALUE}")
    double timeoutMultiplier;

    @Option(names = "--output", paramLabel = "DIR", defaultValue = "results", description = "Results directory. Default: ${DEFAULT-VALUE}")
    Path output;

    @CommandLine.Mixin
    IdtCompatCommands.RunOptions idt = new IdtCompatCommands.RunOptions();

    @Option(names = "--stop-on-first-failure", description = "Hand out no more groups after the first failed test.")
    boolean stopOnFirstFailure;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "0", description = "Run a group again, up to N times, when"
            + " its tests ended in ERROR (port gone, flash failed, timeout), on another device of the pool when there is"
            + " one; a FAILED verdict is never retried. A device whose groups end in ERROR twice is taken out of the pool."
            + " Default: ${DEFAULT-VALUE}")
    int retries;

    @Option(names = "--lock-dir", paramLabel = "DIR", description = "The lab lock directory: one lock per device id, so no two runs"
            + " share a device. Default: $" + dev.qualify.core.lab.DeviceLocks.ENV + ", else $${XDG_STATE_HOME:-~/.local/state}/qualify/locks")
    Path lockDir;

    @Option(names = "--device-wait", paramLabel = "DURATION", description = "How long to wait for a device another run holds"
            + " (e.g. 30s, 2m). Default: 0, exit 3 at once")
    String deviceWait;

    @CommandLine.Mixin
    SigningOptions signing = new SigningOptions();

    @Option(names = "--plain", description = "One line per event, also on a terminal. Without it a terminal shows a status"
            + " line per device; in CI (CI set) and when stdout is not a terminal the output is one line per event anyway.")
    boolean plain;

    @Option(names = "--shard", paramLabel = "I/N", description = "Run part I of N of the selected groups (1/4 .. 4/4), the"
            + " same part on every host; join the runs with 'qualify report merge'.")
    String shard;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Go on with a run whose process died: keep the groups"
            + " that finished, run the cut-off one and the rest again in RUN_DIR, and write the reports as one run.")
    Path resume;

    @Override
    public Integer call() throws Exception {
        return execute(config, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    int execute(Path configFile, java.io.PrintWriter out, java.io.PrintWriter err) throws Exception {
        if (timeoutMultiplier <= 0) throw new UsageException("--timeout-multiplier must be greater than 0");
        if (retries < 0) throw new UsageException("--retries must be 0 or more, not " + retries);
        Duration wait = deviceWait == null ? Duration.ZERO : dev.qualify.api.support.Durations.parse(deviceWait)
                .orElseThrow(() -> new UsageException("--device-wait wants a duration such as 30s, 2m or 1h, not '" + deviceWait + "'"));
        var signer = signing.load(); // a bad key, passphrase or certificate exits 2 before anything is touched
        Shard part = shard == null ? null : Shard.parse(shard);
        var resumed = resume == null ? null : ResumeCheck.open(resume, spec.commandLine().getParseResult());
        SuiteCatalog catalog = SuitePathOption.catalog(suitePath);
        QualificationSuite s = Selection.suite(catalog, resumed != null ? resumed.started().suite() : suite);
        QualifyConfig cfg;
        try {
            idt.explain(out);
            cfg = idt.load(configFile);
        } catch (ConfigException e) {
            err.println("qualify: configuration error in " + e.getMessage());
            return ExitCodes.USAGE;
        }
        PoolSpec p = resumed != null ? ResumeCheck.pool(resumed, cfg) : pool(cfg);
        try {
            s.validate(new dev.qualify.api.suite.SuiteParameters(cfg.suites().getOrDefault(s.id(), Map.of()), cfg.baseDir()));
        } catch (SettingsException e) {
            String ptr = "/suites/" + s.id() + (e.key() == null ? "" : "/" + e.key().replace(".", "/"));
            err.println("qualify: configuration error in " + new ConfigException(cfg.locator().keyOf(ptr),
                    "suites." + s.id() + (e.key() == null ? "" : "." + e.key()), e.getMessage(), e.suggestion()).getMessage());
            return ExitCodes.USAGE;
        }
        if (resumed != null) {
            var done = ResumeCheck.check(resumed, s, cfg, p, out);
            if (done.isPresent()) return done.get();
        }
        List<String> selected = Selection.split(groups);
        List<String> testIds = resumed != null ? resumed.started().tests() : Selection.split(tests);
        if (resumed == null && !testIds.isEmpty() && selected.size() != 1) {
            throw new UsageException("--test needs exactly one --group (the group the test cases belong to)");
        }
        List<GroupDescriptor> run;
        Map<String, String> notRunnable = Map.of();
        if (resumed != null) {
            run = ResumeCheck.groups(resumed, s, out);
        } else {
            Selection.featureTypos(s, cfg, p).forEach(w -> err.println("qualify: warning: " + w));
            var chosen = Selection.groups(s, selected, Selection.split(skipGroups), p.features());
            run = chosen.getKey();
            notRunnable = chosen.getValue();
            notRunnable.forEach((g, why) -> out.println("Group " + g + " is not run: " + why));
            if (run.isEmpty()) {
                throw new UsageException("no group to run: every selected group is skipped or unsupported by pool " + p.id());
            }
        }
        List<String> selection = run.stream().map(GroupDescriptor::id).toList();
        if (part != null) {
            run = part.of(run);
            out.println("Shard " + part + " runs " + run.size() + " of the " + selection.size() + " selected groups: "
                    + String.join(", ", run.stream().map(GroupDescriptor::id).toList()));
        }
        RunPlan plan = new RunPlan(s.id(), p.id(), selected, Selection.split(skipGroups), testIds,
                resumed != null ? resumed.started().timeoutMultiplier() : timeoutMultiplier, output,
                stopOnFirstFailure, Installation.home(), Installation.version());
        boolean color = System.console() != null && System.getenv("NO_COLOR") == null;
        java.io.PrintStream progressOut = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        ProgressView progress = ProgressView.open(plain, System.getenv(), progressOut, color);
        RunEngine engine = new RunEngine(cfg, plan, s, Plugins.drivers(), Plugins.clouds(), Plugins.reportWriters(),
                progress, Clock.systemUTC());
        try {
            engine.checkCloud(); // an unreachable broker (exit 3), a wrong CA or credentials (exit 2), before any device
        } catch (SettingsException e) {
            String ptr = "/cloud" + (e.key() == null ? "" : "/" + e.key().replace(".", "/"));
            err.println("qualify: configuration error in " + new ConfigException(cfg.locator().keyOf(ptr),
                    "cloud" + (e.key() == null ? "" : "." + e.key()), e.getMessage(), e.suggestion()).getMessage());
            return ExitCodes.USAGE;
        }
        signer.ifPresent(id -> engine.afterReports(signing.step(id, out, err)));
        if (part != null) engine.shard(part.toString(), selection);
        engine.retries(retries);
        engine.lockDevices(lockDir != null ? lockDir : dev.qualify.core.lab.DeviceLocks.defaultDir(System.getenv()), wait, m -> {
            err.println("qualify: " + m);
            err.flush();
        });
        installSignalHandlers(engine, progress);
        out.flush();
        // the Launcher, the Scheduler's threads and Jupiter see the suite jars' classes through the context loader
        Thread me = Thread.currentThread();
        ClassLoader before = me.getContextClassLoader();
        me.setContextClassLoader(catalog.loader());
        RunResult result;
        try {
            result = resumed != null ? engine.resume(resumed, p, run) : engine.run(p, run, notRunnable);
        } finally {
            me.setContextClassLoader(before);
            progress.close();
        }
        Path summary = result.runDir().resolve("summary.txt");
        out.println();
        if (Files.exists(summary)) out.print(Files.readString(summary, StandardCharsets.UTF_8));
        out.println("Report: " + result.runDir().resolve("report.html"));
        out.flush();
        return signing.exitCode(result.exitCode());
    }

    private PoolSpec pool(QualifyConfig cfg) {
        if (pool == null) {
            if (cfg.pools().size() == 1) return cfg.pools().get(0);
            throw new UsageException("the config has " + cfg.pools().size() + " pools; choose one with --pool: "
                    + cfg.pools().stream().map(PoolSpec::id).toList());
        }
        return cfg.pool(pool).orElseThrow(() -> {
            List<String> ids = cfg.pools().stream().map(PoolSpec::id).toList();
            return new UsageException("no pool '" + pool + "' in " + cfg.file()
                    + Suggestions.closest(pool, ids).map(x -> "; did you mean '" + x + "'?").orElse("; pools: " + ids));
        });
    }

    /** How long a SIGINT or SIGTERM waits for the run to stop before its report is written from the journal. */
    private static final Duration INTERRUPT_WAIT = Duration.ofSeconds(30);

    /**
     * On SIGINT or SIGTERM the run stops handing out groups, interrupts what runs, kills child process trees and
     * writes its reports; the main thread then exits with 130. A run that cannot finish within {@link #INTERRUPT_WAIT}
     * gets its reports written from its journal (see {@link RunEngine#interrupt}), and the process ends with 130 after
     * {@code progress} restored the terminal.
     */
    private static void installSignalHandlers(RunEngine engine, ProgressView progress) {
        for (String name : new String[]{"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), sig -> {
                    Thread t = new Thread(() -> {
                        System.err.println("\nqualify: SIG" + sig.getName() + " received: stopping, killing child processes, writing the report...");
                        if (!engine.interrupt("SIG" + sig.getName(), INTERRUPT_WAIT)) {
                            System.err.println("qualify: the run did not stop within " + INTERRUPT_WAIT.toSeconds()
                                    + " s; its report was written from the journal as it stood"
                                    + engine.runDirectory().map(d -> ": " + d.resolve("report.html")).orElse(""));
                        }
                        try {
                            Thread.sleep(2000); // let the main thread print the summary and exit with 130
                        } catch (InterruptedException ignored) {
                            // exit now
                        }
                        progress.close(); // a terminal gets its cursor and its whole screen back
                        Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
                    }, "qualify-interrupt");
                    t.setDaemon(true);
                    t.start();
                });
            } catch (IllegalArgumentException unsupported) {
                // a JVM without this signal: the default handling stays
            }
        }
    }
}
