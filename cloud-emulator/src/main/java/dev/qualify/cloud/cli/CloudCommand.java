package dev.qualify.cloud.cli;

import picocli.CommandLine.Command;

/** {@code qualify cloud}: run the emulated cloud standalone and manage its things and certificates. */
@Command(name = "cloud", mixinStandardHelpOptions = true,
        description = "The emulated IoT cloud: an MQTT broker with mutual TLS, things, policies, shadows and jobs.",
        subcommands = {StartCommand.class, ThingCommand.class, CertCommand.class, CleanupCommand.class, LogCommand.class, AdvisorCommand.class,
                FaultCommand.class, PolicyCommand.class, ShadowCommand.class, JobCommand.class, ComponentCommand.class,
                ThingGroupCommand.class, DeploymentCommand.class, CoreDeviceCommand.class, RoleAliasCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "2:usage or configuration error", "3:the cloud could not start or the data dir is unusable",
                "130:interrupted"})
public final class CloudCommand extends GroupCommand {
}
