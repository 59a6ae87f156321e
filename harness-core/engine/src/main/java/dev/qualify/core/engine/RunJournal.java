package dev.qualify.core.engine;

import dev.qualify.core.journal.JournalEvent;
import dev.qualify.core.journal.JournalFormat;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The append-only record of a run: one {@link JournalEvent} per line in the {@link JournalFormat}, written and
 * flushed per event, so a run that dies at any point leaves a journal every report can be rebuilt from.
 * Thread-safe.
 *
 * <p>Every text value of an event (a message, a detail, a note, the config copy) passes the run's
 * {@link SecretMask} before it is written; the reports are rendered from the journal, so they never see a secret.
 */
public final class RunJournal implements AutoCloseable {
    public static final String FILE_NAME = "journal.jsonl";

    private final Path file;
    private final OutputStream out;
    private final SecretMask mask;

    /** Opens {@code file} for appending, creating it when missing. */
    public RunJournal(Path file) throws IOException {
        this(file, SecretMask.NONE);
    }

    /** As {@link #RunJournal(Path)}, masking {@code mask}'s secrets in every event. */
    public RunJournal(Path file, SecretMask mask) throws IOException {
        this.file = file;
        this.mask = mask;
        // a FileOutputStream, not a channel stream: an interrupted device thread must not close the journal
        this.out = new FileOutputStream(file.toFile(), true);
    }

    public Path file() {
        return file;
    }

    /** The secrets masked in this journal, for the logs written beside it. */
    public SecretMask mask() {
        return mask;
    }

    /**
     * Appends one event as one line and flushes it. Never throws: a journal that cannot be written is reported on
     * stderr and the run goes on.
     */
    public synchronized void append(JournalEvent event) {
        try {
            out.write((mask.maskJsonLine(JournalFormat.write(event)) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException | RuntimeException e) {
            System.err.println("qualify: cannot write the run journal " + file + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // already reported on write
        }
    }

    /**
     * Ends the last line of {@code file} when a crash cut it mid-write, before a resumed run appends to it: the torn
     * line stays as it is (and is skipped when read), and the next event starts a line of its own.
     */
    public static void endTornLine(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) return;
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.seek(f.length() - 1);
            if (f.read() != '\n') f.write('\n');
        }
    }

    /**
     * Reads every event of a journal file, in order. A line that is not a whole event (the torn last line of a run
     * that died mid-write) is skipped, and so is an event of a type written by a later version.
     */
    public static List<JournalEvent> read(Path file) throws IOException {
        List<JournalEvent> events = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            try {
                JournalFormat.read(line).ifPresent(events::add);
            } catch (IOException torn) {
                // a line cut by a crash mid-write: everything before it is intact
            }
        }
        return events;
    }
}
