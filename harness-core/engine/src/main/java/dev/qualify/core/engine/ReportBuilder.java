package dev.qualify.core.engine;

import dev.qualify.api.report.DeviceInfo;
import dev.qualify.api.report.ExitCodes;
import dev.qualify.api.report.GroupResult;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.PhaseSpan;
import dev.qualify.api.report.RunReport;
import dev.qualify.api.report.TestResult;
import dev.qualify.core.journal.DevicePrepared;
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
                groups.put(key(g.device(), g.group()),
                        new GroupAcc(text(g.group()), text(g.title()), g.required(), text(g.device()), at));
            } else if (e instanceof TestFinished t) {
                GroupAcc g = groups.computeIfAbsent(key(t.device(), t.group()),
                        k -> new GroupAcc(text(t.group()), text(t.group()), false, text(t.device()), at));
                TestResult result = test(t);
                g.tests.add(result);
                g.step(PhaseSpan.TEST, result.name(), g.lastEnd, at, result.outcome());
                g.end = at;
            } else if (e instanceof GroupFinished f) {
                GroupAcc g = groups.get(key(f.device(), f.group()));
                if (g != null) g.end = at;
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
        for (GroupAcc g : groups.values()) {
            results.add(new GroupResult(g.id, g.title, g.required, g.device, g.start,
                    Duration.between(g.start, g.end == null ? g.start : g.end), g.tests, g.timeline));
        }
        return new RunReport(runId, suite, suiteVersion, pool, version, start, end, interrupted, exitCode, devices, results, notes);
    }

    private static TestResult test(TestFinished t) {
        Map<String, String> props = new LinkedHashMap<>();
        t.properties().forEach((k, v) -> props.put(k, text(v)));
        return new TestResult(text(t.testId()), text(t.name()), text(t.className()), t.outcome(), t.message(),
                t.errorType(), t.detail(), Duration.ofMillis(t.durationMs()), t.attempts(), t.log(), props);
    }

    /** A field that older journals may lack, as the report shows it: empty rather than null. */
    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static String key(String device, String group) {
        return text(device) + "\u0000" + text(group);
    }

    private static final class GroupAcc {
        final String id, title, device;
        final boolean required;
        final Instant start;
        Instant end;
        final List<TestResult> tests = new ArrayList<>();
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
    }
}
