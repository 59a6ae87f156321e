package dev.qualify.cloud.greengrass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The device side of thing deployments, written from the nucleus' ShadowDeploymentListener: on start it subscribes
 * (QoS 1) to {@code $aws/things/T/shadow/name/AWSManagedGreengrassV2Deployment/update/accepted},
 * {@code /update/rejected} and {@code /get/accepted}, then publishes {@code /get}. Every accepted update or get is
 * handled as {@code shadowUpdated(desired, reported, version)}: an older version is ignored; a reported section
 * that differs from the last status it reported makes it report again; {@code desired.fleetConfig} is a JSON string
 * of the deployment document, parsed for its {@code configurationArn}; {@code desired.desiredStatus} is
 * {@code ACTIVE} or {@code CANCELED}. At its first shadow document it ignores a cancelled deployment and one whose
 * result is already reported (terminal status for the same ARN); later it ignores a repeat of the same ARN. Status is
 * reported by updating {@code state.reported} with {@code fleetConfigurationArnForStatus}, {@code status},
 * {@code statusDetails {detailedStatus, failureCause}} and {@code ggcVersion}, passing the last seen
 * {@code version}; a rejection (a version conflict) makes it get the shadow again.
 */
final class ShadowDeploymentDevice implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A deployment the device took from the shadow (what the nucleus puts in its deployment queue). */
    record Received(String configurationArn, boolean cancel, JsonNode configuration, long shadowVersion) {
    }

    private final NucleusProtocolClient mqtt;
    private final String prefix;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final BlockingQueue<Received> deployments = new LinkedBlockingQueue<>();
    private final AtomicLong lastVersion = new AtomicLong();
    private final AtomicReference<ObjectNode> lastStatus = new AtomicReference<>();
    private String lastConfigurationArn;

    /** Subscribes and asks for the shadow, as the listener's postInject does. */
    ShadowDeploymentDevice(NucleusProtocolClient mqtt) throws Exception {
        this.mqtt = mqtt;
        this.prefix = "$aws/things/" + mqtt.thing() + "/shadow/name/" + ShadowDeploymentDelivery.SHADOW_NAME;
        mqtt.route(prefix + "/", this::enqueue);
        mqtt.subscribe(prefix + "/update/accepted");
        mqtt.subscribe(prefix + "/update/rejected");
        mqtt.subscribe(prefix + "/get/accepted");
        publishGet();
    }

    /** Waits for the next deployment (or cancellation) the device takes. */
    Received awaitDeployment(Duration within) throws InterruptedException {
        Received r = deployments.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) throw new AssertionError(mqtt.thing() + ": no deployment from the shadow within " + within);
        return r;
    }

    /**
     * Reports a deployment status as the deployment status keeper's consumer does (then returns once the PUBACK came).
     *
     * @param detailedStatus e.g. {@code SUCCESSFUL}, {@code FAILED_ROLLBACK_COMPLETE}; may be null
     * @param failureCause   may be null
     */
    void report(String configurationArn, String status, String detailedStatus, String failureCause) throws Exception {
        ObjectNode reported = JSON.createObjectNode();
        reported.put("fleetConfigurationArnForStatus", configurationArn);
        reported.put("status", status);
        ObjectNode details = reported.putObject("statusDetails");
        details.put("detailedStatus", detailedStatus);
        details.put("failureCause", failureCause);
        reported.put("ggcVersion", "2.18.0");
        lastStatus.set(reported);
        updateReported();
    }

    private void publishGet() throws Exception {
        mqtt.publish(prefix + "/get", JSON.createObjectNode());
    }

    private void updateReported() throws Exception {
        ObjectNode req = JSON.createObjectNode();
        req.putObject("state").set("reported", lastStatus.get().deepCopy());
        req.put("version", lastVersion.get());
        mqtt.publish(prefix + "/update", req);
    }

    /** Runs on the MQTT client's thread: a shadow message that arrives after {@link #close} is dropped, not rejected. */
    private void enqueue(Mqtt5Publish p) {
        if (executor.isShutdown()) return;
        try {
            executor.execute(() -> handle(p));
        } catch (RejectedExecutionException closing) {
            // closed between the check and the hand-off; the device no longer listens
        }
    }

    private void handle(Mqtt5Publish p) {
        try {
            String topic = p.getTopic().toString();
            JsonNode body = JSON.readTree(p.getPayloadAsBytes());
            if (topic.endsWith("/update/rejected")) {
                publishGet();
            } else if (topic.endsWith("/update/accepted") || topic.endsWith("/get/accepted")) {
                shadowUpdated(body.path("state").path("desired"), body.path("state").path("reported"), body.path("version").asLong());
            }
        } catch (Exception e) {
            throw new IllegalStateException(mqtt.thing() + ": cannot handle " + p.getTopic(), e);
        }
    }

    private void shadowUpdated(JsonNode desired, JsonNode reported, long version) throws Exception {
        if (lastVersion.get() > version) return;
        lastVersion.set(version);
        if (reported.isObject() && !reported.isEmpty()) syncReported(reported);
        if (!desired.isObject() || desired.isEmpty()) return;
        JsonNode configuration;
        try {
            configuration = JSON.readTree(desired.path("fleetConfig").asText());
        } catch (IOException e) {
            return;
        }
        String arn = configuration.path("configurationArn").textValue();
        String desiredStatus = desired.path("desiredStatus").textValue();
        if (arn == null || desiredStatus == null) return;
        boolean cancel = desiredStatus.equals("CANCELED");
        if (lastConfigurationArn == null) {
            lastConfigurationArn = arn;
            if (cancel) return;
            if (arn.equals(reported.path("fleetConfigurationArnForStatus").textValue())
                    && !"IN_PROGRESS".equals(reported.path("status").textValue())) {
                return;
            }
        } else {
            if (lastConfigurationArn.equals(arn) && !cancel) return;
            lastConfigurationArn = arn;
        }
        deployments.add(new Received(arn, cancel, configuration, version));
    }

    private void syncReported(JsonNode reported) throws Exception {
        ObjectNode last = lastStatus.get();
        if (last == null) return;
        if (!last.get("fleetConfigurationArnForStatus").equals(reported.get("fleetConfigurationArnForStatus"))
                || !last.get("status").equals(reported.get("status"))) {
            updateReported();
        }
    }

    @Override
    public void close() throws InterruptedException {
        mqtt.unroute(prefix + "/");
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
