package dev.qualify.cloud.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qualify.cloud.greengrass.ComponentSpec;
import dev.qualify.cloud.greengrass.CoreDeviceRecord;
import dev.qualify.cloud.greengrass.DeploymentRecord;
import dev.qualify.cloud.greengrass.DeploymentRequest;
import dev.qualify.cloud.greengrass.GreengrassService;
import dev.qualify.cloud.greengrass.DeviceExecution;
import dev.qualify.cloud.jobs.JobsService;
import dev.qualify.cloud.policy.Arns;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Greengrass V2 deployments and core devices: CreateDeployment (delivered at once, to a thing group's devices as a
 * job, to a thing through its deployment shadow), GetDeployment, CancelDeployment, ListDeployments,
 * ListEffectiveDeployments (the deployments that reached the device, with the status its nucleus reported on the job
 * or the shadow), ListCoreDevices and GetCoreDevice (devices that reported their status).
 * A deployment's IoT job has the deployment's id. {@code runWith}, {@code iotJobConfiguration} and tags are not
 * kept; the component update and validation policies are always the defaults (NOTIFY_COMPONENTS, 60 s).
 */
final class GreengrassDeploymentOperations implements RestService {
    private static final GreengrassErrors ERR = GreengrassErrors.GREENGRASS_V2;
    private static final String GREENGRASS = "greengrass";
    private final GreengrassService gg;
    private final Arns arns;
    private final JobsService jobs;
    private final Runnable deliver;

    /** @param deliver brings the jobs in line with the deployments (run after a new deployment) */
    GreengrassDeploymentOperations(GreengrassService gg, Arns arns, JobsService jobs, Runnable deliver) {
        this.gg = gg;
        this.arns = arns;
        this.jobs = jobs;
        this.deliver = deliver;
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(
                new RestRoute("POST", "/greengrass/v2/deployments", "CreateDeployment", this::create, GREENGRASS),
                new RestRoute("GET", "/greengrass/v2/deployments/{deploymentId}", "GetDeployment", this::get, GREENGRASS),
                new RestRoute("POST", "/greengrass/v2/deployments/{deploymentId}/cancel", "CancelDeployment", this::cancel, GREENGRASS),
                new RestRoute("GET", "/greengrass/v2/deployments", "ListDeployments", this::list, GREENGRASS),
                new RestRoute("GET", "/greengrass/v2/coreDevices/{coreDeviceThingName}/effectiveDeployments", "ListEffectiveDeployments",
                        this::effective, GREENGRASS),
                new RestRoute("GET", "/greengrass/v2/coreDevices", "ListCoreDevices", this::coreDevices, GREENGRASS),
                new RestRoute("GET", "/greengrass/v2/coreDevices/{coreDeviceThingName}", "GetCoreDevice", this::coreDevice, GREENGRASS));
    }

    private RestResponse create(RestCall call) {
        JsonNode body = call.json();
        JsonNode target = body.get("targetArn");
        if (target == null || !target.isTextual() || !target.asText().startsWith("arn:")) {
            throw ERR.validation("targetArn is required: the ARN of a thing or thing group");
        }
        JsonNode comps = body.path("components");
        if (!comps.isObject() || comps.isEmpty()) throw ERR.validation("components is required: component name to componentVersion");
        Map<String, ComponentSpec> specs = new LinkedHashMap<>();
        comps.properties().forEach(e -> {
            JsonNode v = e.getValue().get("componentVersion");
            JsonNode cu = e.getValue().get("configurationUpdate");
            specs.put(e.getKey(), new ComponentSpec(v == null || !v.isTextual() ? null : v.asText(), cu == null || cu.isNull() ? null : cu));
        });
        String policy = body.path("deploymentPolicies").path("failureHandlingPolicy").textValue();
        String name = body.path("deploymentName").textValue();
        DeploymentRecord d = ERR.call(() -> gg.createDeployment(new DeploymentRequest(target.asText(), name, specs, policy)));
        deliver.run();
        return new RestResponse(201, withJob(RestResponse.object().put("deploymentId", d.deploymentId()), d));
    }

    private RestResponse get(RestCall call) {
        String id = call.path("deploymentId");
        DeploymentRecord d = gg.deployment(id).orElseThrow(() -> RestException.notFound("deployment " + id + " does not exist"));
        ObjectNode out = withJob(summary(d, gg.listDeployments()), d);
        ObjectNode comps = out.putObject("components");
        d.components().forEach((n, spec) -> {
            ObjectNode c = comps.putObject(n).put("componentVersion", spec.componentVersion());
            JsonNode cu = spec.configurationUpdate();
            if (cu != null) {
                ObjectNode u = c.putObject("configurationUpdate");
                if (cu.has("merge")) u.put("merge", cu.get("merge").toString());
                if (cu.has("reset")) u.set("reset", cu.get("reset"));
            }
        });
        ObjectNode policies = out.putObject("deploymentPolicies").put("failureHandlingPolicy", d.failureHandlingPolicy());
        policies.putObject("componentUpdatePolicy").put("timeoutInSeconds", 60).put("action", "NOTIFY_COMPONENTS");
        policies.putObject("configurationValidationPolicy").put("timeoutInSeconds", 60);
        out.putObject("tags");
        return RestResponse.ok(out);
    }

    private RestResponse cancel(RestCall call) {
        String id = call.path("deploymentId");
        DeploymentRecord d = ERR.call(() -> gg.cancelDeployment(id));
        deliver.run();
        return RestResponse.ok(RestResponse.object().put("message", "deployment " + d.deploymentId() + " canceled"));
    }

    private RestResponse list(RestCall call) {
        String target = call.queryParam("targetArn").orElse(null);
        String filter = call.queryParam("historyFilter").orElse("LATEST_ONLY");
        if (!filter.equals("ALL") && !filter.equals("LATEST_ONLY")) throw ERR.validation("historyFilter must be ALL or LATEST_ONLY: " + filter);
        List<DeploymentRecord> all = gg.listDeployments();
        List<DeploymentRecord> chosen = all.stream().filter(d -> target == null || d.targetArn().equals(target))
                .filter(d -> filter.equals("ALL") || isLatest(d, all))
                .sorted(Comparator.comparingLong(DeploymentRecord::creationTimestamp).thenComparing(DeploymentRecord::deploymentId)).toList();
        ObjectNode out = RestResponse.object();
        List<DeploymentRecord> page = IotContext.page(chosen, call.queryParam("nextToken").orElse(null), IotContext.intParam(call, "maxResults", 0),
                out, "nextToken");
        ArrayNode items = out.putArray("deployments");
        page.forEach(d -> items.add(summary(d, all)));
        return RestResponse.ok(out);
    }

    private ObjectNode summary(DeploymentRecord d, List<DeploymentRecord> all) {
        return RestResponse.object().put("targetArn", d.targetArn()).put("revisionId", Integer.toString(d.revision()))
                .put("deploymentId", d.deploymentId()).put("deploymentName", d.deploymentName())
                .put("creationTimestamp", IotContext.seconds(d.creationTimestamp())).put("deploymentStatus", d.status())
                .put("isLatestForTarget", isLatest(d, all));
    }

    private static boolean isLatest(DeploymentRecord d, List<DeploymentRecord> all) {
        return all.stream().noneMatch(o -> o.targetArn().equals(d.targetArn()) && o.revision() > d.revision());
    }

    private RestResponse effective(RestCall call) {
        String thing = call.path("coreDeviceThingName");
        List<ObjectNode> found = new ArrayList<>();
        for (DeploymentRecord d : gg.listDeployments()) {
            Optional<DeviceExecution> e = d.isThingGroup() ? jobs.execution(d.deploymentId(), thing).map(DeviceExecution::of)
                    : gg.thingExecutions().of(d.deploymentId()).filter(x -> x.thingName().equals(thing));
            if (e.isEmpty()) continue;
            DeviceExecution x = e.get();
            ObjectNode o = withJob(RestResponse.object().put("deploymentId", d.deploymentId()).put("deploymentName", d.deploymentName()), d)
                    .put("targetArn", d.targetArn())
                    .put("coreDeviceExecutionStatus", x.status())
                    .put("creationTimestamp", x.queuedAt()).put("modifiedTimestamp", x.lastUpdatedAt());
            String cause = x.failureCause();
            if (cause != null) o.put("reason", cause);
            found.add(o);
        }
        ObjectNode out = RestResponse.object();
        List<ObjectNode> page = IotContext.page(found, call.queryParam("nextToken").orElse(null), IotContext.intParam(call, "maxResults", 0),
                out, "nextToken");
        out.putArray("effectiveDeployments").addAll(page);
        return RestResponse.ok(out);
    }

    private RestResponse coreDevices(RestCall call) {
        String status = call.queryParam("status").orElse(null);
        String group = call.queryParam("thingGroupArn").orElse(null);
        List<String> members = group == null ? null : gg.listThingGroups().stream().filter(g -> g.thingGroupArn().equals(group))
                .findFirst().map(g -> g.things()).orElse(List.of());
        List<CoreDeviceRecord> all = gg.listCoreDevices().stream()
                .filter(c -> status == null || c.status().equals(status))
                .filter(c -> members == null || members.contains(c.coreDeviceThingName()))
                .sorted(Comparator.comparing(CoreDeviceRecord::coreDeviceThingName)).toList();
        ObjectNode out = RestResponse.object();
        List<CoreDeviceRecord> page = IotContext.page(all, call.queryParam("nextToken").orElse(null), IotContext.intParam(call, "maxResults", 0),
                out, "nextToken");
        ArrayNode items = out.putArray("coreDevices");
        page.forEach(c -> items.addObject().put("coreDeviceThingName", c.coreDeviceThingName()).put("status", c.status())
                .put("lastStatusUpdateTimestamp", IotContext.seconds(c.lastStatusUpdate())).put("platform", c.platform())
                .put("architecture", c.architecture()).put("runtime", "aws_nucleus_classic"));
        return RestResponse.ok(out);
    }

    private RestResponse coreDevice(RestCall call) {
        String thing = call.path("coreDeviceThingName");
        CoreDeviceRecord c = gg.listCoreDevices().stream().filter(r -> r.coreDeviceThingName().equals(thing)).findFirst()
                .orElseThrow(() -> RestException.notFound("core device " + thing + " has not reported its status to this cloud"));
        ObjectNode out = RestResponse.object().put("coreDeviceThingName", c.coreDeviceThingName()).put("coreVersion", c.coreVersion())
                .put("platform", c.platform()).put("architecture", c.architecture()).put("runtime", "aws_nucleus_classic")
                .put("status", c.status()).put("lastStatusUpdateTimestamp", IotContext.seconds(c.lastStatusUpdate()));
        out.putObject("tags");
        return RestResponse.ok(out);
    }

    /** Adds the IoT job of a thing-group deployment (a thing deployment has none: it goes through the deployment shadow). */
    private ObjectNode withJob(ObjectNode o, DeploymentRecord d) {
        if (d.isThingGroup()) o.put("iotJobId", d.deploymentId()).put("iotJobArn", arns.prefix() + "job/" + d.deploymentId());
        return o;
    }
}
