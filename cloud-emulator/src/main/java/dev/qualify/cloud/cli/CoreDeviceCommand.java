package dev.qualify.cloud.cli;

import dev.qualify.cloud.greengrass.CoreDeviceRecord;
import dev.qualify.cloud.greengrass.GreengrassService;
import picocli.CommandLine.Command;

import java.time.Instant;

/** {@code qualify cloud core-device list}: Greengrass core devices that reported their status. */
@Command(name = "core-device", mixinStandardHelpOptions = true, description = "Greengrass V2 core devices.",
        subcommands = {CoreDeviceCommand.ListDevices.class})
public final class CoreDeviceCommand extends GroupCommand {

    /** {@code qualify cloud core-device list --data-dir D}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists core devices (registered when their nucleus first reports) with their last status.")
    public static final class ListDevices extends GreengrassQuery {
        @Override
        int run(GreengrassService gg) {
            for (CoreDeviceRecord c : gg.listCoreDevices()) {
                out().println(c.coreDeviceThingName() + "  " + c.status() + "  nucleus " + (c.coreVersion().isEmpty() ? "?" : c.coreVersion())
                        + "  " + c.platform() + "/" + c.architecture() + "  last report " + Instant.ofEpochMilli(c.lastStatusUpdate())
                        + (c.trigger().isEmpty() ? "" : " (" + c.trigger() + ")"));
            }
            return 0;
        }
    }
}
