package dev.qualify.cloud.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qualify.cloud.greengrass.GreengrassService;
import dev.qualify.cloud.greengrass.ThingGroupRecord;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * IoT static thing groups, as the Greengrass model keeps them: CreateThingGroup, DescribeThingGroup,
 * ListThingGroups, AddThingToThingGroup (a deployment to the group reaches the new member at once) and
 * ListThingsInThingGroup. Groups are flat: a {@code parentGroupName} is refused; group properties are not kept.
 */
final class IotThingGroupOperations implements RestService {
    private static final GreengrassErrors ERR = GreengrassErrors.IOT;
    private final GreengrassService gg;
    private final Runnable deliver;

    /** @param deliver brings deployments' jobs in line with group membership (run after a thing is added) */
    IotThingGroupOperations(GreengrassService gg, Runnable deliver) {
        this.gg = gg;
        this.deliver = deliver;
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(
                new RestRoute("POST", "/thing-groups/{thingGroupName}", "CreateThingGroup", this::create),
                new RestRoute("GET", "/thing-groups/{thingGroupName}", "DescribeThingGroup", this::describe),
                new RestRoute("GET", "/thing-groups", "ListThingGroups", this::list),
                new RestRoute("PUT", "/thing-groups/addThingToThingGroup", "AddThingToThingGroup", this::addThing),
                new RestRoute("GET", "/thing-groups/{thingGroupName}/things", "ListThingsInThingGroup", this::things));
    }

    private RestResponse create(RestCall call) {
        if (call.json().hasNonNull("parentGroupName")) throw ERR.validation("nested thing groups (parentGroupName) are not emulated");
        ThingGroupRecord g = ERR.call(() -> gg.createThingGroup(call.path("thingGroupName")));
        return RestResponse.ok(RestResponse.object().put("thingGroupName", g.thingGroupName()).put("thingGroupArn", g.thingGroupArn())
                .put("thingGroupId", id(g)));
    }

    private RestResponse describe(RestCall call) {
        ThingGroupRecord g = group(call.path("thingGroupName"));
        ObjectNode out = RestResponse.object().put("thingGroupName", g.thingGroupName()).put("thingGroupId", id(g))
                .put("thingGroupArn", g.thingGroupArn()).put("version", 1);
        out.putObject("thingGroupProperties");
        out.putObject("thingGroupMetadata").putArray("rootToParentThingGroups");
        return RestResponse.ok(out);
    }

    private RestResponse list(RestCall call) {
        String prefix = call.queryParam("namePrefixFilter").orElse("");
        List<ThingGroupRecord> all = gg.listThingGroups().stream().filter(g -> g.thingGroupName().startsWith(prefix))
                .sorted(Comparator.comparing(ThingGroupRecord::thingGroupName)).toList();
        ObjectNode out = RestResponse.object();
        List<ThingGroupRecord> page = IotContext.page(all, call.queryParam("nextToken").orElse(null), IotContext.intParam(call, "maxResults", 0),
                out, "nextToken");
        ArrayNode items = out.putArray("thingGroups");
        page.forEach(g -> items.addObject().put("groupName", g.thingGroupName()).put("groupArn", g.thingGroupArn()));
        return RestResponse.ok(out);
    }

    private RestResponse addThing(RestCall call) {
        JsonNode body = call.json();
        String group = nameOrArn(body, "thingGroupName", "thingGroupArn", ":thinggroup/");
        String thing = nameOrArn(body, "thingName", "thingArn", ":thing/");
        ERR.call(() -> gg.addThingToThingGroup(group, thing));
        deliver.run();
        return RestResponse.empty();
    }

    private RestResponse things(RestCall call) {
        ThingGroupRecord g = group(call.path("thingGroupName"));
        ObjectNode out = RestResponse.object();
        List<String> page = IotContext.page(g.things().stream().sorted().toList(), call.queryParam("nextToken").orElse(null),
                IotContext.intParam(call, "maxResults", 0), out, "nextToken");
        ArrayNode items = out.putArray("things");
        page.forEach(items::add);
        return RestResponse.ok(out);
    }

    /** A name field, or the name at the end of the ARN field. */
    private static String nameOrArn(JsonNode body, String nameField, String arnField, String marker) {
        String name = body.path(nameField).textValue();
        if (name != null && !name.isEmpty()) return name;
        String arn = body.path(arnField).textValue();
        if (arn == null || !arn.contains(marker)) throw ERR.validation(nameField + " or " + arnField + " is required");
        return arn.substring(arn.indexOf(marker) + marker.length());
    }

    private ThingGroupRecord group(String name) {
        return gg.listThingGroups().stream().filter(g -> g.thingGroupName().equals(name)).findFirst()
                .orElseThrow(() -> RestException.notFound("Thing group " + name + " cannot be found."));
    }

    /** A stable id per group name, as IoT Core gives every group a UUID. */
    private static String id(ThingGroupRecord g) {
        return UUID.nameUUIDFromBytes(("thinggroup/" + g.thingGroupName()).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
