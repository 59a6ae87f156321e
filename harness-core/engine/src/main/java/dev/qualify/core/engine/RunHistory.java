package dev.qualify.core.engine;

import dev.qualify.core.journal.DevicePrepared;
import dev.qualify.core.journal.GroupFinished;
import dev.qualify.core.journal.GroupStarted;
import dev.qualify.core.journal.JournalEvent;
import dev.qualify.core.journal.Note;
import dev.qualify.core.journal.RunFinished;
import dev.qualify.core.journal.RunResumed;
import dev.qualify.core.journal.RunStarted;
import dev.qualify.core.journal.TestFinished;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
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

    /** The groups that finished on some device, in the order they finished; their results stand. */
    public Set<String> finishedGroups() {
        Set<String> done = new LinkedHashSet<>();
        for (JournalEvent e : settled(events)) if (e instanceof GroupFinished f) done.add(f.group());
        return done;
    }

    /** The group executions that had started and not finished when the journal ends: cut off by the end of the run. */
    public List<GroupOnDevice> cutOff() {
        Map<GroupOnDevice, Boolean> open = new LinkedHashMap<>();
        for (JournalEvent e : events) {
            if (e instanceof RunResumed) open.clear();
            else if (e instanceof GroupFinished) GroupOnDevice.of(e).ifPresent(open::remove);
            else GroupOnDevice.of(e).ifPresent(k -> open.put(k, true));
        }
        return List.copyOf(open.keySet());
    }

    /**
     * The events of a journal as they stand after every {@link RunResumed}: the events of each group execution that
     * had not finished when the run was resumed are left out (the resumed run ran that group again), and so are the
     * end of an interrupted run that was resumed and the notes it wrote while winding down after its last group
     * event (they describe the interruption the resume undid). A journal without {@code RunResumed} is returned as
     * it is.
     */
    public static List<JournalEvent> settled(List<JournalEvent> events) {
        if (events.stream().noneMatch(e -> e instanceof RunResumed)) return events;
        BitSet dropped = new BitSet(events.size());
        Map<GroupOnDevice, List<Integer>> open = new LinkedHashMap<>();
        int lastGroupEvent = -1; // notes up to here stay: those before the first group of a segment, too
        boolean groupSeen = false;
        int finishedAt = -1;
        for (int i = 0; i < events.size(); i++) {
            JournalEvent e = events.get(i);
            Optional<GroupOnDevice> key = GroupOnDevice.of(e);
            if (e instanceof Note && !groupSeen) lastGroupEvent = i;
            if (key.isPresent()) {
                lastGroupEvent = i;
                groupSeen = true;
                if (e instanceof GroupFinished) open.remove(key.get());
                else open.computeIfAbsent(key.get(), k -> new ArrayList<>()).add(i);
            } else if (e instanceof RunFinished) {
                finishedAt = i;
            } else if (e instanceof RunResumed) {
                open.values().forEach(indices -> indices.forEach(dropped::set));
                open.clear();
                if (finishedAt >= 0) {
                    for (int k = lastGroupEvent + 1; k < finishedAt; k++) if (events.get(k) instanceof Note) dropped.set(k);
                    dropped.set(finishedAt);
                }
                finishedAt = -1;
                lastGroupEvent = i;
                groupSeen = false;
            }
        }
        List<JournalEvent> out = new ArrayList<>(events.size() - dropped.cardinality());
        for (int i = 0; i < events.size(); i++) if (!dropped.get(i)) out.add(events.get(i));
        return out;
    }

    /** The directory is not a run directory Qualify can read. */
    public static final class NotARunException extends RuntimeException {
        public NotARunException(String message) {
            super(message);
        }
    }
}
