package dev.qualify.api.spi;

import org.apiguardian.api.API;

/**
 * Contributes a top-level subcommand to the {@code qualify} CLI (the cloud emulator adds {@code qualify cloud});
 * found with {@link java.util.ServiceLoader}.
 *
 * <p>The returned object is a Picocli command: a class annotated with {@code @picocli.CommandLine.Command}
 * whose {@code call()} returns the exit code. A new instance is returned on each call.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public interface CommandProvider {
    Object newCommand();
}
