package dev.qualify.cloud.greengrass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ResolveComponentCandidates}: for each candidate, the highest registered version that satisfies every
 * version requirement (one per deployment group, npm-style) and has a manifest for the requested platform.
 */
final class ComponentResolver {
    private final GreengrassService service;

    ComponentResolver(GreengrassService service) {
        this.service = service;
    }

    /** A candidate no version satisfies: the data plane answers 404 ResourceNotFoundException (NoAvailableComponentVersion). */
    static final class NoAvailableVersion extends Exception {
        NoAvailableVersion(String message) {
            super(message);
        }
    }

    /**
     * Resolves a request body {@code {"platform":{...}, "componentCandidates":[{"componentName", "componentVersion",
     * "versionRequirements":{group: requirement}}]}} to {@code {"resolvedComponentVersions":[...]}}.
     *
     * @throws IllegalArgumentException for a malformed request
     * @throws NoAvailableVersion       when a candidate has no satisfying version
     */
    ObjectNode resolve(JsonNode body) throws NoAvailableVersion {
        JsonNode platform = body.path("platform");
        JsonNode candidates = body.get("componentCandidates");
        if (candidates == null || !candidates.isArray()) throw new IllegalArgumentException("componentCandidates is required");
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode resolved = out.putArray("resolvedComponentVersions");
        for (JsonNode c : candidates) {
            String name = c.path("componentName").asText("");
            if (name.isEmpty()) throw new IllegalArgumentException("componentCandidates[].componentName is required");
            List<VersionRequirement> reqs = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : c.path("versionRequirements").properties()) {
                reqs.add(VersionRequirement.parse(e.getValue().asText()));
            }
            ComponentVersionRecord best = pick(name, reqs, platform)
                    .orElseThrow(() -> new NoAvailableVersion("No available component version of " + name + " satisfies "
                            + c.path("versionRequirements") + " on platform " + platform.path("attributes")));
            ObjectNode r = resolved.addObject();
            r.put("arn", best.arn());
            r.put("componentName", best.componentName());
            r.put("componentVersion", best.componentVersion());
            r.put("recipe", Base64.getEncoder().encodeToString(best.recipeJson().getBytes(StandardCharsets.UTF_8)));
            r.put("vendorGuidance", "ACTIVE");
            r.put("message", "");
        }
        return out;
    }

    private Optional<ComponentVersionRecord> pick(String name, List<VersionRequirement> reqs, JsonNode platform) {
        ComponentVersionRecord best = null;
        Semver bestV = null;
        for (ComponentVersionRecord r : service.listComponents()) {
            if (!r.componentName().equals(name)) continue;
            Semver v = Semver.parse(r.componentVersion());
            if (!reqs.stream().allMatch(q -> q.isSatisfiedBy(v))) continue;
            if (!supports(r, platform)) continue;
            if (bestV == null || v.compareTo(bestV) > 0) {
                best = r;
                bestV = v;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether a manifest of the recipe matches the platform (a recipe without manifests runs anywhere). */
    static boolean supports(ComponentVersionRecord r, JsonNode platform) {
        JsonNode recipe;
        try {
            recipe = Recipes.JSON.readTree(r.recipeJson());
        } catch (IOException e) {
            return false;
        }
        JsonNode manifests = recipe.path("Manifests");
        if (!manifests.isArray() || manifests.isEmpty()) return true;
        JsonNode attrs = platform.path("attributes").isObject() ? platform.path("attributes") : platform;
        for (JsonNode m : manifests) {
            JsonNode p = m.path("Platform");
            boolean ok = true;
            for (Map.Entry<String, JsonNode> e : p.properties()) {
                String want = e.getValue().asText();
                if (want.equals("*") || want.equals("all")) continue;
                String have = attrs.path(e.getKey()).asText(null);
                if (have == null && e.getKey().equals("os")) have = platform.path("os").asText(null);
                if (have == null || !matches(want, have)) {
                    ok = false;
                    break;
                }
            }
            if (ok) return true;
        }
        return false;
    }

    private static boolean matches(String want, String have) {
        if (want.length() > 2 && want.startsWith("/") && want.endsWith("/")) {
            try {
                return have.matches(want.substring(1, want.length() - 1));
            } catch (java.util.regex.PatternSyntaxException e) {
                return false;
            }
        }
        return want.equalsIgnoreCase(have);
    }
}
