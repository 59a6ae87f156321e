package dev.qualify.api.device;

import org.apiguardian.api.API;

import dev.qualify.api.device.InfrastructureException;

/** A console wait passed its deadline; the message names the console, what it waited for and what it saw. */
@API(status = API.Status.STABLE, since = "0.1")
public class ConsoleTimeoutException extends InfrastructureException {
    public ConsoleTimeoutException(String message) {
        super("timeout", message);
    }
}
