package dev.qualify.cloud.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qualify.cloud.EmulatedCloud;
import dev.qualify.cloud.fault.FaultInjector;
import dev.qualify.cloud.fault.FaultSpec;
import dev.qualify.cloud.jobs.JobExecution;
import dev.qualify.cloud.jobs.JobOptions;
import dev.qualify.cloud.jobs.JobsService;
import dev.qualify.cloud.registry.Registry;
import dev.qualify.cloud.shadow.ShadowService;
import dev.qualify.cloud.registry.Thing;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operations of the admin endpoint, each {@code POST /v1/...} with a JSON object body and a JSON reply:
 * {@code registry/refresh}, {@code faults/list}, {@code faults/set} ({@code client} and a {@link FaultSpec}),
 * {@code shadow/get} and {@code shadow/update} ({@code thing}, {@code name}, {@code request}), {@code jobs/create}
 * ({@code jobId}, {@code things}, {@code document}, {@code namespace}), {@code jobs/list} ({@code thing} or all) and
 * {@code jobs/cancel} ({@code jobId}), and {@code greengrass/sync}: delivers what a {@code qualify cloud} Greengrass
 * command just wrote in the data dir (deployments, thing group members, cancellations) before it answers
 * ({@code {"greengrass": false}} when the cloud runs without Greengrass). A bad request is 400 with {@code message};
 * an unknown one 404.
 */
final class AdminApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Registry registry;
    private final FaultInjector faults;
    private final ShadowService shadows;
    private final JobsService jobs;
    private final Runnable greengrassSync;

    record Response(int status, JsonNode body) {
    }

    AdminApi(EmulatedCloud cloud) {
        this(cloud.registry(), cloud.faults(), cloud.shadows(), cloud.jobs(),
                cloud.greengrassEndpoint().isPresent() ? cloud.greengrass()::housekeep : null);
    }

    /** Over these services: a running cloud's, or the data dir's state when none runs ({@link OfflineAdmin}). */
    AdminApi(Registry registry, FaultInjector faults, ShadowService shadows, JobsService jobs) {
        this(registry, faults, shadows, jobs, null);
    }

    /** @param greengrassSync delivers the data dir's Greengrass state ({@code greengrass/sync}), or null without Greengrass */
    AdminApi(Registry registry, FaultInjector faults, ShadowService shadows, JobsService jobs, Runnable greengrassSync) {
        this.registry = registry;
        this.faults = faults;
        this.shadows = shadows;
        this.jobs = jobs;
        this.greengrassSync = greengrassSync;
    }

    Response handle(String method, URI uri, byte[] body) {
        if (!method.equals("POST")) return new Response(405, AdminServer.error("only POST is served"));
        JsonNode req;
        try {
            req = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the request body is not JSON: " + e.getMessage());
        }
        return switch (uri.getPath()) {
            case "/v1/registry/refresh" -> {
                registry.refresh();
                yield ok(JSON.createObjectNode().put("generation", registry.generation()));
            }
            case "/v1/faults/list" -> ok(JSON.valueToTree(faults.armed()));
            case "/v1/faults/set" -> setFault(req);
            case "/v1/shadow/get" -> shadows.document(text(req, "thing"), req.path("name").asText(""))
                    .map(AdminApi::ok)
                    .orElseGet(() -> new Response(404, AdminServer.error("no shadow " + shadowName(req) + " of thing " + req.get("thing").asText())));
            case "/v1/shadow/update" -> {
                JsonNode r = shadows.update(text(req, "thing"), req.path("name").asText(""), text(req, "request"));
                yield new Response(r.has("code") ? 400 : 200, r);
            }
            case "/v1/jobs/create" -> createJob(req);
            case "/v1/jobs/list" -> ok(listJobs(req.hasNonNull("thing") ? req.get("thing").asText() : null));
            case "/v1/jobs/cancel" -> cancelJob(text(req, "jobId"));
            case "/v1/greengrass/sync" -> {
                registry.refresh();
                if (greengrassSync != null) greengrassSync.run();
                yield ok(JSON.createObjectNode().put("greengrass", greengrassSync != null));
            }
            default -> new Response(404, AdminServer.error("no such operation: " + uri.getPath()));
        };
    }

    private Response setFault(JsonNode req) {
        String client = text(req, "client");
        FaultSpec spec;
        try {
            spec = JSON.treeToValue(req.get("fault"), FaultSpec.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("no valid fault: " + e.getMessage());
        }
        if (spec == null) throw new IllegalArgumentException("no fault");
        FaultInjector f = faults;
        if (spec.name().equals("clear")) f.remove(client);
        else spec.applyTo(f.forClient(client));
        Map<String, String> armed = f.armed().getOrDefault(client, Map.of());
        ObjectNode r = JSON.createObjectNode().put("client", client);
        r.set("armed", JSON.valueToTree(armed));
        return ok(r);
    }

    private Response createJob(JsonNode req) {
        String jobId = text(req, "jobId");
        List<String> things = new ArrayList<>();
        req.path("things").forEach(t -> things.add(t.asText()));
        String ns = req.hasNonNull("namespace") ? req.get("namespace").asText() : null;
        jobs.createJob(jobId, req.get("document"), things, new JobOptions(null, ns));
        return ok(JSON.createObjectNode().put("jobId", jobId));
    }

    private ArrayNode listJobs(String thing) {
        Set<String> things = new LinkedHashSet<>();
        if (thing != null) things.add(thing);
        else registry.things().stream().map(Thing::name).forEach(things::add);
        ArrayNode out = JSON.createArrayNode();
        for (String t : things) {
            for (JobExecution e : jobs.executions(t)) {
                ObjectNode n = out.addObject();
                n.put("jobId", e.jobId());
                n.put("thing", e.thingName());
                n.put("status", e.status().name());
                n.put("queuedAt", e.queuedAt());
                n.put("lastUpdatedAt", e.lastUpdatedAt());
                n.put("versionNumber", e.versionNumber());
                n.set("statusDetails", JSON.valueToTree(e.statusDetails()));
            }
        }
        return out;
    }

    private Response cancelJob(String jobId) {
        boolean known = false;
        for (JsonNode e : listJobs(null)) known |= e.get("jobId").asText().equals(jobId);
        if (!known) return new Response(404, AdminServer.error("no job " + jobId));
        jobs.cancelJob(jobId);
        return ok(JSON.createObjectNode().put("jobId", jobId));
    }

    private static String shadowName(JsonNode req) {
        String n = req.path("name").asText("");
        return n.isEmpty() ? "(classic)" : n;
    }

    private static String text(JsonNode req, String field) {
        JsonNode v = req.get(field);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException("the request needs '" + field + "' (a string)");
        return v.asText();
    }

    private static Response ok(JsonNode body) {
        return new Response(200, body);
    }
}
