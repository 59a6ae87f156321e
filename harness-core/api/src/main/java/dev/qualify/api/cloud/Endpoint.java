package dev.qualify.api.cloud;

import org.apiguardian.api.API;

/** A network endpoint: host name or address and TCP port. */
@API(status = API.Status.STABLE, since = "0.1")
public record Endpoint(String host, int port) {
    public Endpoint {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("host is empty");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
