package dev.qualify.cloud.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qualify.cloud.registry.CertificateRecord;
import dev.qualify.cloud.registry.Thing;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * IoT things and their principals: CreateThing, DescribeThing, ListThings, DeleteThing, AttachThingPrincipal,
 * DetachThingPrincipal, ListThingPrincipals.
 */
public final class IotThingOperations implements RestService {
    private final IotContext iot;

    public IotThingOperations(IotContext iot) {
        this.iot = iot;
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(
                new RestRoute("POST", "/things/{thingName}", "CreateThing", this::createThing),
                new RestRoute("GET", "/things/{thingName}", "DescribeThing", this::describeThing),
                new RestRoute("GET", "/things", "ListThings", this::listThings),
                new RestRoute("DELETE", "/things/{thingName}", "DeleteThing", this::deleteThing),
                new RestRoute("PUT", "/things/{thingName}/principals", "AttachThingPrincipal", this::attachPrincipal),
                new RestRoute("DELETE", "/things/{thingName}/principals", "DetachThingPrincipal", this::detachPrincipal),
                new RestRoute("GET", "/things/{thingName}/principals", "ListThingPrincipals", this::listPrincipals));
    }

    private RestResponse createThing(RestCall call) {
        String name = call.path("thingName");
        Map<String, String> attributes = new LinkedHashMap<>();
        JsonNode attrs = call.json().path("attributePayload").path("attributes");
        attrs.properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
        Thing t = iot.change(() -> iot.registry().createThing(name, attributes));
        ObjectNode out = RestResponse.object().put("thingName", t.name()).put("thingArn", iot.thingArn(t.name())).put("thingId", thingId(t));
        return RestResponse.ok(out);
    }

    private RestResponse describeThing(RestCall call) {
        Thing t = thing(call.path("thingName"));
        ObjectNode out = RestResponse.object().put("defaultClientId", t.name()).put("thingName", t.name())
                .put("thingId", thingId(t)).put("thingArn", iot.thingArn(t.name())).put("version", 1);
        ObjectNode attrs = out.putObject("attributes");
        t.attributes().forEach(attrs::put);
        return RestResponse.ok(out);
    }

    private RestResponse listThings(RestCall call) {
        String attrName = call.queryParam("attributeName").orElse(null);
        String attrValue = call.queryParam("attributeValue").orElse(null);
        boolean prefix = call.queryParam("usePrefixAttributeValue").map(Boolean::parseBoolean).orElse(false);
        List<Thing> all = iot.registry().things().stream()
                .filter(t -> attrName == null || matches(t.attributes().get(attrName), attrValue, prefix))
                .sorted(Comparator.comparing(Thing::name)).toList();
        ObjectNode out = RestResponse.object();
        List<Thing> page = IotContext.page(all, call.queryParam("nextToken").orElse(null), IotContext.intParam(call, "maxResults", 0), out, "nextToken");
        ArrayNode things = out.putArray("things");
        for (Thing t : page) {
            ObjectNode o = things.addObject().put("thingName", t.name()).put("thingArn", iot.thingArn(t.name())).put("version", 1);
            ObjectNode attrs = o.putObject("attributes");
            t.attributes().forEach(attrs::put);
        }
        return RestResponse.ok(out);
    }

    private static boolean matches(String have, String want, boolean prefix) {
        if (have == null) return false;
        if (want == null) return true;
        return prefix ? have.startsWith(want) : have.equals(want);
    }

    private RestResponse deleteThing(RestCall call) {
        String name = call.path("thingName");
        iot.run(() -> {
            try {
                iot.registry().deleteThing(name);
            } catch (IllegalStateException e) {
                throw RestException.invalidRequest("Cannot delete. " + e.getMessage());
            }
        });
        return RestResponse.empty();
    }

    private RestResponse attachPrincipal(RestCall call) {
        Thing t = thing(call.path("thingName"));
        CertificateRecord c = iot.certificate(principal(call));
        iot.run(() -> iot.registry().attachThing(c.id(), t.name()));
        return RestResponse.empty();
    }

    private RestResponse detachPrincipal(RestCall call) {
        Thing t = thing(call.path("thingName"));
        CertificateRecord c = iot.certificate(principal(call));
        iot.run(() -> iot.registry().detachThing(c.id(), t.name()));
        return RestResponse.empty();
    }

    private RestResponse listPrincipals(RestCall call) {
        Thing t = thing(call.path("thingName"));
        List<String> arns = iot.registry().certificatesOfThing(t.name()).stream().map(c -> iot.certificateArn(c.id())).sorted().toList();
        ObjectNode out = RestResponse.object();
        List<String> page = IotContext.page(arns, call.queryParam("nextToken").orElse(null), IotContext.intParam(call, "maxResults", 0), out, "nextToken");
        ArrayNode principals = out.putArray("principals");
        page.forEach(principals::add);
        return RestResponse.ok(out);
    }

    private static String principal(RestCall call) {
        return call.header("x-amzn-principal").filter(p -> !p.isBlank())
                .orElseThrow(() -> RestException.invalidRequest("the x-amzn-principal header (the principal's ARN) is required"));
    }

    private Thing thing(String name) {
        return iot.registry().thing(name).orElseThrow(() -> RestException.notFound("Thing " + name + " cannot be found."));
    }

    /** A stable id per thing name, as IoT Core gives every thing a UUID. */
    private static String thingId(Thing t) {
        return UUID.nameUUIDFromBytes((t.name() + "@" + t.createdAtMillis()).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
