package dev.qualify.core.engine;

import dev.qualify.core.journal.DevicePrepared;
import dev.qualify.core.journal.GroupFinished;
import dev.qualify.core.journal.GroupStarted;
import dev.qualify.core.journal.JournalEvent;
import dev.qualify.core.journal.Note;
import dev.qualify.core.journal.PhaseFinished;
import dev.qualify.core.journal.RunFinished;
import dev.qualify.core.journal.RunResumed;
import dev.qualify.core.journal.RunStarted;
import dev.qualify.core.journal.TestFinished;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A run directory read back from its journal, for {@code --resume} and {@code report merge}: what the run was
 * started with, which groups finished, which were cut off, and whether the run ended.
 *
 * @param runDir  the run directory
 * @param started the run's first event
 * @param events  every event of the journal, in order (a torn last line skipped)
 */
public record RunHistory(Path runDir, RunStarted started, List<JournalEvent> events) {
    public RunHistory {
        events = List.copyOf(events);
    }

    /** A group on a device: the key events of one group execution share. */
    public record GroupOnDevice(String device, String group) {
        static Optional<GroupOnDevice> of(JournalEvent e) {
            if (e instanceof GroupStarted g) return Optional.of(new GroupOnDevice(g.device(), g.group()));
            if (e instanceof DevicePrepared d) return Optional.of(new GroupOnDevice(d.device(), d.group()));
            if (e instanceof PhaseFinished p) return Optional.of(new GroupOnDevice(p.device(), p.group()));
            if (e instanceof TestFinished t) return Optional.of(new GroupOnDevice(t.device(), t.group()));
            if (e instanceof GroupFinished f) return Optional.of(new GroupOnDevice(f.device(), f.group()));
            return Optional.empty();
        }
    }

    /**
     * Reads the run in {@code dir}.
     *
     * @throws NotARunException when {@code dir} is no directory, has no readable {@value RunJournal#FILE_NAME}, or its
     *                          journal does not begin with the run's start
     */
    public static RunHistory read(Path dir) {
        if (!Files.isDirectory(dir)) throw new NotARunException(dir + " is not a directory");
        Path journal = dir.resolve(RunJournal.FILE_NAME);
        if (!Files.isRegularFile(journal)) {
            throw new NotARunException(dir + " is not a run directory: it has no " + RunJournal.FILE_NAME);
        }
        List<JournalEvent> events;
        try {
            events = RunJournal.read(journal);
        } catch (IOException | RuntimeException e) {
            throw new NotARunException("cannot read " + journal + ": " + e.getMessage());
        }
        if (events.isEmpty() || !(events.get(0) instanceof RunStarted started)) {
            throw new NotARunException(journal + " does not begin with a run-started event: it is not the journal of a run");
        }
        return new RunHistory(dir, started, events);
    }

    /** The run's end when it ended in an orderly way and was not resumed since; empty for a run whose process died. */
    public Optional<RunFinished> finished() {
        return events.get(events.size() - 1) instanceof RunFinished f ? Optional.of(f) : Optional.empty();
    }

    /** Whether the run ran all it was to run: it finished and was not interrupted. */
    public boolean complete() {
        return finished().map(f -> !f.interrupted()).orElse(false);
    }

    /**
     * The groups that finished on some device, in the order they finished; their results stand. A group whose
     * execution was cut off (see {@link #cutOff}) is not among them.
     */
    public Set<String> finishedGroups() {
        Set<String> cut = new HashSet<>();
        for (GroupOnDevice g : cutOff()) cut.add(g.group());
        Set<String> done = new LinkedHashSet<>();
        for (JournalEvent e : settled(events)) if (e instanceof GroupFinished f && !cut.contains(f.group())) done.add(f.group());
        return done;
    }

    /**
     * The group executions a resume now would run again: those that had started and not finished when the journal
     * ends (the process died), and those an interruption (Ctrl-C, SIGTERM) cut short: they finished with a result of
     * error type {@value #INTERRUPTED}.
     */
    public List<GroupOnDevice> cutOff() {
        return new Segments(events).pending();
    }

    /**
     * The events of a journal as they stand after every {@link RunResumed}: the events of each group execution that
     * had not finished when the run was resumed, or that an interruption cut short, are left out (the resumed run ran
     * that group again); when the part before the resume had ended interrupted, so are that end and the notes it
     * wrote while winding down after its last group event (they describe the interruption the resume undid). A
     * journal without {@code RunResumed} is returned as it is.
     */
    public static List<JournalEvent> settled(List<JournalEvent> events) {
        if (events.stream().noneMatch(e -> e instanceof RunResumed)) return events;
        BitSet dropped = new Segments(events).dropped;
        List<JournalEvent> out = new ArrayList<>(events.size() - dropped.cardinality());
        for (int i = 0; i < events.size(); i++) if (!dropped.get(i)) out.add(events.get(i));
        return out;
    }

    /** The error type of a result an interruption cut short. */
    public static final String INTERRUPTED = "interrupted";

    /** One pass over a journal, part by part (a part ends at each {@link RunResumed}). */
    private static final class Segments {
        /** The events a resume voided. */
        final BitSet dropped = new BitSet();
        /** The current part's executions not finished yet: their event indices. */
        private final Map<GroupOnDevice, List<Integer>> open = new LinkedHashMap<>();
        /** The current part's finished executions an interruption cut short: their event indices. */
        private final Map<GroupOnDevice, List<Integer>> interrupted = new LinkedHashMap<>();
        private final Set<GroupOnDevice> sawInterruption = new HashSet<>();
        private int lastGroupEvent = -1; // notes up to here stay: those before the first group of a part, too
        private boolean groupSeen;
        private int finishedAt = -1;
        private final List<JournalEvent> events;

        Segments(List<JournalEvent> events) {
            this.events = events;
            for (int i = 0; i < events.size(); i++) visit(i, events.get(i));
        }

        private void visit(int i, JournalEvent e) {
            Optional<GroupOnDevice> key = GroupOnDevice.of(e);
            if (e instanceof Note && !groupSeen) lastGroupEvent = i;
            if (key.isPresent()) {
                GroupOnDevice k = key.get();
                lastGroupEvent = i;
                groupSeen = true;
                if (e instanceof GroupStarted) sawInterruption.remove(k);
                if (e instanceof TestFinished t && INTERRUPTED.equals(t.errorType())) sawInterruption.add(k);
                List<Integer> indices = open.computeIfAbsent(k, x -> new ArrayList<>());
                indices.add(i);
                if (e instanceof GroupFinished) {
                    open.remove(k);
                    if (sawInterruption.remove(k)) interrupted.put(k, indices);
                }
            } else if (e instanceof RunFinished) {
                finishedAt = i;
            } else if (e instanceof RunResumed) {
                open.values().forEach(ix -> ix.forEach(dropped::set));
                interrupted.values().forEach(ix -> ix.forEach(dropped::set));
                if (finishedAt >= 0) {
                    for (int k = lastGroupEvent + 1; k < finishedAt; k++) if (events.get(k) instanceof Note) dropped.set(k);
                    dropped.set(finishedAt);
                }
                open.clear();
                interrupted.clear();
                sawInterruption.clear();
                finishedAt = -1;
                lastGroupEvent = i;
                groupSeen = false;
            }
        }

        /** What a resume at the end of the journal would void. */
        List<GroupOnDevice> pending() {
            Set<GroupOnDevice> out = new LinkedHashSet<>(open.keySet());
            out.addAll(interrupted.keySet());
            return List.copyOf(out);
        }
    }

    /** The directory is not a run directory Qualify can read. */
    public static final class NotARunException extends RuntimeException {
        public NotARunException(String message) {
            super(message);
        }
    }
}
