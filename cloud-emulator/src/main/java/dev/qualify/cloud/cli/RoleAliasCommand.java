package dev.qualify.cloud.cli;

import dev.qualify.cloud.greengrass.GreengrassService;
import dev.qualify.cloud.greengrass.RoleAliasRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code qualify cloud role-alias create}: role aliases for the credentials provider. */
@Command(name = "role-alias", mixinStandardHelpOptions = true, description = "Manage IoT role aliases (credentials provider).",
        subcommands = {RoleAliasCommand.Create.class})
public final class RoleAliasCommand extends GroupCommand {

    /** {@code qualify cloud role-alias create ALIAS --role-arn ARN --data-dir D}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Creates a role alias: devices get temporary credentials for it from",
                    "GET /role-aliases/ALIAS/credentials on the data-plane port (mutual TLS, header x-amzn-iot-thingname)."})
    public static final class Create extends GreengrassCommand {
        @Parameters(index = "0", paramLabel = "ALIAS")
        String alias;

        @Option(names = "--role-arn", required = true, paramLabel = "ARN", description = "the IAM role (arn:aws:iam::ACCOUNT:role/NAME)")
        String roleArn;

        @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "3600",
                description = "lifetime of the credentials handed out, 900-43200 (default: ${DEFAULT-VALUE})")
        int duration;

        @Override
        int run(GreengrassService gg) {
            RoleAliasRecord r = gg.createRoleAlias(alias, roleArn, duration);
            out().println("Role alias " + r.roleAlias() + " -> " + r.roleArn() + ": " + r.roleAliasArn());
            return 0;
        }
    }
}
