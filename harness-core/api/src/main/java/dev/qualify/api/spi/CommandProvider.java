package dev.qualify.api.spi;

/**
 * Contributes a top-level subcommand to the {@code qualify} CLI (the cloud emulator adds {@code qualify cloud});
 * found with {@link java.util.ServiceLoader}.
 *
 * <p>The returned object is a Picocli command: a class annotated with {@code @picocli.CommandLine.Command}
 * whose {@code call()} returns the exit code. A new instance is returned on each call.
 */
public interface CommandProvider {
    Object newCommand();
}
