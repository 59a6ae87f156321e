package dev.qualify.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qualify.cloud.broker.Message;
import dev.qualify.cloud.broker.MqttBroker;
import dev.qualify.cloud.jobs.JobsService;
import dev.qualify.cloud.shadow.ShadowService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The device services (shadows, jobs) and the state kept in the data dir besides the registry: shadows, jobs and
 * retained messages, loaded at start and saved when changed and at close.
 */
final class CloudServices {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MqttBroker broker;
    private final Path dataDir;
    private final ScheduledExecutorService timer;
    private final ShadowService shadows;
    private final JobsService jobs;
    private List<Message> lastRetained = List.of();

    CloudServices(MqttBroker broker, Path dataDir) {
        this.broker = broker;
        this.dataDir = dataDir;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "qualify-cloud-jobs");
            t.setDaemon(true);
            return t;
        });
        this.shadows = new ShadowService(broker::publish);
        this.jobs = new JobsService(broker::publish, timer);
    }

    ShadowService shadows() {
        return shadows;
    }

    JobsService jobs() {
        return jobs;
    }

    void start() throws IOException {
        Path s = dataDir.resolve("shadows.json");
        if (Files.exists(s)) shadows.restore(JSON.readTree(s.toFile()));
        Path j = dataDir.resolve("jobs.json");
        if (Files.exists(j)) jobs.restore(JSON.readTree(j.toFile()));
        Path r = dataDir.resolve("retained.json");
        if (Files.exists(r)) {
            for (JsonNode n : JSON.readTree(r.toFile())) {
                broker.restoreRetained(new Message(n.get("topic").asText(), Base64.getDecoder().decode(n.get("payload").asText()),
                        n.get("qos").asInt(), true, n.path("expiresAt").asLong(0), List.of(), null, null));
            }
            lastRetained = broker.retainedMessages();
        }
        broker.addService(shadows);
        broker.addService(jobs);
    }

    /** Saves what changed since the last save. */
    synchronized void persistIfDirty() {
        if (shadows.isDirty()) write("shadows.json", shadows.snapshot());
        if (jobs.isDirty()) write("jobs.json", jobs.snapshot());
        List<Message> retained = broker.retainedMessages();
        if (!sameMessages(retained, lastRetained)) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            for (Message m : retained) {
                ObjectNode n = a.addObject();
                n.put("topic", m.topic());
                n.put("payload", Base64.getEncoder().encodeToString(m.payload()));
                n.put("qos", m.qos());
                if (m.expiresAtMillis() != 0) n.put("expiresAt", m.expiresAtMillis());
            }
            write("retained.json", a);
            lastRetained = retained;
        }
    }

    private static boolean sameMessages(List<Message> a, List<Message> b) {
        if (a.size() != b.size()) return false;
        java.util.Set<Message> ids = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        ids.addAll(b);
        for (Message m : a) if (!ids.contains(m)) return false;
        return true;
    }

    private void write(String name, JsonNode node) {
        try {
            Path tmp = dataDir.resolve(name + ".tmp");
            JSON.writeValue(tmp.toFile(), node);
            Files.move(tmp, dataDir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name, e);
        }
    }

    void close() {
        timer.shutdownNow();
        persistIfDirty();
    }
}
