package dev.qualify.cloud.capture;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The capture file a standalone cloud writes ({@code qualify cloud start --advisor}): {@code DATA_DIR/capture/packets.jsonl},
 * one JSON object a line, in capture order, either a packet ({@code "kind":"packet"}) or a connection event
 * ({@code "kind":"event"}); the older files {@code packets.1.jsonl} and {@code packets.2.jsonl} hold what came before
 * the last rotations. docs/cloud.md describes every field. Lines of other kinds are skipped, so the format can grow.
 */
public final class PacketFile {
    public static final String DIR = "capture";
    public static final String FILE = "packets.jsonl";
    /** How many rotated files are kept besides the current one. */
    public static final int KEPT = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private PacketFile() {
    }

    /** What a capture file holds. */
    public record Contents(List<CapturedPacket> packets, List<ConnectionEvent> events) {
        public Contents {
            packets = List.copyOf(packets);
            events = List.copyOf(events);
        }

        /** The packets of one client id, oldest first. */
        public List<CapturedPacket> packets(String clientId) {
            return packets.stream().filter(p -> clientId.equals(p.clientId())).toList();
        }

        /** The events of the connections a client id used (known from their packets), oldest first. */
        public List<ConnectionEvent> events(String clientId) {
            Set<String> connections = packets(clientId).stream().map(CapturedPacket::connectionId).collect(Collectors.toSet());
            return events.stream().filter(e -> connections.contains(e.connectionId())).toList();
        }
    }

    /**
     * One line of the file: a packet or an event (the other is null).
     *
     * @param clientId the client id of the packet, or of the event's connection when the writer knew it; else null
     */
    public record Entry(CapturedPacket packet, ConnectionEvent event, String clientId) {
        public String connectionId() {
            return packet != null ? packet.connectionId() : event.connectionId();
        }
    }

    /** The current capture file of a data dir. */
    public static Path of(Path dataDir) {
        return dataDir.resolve(DIR).resolve(FILE);
    }

    /** The n-th older file ({@code packets.N.jsonl}) beside a capture file. */
    public static Path rotated(Path file, int n) {
        String name = file.getFileName().toString();
        String base = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        return file.resolveSibling(base + "." + n + ".jsonl");
    }

    /**
     * Reads everything recorded: the rotated files (oldest first), then the current one. An incomplete last line (being
     * written) is left out.
     *
     * @param path a data dir, or a capture file
     * @throws UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException naming the file and line when a complete line is not a valid entry
     */
    public static Contents read(Path path) {
        Path file = Files.isDirectory(path) ? of(path) : path;
        List<CapturedPacket> packets = new ArrayList<>();
        List<ConnectionEvent> events = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (int n = KEPT; n >= 1; n--) files.add(rotated(file, n));
        files.add(file);
        for (Path f : files) {
            if (!Files.exists(f)) continue;
            String text;
            try {
                text = Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f, e);
            }
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length - 1; i++) { // the part after the last newline is incomplete
                if (lines[i].isBlank()) continue;
                Entry e;
                try {
                    e = parse(lines[i]);
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(f + " line " + (i + 1) + ": " + ex.getMessage(), ex);
                }
                if (e == null) continue;
                if (e.packet() != null) packets.add(e.packet());
                else events.add(e.event());
            }
        }
        return new Contents(packets, events);
    }

    /**
     * Parses one line.
     *
     * @return the entry, or null for a line of another kind
     * @throws IllegalArgumentException when it is not JSON or misses a field
     */
    public static Entry parse(String line) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) throw new IllegalArgumentException("not a JSON object");
        String kind = n.path("kind").asText();
        String client = n.hasNonNull("client") ? n.get("client").asText() : null;
        try {
            if (kind.equals("packet")) {
                List<String> filters = new ArrayList<>();
                n.path("filters").forEach(f -> filters.add(f.asText()));
                List<Integer> codes = new ArrayList<>();
                n.path("codes").forEach(c -> codes.add(c.asInt()));
                CapturedPacket p = new CapturedPacket(required(n, "seq").asLong(), Instant.parse(required(n, "at").asText()),
                        n.path("nanos").asLong(), required(n, "connection").asText(), client,
                        Direction.valueOf(required(n, "direction").asText()), PacketType.valueOf(required(n, "type").asText()),
                        n.path("packetId").asInt(-1), n.path("qos").asInt(), n.path("dup").asBoolean(), n.path("retain").asBoolean(),
                        n.hasNonNull("topic") ? n.get("topic").asText() : null,
                        n.hasNonNull("payload") ? Base64.getDecoder().decode(n.get("payload").asText()) : new byte[0],
                        filters, codes, n.path("detail").asText(""));
                return new Entry(p, null, client);
            }
            if (kind.equals("event")) {
                ConnectionEvent e = new ConnectionEvent(required(n, "seq").asLong(), Instant.parse(required(n, "at").asText()),
                        n.path("nanos").asLong(), required(n, "connection").asText(), n.path("listener").asText(null),
                        n.path("remote").asText(null), required(n, "event").asText(), n.path("detail").asText(null));
                return new Entry(null, e, client);
            }
            return null;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) throw new IllegalArgumentException("no field '" + field + "'");
        return v;
    }

    /** The line of a packet (without the newline). */
    public static String line(CapturedPacket p) {
        return line(g -> write(g, p));
    }

    /** The line of a connection event (without the newline); {@code clientId} when known, else null. */
    public static String line(ConnectionEvent e, String clientId) {
        return line(g -> write(g, e, clientId));
    }

    private interface Entity {
        void writeTo(JsonGenerator g) throws IOException;
    }

    private static String line(Entity entity) {
        StringWriter s = new StringWriter(256);
        try (JsonGenerator g = JSON.getFactory().createGenerator(s)) {
            entity.writeTo(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return s.toString();
    }

    /**
     * Writes the JSON object of a packet's line to a generator (what {@link #line(CapturedPacket)} returns), streaming:
     * no tree and no string of the line, for the {@link PacketFileWriter}.
     */
    static void write(JsonGenerator g, CapturedPacket p) throws IOException {
        g.writeStartObject();
        g.writeStringField("kind", "packet");
        g.writeNumberField("seq", p.sequence());
        g.writeStringField("at", p.at().toString());
        g.writeNumberField("nanos", p.nanos());
        g.writeStringField("connection", p.connectionId());
        if (p.clientId() != null) g.writeStringField("client", p.clientId());
        g.writeStringField("direction", p.direction().name());
        g.writeStringField("type", p.type().name());
        if (p.packetId() >= 0) g.writeNumberField("packetId", p.packetId());
        g.writeNumberField("qos", p.qos());
        g.writeBooleanField("dup", p.dup());
        g.writeBooleanField("retain", p.retain());
        if (p.topic() != null) g.writeStringField("topic", p.topic());
        byte[] payload = p.payload();
        g.writeNumberField("bytes", payload.length);
        if (payload.length > 0) {
            g.writeFieldName("payload");
            g.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, payload, 0, payload.length); // = Base64.getEncoder()
        }
        if (!p.topicFilters().isEmpty()) {
            g.writeArrayFieldStart("filters");
            for (String f : p.topicFilters()) g.writeString(f);
            g.writeEndArray();
        }
        if (!p.codes().isEmpty()) {
            g.writeArrayFieldStart("codes");
            for (int c : p.codes()) g.writeNumber(c);
            g.writeEndArray();
        }
        g.writeStringField("detail", p.detail());
        g.writeEndObject();
    }

    /** Writes the JSON object of an event's line to a generator (what {@link #line(ConnectionEvent, String)} returns). */
    static void write(JsonGenerator g, ConnectionEvent e, String clientId) throws IOException {
        g.writeStartObject();
        g.writeStringField("kind", "event");
        g.writeNumberField("seq", e.sequence());
        g.writeStringField("at", e.at().toString());
        g.writeNumberField("nanos", e.nanos());
        g.writeStringField("connection", e.connectionId());
        if (clientId != null) g.writeStringField("client", clientId);
        if (e.listener() != null) g.writeStringField("listener", e.listener());
        if (e.remoteAddress() != null) g.writeStringField("remote", e.remoteAddress());
        g.writeStringField("event", e.event());
        if (e.detail() != null) g.writeStringField("detail", e.detail());
        g.writeEndObject();
    }

    /** A generator for a stream of lines: UTF-8, no separator of its own between objects (the caller writes the newline). */
    static JsonGenerator generator(java.io.OutputStream out) throws IOException {
        JsonGenerator g = JSON.getFactory().createGenerator(out);
        g.setRootValueSeparator(null);
        return g;
    }

    /** Tracks which client id each connection carries, from the packets seen so far. */
    static final class Connections {
        private final Map<String, String> clients = new HashMap<>();

        void saw(CapturedPacket p) {
            if (p.clientId() != null) clients.put(p.connectionId(), p.clientId());
        }

        /** The client id of a connection, or null; forgotten after CLOSED. */
        String clientOf(ConnectionEvent e) {
            return e.event().equals("CLOSED") ? clients.remove(e.connectionId()) : clients.get(e.connectionId());
        }
    }
}
