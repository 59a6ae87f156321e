package dev.qualify.cloud.cli;

import dev.qualify.cloud.greengrass.GreengrassException;
import dev.qualify.cloud.greengrass.GreengrassService;
import dev.qualify.cloud.policy.Arns;
import dev.qualify.cloud.registry.Registry;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** What the Greengrass commands share: the model on a data dir, and bad input reported as exit 2. */
final class GreengrassCli {
    private GreengrassCli() {
    }

    static GreengrassService open(Path dataDir) {
        Registry registry = Registry.open(dataDir);
        return new GreengrassService(dataDir, Arns.DEFAULT, t -> registry.thing(t).isPresent());
    }

    /** Runs a command body; a {@link GreengrassException} prints "qualify cloud CMD: message" and gives exit 2. */
    static Integer run(CommandSpec spec, Callable<Integer> body) throws Exception {
        try {
            return body.call();
        } catch (GreengrassException e) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
    }

    static GreengrassException bad(String message) {
        return new GreengrassException(GreengrassException.Kind.VALIDATION, message);
    }
}
