package dev.qualify.cloud.cli;

import dev.qualify.cloud.greengrass.GreengrassException;
import dev.qualify.cloud.greengrass.GreengrassService;
import dev.qualify.cloud.policy.Arns;
import dev.qualify.cloud.registry.Registry;

import java.nio.file.Path;

/** What the Greengrass commands share: the model on a data dir, and bad input (exit 2, see {@link GreengrassCommand}). */
final class GreengrassCli {
    private GreengrassCli() {
    }

    static GreengrassService open(Path dataDir) {
        Registry registry = Registry.open(dataDir);
        return new GreengrassService(dataDir, Arns.DEFAULT, t -> registry.thing(t).isPresent());
    }

    static GreengrassException bad(String message) {
        return new GreengrassException(GreengrassException.Kind.VALIDATION, message);
    }
}
