package dev.qualify.cloud.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qualify.cloud.policy.PolicyDocument;
import dev.qualify.cloud.registry.CertificateRecord;
import dev.qualify.cloud.registry.PolicyRecord;

import java.util.List;

/**
 * IoT policies: CreatePolicy, GetPolicy, DeletePolicy (only when attached to nothing), AttachPolicy,
 * DetachPolicy and ListAttachedPolicies, with certificates as targets. A policy in force on the broker is the
 * one the registry holds, so a change here is enforced on the next publish, subscribe or connect.
 */
public final class IotPolicyOperations implements RestService {
    private final IotContext iot;

    public IotPolicyOperations(IotContext iot) {
        this.iot = iot;
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(
                new RestRoute("POST", "/policies/{policyName}", "CreatePolicy", this::create),
                new RestRoute("GET", "/policies/{policyName}", "GetPolicy", this::get),
                new RestRoute("DELETE", "/policies/{policyName}", "DeletePolicy", this::delete),
                new RestRoute("PUT", "/target-policies/{policyName}", "AttachPolicy", this::attach),
                new RestRoute("POST", "/target-policies/{policyName}", "DetachPolicy", this::detach),
                new RestRoute("POST", "/attached-policies/{target}", "ListAttachedPolicies", this::listAttached));
    }

    private RestResponse create(RestCall call) {
        String name = call.path("policyName");
        String document = call.requiredText("policyDocument");
        if (iot.registry().policy(name).isPresent()) throw RestException.alreadyExists("Policy " + name + " already exists");
        try {
            PolicyDocument.parse(name, document);
        } catch (IllegalArgumentException e) {
            throw new RestException(400, "MalformedPolicyException", e.getMessage());
        }
        iot.run(() -> iot.registry().putPolicy(name, document));
        return RestResponse.ok(RestResponse.object().put("policyName", name).put("policyArn", iot.policyArn(name))
                .put("policyDocument", document).put("policyVersionId", "1"));
    }

    private RestResponse get(RestCall call) {
        PolicyRecord p = policy(call.path("policyName"));
        return RestResponse.ok(RestResponse.object().put("policyName", p.name()).put("policyArn", iot.policyArn(p.name()))
                .put("policyDocument", p.document()).put("defaultVersionId", "1")
                .put("creationDate", IotContext.seconds(p.createdAtMillis())).put("lastModifiedDate", IotContext.seconds(p.createdAtMillis()))
                .put("generationId", Integer.toHexString(p.document().hashCode())));
    }

    private RestResponse delete(RestCall call) {
        PolicyRecord p = policy(call.path("policyName"));
        iot.run(() -> iot.registry().deletePolicy(p.name()));
        return RestResponse.empty();
    }

    private RestResponse attach(RestCall call) {
        PolicyRecord p = policy(call.path("policyName"));
        CertificateRecord c = iot.certificate(call.requiredText("target"));
        iot.run(() -> iot.registry().attachPolicy(p.name(), c.id()));
        return RestResponse.empty();
    }

    private RestResponse detach(RestCall call) {
        PolicyRecord p = policy(call.path("policyName"));
        CertificateRecord c = iot.certificate(call.requiredText("target"));
        iot.run(() -> iot.registry().detachPolicy(p.name(), c.id()));
        return RestResponse.empty();
    }

    private RestResponse listAttached(RestCall call) {
        CertificateRecord c = iot.certificate(call.path("target"));
        ObjectNode out = RestResponse.object();
        List<String> page = IotContext.page(c.policies(), call.queryParam("marker").orElse(null),
                IotContext.intParam(call, "pageSize", 0), out, "nextMarker");
        ArrayNode policies = out.putArray("policies");
        page.forEach(n -> policies.addObject().put("policyName", n).put("policyArn", iot.policyArn(n)));
        return RestResponse.ok(out);
    }

    private PolicyRecord policy(String name) {
        return iot.registry().policy(name).orElseThrow(() -> RestException.notFound("Policy " + name + " cannot be found."));
    }
}
