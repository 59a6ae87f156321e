package dev.qualify.cloud.rest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a {@link RestHandler} answers: an HTTP status and a JSON object body.
 *
 * @param status HTTP status
 * @param body   the JSON body (an empty object for operations that return nothing)
 */
public record RestResponse(int status, ObjectNode body) {

    /** A new empty JSON object to fill. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static RestResponse ok(ObjectNode body) {
        return new RestResponse(200, body);
    }

    /** 200 with {@code {}}. */
    public static RestResponse empty() {
        return new RestResponse(200, object());
    }
}
