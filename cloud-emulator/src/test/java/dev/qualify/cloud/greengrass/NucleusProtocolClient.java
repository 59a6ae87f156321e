package dev.qualify.cloud.greengrass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.cloud.Endpoint;
import dev.qualify.cloud.HiveMq;
import dev.qualify.cloud.TestTls;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A test client that speaks to the cloud the way the Greengrass nucleus does (IotJobsHelper,
 * IotJobsClientWrapper, ComponentManager, GreengrassRepositoryDownloader, FleetStatusService): MQTT 5 over mutual
 * TLS with the thing name as client id, the {@code namespace-aws-gg-deployment} jobs topics, and the data plane over
 * HTTPS with the device certificate (the pre-signed artifact URL fetched without it).
 */
final class NucleusProtocolClient implements AutoCloseable {
    static final String NS = "namespace-aws-gg-deployment";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String thing;
    private final Mqtt5BlockingClient mqtt;
    private final BlockingQueue<Mqtt5Publish> inbox = new LinkedBlockingQueue<>();
    private final Map<String, Consumer<Mqtt5Publish>> routes = new ConcurrentHashMap<>();
    private final HttpClient dataPlane;
    private final HttpClient anonymous;
    private final String base;

    NucleusProtocolClient(DeviceCredentials creds, Endpoint dataPlaneEndpoint) throws Exception {
        this.thing = creds.thingName();
        this.mqtt = HiveMq.v5(creds, thing);
        mqtt.connect();
        mqtt.toAsync().publishes(MqttGlobalPublishFilter.ALL, this::route);
        String p = "$aws/things/" + thing + "/jobs/";
        for (String t : new String[]{p + "notify-" + NS, p + "$next/" + NS + "/get/accepted", p + "$next/" + NS + "/get/rejected",
                p + "+/" + NS + "/update/accepted", p + "+/" + NS + "/update/rejected"}) {
            mqtt.subscribeWith().topicFilter(t).qos(MqttQos.AT_LEAST_ONCE).send();
        }
        SSLContext mtls = TestTls.sslContext(creds);
        this.dataPlane = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(mtls)
                .connectTimeout(Duration.ofSeconds(20)).build();
        SSLContext trustOnly = SSLContext.getInstance("TLS");
        trustOnly.init(null, TestTls.trustManagers(creds.rootCaPem()).getTrustManagers(), null);
        this.anonymous = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trustOnly)
                .connectTimeout(Duration.ofSeconds(20)).build();
        this.base = "https://localhost:" + dataPlaneEndpoint.port();
    }

    String thing() {
        return thing;
    }

    private void route(Mqtt5Publish p) {
        String topic = p.getTopic().toString();
        for (Map.Entry<String, Consumer<Mqtt5Publish>> r : routes.entrySet()) {
            if (topic.startsWith(r.getKey())) {
                r.getValue().accept(p);
                return;
            }
        }
        inbox.add(p);
    }

    /** Hands every message whose topic starts with a prefix to a handler (on the MQTT client's thread) instead of {@link #await}. */
    void route(String topicPrefix, Consumer<Mqtt5Publish> handler) {
        routes.put(topicPrefix, handler);
    }

    /** Stops handing messages on a prefix to its handler; later ones go to {@link #await}'s inbox. */
    void unroute(String topicPrefix) {
        routes.remove(topicPrefix);
    }

    /** Subscribes with QoS 1, as the nucleus' clients do. */
    void subscribe(String topicFilter) {
        mqtt.subscribeWith().topicFilter(topicFilter).qos(MqttQos.AT_LEAST_ONCE).send();
    }

    /** Publishes JSON with QoS 1 and waits for the PUBACK. */
    void publish(String topic, JsonNode body) throws Exception {
        mqtt.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(JSON.writeValueAsBytes(body)).send();
    }

    /** Waits for a message on a topic (others not routed elsewhere are dropped). */
    JsonNode await(String topic, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Mqtt5Publish m = inbox.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (m != null && m.getTopic().toString().equals(topic)) return JSON.readTree(m.getPayloadAsBytes());
        }
        throw new AssertionError(thing + ": nothing on " + topic + " within " + within);
    }

    /**
     * Waits for a {@code notify-namespace-aws-gg-deployment} message and reads it as IotJobsHelper's event handler
     * does, as a JobExecutionsChanged event; returns its {@code jobs} (status to execution summaries): with QUEUED ones
     * the nucleus asks for {@code $next}, an empty one tells it that its deployment was cancelled.
     */
    JsonNode awaitNotify() throws Exception {
        JsonNode event = await("$aws/things/" + thing + "/jobs/notify-" + NS, Duration.ofSeconds(30));
        JsonNode jobs = event.get("jobs");
        if (jobs == null || !jobs.isObject()) {
            throw new AssertionError(thing + ": notify-" + NS + " is no JobExecutionsChanged event (the nucleus reads its jobs): " + event);
        }
        return jobs;
    }

    /** The ids of the QUEUED executions in a JobExecutionsChanged event's jobs. */
    static java.util.List<String> queued(JsonNode jobs) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        jobs.path("QUEUED").forEach(j -> ids.add(j.path("jobId").asText()));
        return ids;
    }

    /** {@code $next/namespace-aws-gg-deployment/get}, as IotJobsHelper.requestNextPendingJobDocument; the execution or null. */
    JsonNode describeNext() throws Exception {
        ObjectNode req = JSON.createObjectNode();
        req.put("clientToken", java.util.UUID.randomUUID().toString());
        req.put("includeJobDocument", true);
        String t = "$aws/things/" + thing + "/jobs/$next/" + NS + "/get";
        mqtt.publishWith().topic(t).qos(MqttQos.AT_LEAST_ONCE).payload(JSON.writeValueAsBytes(req)).send();
        JsonNode res = await(t + "/accepted", Duration.ofSeconds(30));
        return res.get("execution");
    }

    /** Updates a job execution as IotJobsHelper.updateJobStatus does; returns the accepted response. */
    JsonNode update(String jobId, String status, Map<String, String> details) throws Exception {
        ObjectNode req = JSON.createObjectNode();
        req.put("status", status);
        if (details != null) req.set("statusDetails", JSON.valueToTree(details));
        req.put("clientToken", java.util.UUID.randomUUID().toString());
        String t = "$aws/things/" + thing + "/jobs/" + jobId + "/" + NS + "/update";
        mqtt.publishWith().topic(t).qos(MqttQos.AT_LEAST_ONCE).payload(JSON.writeValueAsBytes(req)).send();
        return await(t + "/accepted", Duration.ofSeconds(30));
    }

    /** A fleet-status message, as FleetStatusService publishes it. */
    void publishHealth(String overall, String trigger) throws Exception {
        ObjectNode m = JSON.createObjectNode();
        m.put("ggcVersion", "2.18.0");
        m.put("platform", "linux");
        m.put("architecture", "amd64");
        m.put("thing", thing);
        m.put("overallDeviceStatus", overall);
        m.put("sequenceNumber", 1);
        m.put("trigger", trigger);
        m.put("timestamp", System.currentTimeMillis());
        m.putArray("components");
        mqtt.publishWith().topic("$aws/things/" + thing + "/greengrassv2/health/json").qos(MqttQos.AT_LEAST_ONCE)
                .payload(JSON.writeValueAsBytes(m)).send();
    }

    void publishRaw(String topic, byte[] payload) {
        mqtt.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
    }

    HttpResponse<String> get(String path) throws Exception {
        return dataPlane.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String header, String value) throws Exception {
        return dataPlane.send(HttpRequest.newBuilder(URI.create(base + path)).header(header, value).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return dataPlane.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A GET without a client certificate (what the nucleus' artifact download does with a pre-signed URL). */
    HttpResponse<byte[]> getAnonymous(String url, String range) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (range != null) b.header("Range", range);
        return anonymous.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** ResolveComponentCandidates for one component: the resolved entry, or the error response's status. */
    HttpResponse<String> resolve(String component, String group, String requirement) throws Exception {
        ObjectNode req = JSON.createObjectNode();
        req.putObject("platform").putObject("attributes").put("os", "linux").put("architecture", "amd64");
        ObjectNode c = req.putArray("componentCandidates").addObject();
        c.put("componentName", component);
        c.putObject("versionRequirements").put(group, requirement);
        return post("/greengrass/v2/resolveComponentCandidates", req.toString());
    }

    /**
     * Fetches every artifact of a resolved recipe as the nucleus does (GetComponentVersionArtifact, then the
     * pre-signed URL, first for the size and then with a Range) and checks its digest; returns file name to bytes.
     */
    Map<String, byte[]> downloadArtifacts(String arn, JsonNode recipe) throws Exception {
        Map<String, byte[]> out = new java.util.LinkedHashMap<>();
        for (JsonNode m : recipe.path("Manifests")) {
            for (JsonNode a : m.path("Artifacts")) {
                String uri = a.get("Uri").asText();
                if (!uri.startsWith("greengrass:")) throw new AssertionError("artifact not served by the cloud: " + uri);
                String name = uri.substring("greengrass:".length());
                HttpResponse<String> r = get("/greengrass/v2/components/" + URLEncoder.encode(arn, StandardCharsets.UTF_8)
                        + "/artifacts/" + name + "?s3EndpointType=GLOBAL");
                if (r.statusCode() != 200) throw new AssertionError("GetComponentVersionArtifact " + r.statusCode() + " " + r.body());
                String url = JSON.readTree(r.body()).get("preSignedUrl").asText();
                HttpResponse<byte[]> size = getAnonymous(url, null);
                if (size.statusCode() != 200) throw new AssertionError("size GET " + size.statusCode());
                long length = Long.parseLong(size.headers().firstValue("content-length").orElseThrow());
                HttpResponse<byte[]> body = getAnonymous(url, "bytes=0-" + (length - 1));
                if (body.statusCode() != 206) throw new AssertionError("range GET " + body.statusCode());
                String digest = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body.body()));
                if (!a.get("Algorithm").asText().equals("SHA-256") || !digest.equals(a.get("Digest").asText())) {
                    throw new AssertionError("digest mismatch for " + name);
                }
                out.put(name, body.body());
            }
        }
        return out;
    }

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    static JsonNode decodeRecipe(JsonNode resolved) throws Exception {
        return JSON.readTree(Base64.getDecoder().decode(resolved.get("recipe").asText()));
    }

    @Override
    public void close() {
        if (mqtt.getState().isConnected()) mqtt.disconnect();
    }
}
