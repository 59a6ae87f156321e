package dev.qualify.cloud.cli;

import dev.qualify.cloud.greengrass.RoleAliasRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code qualify cloud role-alias create}: role aliases for the credentials provider. */
@Command(name = "role-alias", mixinStandardHelpOptions = true, description = "Manage IoT role aliases (credentials provider).",
        subcommands = {RoleAliasCommand.Create.class})
public final class RoleAliasCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** {@code qualify cloud role-alias create ALIAS --role-arn ARN --data-dir D}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Creates a role alias: devices get temporary credentials for it from",
                    "GET /role-aliases/ALIAS/credentials on the data-plane port (mutual TLS, header x-amzn-iot-thingname)."})
    public static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ALIAS")
        String alias;

        @Option(names = "--role-arn", required = true, paramLabel = "ARN", description = "the IAM role (arn:aws:iam::ACCOUNT:role/NAME)")
        String roleArn;

        @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "3600",
                description = "lifetime of the credentials handed out, 900-43200 (default: ${DEFAULT-VALUE})")
        int duration;

        @Option(names = "--data-dir", required = true, description = "the cloud's data dir")
        Path dataDir;

        @Override
        public Integer call() throws Exception {
            return GreengrassCli.run(spec, () -> {
                RoleAliasRecord r = GreengrassCli.open(dataDir).createRoleAlias(alias, roleArn, duration);
                spec.commandLine().getOut().println("Role alias " + r.roleAlias() + " -> " + r.roleArn() + ": " + r.roleAliasArn());
                spec.commandLine().getOut().flush();
                return 0;
            });
        }
    }
}
