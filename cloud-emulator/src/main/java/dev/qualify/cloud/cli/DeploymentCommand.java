package dev.qualify.cloud.cli;

import dev.qualify.cloud.greengrass.DeploymentRecord;
import dev.qualify.cloud.greengrass.GreengrassService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Instant;

/** {@code qualify cloud deployment ...}: Greengrass V2 deployments in the data dir. */
@Command(name = "deployment", mixinStandardHelpOptions = true, description = "Manage Greengrass V2 deployments.",
        subcommands = {DeploymentCreateCommand.class, DeploymentCommand.ListDeployments.class, DeploymentStatusCommand.class,
                DeploymentCommand.Cancel.class})
public final class DeploymentCommand extends GroupCommand {

    /** {@code qualify cloud deployment list --data-dir D}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists deployments, oldest first.")
    public static final class ListDeployments extends GreengrassQuery {
        @Override
        int run(GreengrassService gg) {
            for (DeploymentRecord d : gg.listDeployments()) {
                StringBuilder comps = new StringBuilder();
                d.components().forEach((n, s) -> comps.append(comps.length() == 0 ? "" : ",").append(n).append('=').append(s.componentVersion()));
                out().println(d.deploymentId() + "  " + d.status() + "  " + d.targetArn() + "  " + comps + "  "
                        + Instant.ofEpochMilli(d.creationTimestamp()));
            }
            return 0;
        }
    }

    /** {@code qualify cloud deployment cancel ID --data-dir D}. */
    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = {"Cancels an ACTIVE deployment. A running cloud cancels its job (group), or sets the thing's",
                    "AWSManagedGreengrassV2Deployment shadow to desiredStatus CANCELED (thing)."})
    public static final class Cancel extends GreengrassCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "deployment id")
        String id;

        @Override
        int run(GreengrassService gg) {
            DeploymentRecord d = gg.cancelDeployment(id);
            out().println("Deployment " + d.deploymentId() + " to " + d.targetArn() + " CANCELED.");
            return 0;
        }
    }
}
