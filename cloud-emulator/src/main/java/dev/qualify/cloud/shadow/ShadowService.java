package dev.qualify.cloud.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qualify.cloud.broker.Message;
import dev.qualify.cloud.broker.Principal;
import dev.qualify.cloud.broker.ServiceHandler;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * IoT Core's Device Shadow service, classic and named shadows, over MQTT: {@code update}, {@code get} and
 * {@code delete} with {@code /accepted} and {@code /rejected} answers, {@code /update/delta} and
 * {@code /update/documents}; versions, echoed {@code clientToken}, metadata timestamps, and the error codes 400
 * (bad request), 404 (no shadow), 409 (version conflict) and 413 (too large).
 *
 * <p>Thread-safe: operations are serialised.
 */
public final class ShadowService implements ServiceHandler {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ShadowService.class);
    /** IoT Core's maximum shadow document size. */
    public static final int MAX_DOCUMENT_BYTES = 8 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Consumer<Message> publisher;
    private final Map<String, ShadowState> shadows = new TreeMap<>();
    private volatile boolean dirty;
    private final java.util.List<UpdateListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Told of every accepted update (a device's or the cloud side's), after {@code /update/accepted} is published. */
    @FunctionalInterface
    public interface UpdateListener {
        /**
         * Called with the service's lock held: return quickly (hand work to another thread) and do not call back.
         *
         * @param shadowName "" for the classic shadow
         * @param accepted   the {@code /update/accepted} document ({@code state} as requested, {@code version})
         */
        void accepted(String thing, String shadowName, JsonNode accepted);
    }

    /** @param publisher delivers the service's messages to subscribers */
    public ShadowService(Consumer<Message> publisher) {
        this.publisher = publisher;
    }

    private static final class ShadowState {
        ObjectNode desired = F.objectNode();
        ObjectNode reported = F.objectNode();
        ObjectNode metaDesired = F.objectNode();
        ObjectNode metaReported = F.objectNode();
        long version;
    }

    private static String key(String thing, String shadowName) {
        return thing + "\u0000" + (shadowName == null ? "" : shadowName);
    }

    @Override
    public boolean onPublish(Principal principal, String topic, byte[] payload) {
        ShadowTopic t = ShadowTopic.parse(topic);
        if (t == null) return false;
        JsonNode answer = switch (t.operation()) {
            case "update" -> handleUpdate(t, payload);
            case "get" -> handleGet(t, payload);
            case "delete" -> handleDelete(t, payload);
            default -> null;
        };
        if (answer == null) return false;
        if (answer.path("code").asInt() == 400) {
            LOG.warn("client {}: {} rejected: {}", principal == null ? null : principal.clientId(), topic, answer.path("message").asText());
        }
        return true;
    }

    // ---- public API for suites -----------------------------------------------------------------------

    /** Adds a listener of accepted updates. */
    public void addUpdateListener(UpdateListener listener) {
        listeners.add(listener);
    }

    /**
     * The shadow document as {@code get/accepted} would return it ({@code state.desired}, {@code state.reported},
     * {@code state.delta}, {@code metadata}, {@code version}), or empty when there is no shadow.
     *
     * @param shadowName "" for the classic shadow
     */
    public synchronized Optional<JsonNode> document(String thing, String shadowName) {
        ShadowState s = shadows.get(key(thing, shadowName));
        return s == null ? Optional.empty() : Optional.of(fullDocument(s, now()));
    }

    /**
     * Applies an update as the cloud side (an application), publishing the same {@code /accepted},
     * {@code /documents} and {@code /delta} messages a device's update would.
     *
     * @param request an update request document such as {@code {"state":{"desired":{"color":"red"}}}}
     * @return the accepted or rejected response document
     */
    public JsonNode update(String thing, String shadowName, String request) {
        return handleUpdate(new ShadowTopic(thing, shadowName == null ? "" : shadowName, "update"),
                request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Deletes a shadow as the cloud side; returns the accepted or rejected response. */
    public JsonNode delete(String thing, String shadowName) {
        return handleDelete(new ShadowTopic(thing, shadowName == null ? "" : shadowName, "delete"), new byte[0]);
    }

    // ---- operations ---------------------------------------------------------------------------------

    private synchronized JsonNode handleUpdate(ShadowTopic t, byte[] payload) {
        long ts = now();
        String prefix = t.prefix() + "/update";
        if (payload.length > MAX_DOCUMENT_BYTES) return reject(prefix, 413, "The payload exceeds the maximum size allowed", null, ts);
        JsonNode req = parse(payload);
        if (req == null || !req.isObject()) return reject(prefix, 400, "Payload contains invalid json", null, ts);
        JsonNode token = req.get("clientToken");
        if (token != null && (!token.isTextual() || token.asText().length() > 64)) {
            return reject(prefix, 400, "clientToken must be a string of at most 64 characters", null, ts);
        }
        JsonNode state = req.get("state");
        if (state == null) return reject(prefix, 400, "Missing required node: state", token, ts);
        if (!state.isObject() && !state.isNull()) return reject(prefix, 400, "State node must be an object", token, ts);
        JsonNode version = req.get("version");
        if (version != null && !version.canConvertToLong()) return reject(prefix, 400, "Invalid version", token, ts);
        for (Iterator<String> it = state.isObject() ? state.fieldNames() : java.util.Collections.emptyIterator(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("desired") && !f.equals("reported")) {
                return reject(prefix, 400, "State contains an invalid node: '" + f + "'", token, ts);
            }
        }
        String k = key(t.thing(), t.shadowName());
        ShadowState s = shadows.get(k);
        long current = s == null ? 0 : s.version;
        if (version != null && version.asLong() != current) return reject(prefix, 409, "Version conflict", token, ts);

        ObjectNode previous = s == null ? null : stateAndMeta(s);
        if (s == null) {
            s = new ShadowState();
            shadows.put(k, s);
        }
        ObjectNode meta = F.objectNode();
        boolean desiredTouched = false;
        if (state.isObject()) {
            JsonNode d = state.get("desired");
            if (d != null) {
                desiredTouched = true;
                if (d.isNull()) {
                    s.desired = F.objectNode();
                    s.metaDesired = F.objectNode();
                } else if (d.isObject()) {
                    merge(s.desired, (ObjectNode) d);
                    ObjectNode m = metadataOf((ObjectNode) d, ts);
                    merge(s.metaDesired, m);
                    meta.set("desired", m);
                }
            }
            JsonNode r = state.get("reported");
            if (r != null) {
                if (r.isNull()) {
                    s.reported = F.objectNode();
                    s.metaReported = F.objectNode();
                } else if (r.isObject()) {
                    merge(s.reported, (ObjectNode) r);
                    ObjectNode m = metadataOf((ObjectNode) r, ts);
                    merge(s.metaReported, m);
                    meta.set("reported", m);
                }
            }
        }
        s.version = current + 1;
        dirty = true;

        ObjectNode accepted = F.objectNode();
        accepted.set("state", state.deepCopy());
        accepted.set("metadata", meta);
        accepted.put("version", s.version);
        accepted.put("timestamp", ts);
        if (token != null) accepted.set("clientToken", token);
        publish(prefix + "/accepted", accepted);
        for (UpdateListener l : listeners) l.accepted(t.thing(), t.shadowName(), accepted);

        ObjectNode docs = F.objectNode();
        if (previous != null) docs.set("previous", previous);
        docs.set("current", stateAndMeta(s));
        docs.put("timestamp", ts);
        if (token != null) docs.set("clientToken", token);
        publish(prefix + "/documents", docs);

        ObjectNode delta = delta(s.desired, s.reported);
        if (desiredTouched && delta.size() > 0) {
            ObjectNode msg = F.objectNode();
            msg.put("version", s.version);
            msg.put("timestamp", ts);
            msg.set("state", delta);
            msg.set("metadata", deltaMetadata(delta, s.metaDesired));
            if (token != null) msg.set("clientToken", token);
            publish(prefix + "/delta", msg);
        }
        return accepted;
    }

    private synchronized JsonNode handleGet(ShadowTopic t, byte[] payload) {
        long ts = now();
        String prefix = t.prefix() + "/get";
        JsonNode req = payload.length == 0 ? F.objectNode() : parse(payload);
        JsonNode token = req != null && req.isObject() ? req.get("clientToken") : null;
        ShadowState s = shadows.get(key(t.thing(), t.shadowName()));
        if (s == null) return reject(prefix, 404, "No shadow exists with name: '" + shadowDisplayName(t) + "'", token, ts);
        ObjectNode doc = fullDocument(s, ts);
        if (token != null) doc.set("clientToken", token);
        publish(prefix + "/accepted", doc);
        return doc;
    }

    private synchronized JsonNode handleDelete(ShadowTopic t, byte[] payload) {
        long ts = now();
        String prefix = t.prefix() + "/delete";
        JsonNode req = payload.length == 0 ? F.objectNode() : parse(payload);
        JsonNode token = req != null && req.isObject() ? req.get("clientToken") : null;
        String k = key(t.thing(), t.shadowName());
        ShadowState s = shadows.get(k);
        if (s == null) return reject(prefix, 404, "No shadow exists with name: '" + shadowDisplayName(t) + "'", token, ts);
        if (req != null && req.isObject() && req.has("version") && req.get("version").asLong() != s.version) {
            return reject(prefix, 409, "Version conflict", token, ts);
        }
        shadows.remove(k);
        dirty = true;
        ObjectNode accepted = F.objectNode();
        accepted.put("version", s.version);
        accepted.put("timestamp", ts);
        if (token != null) accepted.set("clientToken", token);
        publish(prefix + "/accepted", accepted);
        return accepted;
    }

    private static String shadowDisplayName(ShadowTopic t) {
        return t.shadowName().isEmpty() ? t.thing() : t.shadowName();
    }

    private JsonNode reject(String prefix, int code, String message, JsonNode token, long ts) {
        ObjectNode r = F.objectNode();
        r.put("code", code);
        r.put("message", message);
        r.put("timestamp", ts);
        if (token != null) r.set("clientToken", token);
        publish(prefix + "/rejected", r);
        return r;
    }

    private void publish(String topic, JsonNode body) {
        try {
            publisher.accept(Message.internal(topic, JSON.writeValueAsBytes(body), 1));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(byte[] payload) {
        try {
            return JSON.readTree(payload);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    // ---- JSON helpers -------------------------------------------------------------------------------

    /** Merges a patch into a target: null deletes, objects merge recursively, everything else replaces. */
    static void merge(ObjectNode target, ObjectNode patch) {
        patch.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (v.isNull()) {
                target.remove(e.getKey());
            } else if (v.isObject() && target.get(e.getKey()) instanceof ObjectNode existing) {
                merge(existing, (ObjectNode) v);
            } else {
                target.set(e.getKey(), v.deepCopy());
            }
        });
    }

    /** Metadata mirroring a patch: every leaf becomes {@code {"timestamp": ts}}; nulls stay null (removing). */
    static ObjectNode metadataOf(ObjectNode patch, long ts) {
        ObjectNode m = F.objectNode();
        patch.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (v.isNull()) m.putNull(e.getKey());
            else if (v.isObject()) m.set(e.getKey(), metadataOf((ObjectNode) v, ts));
            else m.set(e.getKey(), F.objectNode().put("timestamp", ts));
        });
        return m;
    }

    /** The desired values that differ from reported ones (recursively for objects). */
    static ObjectNode delta(ObjectNode desired, ObjectNode reported) {
        ObjectNode d = F.objectNode();
        desired.properties().forEach(e -> {
            JsonNode r = reported.get(e.getKey());
            JsonNode v = e.getValue();
            if (v.isObject() && r != null && r.isObject()) {
                ObjectNode sub = delta((ObjectNode) v, (ObjectNode) r);
                if (sub.size() > 0) d.set(e.getKey(), sub);
            } else if (r == null || !r.equals(v)) {
                d.set(e.getKey(), v.deepCopy());
            }
        });
        return d;
    }

    private static ObjectNode deltaMetadata(ObjectNode delta, ObjectNode metaDesired) {
        ObjectNode m = F.objectNode();
        delta.properties().forEach(e -> {
            JsonNode md = metaDesired.get(e.getKey());
            if (md == null) return;
            if (e.getValue().isObject() && md.isObject() && !md.has("timestamp")) {
                m.set(e.getKey(), deltaMetadata((ObjectNode) e.getValue(), (ObjectNode) md));
            } else {
                m.set(e.getKey(), md.deepCopy());
            }
        });
        return m;
    }

    private static ObjectNode stateAndMeta(ShadowState s) {
        ObjectNode doc = F.objectNode();
        ObjectNode state = doc.putObject("state");
        if (s.desired.size() > 0) state.set("desired", s.desired.deepCopy());
        if (s.reported.size() > 0) state.set("reported", s.reported.deepCopy());
        ObjectNode meta = doc.putObject("metadata");
        if (s.metaDesired.size() > 0) meta.set("desired", s.metaDesired.deepCopy());
        if (s.metaReported.size() > 0) meta.set("reported", s.metaReported.deepCopy());
        doc.put("version", s.version);
        return doc;
    }

    private static ObjectNode fullDocument(ShadowState s, long ts) {
        ObjectNode doc = stateAndMeta(s);
        ObjectNode delta = delta(s.desired, s.reported);
        if (delta.size() > 0) ((ObjectNode) doc.get("state")).set("delta", delta);
        doc.put("timestamp", ts);
        return doc;
    }

    // ---- persistence --------------------------------------------------------------------------------

    /** True when changed since the last {@link #snapshot()}. */
    public boolean isDirty() {
        return dirty;
    }

    /** All shadows as one JSON document (for the data dir). */
    public synchronized ObjectNode snapshot() {
        dirty = false;
        ObjectNode root = F.objectNode();
        shadows.forEach((k, s) -> {
            ObjectNode n = root.putObject(k.replace('\u0000', '|'));
            n.set("desired", s.desired.deepCopy());
            n.set("reported", s.reported.deepCopy());
            n.set("metaDesired", s.metaDesired.deepCopy());
            n.set("metaReported", s.metaReported.deepCopy());
            n.put("version", s.version);
        });
        return root;
    }

    /** Replaces all shadows with those of a {@link #snapshot()}. */
    public synchronized void restore(JsonNode root) {
        shadows.clear();
        root.properties().forEach(e -> {
            ShadowState s = new ShadowState();
            JsonNode n = e.getValue();
            s.desired = (ObjectNode) n.get("desired");
            s.reported = (ObjectNode) n.get("reported");
            s.metaDesired = (ObjectNode) n.get("metaDesired");
            s.metaReported = (ObjectNode) n.get("metaReported");
            s.version = n.get("version").asLong();
            int bar = e.getKey().indexOf('|');
            shadows.put(key(e.getKey().substring(0, bar), e.getKey().substring(bar + 1)), s);
        });
    }
}
