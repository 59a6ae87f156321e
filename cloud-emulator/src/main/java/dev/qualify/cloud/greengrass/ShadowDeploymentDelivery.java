package dev.qualify.cloud.greengrass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qualify.cloud.shadow.ShadowService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Delivers deployments whose target is a thing as Greengrass does: through the thing's classic named shadow
 * {@code AWSManagedGreengrassV2Deployment} (what the nucleus' ShadowDeploymentListener reads), not a job. The desired
 * state is {@code {"fleetConfig": "<the deployment document as a JSON string>", "desiredStatus": "ACTIVE"}} for the
 * thing's latest deployment, {@code "CANCELED"} once it is cancelled; it is written through the {@link ShadowService},
 * so the device sees the usual {@code update/accepted}, {@code update/delta} and {@code update/documents} and a
 * {@code get} answers with it. The status the nucleus writes in the reported section
 * ({@code fleetConfigurationArnForStatus}, {@code status}, {@code statusDetails}) becomes the device's
 * {@link ThingExecutions execution} of the deployment with that configuration ARN.
 */
final class ShadowDeploymentDelivery implements ShadowService.UpdateListener {
    /** The named shadow the nucleus takes thing deployments from. */
    static final String SHADOW_NAME = "AWSManagedGreengrassV2Deployment";
    private static final Logger LOG = LoggerFactory.getLogger(ShadowDeploymentDelivery.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final GreengrassService service;
    private final ShadowService shadows;
    private final Executor worker;
    /** Deliveries the shadow refused (deployment id and desired status), logged once each. */
    private final java.util.Set<String> refused = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** @param worker where reported statuses are recorded (not on the shadow service's lock) */
    ShadowDeploymentDelivery(GreengrassService service, ShadowService shadows, Executor worker) {
        this.service = service;
        this.shadows = shadows;
        this.worker = worker;
        shadows.addUpdateListener(this);
    }

    /** Brings each target thing's deployment shadow in line with its latest deployment; idempotent. */
    void sync(List<DeploymentRecord> thingDeployments) {
        Map<String, DeploymentRecord> latest = new LinkedHashMap<>();
        for (DeploymentRecord d : thingDeployments) latest.merge(d.targetName(), d, (a, b) -> b.revision() > a.revision() ? b : a);
        for (DeploymentRecord d : latest.values()) {
            ObjectNode desired = F.objectNode();
            desired.put("fleetConfig", service.jobDocument(d).toString());
            desired.put("desiredStatus", d.status().equals("ACTIVE") ? "ACTIVE" : "CANCELED");
            JsonNode current = shadows.document(d.targetName(), SHADOW_NAME).map(s -> s.path("state").path("desired")).orElse(F.objectNode());
            if (desired.equals(F.objectNode().put("fleetConfig", current.path("fleetConfig").asText(null))
                    .put("desiredStatus", current.path("desiredStatus").asText(null)))) {
                continue;
            }
            ObjectNode req = F.objectNode();
            req.putObject("state").set("desired", desired);
            JsonNode res = shadows.update(d.targetName(), SHADOW_NAME, req.toString());
            if (!res.has("version")) {
                if (!refused.add(d.deploymentId() + " " + desired.get("desiredStatus").asText())) continue;
                LOG.warn("cannot deliver deployment {} to {} through its {} shadow: {}", d.deploymentId(), d.targetName(), SHADOW_NAME,
                        res.path("message").asText());
                continue;
            }
            LOG.info("deployment {} ({}) delivered to {} through its {} shadow", d.deploymentId(), desired.get("desiredStatus").asText(),
                    d.targetName(), SHADOW_NAME);
            if (d.status().equals("ACTIVE")) service.thingExecutions().delivered(d);
        }
        service.thingExecutions().cancelSuperseded();
    }

    @Override
    public void accepted(String thing, String shadowName, JsonNode accepted) {
        if (!shadowName.equals(SHADOW_NAME)) return;
        JsonNode reported = accepted.path("state").path("reported");
        if (!reported.isObject() || !reported.path("fleetConfigurationArnForStatus").isTextual() || !reported.path("status").isTextual()) return;
        String arn = reported.get("fleetConfigurationArnForStatus").asText();
        String status = reported.get("status").asText();
        Map<String, String> details = new LinkedHashMap<>();
        reported.path("statusDetails").properties().forEach(e -> {
            if (e.getValue().isValueNode() && !e.getValue().isNull()) details.put(e.getKey(), e.getValue().asText());
        });
        try {
            worker.execute(() -> record(thing, arn, status, details));
        } catch (RejectedExecutionException closing) {
            LOG.warn("{} reported {} for {} while the cloud stops; not recorded", thing, status, arn);
        }
    }

    private void record(String thing, String arn, String status, Map<String, String> details) {
        try {
            service.listDeployments().stream()
                    .filter(d -> !d.isThingGroup() && d.targetName().equals(thing) && service.configurationArn(d).equals(arn))
                    .findFirst()
                    .ifPresentOrElse(d -> {
                        service.thingExecutions().reported(d, status, details);
                        LOG.info("{} reported {} for deployment {} through its {} shadow", thing, status, d.deploymentId(), SHADOW_NAME);
                    }, () -> LOG.warn("{} reported {} for {}, which is no deployment to it", thing, status, arn));
        } catch (RuntimeException e) {
            LOG.warn("cannot record the deployment status {} reported: {}", thing, e.toString());
        }
    }
}
