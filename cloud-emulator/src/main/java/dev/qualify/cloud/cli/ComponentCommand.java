package dev.qualify.cloud.cli;

import dev.qualify.cloud.greengrass.ComponentVersionRecord;
import dev.qualify.cloud.greengrass.GreengrassService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code qualify cloud component ...}: Greengrass component versions in the data dir. */
@Command(name = "component", mixinStandardHelpOptions = true, description = "Manage Greengrass V2 component versions.",
        subcommands = {ComponentCommand.Create.class, ComponentCommand.ListComponents.class})
public final class ComponentCommand extends GroupCommand {

    /** {@code qualify cloud component create --recipe R [--artifacts DIR] --data-dir D}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Registers a component version from a recipe (YAML or JSON). Each artifact the recipe names is",
                    "taken from --artifacts DIR (DIR/FILE or DIR/NAME/VERSION/FILE), stored in the data dir, and served",
                    "to core devices as greengrass:FILE with its SHA-256 digest filled in."})
    public static final class Create extends GreengrassCommand {
        @Option(names = "--recipe", required = true, paramLabel = "FILE", description = "the recipe, YAML or JSON")
        Path recipe;

        @Option(names = "--artifacts", paramLabel = "DIR", description = "where the recipe's artifacts are")
        Path artifacts;

        @Override
        int run(GreengrassService gg) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(recipe);
            } catch (IOException e) {
                throw GreengrassCli.bad(recipe + ": cannot read the recipe (" + e.getClass().getSimpleName() + ")");
            }
            if (artifacts != null && !Files.isDirectory(artifacts)) throw GreengrassCli.bad("--artifacts " + artifacts + " is not a directory");
            ComponentVersionRecord c = gg.createComponentVersion(bytes, recipe.toString(), artifacts);
            PrintWriter o = out();
            o.println("Component " + c.componentName() + " " + c.componentVersion() + " registered: " + c.arn());
            c.artifacts().forEach((name, digest) -> o.println("  artifact " + name + "  SHA-256 " + digest));
            return 0;
        }
    }

    /** {@code qualify cloud component list --data-dir D}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists component versions.")
    public static final class ListComponents extends GreengrassQuery {
        @Override
        int run(GreengrassService gg) {
            for (ComponentVersionRecord c : gg.listComponents()) {
                out().println(c.componentName() + "  " + c.componentVersion() + "  " + c.artifacts().size() + " artifact(s)  " + c.arn());
            }
            return 0;
        }
    }
}
