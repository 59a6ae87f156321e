package dev.qualify.cloud.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.qualify.cloud.greengrass.ComponentVersionRecord;
import dev.qualify.cloud.greengrass.GreengrassService;
import dev.qualify.cloud.policy.Arns;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Greengrass V2 components: CreateComponentVersion (an {@code inlineRecipe}; artifacts must already be in the data
 * dir, as {@code qualify cloud component create --artifacts} puts them, since there is no S3 to fetch them from),
 * ListComponents, ListComponentVersions, DescribeComponent and GetComponent. Every component is private.
 */
final class GreengrassComponentOperations implements RestService {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final GreengrassErrors ERR = GreengrassErrors.GREENGRASS_V2;
    private static final String GREENGRASS = "greengrass";
    private final GreengrassService gg;
    private final Arns arns;

    GreengrassComponentOperations(GreengrassService gg, Arns arns) {
        this.gg = gg;
        this.arns = arns;
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(
                new RestRoute("POST", "/greengrass/v2/createComponentVersion", "CreateComponentVersion", this::create, GREENGRASS),
                new RestRoute("GET", "/greengrass/v2/components", "ListComponents", this::list, GREENGRASS),
                new RestRoute("GET", "/greengrass/v2/components/{arn}/versions", "ListComponentVersions", this::versions, GREENGRASS),
                new RestRoute("GET", "/greengrass/v2/components/{arn}/metadata", "DescribeComponent", this::describe, GREENGRASS),
                new RestRoute("GET", "/greengrass/v2/components/{arn}", "GetComponent", this::get, GREENGRASS));
    }

    private RestResponse create(RestCall call) {
        JsonNode body = call.json();
        if (body.hasNonNull("lambdaFunction")) throw ERR.validation("Lambda function components are not emulated; give an inlineRecipe");
        JsonNode inline = body.get("inlineRecipe");
        if (inline == null || !inline.isTextual()) throw ERR.validation("inlineRecipe is required");
        byte[] recipe;
        try {
            recipe = inline.binaryValue();
        } catch (IOException | IllegalArgumentException e) {
            throw ERR.validation("inlineRecipe is not base64: " + e.getMessage());
        }
        ComponentVersionRecord c = ERR.call(() -> gg.createComponentVersion(recipe, "inlineRecipe", null));
        ObjectNode out = RestResponse.object().put("arn", c.arn()).put("componentName", c.componentName())
                .put("componentVersion", c.componentVersion()).put("creationTimestamp", IotContext.seconds(c.createdAt()));
        out.set("status", status());
        return new RestResponse(201, out);
    }

    private RestResponse list(RestCall call) {
        boolean publicScope = call.queryParam("scope").map("PUBLIC"::equals).orElse(false);
        Map<String, ComponentVersionRecord> latest = new LinkedHashMap<>();
        if (!publicScope) gg.listComponents().forEach(c -> latest.put(c.componentName(), c)); // highest version last
        ObjectNode out = RestResponse.object();
        List<ComponentVersionRecord> page = IotContext.page(new ArrayList<>(latest.values()), call.queryParam("nextToken").orElse(null),
                IotContext.intParam(call, "maxResults", 0), out, "nextToken");
        ArrayNode items = out.putArray("components");
        for (ComponentVersionRecord c : page) {
            ObjectNode o = items.addObject().put("arn", componentArn(c.componentName())).put("componentName", c.componentName());
            ObjectNode v = o.putObject("latestVersion").put("arn", c.arn()).put("componentVersion", c.componentVersion())
                    .put("creationTimestamp", IotContext.seconds(c.createdAt()));
            metadata(c, v);
        }
        return RestResponse.ok(out);
    }

    private RestResponse versions(RestCall call) {
        String arn = call.path("arn");
        List<ComponentVersionRecord> all = new ArrayList<>(gg.listComponents().stream().filter(c -> componentArn(c.componentName()).equals(arn)).toList());
        java.util.Collections.reverse(all); // newest first
        if (all.isEmpty()) throw RestException.notFound("component " + arn + " does not exist");
        ObjectNode out = RestResponse.object();
        List<ComponentVersionRecord> page = IotContext.page(all, call.queryParam("nextToken").orElse(null),
                IotContext.intParam(call, "maxResults", 0), out, "nextToken");
        ArrayNode items = out.putArray("componentVersions");
        page.forEach(c -> items.addObject().put("componentName", c.componentName()).put("componentVersion", c.componentVersion()).put("arn", c.arn()));
        return RestResponse.ok(out);
    }

    private RestResponse describe(RestCall call) {
        ComponentVersionRecord c = version(call.path("arn"));
        ObjectNode out = RestResponse.object().put("arn", c.arn()).put("componentName", c.componentName())
                .put("componentVersion", c.componentVersion()).put("creationTimestamp", IotContext.seconds(c.createdAt()));
        metadata(c, out);
        out.set("status", status());
        out.putObject("tags");
        return RestResponse.ok(out);
    }

    private RestResponse get(RestCall call) {
        ComponentVersionRecord c = version(call.path("arn"));
        String format = call.queryParam("recipeOutputFormat").orElse("JSON");
        byte[] recipe;
        try {
            recipe = switch (format) {
                case "JSON" -> c.recipeJson().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                case "YAML" -> YAML.writeValueAsBytes(JSON.readTree(c.recipeJson()));
                default -> throw ERR.validation("recipeOutputFormat must be JSON or YAML: " + format);
            };
        } catch (IOException e) {
            throw new IllegalStateException("stored recipe of " + c.arn() + " is not JSON", e);
        }
        ObjectNode out = RestResponse.object().put("recipeOutputFormat", format).put("recipe", recipe);
        out.putObject("tags");
        return RestResponse.ok(out);
    }

    /** The component version a version ARN names. */
    private ComponentVersionRecord version(String arn) {
        return gg.componentByArn(arn).orElseThrow(() -> RestException.notFound("component version " + arn + " does not exist"));
    }

    private String componentArn(String name) {
        return "arn:aws:greengrass:" + arns.region() + ":" + arns.account() + ":components:" + name;
    }

    /** Publisher, description and platforms from the stored recipe. */
    private static void metadata(ComponentVersionRecord c, ObjectNode out) {
        JsonNode r;
        try {
            r = JSON.readTree(c.recipeJson());
        } catch (IOException e) {
            throw new IllegalStateException("stored recipe of " + c.arn() + " is not JSON", e);
        }
        if (r.hasNonNull("ComponentPublisher")) out.put("publisher", r.get("ComponentPublisher").asText());
        if (r.hasNonNull("ComponentDescription")) out.put("description", r.get("ComponentDescription").asText());
        ArrayNode platforms = out.putArray("platforms");
        for (JsonNode m : r.path("Manifests")) {
            ObjectNode p = platforms.addObject();
            JsonNode platform = m.path("Platform");
            if (platform.hasNonNull("os")) p.put("name", platform.get("os").asText());
            ObjectNode attrs = p.putObject("attributes");
            platform.properties().forEach(e -> attrs.put(e.getKey(), e.getValue().asText()));
        }
    }

    /** Every stored component version is deployable: its recipe and artifacts were checked when it was created. */
    private static ObjectNode status() {
        ObjectNode s = RestResponse.object().put("componentState", "DEPLOYABLE").put("message", "NONE");
        s.putObject("errors");
        return s;
    }
}
