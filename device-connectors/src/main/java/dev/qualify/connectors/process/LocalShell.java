package dev.qualify.connectors.process;

import dev.qualify.api.device.Command;
import dev.qualify.api.device.CommandResult;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.device.Shell;
import dev.qualify.api.device.InfrastructureException;
import dev.qualify.api.support.FileTrees;
import dev.qualify.api.support.ProcessRunner;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** The local machine as a {@link Shell}: commands run as child processes, files are copied. */
public final class LocalShell implements Shell {
    private final DriverContext ctx;
    private final ProcessRunner runner;

    public LocalShell(DriverContext ctx) {
        this.ctx = ctx;
        this.runner = new ProcessRunner(ctx.processes());
    }

    @Override
    public CommandResult run(Command command) {
        return runner.run(command, ctx.transcript());
    }

    @Override
    public void upload(Path local, String remotePath) {
        copy(local, Path.of(remotePath));
    }

    @Override
    public void download(String remotePath, Path local) {
        copy(Path.of(remotePath), local);
    }

    private static void copy(Path from, Path to) {
        try {
            FileTrees.copy(from, to, Set.of());
        } catch (IOException e) {
            throw new InfrastructureException("transfer-failed", "cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }
}
