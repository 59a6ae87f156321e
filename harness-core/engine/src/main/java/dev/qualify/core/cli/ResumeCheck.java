package dev.qualify.core.cli;

import dev.qualify.api.suite.GroupDescriptor;
import dev.qualify.api.suite.QualificationSuite;
import dev.qualify.core.config.PoolSpec;
import dev.qualify.core.config.QualifyConfig;
import dev.qualify.core.engine.ConfigDigest;
import dev.qualify.core.engine.Resumption;
import dev.qualify.core.engine.RunHistory;
import dev.qualify.core.journal.RunStarted;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The checks of {@code qualify run --resume RUN_DIR} before anything touches a device: the directory is a run, the
 * options do not choose another selection, the config is the run's ({@link ConfigDigest}) and so is the suite, and
 * the run has something left to run. Each failure is a usage error (exit 2) that says why.
 */
final class ResumeCheck {
    /** Options a resumed run takes from its journal instead. */
    private static final List<String> FROM_JOURNAL = List.of("--suite", "--pool", "--group", "--skip-group", "--test",
            "--shard", "--output", "--timeout-multiplier");

    private ResumeCheck() {
    }

    /** The run in {@code dir}, refusing options that would choose another selection. */
    static RunHistory open(Path dir, CommandLine.ParseResult options) {
        for (String o : FROM_JOURNAL) {
            if (options.hasMatchedOption(o)) {
                throw new UsageException("--resume takes the suite, pool, selection, output and timeout multiplier from the"
                        + " run's journal: leave out " + o);
            }
        }
        try {
            return RunHistory.read(dir);
        } catch (RunHistory.NotARunException e) {
            throw new UsageException("cannot resume " + dir + ": " + e.getMessage());
        }
    }

    /** The pool the run ran on, from {@code cfg}. */
    static PoolSpec pool(RunHistory run, QualifyConfig cfg) {
        return Selection.pool(cfg, run.started().pool());
    }

    /**
     * Checks that the run can go on with {@code suite} and {@code cfg}.
     *
     * @return the exit code to end with when the run already finished (it is said on {@code out}); empty to resume
     */
    static Optional<Integer> check(RunHistory run, QualificationSuite suite, QualifyConfig cfg, PoolSpec pool, PrintWriter out) {
        RunStarted s = run.started();
        if (!suite.version().equals(s.suiteVersion())) {
            throw new UsageException("cannot resume " + run.runDir() + ": it ran suite " + s.suite() + " " + s.suiteVersion()
                    + ", and this Qualify has version " + suite.version() + "; resume it with the Qualify that started it");
        }
        if (s.configDigest() == null) {
            throw new UsageException("cannot resume " + run.runDir() + ": its journal records no config digest (a run of an"
                    + " earlier Qualify), so its config cannot be checked");
        }
        String digest = ConfigDigest.of(cfg, pool, suite.id());
        if (!digest.equals(s.configDigest())) {
            throw new UsageException("cannot resume " + run.runDir() + ": it ran with another config (" + s.config()
                    + ", digest " + ConfigDigest.shortForm(s.configDigest()) + "); " + cfg.file() + " has digest "
                    + ConfigDigest.shortForm(digest) + " (its suite parameters or pool features differ); resume with the"
                    + " config the run started with");
        }
        if (run.complete()) {
            int exit = run.finished().orElseThrow().exitCode();
            out.println("Run " + s.runId() + " already finished (exit " + exit + "): nothing to resume. Report: "
                    + run.runDir().toAbsolutePath().resolve("report.html"));
            return Optional.of(exit);
        }
        return Optional.empty();
    }

    /** The groups the resumed run runs, said on {@code out}. */
    static List<GroupDescriptor> groups(RunHistory run, QualificationSuite suite, PrintWriter out) {
        List<String> ids = Resumption.toRun(run);
        List<String> cut = run.cutOff().stream().map(RunHistory.GroupOnDevice::group).distinct().toList();
        out.println("Resuming run " + run.started().runId() + ": " + run.finishedGroups().size() + " group(s) finished and kept"
                + (cut.isEmpty() ? "" : ", cut off and run again: " + String.join(", ", cut))
                + (ids.isEmpty() ? "; nothing left to run" : "; to run: " + String.join(", ", ids)));
        return ids.stream().map(id -> Selection.group(suite, id)).toList();
    }
}
