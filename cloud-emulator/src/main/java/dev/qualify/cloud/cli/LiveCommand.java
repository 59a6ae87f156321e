package dev.qualify.cloud.cli;

/**
 * A command that works through {@link LiveCloud} (the running cloud's admin endpoint, or the data dir): a
 * {@link LiveCloud.Failure} prints "qualify cloud COMMAND: message" on standard error and exits with its code.
 */
abstract class LiveCommand extends DataDirCommand {
    /** The command's work; 0 when done. */
    abstract int run() throws LiveCloud.Failure;

    @Override
    public final Integer call() {
        int code = LiveCloud.run(err(), path(), this::run);
        out().flush();
        return code;
    }
}
