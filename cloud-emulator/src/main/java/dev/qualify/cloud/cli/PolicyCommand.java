package dev.qualify.cloud.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qualify.cloud.admin.AdminClient;
import dev.qualify.cloud.registry.CertificateRecord;
import dev.qualify.cloud.registry.PolicyRecord;
import dev.qualify.cloud.registry.Registry;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code qualify cloud policy create|attach|list}: AWS IoT policies in the data dir's registry; a cloud running on it
 * reloads the registry before the command returns.
 */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Manage AWS IoT policies.",
        subcommands = {PolicyCommand.Create.class, PolicyCommand.Attach.class, PolicyCommand.ListPolicies.class})
public final class PolicyCommand extends GroupCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Makes a running cloud on the data dir reload the registry; says whether one did. */
    static String inForce(Path dataDir) throws LiveCloud.Failure {
        Optional<AdminClient> admin = LiveCloud.find(dataDir);
        if (admin.isEmpty()) return "(no cloud is running on the data dir; one started on it uses it)";
        LiveCloud.call(admin.get(), "registry/refresh", JSON.createObjectNode());
        return "(in force on the cloud running as pid " + admin.get().pid() + ")";
    }

    /** {@code qualify cloud policy create NAME --document FILE}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates a policy from an AWS IoT policy document (JSON: Version, Statement with Effect, Action, Resource),"
                    + " or replaces the document of an existing one.")
    public static final class Create extends LiveCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "policy name")
        String name;

        @Option(names = "--document", required = true, paramLabel = "FILE", description = "the policy document, or - for standard input")
        String document;

        @Override
        int run() throws LiveCloud.Failure {
            if (!name.matches("[\\w+=,.@-]{1,128}")) {
                throw new LiveCloud.Failure(2, "invalid policy name '" + name + "' (1-128 of letters, digits and _+=,.@-)");
            }
            String text = LiveCloud.text(document);
            try {
                Registry.open(dataDir()).putPolicy(name, text);
            } catch (IllegalArgumentException e) {
                throw new LiveCloud.Failure(2, document + ": " + e.getMessage());
            }
            out().println("Policy " + name + " saved " + inForce(dataDir()));
            return 0;
        }
    }

    /** Exactly one target of {@code attach}. */
    static final class Target {
        @Option(names = "--thing", paramLabel = "THING", description = "every certificate of this thing")
        String thing;

        @Option(names = "--cert", paramLabel = "ID", description = "one certificate, by id")
        String cert;
    }

    /** {@code qualify cloud policy attach NAME --thing T | --cert ID}. */
    @Command(name = "attach", mixinStandardHelpOptions = true, description = "Attaches a policy to a thing's certificates or to one certificate.")
    public static final class Attach extends LiveCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "policy name")
        String name;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        @Override
        int run() throws LiveCloud.Failure {
            Registry registry = Registry.open(dataDir());
            if (registry.policy(name).isEmpty()) {
                throw new LiveCloud.Failure(2, "no policy " + name + " in " + dataDir() + " (qualify cloud policy create " + name + " --document FILE)");
            }
            List<CertificateRecord> certs;
            if (target.thing != null) {
                LiveCloud.requireThing(dataDir(), target.thing);
                certs = registry.certificatesOfThing(target.thing);
                if (certs.isEmpty()) throw new LiveCloud.Failure(2, "thing " + target.thing + " has no certificate");
            } else {
                certs = registry.certificate(target.cert).map(List::of)
                        .orElseThrow(() -> new LiveCloud.Failure(2, "no certificate " + target.cert + " in " + dataDir()));
            }
            for (CertificateRecord c : certs) registry.attachPolicy(name, c.id());
            String where = inForce(dataDir());
            for (CertificateRecord c : certs) out().println("Policy " + name + " attached to certificate " + c.id() + " " + where);
            return 0;
        }
    }

    /** {@code qualify cloud policy list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists policies and the certificates they are attached to.")
    public static final class ListPolicies extends LiveCommand {
        @Override
        int run() {
            Registry registry = Registry.open(dataDir());
            for (PolicyRecord p : registry.policies()) {
                List<String> certs = registry.certificates().stream().filter(c -> c.policies().contains(p.name()))
                        .map(c -> c.id() + (c.things().isEmpty() ? "" : " " + c.things())).toList();
                out().println(p.name() + (certs.isEmpty() ? "  (not attached)" : ""));
                certs.forEach(c -> out().println("  " + c));
            }
            return 0;
        }
    }
}
