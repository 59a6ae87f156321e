package dev.qualify.cloud.rest;

import java.util.Map;
import java.util.Optional;

/**
 * One operation: an HTTP method and a path template such as {@code /things/{thingName}/principals}.
 *
 * @param method    HTTP method in upper case
 * @param template  the path template; a {@code {name}} part matches one path segment
 * @param operation the operation's AWS name, e.g. {@code ListThingPrincipals}
 * @param handler     what serves it
 * @param signingName the SigV4 service name a request for it must be signed for ({@code iot}, {@code greengrass})
 */
public record RestRoute(String method, String template, String operation, RestHandler handler, String signingName) {
    public RestRoute {
        if (!template.startsWith("/")) throw new IllegalArgumentException("template must start with /: " + template);
    }

    /** An IoT operation (signing name {@code iot}). */
    public RestRoute(String method, String template, String operation, RestHandler handler) {
        this(method, template, operation, handler, "iot");
    }

    /**
     * Matches a request path (raw, percent-encoded).
     *
     * @return the decoded path parameters, or empty when the path does not fit
     */
    public Optional<Map<String, String>> match(String rawPath) {
        String[] want = template.substring(1).split("/", -1);
        String[] got = rawPath.substring(rawPath.startsWith("/") ? 1 : 0).split("/", -1);
        if (want.length != got.length) return Optional.empty();
        Map<String, String> params = new java.util.HashMap<>();
        for (int i = 0; i < want.length; i++) {
            if (want[i].startsWith("{") && want[i].endsWith("}")) {
                if (got[i].isEmpty()) return Optional.empty();
                params.put(want[i].substring(1, want[i].length() - 1),
                        java.net.URLDecoder.decode(got[i].replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
            } else if (!want[i].equals(got[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }
}
