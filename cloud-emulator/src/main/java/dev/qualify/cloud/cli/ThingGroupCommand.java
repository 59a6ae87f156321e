package dev.qualify.cloud.cli;

import dev.qualify.cloud.greengrass.ThingGroupRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code qualify cloud thing-group ...}: thing groups (deployment targets) in the data dir. */
@Command(name = "thing-group", mixinStandardHelpOptions = true, description = "Manage thing groups.",
        subcommands = {ThingGroupCommand.Create.class, ThingGroupCommand.AddThing.class, ThingGroupCommand.ListGroups.class})
public final class ThingGroupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** {@code qualify cloud thing-group create G --data-dir D}. */
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a thing group (an existing one is kept).")
    public static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "GROUP")
        String group;

        @Option(names = "--data-dir", required = true, description = "the cloud's data dir")
        Path dataDir;

        @Override
        public Integer call() throws Exception {
            return GreengrassCli.run(spec, () -> {
                ThingGroupRecord g = GreengrassCli.open(dataDir).createThingGroup(group);
                spec.commandLine().getOut().println("Thing group " + g.thingGroupName() + ": " + g.thingGroupArn());
                spec.commandLine().getOut().flush();
                return 0;
            });
        }
    }

    /** {@code qualify cloud thing-group add-thing G T --data-dir D}. */
    @Command(name = "add-thing", mixinStandardHelpOptions = true,
            description = {"Adds a thing to a group; a running cloud delivers the group's active deployment to it."})
    public static final class AddThing implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "GROUP")
        String group;

        @Parameters(index = "1", paramLabel = "THING")
        String thing;

        @Option(names = "--data-dir", required = true, description = "the cloud's data dir")
        Path dataDir;

        @Override
        public Integer call() throws Exception {
            return GreengrassCli.run(spec, () -> {
                ThingGroupRecord g = GreengrassCli.open(dataDir).addThingToThingGroup(group, thing);
                spec.commandLine().getOut().println("Thing group " + g.thingGroupName() + ": " + String.join(", ", g.things()));
                spec.commandLine().getOut().flush();
                return 0;
            });
        }
    }

    /** {@code qualify cloud thing-group list --data-dir D}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists thing groups and their things.")
    public static final class ListGroups implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--data-dir", required = true, description = "the cloud's data dir")
        Path dataDir;

        @Override
        public Integer call() {
            PrintWriter o = spec.commandLine().getOut();
            GreengrassCli.open(dataDir).listThingGroups().forEach(g -> o.println(g.thingGroupName() + ": " + String.join(", ", g.things())));
            o.flush();
            return 0;
        }
    }
}
