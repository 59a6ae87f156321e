package dev.qualify.cloud.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qualify.cloud.broker.Message;
import dev.qualify.cloud.broker.Principal;
import dev.qualify.cloud.broker.ServiceHandler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * IoT Core Jobs over MQTT. The cloud side creates jobs for things; devices use
 * {@code $aws/things/{thing}/jobs/get}, {@code start-next}, {@code {jobId}/get} ({@code $next} included) and
 * {@code {jobId}/update} (answers on {@code .../accepted} and {@code .../rejected}) and receive {@code notify} and
 * {@code notify-next}. Namespaced topics ({@code .../jobs/$next/namespace-X/get}, {@code .../JOB/namespace-X/update})
 * are answered the same way, from the jobs of namespace X only, and a thing with jobs in namespace X also gets
 * {@code notify-namespace-X} and {@code notify-next-namespace-X} for them (the Greengrass nucleus listens only to
 * {@code notify-namespace-aws-gg-deployment}, as a JobExecutionsChanged event). A payload that is not a JSON object
 * is rejected and logged with the client id.
 * Status transitions, expected versions and in-progress timeouts follow IoT Core; rejection codes are
 * {@code InvalidRequest}, {@code ResourceNotFound}, {@code VersionMismatch}, {@code InvalidStateTransition} and
 * {@code TerminalStateReached}.
 *
 * <p>Thread-safe: operations are serialised.
 */
public final class JobsService implements ServiceHandler {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobsService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static final class Exec {
        final String jobId;
        final String thing;
        JobExecutionStatus status = JobExecutionStatus.QUEUED;
        Map<String, String> details = new LinkedHashMap<>();
        long queuedAt;
        long startedAt;
        long lastUpdatedAt;
        long version = 1;
        long executionNumber = 1;
        long timeoutAtMillis;
        long seq;

        Exec(String jobId, String thing) {
            this.jobId = jobId;
            this.thing = thing;
        }
    }

    private record Job(String jobId, JsonNode document, JobOptions options, long createdAt) {
    }

    private final Consumer<Message> publisher;
    private final ScheduledExecutorService timer;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Map<String, Map<String, Exec>> executions = new LinkedHashMap<>(); // thing -> jobId -> execution
    private final Map<String, String> lastNotifiedNext = new LinkedHashMap<>(); // thing, or thing NUL namespace
    private final Map<String, String> lastNotifiedList = new LinkedHashMap<>(); // thing NUL namespace -> jobs
    private long seq;
    private volatile boolean dirty;

    /**
     * @param publisher delivers the service's messages to subscribers
     * @param timer     runs in-progress timeouts
     */
    public JobsService(Consumer<Message> publisher, ScheduledExecutorService timer) {
        this.publisher = publisher;
        this.timer = timer;
    }

    // ---- cloud-side API -------------------------------------------------------------------------------

    /**
     * Creates a job with a JSON document for things, queues an execution for each and notifies them.
     *
     * @throws IllegalArgumentException for a duplicate job id, an empty target list or a document that is not an
     *                                  object
     */
    public synchronized void createJob(String jobId, JsonNode document, List<String> things, JobOptions options) {
        if (jobId == null || !jobId.matches("[a-zA-Z0-9_-]{1,64}")) throw new IllegalArgumentException("invalid job id: " + jobId);
        if (jobs.containsKey(jobId)) throw new IllegalArgumentException("job exists: " + jobId);
        if (things.isEmpty()) throw new IllegalArgumentException("a job needs at least one target thing");
        if (document == null || !document.isObject()) throw new IllegalArgumentException("the job document must be a JSON object");
        long now = now();
        jobs.put(jobId, new Job(jobId, document.deepCopy(), options == null ? JobOptions.DEFAULT : options, now));
        for (String thing : things) {
            Exec e = new Exec(jobId, thing);
            e.queuedAt = now;
            e.lastUpdatedAt = now;
            e.seq = ++seq;
            executions.computeIfAbsent(thing, k -> new LinkedHashMap<>()).put(jobId, e);
        }
        dirty = true;
        for (String thing : things) notifyChanges(thing);
    }

    /** Creates a job from JSON text; see {@link #createJob(String, JsonNode, List, JobOptions)}. */
    public void createJob(String jobId, String documentJson, List<String> things, JobOptions options) {
        try {
            createJob(jobId, JSON.readTree(documentJson), things, options);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the job document is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Whether a job with this id exists. */
    public synchronized boolean hasJob(String jobId) {
        return jobs.containsKey(jobId);
    }

    /**
     * Queues an execution of an existing job for things that have none yet (a thing added to a group the job
     * targets) and notifies them; things that already have one are left alone.
     *
     * @return the things an execution was queued for
     */
    public synchronized List<String> addThings(String jobId, List<String> things) {
        if (!jobs.containsKey(jobId)) throw new IllegalArgumentException("no such job: " + jobId);
        List<String> added = new ArrayList<>();
        long now = now();
        for (String thing : things) {
            Map<String, Exec> m = executions.computeIfAbsent(thing, k -> new LinkedHashMap<>());
            if (m.containsKey(jobId)) continue;
            Exec e = new Exec(jobId, thing);
            e.queuedAt = now;
            e.lastUpdatedAt = now;
            e.seq = ++seq;
            m.put(jobId, e);
            added.add(thing);
        }
        if (!added.isEmpty()) dirty = true;
        for (String thing : added) notifyChanges(thing);
        return added;
    }

    /** All executions of a job, one per thing. */
    public synchronized List<JobExecution> executionsOfJob(String jobId) {
        List<JobExecution> out = new ArrayList<>();
        for (Map<String, Exec> m : executions.values()) {
            Exec e = m.get(jobId);
            if (e != null) out.add(snapshot(e));
        }
        return out;
    }

    /** Cancels a job: its executions that are not terminal become CANCELED. */
    public synchronized void cancelJob(String jobId) {
        for (Map<String, Exec> m : executions.values()) {
            Exec e = m.get(jobId);
            if (e != null && !e.status.isTerminal()) {
                e.status = JobExecutionStatus.CANCELED;
                e.version++;
                e.lastUpdatedAt = now();
                dirty = true;
                notifyChanges(e.thing);
            }
        }
    }

    public synchronized Optional<JobExecution> execution(String jobId, String thing) {
        Exec e = executions.getOrDefault(thing, Map.of()).get(jobId);
        return e == null ? Optional.empty() : Optional.of(snapshot(e));
    }

    /** All executions of a thing, oldest first. */
    public synchronized List<JobExecution> executions(String thing) {
        return executions.getOrDefault(thing, Map.of()).values().stream().map(this::snapshot).toList();
    }

    private JobExecution snapshot(Exec e) {
        return new JobExecution(e.jobId, e.thing, e.status, e.details, e.queuedAt, e.startedAt, e.lastUpdatedAt, e.version,
                e.executionNumber, jobs.get(e.jobId).document().deepCopy());
    }

    private volatile java.util.function.UnaryOperator<JsonNode> deliveredDocument = java.util.function.UnaryOperator.identity();

    /**
     * Rewrites every job document as it is sent to a device (not as stored), as IoT Jobs fills in
     * {@code ${aws:iot:s3-presigned-url:...}} placeholders with a freshly signed URL on each delivery.
     */
    public void renderDocuments(java.util.function.UnaryOperator<JsonNode> render) {
        deliveredDocument = render;
    }

    private JsonNode delivered(JsonNode stored) {
        return deliveredDocument.apply(stored.deepCopy());
    }

    // ---- MQTT API -------------------------------------------------------------------------------------

    @Override
    public boolean onPublish(Principal principal, String topic, byte[] payload) {
        if (!topic.startsWith("$aws/things/")) return false;
        String[] p = topic.split("/", -1);
        if (p.length < 5 || !p[3].equals("jobs")) return false;
        String thing = p[2];
        List<String> rest = new ArrayList<>(List.of(p).subList(4, p.length));
        String ns = rest.stream().filter(s -> s.startsWith("namespace-")).findFirst().map(s -> s.substring("namespace-".length())).orElse(null);
        rest.removeIf(s -> s.startsWith("namespace-"));
        JsonNode req = parse(payload);
        if (req == null) {
            LOG.warn("client {}: {} is not a JSON object; rejected", principal == null ? null : principal.clientId(), topic);
        }
        synchronized (this) {
            if (rest.size() == 1 && rest.get(0).equals("get")) getPending(topic, thing, ns, req);
            else if (rest.size() == 1 && rest.get(0).equals("start-next")) startNext(topic, thing, ns, req);
            else if (rest.size() == 2 && rest.get(1).equals("get")) describe(topic, thing, ns, rest.get(0), req);
            else if (rest.size() == 2 && rest.get(1).equals("update")) update(topic, thing, ns, rest.get(0), req);
            else {
                LOG.info("client {}: no jobs operation on {}; ignored", principal == null ? null : principal.clientId(), topic);
                return false;
            }
        }
        return true;
    }

    private void getPending(String topic, String thing, String ns, JsonNode req) {
        if (req == null) {
            reject(topic, "InvalidRequest", "Payload contains invalid json", null, null);
            return;
        }
        ObjectNode res = F.objectNode();
        ArrayNode inProgress = res.putArray("inProgressJobs");
        ArrayNode queued = res.putArray("queuedJobs");
        for (Exec e : pending(thing, ns)) {
            (e.status == JobExecutionStatus.IN_PROGRESS ? inProgress : queued).add(summary(e));
        }
        res.put("timestamp", now());
        token(res, req);
        publish(topic + "/accepted", res);
    }

    private void startNext(String topic, String thing, String ns, JsonNode req) {
        if (req == null) {
            reject(topic, "InvalidRequest", "Payload contains invalid json", null, null);
            return;
        }
        Exec e = next(thing, ns);
        ObjectNode res = F.objectNode();
        if (e != null) {
            if (e.status == JobExecutionStatus.QUEUED) {
                start(e);
                if (req.get("statusDetails") instanceof ObjectNode d) e.details = details(d);
            }
            stepTimeout(e, req);
            res.set("execution", execution(e, true));
        }
        res.put("timestamp", now());
        token(res, req);
        publish(topic + "/accepted", res);
        if (e != null) notifyChanges(thing);
    }

    private void describe(String topic, String thing, String ns, String jobId, JsonNode req) {
        if (req == null) {
            reject(topic, "InvalidRequest", "Payload contains invalid json", null, null);
            return;
        }
        Exec e = jobId.equals("$next") ? next(thing, ns) : executions.getOrDefault(thing, Map.of()).get(jobId);
        if (e == null && !jobId.equals("$next")) {
            reject(topic, "ResourceNotFound", "Job execution not found: " + jobId + " on " + thing, req, null);
            return;
        }
        ObjectNode res = F.objectNode();
        if (e != null) {
            JsonNode include = req.get("includeJobDocument");
            res.set("execution", execution(e, include == null || include.asBoolean(true)));
        }
        res.put("timestamp", now());
        token(res, req);
        publish(topic + "/accepted", res);
    }

    private void update(String topic, String thing, String ns, String jobId, JsonNode req) {
        if (req == null || !req.isObject()) {
            reject(topic, "InvalidRequest", "Payload contains invalid json", null, null);
            return;
        }
        Exec e = jobId.equals("$next") ? next(thing, ns) : executions.getOrDefault(thing, Map.of()).get(jobId);
        if (e == null) {
            reject(topic, "ResourceNotFound", "Job execution not found: " + jobId + " on " + thing, req, null);
            return;
        }
        JobExecutionStatus status;
        try {
            status = JobExecutionStatus.valueOf(req.path("status").asText(""));
        } catch (IllegalArgumentException ex) {
            reject(topic, "InvalidRequest", "status must be one of IN_PROGRESS, SUCCEEDED, FAILED, REJECTED", req, e);
            return;
        }
        if (!status.isSettableByDevice()) {
            reject(topic, "InvalidRequest", "a device cannot set status " + status, req, e);
            return;
        }
        JsonNode expected = req.get("expectedVersion");
        if (expected != null && expected.asLong(-1) != e.version) {
            reject(topic, "VersionMismatch", "expectedVersion " + expected.asText() + " does not match " + e.version, req, e);
            return;
        }
        JsonNode execNo = req.get("executionNumber");
        if (execNo != null && execNo.asLong(-1) != e.executionNumber) {
            reject(topic, "InvalidRequest", "executionNumber does not match", req, e);
            return;
        }
        if (e.status.isTerminal()) {
            reject(topic, "TerminalStateReached", "job execution is already " + e.status, req, e);
            return;
        }
        if (e.status == JobExecutionStatus.QUEUED && status == JobExecutionStatus.IN_PROGRESS) {
            start(e);
        } else {
            if (status != e.status) e.status = status;
            e.version++;
            e.lastUpdatedAt = now();
        }
        if (req.get("statusDetails") instanceof ObjectNode d) e.details = details(d);
        if (status.isTerminal()) e.timeoutAtMillis = 0;
        stepTimeout(e, req);
        dirty = true;
        ObjectNode res = F.objectNode();
        if (req.path("includeJobExecutionState").asBoolean(false)) {
            ObjectNode st = res.putObject("executionState");
            st.put("status", e.status.name());
            st.set("statusDetails", JSON.valueToTree(e.details));
            st.put("versionNumber", e.version);
        }
        if (req.path("includeJobDocument").asBoolean(false)) res.set("jobDocument", delivered(jobs.get(e.jobId).document()));
        res.put("timestamp", now());
        token(res, req);
        publish(topic + "/accepted", res);
        notifyChanges(thing);
    }

    private void start(Exec e) {
        e.status = JobExecutionStatus.IN_PROGRESS;
        e.startedAt = now();
        e.lastUpdatedAt = e.startedAt;
        e.version++;
        dirty = true;
        Duration t = jobs.get(e.jobId).options().inProgressTimeout();
        if (t != null) scheduleTimeout(e, t.toMillis());
    }

    private void stepTimeout(Exec e, JsonNode req) {
        JsonNode step = req.get("stepTimeoutInMinutes");
        if (step != null && step.canConvertToLong() && e.status == JobExecutionStatus.IN_PROGRESS) {
            scheduleTimeout(e, TimeUnit.MINUTES.toMillis(step.asLong()));
        }
    }

    private void scheduleTimeout(Exec e, long millis) {
        long at = System.currentTimeMillis() + millis;
        e.timeoutAtMillis = at;
        timer.schedule(() -> timeout(e, at), millis, TimeUnit.MILLISECONDS);
    }

    private synchronized void timeout(Exec e, long at) {
        if (e.timeoutAtMillis != at || e.status != JobExecutionStatus.IN_PROGRESS) return;
        e.status = JobExecutionStatus.TIMED_OUT;
        e.version++;
        e.lastUpdatedAt = now();
        dirty = true;
        notifyChanges(e.thing);
    }

    /** The thing's pending executions, in-progress first; of one namespace's jobs, or of every job when ns is null. */
    private List<Exec> pending(String thing, String ns) {
        List<Exec> out = new ArrayList<>();
        for (Exec e : executions.getOrDefault(thing, Map.of()).values()) {
            if (!e.status.isTerminal() && (ns == null || ns.equals(jobs.get(e.jobId).options().namespace()))) out.add(e);
        }
        out.sort(Comparator.comparing((Exec e) -> e.status == JobExecutionStatus.IN_PROGRESS ? 0 : 1).thenComparingLong(e -> e.seq));
        return out;
    }

    private Exec next(String thing, String ns) {
        List<Exec> p = pending(thing, ns);
        return p.isEmpty() ? null : p.get(0);
    }

    /**
     * Publishes notify (the pending list, a JobExecutionsChanged event) and, when the next pending execution changed,
     * notify-next (a NextJobExecutionChanged event). For each namespace the thing has jobs in, the same two events
     * of that namespace's jobs go to {@code notify-namespace-NS} and {@code notify-next-namespace-NS} when they
     * changed, as IoT Jobs sends them: an empty {@code jobs} object when nothing is pending any more (a job was
     * cancelled or finished), which is how the Greengrass nucleus learns that a deployment was cancelled.
     */
    private void notifyChanges(String thing) {
        long ts = now();
        publish("$aws/things/" + thing + "/jobs/notify", changed(pending(thing, null), ts));
        notifyNext(thing, null, ts);
        java.util.Set<String> namespaces = new java.util.TreeSet<>();
        for (Exec e : executions.getOrDefault(thing, Map.of()).values()) {
            String ns = jobs.get(e.jobId).options().namespace();
            if (ns != null) namespaces.add(ns);
        }
        for (String ns : namespaces) {
            ObjectNode list = changed(pending(thing, ns), ts);
            String key = thing + "\u0000" + ns;
            String jobsNow = list.get("jobs").toString();
            if (!jobsNow.equals(lastNotifiedList.get(key))) {
                lastNotifiedList.put(key, jobsNow);
                publish("$aws/things/" + thing + "/jobs/notify-namespace-" + ns, list);
            }
            notifyNext(thing, ns, ts);
        }
    }

    private ObjectNode changed(List<Exec> pending, long ts) {
        ObjectNode list = F.objectNode();
        list.put("timestamp", ts);
        ObjectNode byStatus = list.putObject("jobs");
        for (Exec e : pending) {
            ArrayNode a = byStatus.has(e.status.name()) ? (ArrayNode) byStatus.get(e.status.name()) : byStatus.putArray(e.status.name());
            a.add(summary(e));
        }
        return list;
    }

    private void notifyNext(String thing, String ns, long ts) {
        Exec n = next(thing, ns);
        String key = n == null ? "" : n.jobId + ":" + n.executionNumber;
        String which = ns == null ? thing : thing + "\u0000" + ns;
        if (key.equals(lastNotifiedNext.getOrDefault(which, ""))) return;
        lastNotifiedNext.put(which, key);
        ObjectNode msg = F.objectNode();
        msg.put("timestamp", ts);
        if (n != null) msg.set("execution", execution(n, true));
        publish("$aws/things/" + thing + "/jobs/notify-next" + (ns == null ? "" : "-namespace-" + ns), msg);
    }

    private ObjectNode summary(Exec e) {
        ObjectNode s = F.objectNode();
        s.put("jobId", e.jobId);
        s.put("queuedAt", e.queuedAt);
        if (e.startedAt != 0) s.put("startedAt", e.startedAt);
        s.put("lastUpdatedAt", e.lastUpdatedAt);
        s.put("versionNumber", e.version);
        s.put("executionNumber", e.executionNumber);
        return s;
    }

    private ObjectNode execution(Exec e, boolean includeDocument) {
        ObjectNode x = F.objectNode();
        x.put("jobId", e.jobId);
        x.put("thingName", e.thing);
        x.put("status", e.status.name());
        if (!e.details.isEmpty()) x.set("statusDetails", JSON.valueToTree(e.details));
        x.put("queuedAt", e.queuedAt);
        if (e.startedAt != 0) x.put("startedAt", e.startedAt);
        x.put("lastUpdatedAt", e.lastUpdatedAt);
        x.put("versionNumber", e.version);
        x.put("executionNumber", e.executionNumber);
        if (e.timeoutAtMillis != 0 && e.status == JobExecutionStatus.IN_PROGRESS) {
            x.put("approximateSecondsBeforeTimedOut", Math.max(0, (e.timeoutAtMillis - System.currentTimeMillis()) / 1000));
        }
        if (includeDocument) x.set("jobDocument", delivered(jobs.get(e.jobId).document()));
        return x;
    }

    private static Map<String, String> details(ObjectNode d) {
        Map<String, String> m = new LinkedHashMap<>();
        d.properties().forEach(f -> m.put(f.getKey(), f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString()));
        return m;
    }

    private void reject(String topic, String code, String message, JsonNode req, Exec e) {
        ObjectNode r = F.objectNode();
        r.put("code", code);
        r.put("message", message);
        r.put("timestamp", now());
        if (req != null) token(r, req);
        if (e != null) {
            ObjectNode st = r.putObject("executionState");
            st.put("status", e.status.name());
            st.set("statusDetails", JSON.valueToTree(e.details));
            st.put("versionNumber", e.version);
        }
        publish(topic + "/rejected", r);
    }

    private static void token(ObjectNode res, JsonNode req) {
        JsonNode t = req == null ? null : req.get("clientToken");
        if (t != null) res.set("clientToken", t);
    }

    private static JsonNode parse(byte[] payload) {
        if (payload.length == 0) return F.objectNode();
        try {
            JsonNode n = JSON.readTree(payload);
            return n != null && n.isObject() ? n : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private void publish(String topic, JsonNode body) {
        try {
            publisher.accept(Message.internal(topic, JSON.writeValueAsBytes(body), 1));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    // ---- persistence --------------------------------------------------------------------------------

    public boolean isDirty() {
        return dirty;
    }

    /** Jobs and executions as JSON (in-progress timeouts are not kept across restarts). */
    public synchronized ObjectNode snapshot() {
        dirty = false;
        ObjectNode root = F.objectNode();
        ArrayNode js = root.putArray("jobs");
        jobs.values().forEach(j -> {
            ObjectNode n = js.addObject();
            n.put("jobId", j.jobId());
            n.set("document", j.document());
            if (j.options().inProgressTimeout() != null) n.put("inProgressTimeoutMillis", j.options().inProgressTimeout().toMillis());
            if (j.options().namespace() != null) n.put("namespace", j.options().namespace());
            n.put("createdAt", j.createdAt());
        });
        ArrayNode es = root.putArray("executions");
        executions.values().forEach(m -> m.values().forEach(e -> {
            ObjectNode n = es.addObject();
            n.put("jobId", e.jobId);
            n.put("thing", e.thing);
            n.put("status", e.status.name());
            n.set("statusDetails", JSON.valueToTree(e.details));
            n.put("queuedAt", e.queuedAt);
            n.put("startedAt", e.startedAt);
            n.put("lastUpdatedAt", e.lastUpdatedAt);
            n.put("version", e.version);
            n.put("executionNumber", e.executionNumber);
        }));
        return root;
    }

    public synchronized void restore(JsonNode root) {
        jobs.clear();
        executions.clear();
        for (JsonNode n : root.path("jobs")) {
            Duration t = n.has("inProgressTimeoutMillis") ? Duration.ofMillis(n.get("inProgressTimeoutMillis").asLong()) : null;
            String ns = n.has("namespace") ? n.get("namespace").asText() : null;
            jobs.put(n.get("jobId").asText(), new Job(n.get("jobId").asText(), n.get("document"), new JobOptions(t, ns),
                    n.path("createdAt").asLong()));
        }
        for (JsonNode n : root.path("executions")) {
            Exec e = new Exec(n.get("jobId").asText(), n.get("thing").asText());
            if (!jobs.containsKey(e.jobId)) continue;
            e.status = JobExecutionStatus.valueOf(n.get("status").asText());
            if (n.get("statusDetails") instanceof ObjectNode d) e.details = details(d);
            e.queuedAt = n.path("queuedAt").asLong();
            e.startedAt = n.path("startedAt").asLong();
            e.lastUpdatedAt = n.path("lastUpdatedAt").asLong();
            e.version = n.path("version").asLong(1);
            e.executionNumber = n.path("executionNumber").asLong(1);
            e.seq = ++seq;
            executions.computeIfAbsent(e.thing, k -> new LinkedHashMap<>()).put(e.jobId, e);
        }
    }
}
