package dev.qualify.core.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The append-only record of a run: one JSON object per line, written and flushed per event, so a run that dies
 * at any point leaves a journal every report can be rebuilt from. Each line has {@code event} and {@code at}
 * (ISO-8601) plus the event's fields. Thread-safe.
 */
public final class RunJournal implements AutoCloseable {
    public static final String FILE_NAME = "journal.jsonl";
    static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Path file;
    private final OutputStream out;
    private final Clock clock;

    public RunJournal(Path file, Clock clock) throws IOException {
        this.file = file;
        this.clock = clock;
        // a FileOutputStream, not a channel stream: an interrupted device thread must not close the journal
        this.out = new java.io.FileOutputStream(file.toFile(), true);
    }

    public Path file() {
        return file;
    }

    /**
     * Appends one event. Values are plain maps, lists, strings, numbers and booleans; nulls are dropped.
     * Never throws: a journal that cannot be written is reported on stderr once and the run goes on.
     */
    public synchronized void append(String event, Map<String, ?> fields) {
        ObjectNode node = JSON.createObjectNode();
        node.put("event", event);
        node.put("at", clock.instant().toString());
        fields.forEach((k, v) -> {
            if (v != null) node.set(k, JSON.valueToTree(v));
        });
        try {
            out.write(JSON.writeValueAsBytes(node));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
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

    /** Reads every event of a journal file, skipping a torn last line. */
    public static java.util.List<com.fasterxml.jackson.databind.JsonNode> read(Path file) throws IOException {
        java.util.List<com.fasterxml.jackson.databind.JsonNode> events = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            try {
                events.add(JSON.readTree(line));
            } catch (IOException torn) {
                // a line cut by a crash mid-write: everything before it is intact
            }
        }
        return events;
    }
}
