package dev.qualify.api.device;

import dev.qualify.api.device.InfrastructureException;

/** A console wait passed its deadline; the message names the console, what it waited for and what it saw. */
public class ConsoleTimeoutException extends InfrastructureException {
    public ConsoleTimeoutException(String message) {
        super("timeout", message);
    }
}
