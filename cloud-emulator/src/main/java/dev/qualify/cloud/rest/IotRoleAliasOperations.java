package dev.qualify.cloud.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qualify.cloud.greengrass.GreengrassService;
import dev.qualify.cloud.greengrass.RoleAliasRecord;
import dev.qualify.cloud.policy.Arns;

import java.util.Comparator;
import java.util.List;

/**
 * IoT role aliases (what the credentials provider hands out credentials for): CreateRoleAlias, DescribeRoleAlias,
 * ListRoleAliases and DeleteRoleAlias. Tags are not kept.
 */
final class IotRoleAliasOperations implements RestService {
    private static final GreengrassErrors ERR = GreengrassErrors.IOT;
    private final GreengrassService gg;
    private final Arns arns;

    IotRoleAliasOperations(GreengrassService gg, Arns arns) {
        this.gg = gg;
        this.arns = arns;
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(
                new RestRoute("POST", "/role-aliases/{roleAlias}", "CreateRoleAlias", this::create),
                new RestRoute("GET", "/role-aliases/{roleAlias}", "DescribeRoleAlias", this::describe),
                new RestRoute("DELETE", "/role-aliases/{roleAlias}", "DeleteRoleAlias", this::delete),
                new RestRoute("GET", "/role-aliases", "ListRoleAliases", this::list));
    }

    private RestResponse create(RestCall call) {
        JsonNode body = call.json();
        JsonNode duration = body.get("credentialDurationSeconds");
        if (duration != null && !duration.isIntegralNumber()) throw ERR.validation("credentialDurationSeconds must be a number");
        RoleAliasRecord r = ERR.call(() -> gg.createRoleAlias(call.path("roleAlias"), call.requiredText("roleArn"),
                duration == null ? 3600 : duration.intValue()));
        return RestResponse.ok(RestResponse.object().put("roleAlias", r.roleAlias()).put("roleAliasArn", r.roleAliasArn()));
    }

    private RestResponse describe(RestCall call) {
        String alias = call.path("roleAlias");
        RoleAliasRecord r = gg.roleAlias(alias).orElseThrow(() -> RestException.notFound("Role alias " + alias + " does not exist."));
        ObjectNode out = RestResponse.object();
        out.putObject("roleAliasDescription").put("roleAlias", r.roleAlias()).put("roleAliasArn", r.roleAliasArn())
                .put("roleArn", r.roleArn()).put("owner", arns.account()).put("credentialDurationSeconds", r.credentialDurationSeconds())
                .put("creationDate", IotContext.seconds(r.createdAt())).put("lastModifiedDate", IotContext.seconds(r.createdAt()));
        return RestResponse.ok(out);
    }

    private RestResponse delete(RestCall call) {
        ERR.call(() -> {
            gg.deleteRoleAlias(call.path("roleAlias"));
            return null;
        });
        return RestResponse.ok(RestResponse.object());
    }

    private RestResponse list(RestCall call) {
        List<String> all = gg.listRoleAliases().stream().map(RoleAliasRecord::roleAlias).sorted(Comparator.naturalOrder()).toList();
        ObjectNode out = RestResponse.object();
        List<String> page = IotContext.page(all, call.queryParam("marker").orElse(null), IotContext.intParam(call, "pageSize", 0), out, "nextMarker");
        ArrayNode items = out.putArray("roleAliases");
        page.forEach(items::add);
        return RestResponse.ok(out);
    }
}
