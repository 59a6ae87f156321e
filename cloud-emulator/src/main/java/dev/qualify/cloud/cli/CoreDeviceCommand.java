package dev.qualify.cloud.cli;

import dev.qualify.cloud.greengrass.CoreDeviceRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code qualify cloud core-device list}: Greengrass core devices that reported their status. */
@Command(name = "core-device", mixinStandardHelpOptions = true, description = "Greengrass V2 core devices.",
        subcommands = {CoreDeviceCommand.ListDevices.class})
public final class CoreDeviceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** {@code qualify cloud core-device list --data-dir D}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists core devices (registered when their nucleus first reports) with their last status.")
    public static final class ListDevices implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--data-dir", required = true, description = "the cloud's data dir")
        Path dataDir;

        @Override
        public Integer call() {
            PrintWriter o = spec.commandLine().getOut();
            for (CoreDeviceRecord c : GreengrassCli.open(dataDir).listCoreDevices()) {
                o.println(c.coreDeviceThingName() + "  " + c.status() + "  nucleus " + (c.coreVersion().isEmpty() ? "?" : c.coreVersion())
                        + "  " + c.platform() + "/" + c.architecture() + "  last report " + Instant.ofEpochMilli(c.lastStatusUpdate())
                        + (c.trigger().isEmpty() ? "" : " (" + c.trigger() + ")"));
            }
            o.flush();
            return 0;
        }
    }
}
