package dev.qualify.core.engine;

import dev.qualify.api.report.ExitCodes;
import dev.qualify.api.report.ReportWriter;
import dev.qualify.api.report.RunReport;
import dev.qualify.core.journal.JournalEvent;
import dev.qualify.core.journal.Note;
import dev.qualify.core.journal.RunFinished;
import dev.qualify.core.journal.RunResumed;
import dev.qualify.core.journal.RunStarted;
import dev.qualify.core.journal.TestFinished;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code qualify report merge}: one run built from the runs of several shards (or of any runs that split one
 * selection between them): one journal whose report is the union of theirs, the reports rendered from it, and
 * their logs under the same relative paths.
 *
 * <p>The runs must be of the same suite and suite version, of configs with the same {@link ConfigDigest}, of the
 * same selection (groups and test cases), and together hold every group of the selection exactly once; anything
 * else is {@link Refused refused} with the reason. The merged journal has one {@link RunStarted} (no shard), the
 * runs' events in time order (each run's own order kept; a resumed run's cut-off groups left out; a note that
 * several runs wrote, once) and one {@link RunFinished} whose exit code is what the union's results give.
 */
public final class RunMerge {
    private RunMerge() {
    }

    /** Why the runs cannot be merged; nothing has been written. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * Merges {@code runDirs} into the new run directory {@code out} and writes its reports with {@code writers}.
     *
     * @throws Refused when a directory is not a run, {@code out} is not new or empty, or the runs do not make one
     */
    public static RunResult merge(Path out, List<Path> runDirs, List<ReportWriter> writers) throws IOException {
        if (runDirs.isEmpty()) throw new Refused("name at least one run directory to merge");
        List<RunHistory> runs = new ArrayList<>();
        for (Path d : runDirs) {
            try {
                runs.add(RunHistory.read(d));
            } catch (RunHistory.NotARunException e) {
                throw new Refused(e.getMessage());
            }
        }
        checkOutput(out, runDirs);
        List<String> selection = check(runs);
        List<JournalEvent> journal = journal(out, runs, selection);
        Files.createDirectories(out.resolve("logs"));
        List<String> skipped = copyLogs(runs, out);
        try (RunJournal j = new RunJournal(out.resolve(RunJournal.FILE_NAME))) {
            RunFinished end = (RunFinished) journal.remove(journal.size() - 1);
            journal.forEach(j::append);
            for (String s : skipped) j.append(new Note(end.at(), s));
            j.append(end);
        }
        RunReport report = ReportBuilder.read(out.resolve(RunJournal.FILE_NAME));
        RunEngine.writeReports(report, out, writers);
        return new RunResult(report.exitCode(), out, report);
    }

    private static void checkOutput(Path out, List<Path> runDirs) throws IOException {
        Path o = out.toAbsolutePath().normalize();
        for (Path d : runDirs) {
            Path r = d.toAbsolutePath().normalize();
            if (o.startsWith(r) || r.startsWith(o)) {
                throw new Refused("the merged run " + out + " cannot be in or around the run " + d + ": choose a new directory");
            }
        }
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) throw new Refused(out + " exists and is not a directory: choose a new directory");
            try (Stream<Path> s = Files.list(out)) {
                if (s.findAny().isPresent()) throw new Refused(out + " exists and is not empty: choose a new directory");
            }
        }
    }

    /** @return the selection the runs share, in suite order */
    static List<String> check(List<RunHistory> runs) {
        RunHistory first = runs.get(0);
        RunStarted a = first.started();
        for (RunHistory run : runs.subList(1, runs.size())) {
            RunStarted b = run.started();
            if (!Objects.equals(a.suite(), b.suite()) || !Objects.equals(a.suiteVersion(), b.suiteVersion())) {
                throw new Refused("the runs are of different suites: " + first.runDir() + " ran " + a.suite() + " " + a.suiteVersion()
                        + ", " + run.runDir() + " ran " + b.suite() + " " + b.suiteVersion() + "; merge runs of one suite version");
            }
        }
        for (RunHistory run : runs) {
            if (run.started().configDigest() == null) {
                throw new Refused(run.runDir() + " records no config digest (a run of an earlier Qualify): its config cannot be"
                        + " checked against the others");
            }
        }
        for (RunHistory run : runs.subList(1, runs.size())) {
            RunStarted b = run.started();
            if (!a.configDigest().equals(b.configDigest())) {
                throw new Refused("the runs used different configs: " + first.runDir() + " has config digest "
                        + ConfigDigest.shortForm(a.configDigest()) + " (" + a.config() + "), " + run.runDir() + " has "
                        + ConfigDigest.shortForm(b.configDigest()) + " (" + b.config() + "); the suite parameters and pool"
                        + " features must be the same");
            }
            if (!Set.copyOf(a.selectedGroups()).equals(Set.copyOf(b.selectedGroups())) || !Set.copyOf(a.tests()).equals(Set.copyOf(b.tests()))) {
                throw new Refused("the runs made different selections: " + first.runDir() + " selected " + a.selectedGroups()
                        + (a.tests().isEmpty() ? "" : " tests " + a.tests()) + ", " + run.runDir() + " selected "
                        + b.selectedGroups() + (b.tests().isEmpty() ? "" : " tests " + b.tests())
                        + "; run every shard with the same --group, --skip-group and --test options");
            }
        }
        Map<String, RunHistory> owner = new LinkedHashMap<>();
        for (RunHistory run : runs) {
            for (String g : run.started().groups()) {
                RunHistory other = owner.putIfAbsent(g, run);
                if (other != null) {
                    throw new Refused("group " + g + " is in two of the runs: " + other.runDir() + shard(other) + " and "
                            + run.runDir() + shard(run) + "; merge each shard once");
                }
            }
        }
        List<String> missing = a.selectedGroups().stream().filter(g -> !owner.containsKey(g)).toList();
        if (!missing.isEmpty()) {
            throw new Refused("no run holds " + (missing.size() == 1 ? "group " : "groups ") + String.join(", ", missing)
                    + " of the selection" + missingShards(runs) + "; merge every shard of the selection");
        }
        return a.selectedGroups();
    }

    private static String shard(RunHistory run) {
        return run.started().shard() == null ? " (not sharded)" : " (shard " + run.started().shard() + ")";
    }

    private static String missingShards(List<RunHistory> runs) {
        Set<String> have = new HashSet<>();
        Set<String> counts = new LinkedHashSet<>();
        for (RunHistory r : runs) {
            String s = r.started().shard();
            if (s == null) return "";
            have.add(s);
            counts.add(s.substring(s.indexOf('/') + 1));
        }
        if (counts.size() != 1) return "";
        int n = Integer.parseInt(counts.iterator().next());
        List<String> lack = new ArrayList<>();
        for (int i = 1; i <= n; i++) if (!have.contains(i + "/" + n)) lack.add(i + "/" + n);
        return lack.isEmpty() ? "" : " (missing: shard " + String.join(", ", lack) + ")";
    }

    /** The merged journal: its start, the runs' events in time order, its end. */
    private static List<JournalEvent> journal(Path out, List<RunHistory> runs, List<String> selection) {
        List<List<JournalEvent>> bodies = new ArrayList<>();
        Instant start = null;
        Instant end = Instant.EPOCH;
        Map<String, RunStarted.Device> devices = new LinkedHashMap<>();
        Set<String> pools = new LinkedHashSet<>();
        Set<String> versions = new LinkedHashSet<>();
        Set<Double> multipliers = new LinkedHashSet<>();
        List<String> notes = new ArrayList<>();
        boolean interrupted = false;
        boolean internal = false;
        for (RunHistory run : runs) {
            RunStarted s = run.started();
            if (start == null || s.at().isBefore(start)) start = s.at();
            s.devices().forEach(d -> devices.putIfAbsent(d.id(), d));
            pools.add(s.pool());
            versions.add(s.qualifyVersion());
            multipliers.add(s.timeoutMultiplier());
            List<JournalEvent> body = new ArrayList<>();
            for (JournalEvent e : RunHistory.settled(run.events())) {
                if (e.at().isAfter(end)) end = e.at();
                if (e instanceof RunStarted || e instanceof RunFinished || e instanceof RunResumed) continue;
                body.add(e);
            }
            bodies.add(body);
            if (!run.complete()) {
                interrupted = true;
                notes.add("the run " + run.runDir().getFileName() + shard(run) + " did not finish (its process died or was"
                        + " interrupted): resume it with qualify run --resume, then merge again");
            }
            internal |= run.finished().map(f -> f.exitCode() == ExitCodes.INTERNAL).orElse(false);
        }
        if (multipliers.size() > 1) notes.add("the runs used different timeout multipliers: " + multipliers);
        RunStarted first = runs.get(0).started();
        List<JournalEvent> merged = new ArrayList<>();
        merged.add(new RunStarted(start, out.getFileName().toString(), first.suite(), first.suiteVersion(),
                String.join(",", pools), String.join(",", versions), first.config(), first.timeoutMultiplier(), selection,
                List.copyOf(devices.values()), first.configDigest(), selection, first.tests(), null));
        OutcomeTally tally = new OutcomeTally();
        Set<String> noted = new HashSet<>();
        for (JournalEvent e : inTimeOrder(bodies)) {
            if (e instanceof Note n && !noted.add(n.text())) continue;
            if (e instanceof TestFinished t) tally.record(t.outcome());
            merged.add(e);
        }
        for (String n : notes) merged.add(new Note(end, n));
        merged.add(new RunFinished(end, tally.exitCode(interrupted, internal), interrupted));
        return merged;
    }

    /** The events of every list, earliest first; each list's own order is kept (ties go to the earlier list). */
    private static List<JournalEvent> inTimeOrder(List<List<JournalEvent>> lists) {
        int[] next = new int[lists.size()];
        List<JournalEvent> out = new ArrayList<>();
        while (true) {
            int pick = -1;
            for (int i = 0; i < lists.size(); i++) {
                if (next[i] >= lists.get(i).size()) continue;
                if (pick < 0 || lists.get(i).get(next[i]).at().isBefore(lists.get(pick).get(next[pick]).at())) pick = i;
            }
            if (pick < 0) return out;
            out.add(lists.get(pick).get(next[pick]++));
        }
    }

    /** Copies every run's {@code logs/} tree into {@code out}; returns a note for each file two runs both had. */
    private static List<String> copyLogs(List<RunHistory> runs, Path out) throws IOException {
        List<String> skipped = new ArrayList<>();
        for (RunHistory run : runs) {
            Path logs = run.runDir().resolve("logs");
            if (!Files.isDirectory(logs)) continue;
            List<Path> files;
            try (Stream<Path> s = Files.walk(logs)) {
                files = s.filter(Files::isRegularFile).toList();
            }
            for (Path f : files) {
                Path rel = run.runDir().relativize(f);
                Path target = out.resolve(rel.toString());
                if (Files.exists(target)) {
                    skipped.add("the log " + rel.toString().replace('\\', '/') + " of " + run.runDir().getFileName()
                            + " was not copied: an earlier run of the merge has a file of the same path");
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
        return skipped;
    }
}
