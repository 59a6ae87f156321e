package dev.qualify.cloud.cli;

import dev.qualify.cloud.greengrass.ComponentVersionRecord;
import dev.qualify.cloud.greengrass.GreengrassService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code qualify cloud component ...}: Greengrass component versions in the data dir. */
@Command(name = "component", mixinStandardHelpOptions = true, description = "Manage Greengrass V2 component versions.",
        subcommands = {ComponentCommand.Create.class, ComponentCommand.ListComponents.class})
public final class ComponentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** {@code qualify cloud component create --recipe R [--artifacts DIR] --data-dir D}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Registers a component version from a recipe (YAML or JSON). Each artifact the recipe names is",
                    "taken from --artifacts DIR (DIR/FILE or DIR/NAME/VERSION/FILE), stored in the data dir, and served",
                    "to core devices as greengrass:FILE with its SHA-256 digest filled in."})
    public static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--recipe", required = true, paramLabel = "FILE", description = "the recipe, YAML or JSON")
        Path recipe;

        @Option(names = "--artifacts", paramLabel = "DIR", description = "where the recipe's artifacts are")
        Path artifacts;

        @Option(names = "--data-dir", required = true, description = "the cloud's data dir")
        Path dataDir;

        @Override
        public Integer call() throws Exception {
            return GreengrassCli.run(spec, () -> {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(recipe);
                } catch (IOException e) {
                    throw GreengrassCli.bad(recipe + ": cannot read the recipe (" + e.getClass().getSimpleName() + ")");
                }
                if (artifacts != null && !Files.isDirectory(artifacts)) throw GreengrassCli.bad("--artifacts " + artifacts + " is not a directory");
                ComponentVersionRecord c = GreengrassCli.open(dataDir).createComponentVersion(bytes, recipe.toString(), artifacts);
                PrintWriter o = spec.commandLine().getOut();
                o.println("Component " + c.componentName() + " " + c.componentVersion() + " registered: " + c.arn());
                c.artifacts().forEach((name, digest) -> o.println("  artifact " + name + "  SHA-256 " + digest));
                o.flush();
                return 0;
            });
        }
    }

    /** {@code qualify cloud component list --data-dir D}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists component versions.")
    public static final class ListComponents implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--data-dir", required = true, description = "the cloud's data dir")
        Path dataDir;

        @Override
        public Integer call() {
            PrintWriter o = spec.commandLine().getOut();
            GreengrassService gg = GreengrassCli.open(dataDir);
            for (ComponentVersionRecord c : gg.listComponents()) {
                o.println(c.componentName() + "  " + c.componentVersion() + "  " + c.artifacts().size() + " artifact(s)  " + c.arn());
            }
            o.flush();
            return 0;
        }
    }
}
