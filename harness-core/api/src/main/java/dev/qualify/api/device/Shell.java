package dev.qualify.api.device;

import org.apiguardian.api.API;

import java.nio.file.Path;

/**
 * Runs commands on the device (the local machine for the {@code process} driver, the board for SSH) and moves
 * files to and from it.
 *
 * <p>A command is an argv list; the driver never re-parses it through a shell unless the command asks for one
 * ({@link Command#shell()}). For SSH the arguments are quoted for the remote shell so each arrives as one.
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface Shell {

    /**
     * Runs a command to completion or to its deadline. At the deadline the command (and, where the driver can,
     * its process tree) is killed and the result says {@code timedOut}.
     *
     * @throws dev.qualify.api.device.InfrastructureException if the device cannot be reached at all
     */
    CommandResult run(Command command);

    /** Copies a local file or directory (recursively) to {@code remotePath}. */
    void upload(Path local, String remotePath);

    /** Copies {@code remotePath} (file or directory, recursively) to a local path. */
    void download(String remotePath, Path local);
}
