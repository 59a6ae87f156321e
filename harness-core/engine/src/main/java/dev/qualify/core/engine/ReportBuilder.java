package dev.qualify.core.engine;

import dev.qualify.api.report.Attempt;
import dev.qualify.api.report.DeviceInfo;
import dev.qualify.api.report.ExitCodes;
import dev.qualify.api.report.GroupResult;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.PhaseSpan;
import dev.qualify.api.report.RunReport;
import dev.qualify.api.report.TestResult;
import dev.qualify.core.journal.DevicePrepared;
import dev.qualify.core.journal.DeviceQuarantined;
import dev.qualify.core.journal.GroupFinished;
import dev.qualify.core.journal.GroupStarted;
import dev.qualify.core.journal.JournalEvent;
import dev.qualify.core.journal.Note;
import dev.qualify.core.journal.PhaseFinished;
import dev.qualify.core.journal.RunFinished;
import dev.qualify.core.journal.RunStarted;
import dev.qualify.core.journal.TestFinished;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds a {@link RunReport} from journal events. A journal without {@link RunFinished} (the process died)
 * gives an interrupted report ending at the last event, with its groups as far as they got. Groups are listed in
 * the order they started; a test result of a group whose start is missing opens that group, titled by its id.
 *
 * <p>A group run again after errors ({@code --retries}: a group-started event with an {@code attempt} above 1) is
 * one group, listed where it first started and under the device of its last run; its results are folded by
 * {@link AttemptFold} into each case's final result with every run of it as the result's history.
 */
public final class ReportBuilder {
    private ReportBuilder() {
    }

    /** The report of the run whose journal is {@code journalFile}; a torn last line is skipped. */
    public static RunReport read(Path journalFile) throws IOException {
        return build(RunJournal.read(journalFile));
    }

    /**
     * The report of a run from its journal events, in the order they were written. A resumed run's events are first
     * {@link RunHistory#settled settled}: a group cut off before the resume counts only as it ran after it.
     */
    public static RunReport build(List<JournalEvent> journal) {
        List<JournalEvent> events = RunHistory.settled(journal);
        String runId = "unknown", suite = "", suiteVersion = "", pool = "", version = "";
        Instant start = null, end = null;
        boolean interrupted = true;
        int exitCode = ExitCodes.INTERRUPTED;
        List<DeviceInfo> devices = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, GroupAcc> groups = new LinkedHashMap<>();
        for (JournalEvent e : events) {
            Instant at = e.at();
            if (start == null) start = at;
            end = at;
            if (e instanceof RunStarted r) {
                runId = text(r.runId());
                suite = text(r.suite());
                suiteVersion = text(r.suiteVersion());
                pool = text(r.pool());
                version = text(r.qualifyVersion());
                for (RunStarted.Device d : r.devices()) {
                    devices.add(new DeviceInfo(text(d.id()), text(d.pool()), text(d.connection()), d.features(), d.config()));
                }
            } else if (e instanceof GroupStarted g) {
                GroupAcc earlier = g.attempt() > 1 ? latest(groups, text(g.group())) : null;
                if (earlier == null) {
                    groups.put(key(g.device(), g.group()),
                            new GroupAcc(text(g.group()), text(g.title()), g.required(), text(g.device()), at));
                } else {
                    groups.put(key(g.device(), g.group()), earlier.rerun(text(g.device()), g.attempt()));
                }
            } else if (e instanceof TestFinished t) {
                GroupAcc g = groups.get(key(t.device(), t.group()));
                if (g == null && t.attempts() > 1) g = latest(groups, text(t.group()));
                if (g == null) {
                    g = new GroupAcc(text(t.group()), text(t.group()), false, text(t.device()), at);
                    groups.put(key(t.device(), t.group()), g);
                }
                g.fold.add(t);
                g.step(PhaseSpan.TEST, text(t.name()), g.lastEnd, at, t.outcome());
                g.end = at;
            } else if (e instanceof GroupFinished f) {
                GroupAcc g = groups.get(key(f.device(), f.group()));
                if (g != null) {
                    g.end = at;
                    g.fold.finish();
                }
            } else if (e instanceof DeviceQuarantined q) {
                notes.add("device " + text(q.device()) + " taken out of the pool for the rest of the run: " + text(q.reason()));
            } else if (e instanceof Note n) {
                notes.add(text(n.text()));
            } else if (e instanceof RunFinished f) {
                interrupted = f.interrupted();
                exitCode = f.exitCode();
            } else if (e instanceof PhaseFinished p) {
                GroupAcc g = groups.get(key(p.device(), p.group()));
                if (g != null) {
                    g.step(text(p.phase()), text(p.phase()), at.minusMillis(Math.max(0, p.durationMs())), at,
                            p.errorType() == null ? Outcome.PASSED : Outcome.ERROR);
                }
            } else if (e instanceof DevicePrepared p) {
                // what preparing did shows in the group's log; its end is where the group's first test starts
                GroupAcc g = groups.get(key(p.device(), p.group()));
                if (g != null && at.isAfter(g.lastEnd)) g.lastEnd = at;
            }
        }
        if (start == null) start = end = Instant.EPOCH;
        List<GroupResult> results = new ArrayList<>();
        for (GroupAcc g : new java.util.LinkedHashSet<>(groups.values())) {
            List<TestResult> tests = new ArrayList<>();
            boolean retried = g.fold.runs() > 1;
            for (AttemptFold.Folded f : g.fold.results()) tests.add(test(f.result(), retried ? f.runs() : List.of()));
            for (TestFinished t : g.fold.superseded()) {
                notes.add(g.id + ": the ERROR " + text(t.name()) + " of attempt " + t.attempts() + " on " + text(t.device())
                        + " (" + text(t.message()) + ") did not recur on attempt " + g.fold.runs());
            }
            results.add(new GroupResult(g.id, g.title, g.required, g.device, g.start,
                    Duration.between(g.start, g.end == null ? g.start : g.end), tests, g.timeline));
        }
        return new RunReport(runId, suite, suiteVersion, pool, version, start, end, interrupted, exitCode, devices, results, notes);
    }

    /** @param runs every run of the case when its group ran more than once, else empty */
    private static TestResult test(TestFinished t, List<TestFinished> runs) {
        Map<String, String> props = new LinkedHashMap<>();
        t.properties().forEach((k, v) -> props.put(k, text(v)));
        List<Attempt> history = runs.stream().map(r -> new Attempt(r.attempts(), r.outcome(), r.message(), r.errorType(),
                r.detail(), text(r.device()), Duration.ofMillis(r.durationMs()), r.log())).toList();
        return new TestResult(text(t.testId()), text(t.name()), text(t.className()), t.outcome(), t.message(),
                t.errorType(), t.detail(), Duration.ofMillis(t.durationMs()), Math.max(1, runs.size()), t.log(), props,
                history);
    }

    /** The group of that id that started last, on any device: the one a rerun continues. */
    private static GroupAcc latest(Map<String, GroupAcc> groups, String id) {
        GroupAcc found = null;
        for (GroupAcc g : groups.values()) if (g.id.equals(id)) found = g;
        return found;
    }

    /** A field that older journals may lack, as the report shows it: empty rather than null. */
    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static String key(String device, String group) {
        return text(device) + "\u0000" + text(group);
    }

    private static final class GroupAcc {
        final String id, title;
        String device;
        final boolean required;
        final Instant start;
        Instant end;
        final AttemptFold fold = new AttemptFold();
        final List<PhaseSpan> timeline = new ArrayList<>();
        /** Where the next test's step starts: the end of the group's latest step. */
        Instant lastEnd;

        GroupAcc(String id, String title, boolean required, String device, Instant start) {
            this.id = id;
            this.title = title;
            this.required = required;
            this.device = device;
            this.start = start;
            this.lastEnd = start;
        }

        /**
         * A step from {@code from} to {@code to}. A test's step runs from the end of the step before it to its
         * result: for device output read as a stream that is the time the device spent on the case.
         */
        void step(String phase, String label, Instant from, Instant to, Outcome outcome) {
            Instant begin = from.isAfter(to) ? to : from;
            timeline.add(new PhaseSpan(phase, label, begin, Duration.between(begin, to), outcome));
            if (to.isAfter(lastEnd)) lastEnd = to;
        }

        /** This group, run again on {@code onDevice}. */
        GroupAcc rerun(String onDevice, int attempt) {
            device = onDevice;
            fold.start(attempt);
            return this;
        }
    }
}
