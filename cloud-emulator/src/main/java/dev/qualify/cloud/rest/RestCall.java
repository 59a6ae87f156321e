package dev.qualify.cloud.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One authenticated control-plane request, as a {@link RestHandler} sees it.
 *
 * @param operation  the operation's name (e.g. {@code CreateThing})
 * @param pathParams the path's {@code {name}} parts, URL-decoded
 * @param query      query parameters, decoded
 * @param headers    request headers, names in lower case
 * @param body       the request body (empty when none)
 */
public record RestCall(String operation, Map<String, String> pathParams, Map<String, List<String>> query,
                       Map<String, String> headers, byte[] body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public RestCall {
        pathParams = Map.copyOf(pathParams);
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    /** A path parameter; the route guarantees it is there. */
    public String path(String name) {
        String v = pathParams.get(name);
        if (v == null) throw new IllegalArgumentException("route has no path parameter " + name);
        return v;
    }

    /** The first value of a query parameter. */
    public Optional<String> queryParam(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    /**
     * The body as JSON ({@code null} node when empty).
     *
     * @throws RestException 400 when it is not JSON
     */
    public JsonNode json() {
        if (body.length == 0) return NullNode.getInstance();
        try {
            JsonNode n = JSON.readTree(body);
            return n == null ? NullNode.getInstance() : n;
        } catch (IOException e) {
            throw RestException.invalidRequest("the request body is not JSON: " + e.getMessage());
        }
    }

    /**
     * A required text field of the JSON body.
     *
     * @throws RestException 400 when it is missing
     */
    public String requiredText(String field) {
        JsonNode v = json().get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) throw RestException.invalidRequest(field + " is required");
        return v.asText();
    }
}
