package dev.qualify.cloud.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The record, in the run's directory, of every AWS resource a run created, written (and forced to disk) as each
 * is created and deleted, so that a run killed outright can still be cleaned up ({@code qualify cloud cleanup
 * --run}). JSON lines: a {@code session} line with the (secret-free) settings, then {@code created} and
 * {@code deleted} lines. Thread-safe.
 */
public final class ResourceLedger implements AutoCloseable {
    public static final String FILE = "aws-iot-resources.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;

    private ResourceLedger(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Starts a ledger in a directory with its settings line. */
    public static ResourceLedger create(Path dir, AwsIotSettings settings) {
        Path file = dir.resolve(FILE);
        try {
            Files.createDirectories(dir);
            ResourceLedger l = new ResourceLedger(file, FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
            ObjectNode n = JSON.createObjectNode().put("event", "session").put("at", Instant.now().toString());
            n.set("settings", JSON.valueToTree(settings.toMap()));
            l.append(n);
            return l;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    public void created(CloudResource r) {
        append(JSON.createObjectNode().put("event", "created").put("kind", r.kind()).put("id", r.id()).put("at", Instant.now().toString()));
    }

    public void deleted(CloudResource r) {
        append(JSON.createObjectNode().put("event", "deleted").put("kind", r.kind()).put("id", r.id()).put("at", Instant.now().toString()));
    }

    private synchronized void append(ObjectNode line) {
        try {
            channel.write(ByteBuffer.wrap((JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to write
        }
    }

    /** What a ledger file says: its settings and the resources created and not (yet) recorded as deleted. */
    public record Contents(Path file, Map<String, Object> settings, List<CloudResource> outstanding) {
    }

    /**
     * Reads a ledger; a torn last line (the process died while writing it) is ignored.
     *
     * @throws IllegalArgumentException when it has no settings line
     */
    @SuppressWarnings("unchecked")
    public static Contents read(Path file) throws IOException {
        Map<String, Object> settings = null;
        Set<CloudResource> live = new LinkedHashSet<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException torn) {
                continue;
            }
            switch (n.path("event").asText()) {
                case "session" -> settings = JSON.convertValue(n.get("settings"), Map.class);
                case "created" -> live.add(new CloudResource(n.path("kind").asText(), n.path("id").asText()));
                case "deleted" -> live.remove(new CloudResource(n.path("kind").asText(), n.path("id").asText()));
                default -> { }
            }
        }
        if (settings == null) throw new IllegalArgumentException(file + " has no session line: not a Qualify resource ledger");
        return new Contents(file, settings, new ArrayList<>(live));
    }
}
