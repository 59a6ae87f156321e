package dev.qualify.api.cloud;

import org.apiguardian.api.API;

import dev.qualify.api.device.InfrastructureException;

/** The cloud could not do what was asked (start, register a thing, reach the endpoint): an infrastructure error. */
@API(status = API.Status.STABLE, since = "0.1")
public class CloudException extends InfrastructureException {
    public CloudException(String message) {
        super("cloud", message);
    }

    public CloudException(String message, Throwable cause) {
        super("cloud", message, cause);
    }
}
