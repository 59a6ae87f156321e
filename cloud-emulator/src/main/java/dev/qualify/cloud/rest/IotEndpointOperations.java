package dev.qualify.cloud.rest;

import dev.qualify.api.cloud.Endpoint;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * DescribeEndpoint: the cloud's own endpoints by type ({@code iot:Data-ATS}, {@code iot:Data},
 * {@code iot:CredentialProvider}, {@code iot:Jobs}), as {@code host:port} (the emulated services do not listen
 * on the AWS ports). Other parts of the cloud register the endpoints they serve ({@link #register}); a type
 * nobody serves answers 404.
 */
public final class IotEndpointOperations implements RestService {
    private final Map<String, Supplier<Optional<Endpoint>>> endpoints = new ConcurrentHashMap<>();

    /** Serves {@code endpointType} with what the supplier gives at the time of the call. */
    public IotEndpointOperations register(String endpointType, Supplier<Optional<Endpoint>> endpoint) {
        endpoints.put(endpointType, endpoint);
        return this;
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(new RestRoute("GET", "/endpoint", "DescribeEndpoint", this::describe));
    }

    private RestResponse describe(RestCall call) {
        String type = call.queryParam("endpointType").orElse("iot:Data");
        Supplier<Optional<Endpoint>> s = endpoints.get(type);
        Endpoint e = (s == null ? Optional.<Endpoint>empty() : s.get())
                .orElseThrow(() -> RestException.notFound("this cloud serves no " + type + " endpoint; it serves " + new java.util.TreeSet<>(endpoints.keySet())));
        return RestResponse.ok(RestResponse.object().put("endpointAddress", e.host() + ":" + e.port()));
    }
}
