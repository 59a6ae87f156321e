package dev.qualify.cloud.cli;

import dev.qualify.cloud.greengrass.GreengrassService;
import dev.qualify.cloud.greengrass.ThingGroupRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code qualify cloud thing-group ...}: thing groups (deployment targets) in the data dir. */
@Command(name = "thing-group", mixinStandardHelpOptions = true, description = "Manage thing groups.",
        subcommands = {ThingGroupCommand.Create.class, ThingGroupCommand.AddThing.class, ThingGroupCommand.ListGroups.class})
public final class ThingGroupCommand extends GroupCommand {

    /** {@code qualify cloud thing-group create G --data-dir D}. */
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a thing group (an existing one is kept).")
    public static final class Create extends GreengrassCommand {
        @Parameters(index = "0", paramLabel = "GROUP")
        String group;

        @Override
        int run(GreengrassService gg) {
            ThingGroupRecord g = gg.createThingGroup(group);
            out().println("Thing group " + g.thingGroupName() + ": " + g.thingGroupArn());
            return 0;
        }
    }

    /** {@code qualify cloud thing-group add-thing G T --data-dir D}. */
    @Command(name = "add-thing", mixinStandardHelpOptions = true,
            description = {"Adds a thing to a group; a running cloud delivers the group's active deployment to it."})
    public static final class AddThing extends GreengrassCommand {
        @Parameters(index = "0", paramLabel = "GROUP")
        String group;

        @Parameters(index = "1", paramLabel = "THING")
        String thing;

        @Override
        int run(GreengrassService gg) {
            ThingGroupRecord g = gg.addThingToThingGroup(group, thing);
            out().println("Thing group " + g.thingGroupName() + ": " + String.join(", ", g.things()));
            return 0;
        }
    }

    /** {@code qualify cloud thing-group list --data-dir D}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists thing groups and their things.")
    public static final class ListGroups extends GreengrassQuery {
        @Override
        int run(GreengrassService gg) {
            gg.listThingGroups().forEach(g -> out().println(g.thingGroupName() + ": " + String.join(", ", g.things())));
            return 0;
        }
    }
}
