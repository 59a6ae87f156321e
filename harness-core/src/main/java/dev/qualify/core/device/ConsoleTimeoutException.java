package dev.qualify.core.device;

import dev.qualify.core.engine.InfrastructureException;

/** A console wait passed its deadline; the message names the console, what it waited for and what it saw. */
public class ConsoleTimeoutException extends InfrastructureException {
    public ConsoleTimeoutException(String message) {
        super("timeout", message);
    }
}
