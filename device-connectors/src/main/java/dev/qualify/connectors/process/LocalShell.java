package dev.qualify.connectors.process;

import dev.qualify.core.device.Command;
import dev.qualify.core.device.CommandResult;
import dev.qualify.core.device.DriverContext;
import dev.qualify.core.device.Shell;
import dev.qualify.core.engine.InfrastructureException;
import dev.qualify.core.process.ProcessRunner;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

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

    /** Copies a file or a directory tree; the target's parent directories are created. */
    static void copy(Path from, Path to) {
        try {
            if (Files.isDirectory(from)) {
                Files.walkFileTree(from, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                        Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING,
                                StandardCopyOption.COPY_ATTRIBUTES);
                        return FileVisitResult.CONTINUE;
                    }
                });
            } else {
                if (to.getParent() != null) Files.createDirectories(to.getParent());
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            }
        } catch (IOException e) {
            throw new InfrastructureException("transfer-failed", "cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }
}
