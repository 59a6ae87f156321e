package dev.qualify.core.engine;

import dev.qualify.api.suite.GroupDescriptor;
import dev.qualify.core.journal.JournalEvent;
import dev.qualify.core.journal.Note;
import dev.qualify.core.journal.RunResumed;
import dev.qualify.core.journal.TestFinished;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code qualify run --resume} keeps and reruns of a run whose process died: every group that finished on a
 * device is kept with its results; a group that had started and not finished (cut off) runs again from the start,
 * and so does every group of the run not reached.
 */
public final class Resumption {
    private Resumption() {
    }

    /** The groups the resumed run runs, in the run's order: those of {@code run} that did not finish. */
    public static List<String> toRun(RunHistory run) {
        Set<String> done = run.finishedGroups();
        return run.started().groups().stream().filter(g -> !done.contains(g)).toList();
    }

    /**
     * Starts the resumed part of {@code run} in its journal: moves the logs of the cut-off group executions aside
     * (to {@code logs/<device>/<group>.cut-off/}, so the rerun writes fresh ones), appends {@link RunResumed} and
     * counts the kept results in {@code tally}, so the exit code covers the whole run.
     */
    static void begin(RunHistory run, List<GroupDescriptor> groups, RunJournal journal, Clock clock, OutcomeTally tally) {
        List<String> rerun = new ArrayList<>();
        for (RunHistory.GroupOnDevice cut : run.cutOff()) {
            rerun.add(cut.group());
            Path logs = run.runDir().resolve("logs").resolve(cut.device()).resolve(cut.group());
            if (!Files.isDirectory(logs)) continue;
            Path aside = logs.resolveSibling(cut.group() + ".cut-off");
            for (int n = 2; Files.exists(aside); n++) aside = logs.resolveSibling(cut.group() + ".cut-off-" + n);
            try {
                Files.move(logs, aside);
            } catch (IOException e) {
                journal.append(new Note(clock.instant(), "the logs of the cut-off group " + cut.group() + " could not be"
                        + " moved aside (" + e.getMessage() + "): the rerun's logs follow them in the same files"));
            }
        }
        Set<String> kept = run.finishedGroups();
        for (JournalEvent e : RunHistory.settled(run.events())) {
            if (e instanceof TestFinished t && kept.contains(t.group())) tally.record(t.outcome());
        }
        journal.append(new RunResumed(clock.instant(), run.started().runId(), List.copyOf(kept),
                List.copyOf(new LinkedHashSet<>(rerun)), groups.stream().map(GroupDescriptor::id).toList()));
    }
}
