package dev.qualify.cloud.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qualify.cloud.ca.CertificateAuthority;
import dev.qualify.cloud.policy.Arns;
import dev.qualify.cloud.registry.CertificateRecord;
import dev.qualify.cloud.registry.Registry;

import java.util.List;
import java.util.function.Supplier;

/**
 * What the IoT operations work on: the registry, the CA, and the ARNs of the cloud's region and account.
 * Also the ARN forms of things, certificates and policies, and the mapping of registry errors to AWS errors.
 */
public record IotContext(Registry registry, CertificateAuthority ca, Arns arns) {

    public String thingArn(String thing) {
        return arns.prefix() + "thing/" + thing;
    }

    public String certificateArn(String id) {
        return arns.prefix() + "cert/" + id;
    }

    public String policyArn(String name) {
        return arns.prefix() + "policy/" + name;
    }

    /**
     * The certificate a principal (a certificate ARN, or a bare certificate id) names.
     *
     * @throws RestException 400 for another kind of principal, 404 for an unknown certificate
     */
    public CertificateRecord certificate(String principal) {
        String id = principal.startsWith("arn:") ? idFromArn(principal) : principal;
        return registry.certificate(id).orElseThrow(() -> RestException.notFound("certificate " + id + " does not exist"));
    }

    private String idFromArn(String arn) {
        int i = arn.indexOf(":cert/");
        if (!arn.startsWith(arns.prefix()) || i < 0) {
            throw RestException.invalidRequest("principal " + arn + " is not a certificate of this cloud (" + arns.prefix() + "cert/ID)");
        }
        return arn.substring(i + ":cert/".length());
    }

    /** Runs a registry change, turning its errors into the AWS errors a client expects. */
    public <T> T change(Supplier<T> body) {
        try {
            return body.get();
        } catch (IllegalStateException e) {
            throw RestException.deleteConflict(e.getMessage());
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("no such")) throw RestException.notFound(e.getMessage());
            throw RestException.invalidRequest(e.getMessage());
        }
    }

    /** Runs a registry change with no result. */
    public void run(Runnable body) {
        change(() -> {
            body.run();
            return null;
        });
    }

    /** Epoch seconds, as restJson1 encodes timestamps. */
    public static double seconds(long millis) {
        return millis / 1000.0;
    }

    /**
     * One page of a list: {@code token} is the index to start from (as a previous page gave it), {@code max} the
     * page size. Writes the items under {@code field} and, when more follow, the next token under {@code tokenField}.
     */
    public static <T> List<T> page(List<T> all, String token, int max, ObjectNode out, String tokenField) {
        int from;
        try {
            from = token == null || token.isEmpty() ? 0 : Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw RestException.invalidRequest("invalid " + tokenField + ": " + token);
        }
        if (from < 0 || from > all.size()) throw RestException.invalidRequest("invalid " + tokenField + ": " + token);
        int size = max <= 0 ? 50 : Math.min(max, 250);
        int to = Math.min(all.size(), from + size);
        if (to < all.size()) out.put(tokenField, Integer.toString(to));
        return all.subList(from, to);
    }

    /** A positive integer query parameter, or {@code dflt}. */
    public static int intParam(RestCall call, String name, int dflt) {
        String v = call.queryParam(name).orElse(null);
        if (v == null) return dflt;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw RestException.invalidRequest(name + " is not a number: " + v);
        }
    }
}
